"""The extractor on sentences we wrote about made-up companies: attribution patterns,
negation, several aspects in one sentence, and the normalisers."""

from __future__ import annotations

import pytest

from scrapers import normalise as nz
from scrapers.statements import find_statements


def by_aspect(text: str, publisher: str = "Daily Ledger"):
    return {(s.aspect, s.kind): s for s in find_statements(text, publisher=publisher)}


STATEMENT_BLOCK = """Orvel denies the report.

The statement reads:

In private mode, all browsing data is encrypted and anonymised. Orvel Browser will never know what you browse in private mode.

Researchers at the Tamsin Lab found that Orvel Browser sends visited URLs, base64-encoded, to servers in Singapore."""


def test_statement_block_is_the_company_speaking():
    found = by_aspect(STATEMENT_BLOCK)
    assert ("encryption", "claim") in found and ("anonymisation", "claim") in found
    assert found[("collection", "claim")].polarity == "negative"
    assert "incognito mode" in found[("encryption", "claim")].context


def test_researchers_are_a_finding_with_values():
    found = by_aspect(STATEMENT_BLOCK)
    loc = found[("data_location", "finding")]
    assert loc.values["countries"] == ["SG"]
    assert found[("encryption", "finding")].values["state"] == "encoded_only"


@pytest.mark.parametrize("sentence, kind", [
    ("Brightloop says it never stores voice recordings on its servers in Ireland.", "claim"),
    ("A Brightloop spokesperson insisted that recordings are kept in Ireland data centres.", "claim"),
    ("According to the company's privacy page, recordings are stored on servers in Ireland.", "claim"),
    ("An investigation by the Daily Ledger found that Brightloop stores recordings on servers in Virginia.", "finding"),
    ("Brightloop stores recordings on Amazon Web Services servers in Virginia, our tests showed.", "finding"),
    ("\u201cWe keep every recording on servers in Ireland,\u201d the company said.", "claim"),
    ("\u201cThe recordings went to servers in Virginia,\u201d the researchers said.", "finding"),
])
def test_attribution_patterns(sentence, kind):
    text = "Brightloop makes smart speakers. Brightloop sells them in Europe.\n\n" + sentence
    st = [s for s in find_statements(text, publisher="Daily Ledger") if s.text == sentence]
    assert st, "the sentence is a statement"
    assert st[0].kind == kind


def test_negation_and_double_negation():
    text = ("Quillo does not collect contacts. Quillo says the app doesn't halt tracking "
            "of location when the setting is off. Quillo does not collect any data that the "
            "user has not given consent to.")
    found = find_statements(text, publisher="Quillo")
    pol = {(s.aspect, s.text[:20]): s.polarity for s in found}
    assert pol[("collection", "Quillo does not coll")] == "negative"
    assert pol[("collection", "Quillo says the app ")] == "positive"
    consent = [s for s in found if s.aspect == "consent"]
    assert consent and consent[0].values["state"] == "opt_in" and consent[0].polarity == "positive"


def test_offsets_are_exact():
    for s in find_statements(STATEMENT_BLOCK):
        assert STATEMENT_BLOCK[s.start:s.end] == s.text


@pytest.mark.parametrize("text, expected", [
    ("servers in Frankfurt and Singapore", ["DE", "SG"]),
    ("kept on U.S. soil and in the UK", ["US", "GB"]),
    ("Singaporean servers", ["SG"]),
    ("a Chinese company", []),
])
def test_countries(text, expected):
    assert nz.countries_in(text, demonyms_before="servers") == expected


def test_operators_certifiers_and_terms():
    assert nz.operators_in("hosted on AWS and Aliyun servers") == ["Amazon Web Services",
                                                                     "Alibaba Cloud"]
    assert nz.operators_in("Alibaba, the retailer") == []
    assert nz.certifiers_in("certified by TRUSTe and BSI") == ["TrustArc", "BSI"]
    assert nz.certifiers_in("Germany's Federal Office for Information Security, BSI") == [
        "BSI (Germany)"]
    assert nz.standards_in("ISO 27001 and SOC 2 Type II") == ["ISO/IEC 27001", "SOC 2"]
    assert nz.identifiers_in("the IMEI and the advertising ID") == ["imei", "advertising_id"]
    assert nz.algorithms_in("a single AES-128 key in ECB mode") == ["AES-128-ECB"]
    assert nz.data_categories_in("your browsing history and user data") == ["browsing_history"]
    assert "users in IN" in nz.contexts_in("data of Indian users")
    assert "incognito mode" in nz.contexts_in("even in private browsing")
