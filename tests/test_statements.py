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


# --- attribution patterns, one test each --------------------------------------

def _only(text: str, needle: str, publisher: str = "Daily Ledger"):
    hits = [s for s in find_statements(text, publisher=publisher) if needle in s.text]
    assert hits, f"nothing extracted from the sentence with {needle!r}"
    return hits


BASE = "Velora runs a fitness app. Velora sells it worldwide.\n\n"


@pytest.mark.parametrize("sentence, kind, claimant", [
    # reported speech with the company or its people as subject
    ("Velora says that heart-rate data is stored on servers in Ireland.", "claim", "Velora"),
    ("A Velora spokesperson, Dana Ruiz, said the data is stored on servers in Ireland.",
     "claim", "Velora"),
    # an appositive between the company and its verb
    ("Velora, the Dublin-based app maker, says it never sells health data.", "claim", "Velora"),
    # the company's own pages
    ("According to its privacy policy, Velora keeps workout records for 18 months.",
     "claim", "Velora"),
    # marketing is the company's voice
    ("The app was marketed as one that never collects location data.", "claim", "Velora"),
    # passive findings are findings about the company, not its claims
    ("Velora was found to be sharing health data with advertisers.", "finding", None),
    # research organisations are sources, not the company
    ("Researchers at the Harbor Privacy Lab found that Velora sends location data to Tapstat.",
     "finding", "Harbor Privacy Lab"),
])
def test_attribution(sentence, kind, claimant):
    st = _only(BASE + sentence, sentence[:25])[0]
    assert st.kind == kind
    if claimant:
        assert st.claimant == claimant


def test_quotation_inherits_the_speaker_named_after_the_first_quote():
    text = (BASE + '"We never sell health data," a Velora spokesperson, Dana Ruiz, said. '
            '"Workout records are deleted after 30 days."')
    for needle in ("never sell", "deleted after"):
        assert _only(text, needle)[0].kind == "claim"


def test_quotation_ending_a_sentence_takes_no_speaker_from_the_next():
    text = (BASE + 'Velora says "workout data is never shared with advertisers." '
            "But as the Harbor Privacy Lab showed, the app sends heart rates to Tapstat.")
    assert _only(text, "never shared")[0].kind == "claim"


def test_pronoun_investigator_and_pronoun_spokesperson():
    text = (BASE + "The Harbor Privacy Lab examined the app last month. It also found that "
            "Velora shares location data with Tapstat.\n\n"
            '"We ask before we collect anything," said Dana Ruiz, a Velora spokesperson. '
            "She added that users must opt in before any data is shared.")
    assert _only(text, "It also found")[0].kind == "finding"
    assert _only(text, "She added")[0].kind == "claim"


def test_unattributed_sentence_after_a_finding_keeps_its_source():
    text = (BASE + "Researchers at the Harbor Privacy Lab found that the app sends heart rates "
            "to servers in Singapore. The data is encoded in base64, not encrypted.")
    st = _only(text, "encoded in base64")[0]
    assert st.kind == "finding" and st.claimant == "Harbor Privacy Lab"


def test_denial_negates_what_is_denied():
    st = _only(BASE + "Velora denied that it sells user data.", "denied")[0]
    assert st.aspect == "third_party_sharing" and st.polarity == "negative"


@pytest.mark.parametrize("sentence", [
    "Does Velora sell your data?",                         # a question
    "End-to-end encryption typically refers to keys only users hold.",  # a definition
    "Velora must delete the data and notify its users.",   # an order
])
def test_not_statements(sentence):
    assert not [s for s in find_statements(BASE + sentence) if sentence[:15] in s.text]


# --- normalisers ----------------------------------------------------------------

@pytest.mark.parametrize("sentence, period", [
    ("Velora says it deletes workout records after six months.", "6 months"),
    ("Velora keeps logs for 18 months, the filing shows.", "18 months"),
    ("Velora said it deletes connection data within 24 hours.", "24 hours"),
])
def test_retention_periods_are_normalised(sentence, period):
    st = [s for s in _only(BASE + sentence, sentence[:20]) if s.aspect == "retention"][0]
    assert st.values["period"] == period


def test_contexts():
    assert "Location History off" in nz.contexts_in("Even with Location History paused, it stores data")
    assert "discontinued" in nz.contexts_in("Velora will stop the data collection next month")
    assert "current practice" in nz.contexts_in("Velora currently does not sell data")
    assert "admitted error" in nz.contexts_in("some calls went abroad by mistake")
    assert "users in EU" in nz.contexts_in("data of European users")


def test_data_categories_map_to_dpv():
    assert nz.dpv_category("browsing_history") == "https://w3id.org/dpv/pd#BrowserHistory"
    assert nz.dpv_category("personal_data") == "https://w3id.org/dpv#PersonalData"
    assert nz.data_categories_in("GPS coordinates and contact lists") == ["location", "contacts"]


def test_regional_arm_and_subsidiary_link_to_the_parent():
    from rdflib import URIRef

    from ontologies.iris import Minter
    from scrapers.organisations import cast_of
    from scrapers.statement_graph import article_graph
    from scrapers.types import Article

    text = ("Velora India said that all data of Indian users stays on servers in India. "
            "Velora acquired Tapstat in 2019. Velora says Tapstat never sells data.")
    m = Minter()
    g, _ = article_graph(Article(text, "t.txt"), find_statements(text), m, cast_of(text, None, None))
    parent = URIRef("https://schema.org/parentOrganization")
    assert (m.organisation("Velora India"), parent, m.organisation("Velora")) in g
    assert (m.organisation("Tapstat"), parent, m.organisation("Velora")) in g


def test_determiner_that_keeps_the_negation():
    st = [s for s in _only(BASE + "Velora does not offer that level of encryption for chats.",
                           "that level") if s.aspect == "encryption"][0]
    assert st.polarity == "negative"


@pytest.mark.parametrize("sentence, state", [
    ("Buyers could use the records to identify supposedly anonymous people.", "identifiable"),
    ("Velora says the records were stripped of identifying information.", "anonymised"),
    ("Velora says identifying information is removed before sharing.", "anonymised"),
])
def test_identification_versus_removal(sentence, state):
    st = [s for s in _only(BASE + sentence, sentence[:20]) if s.aspect == "anonymisation"][0]
    assert st.values["state"] == state


@pytest.mark.parametrize("sentence, restricted", [
    ("Zipcab said only a small team in Dublin can see individual trips.", True),
    ("Zipcab said only staff in the fraud and support teams can view trip details.", True),
    # "only" belongs to another clause: the access part is a plain denial
    ("Zipcab said it only keeps what it needs to run rides, and does not allow "
     "employees to access the details of individual trips.", False),
])
def test_only_restricts_access_in_its_own_clause(sentence, restricted):
    # in a story about data ("trips" alone would not be data in a text about anything else)
    story = "Zipcab collects the location data of riders.\n\n" + sentence
    access = next(s for s in find_statements(story, publisher="Daily Ledger")
                  if s.aspect == "access")
    assert (access.values.get("state") == "restricted") is restricted


def test_the_demo_story_keeps_its_claims():
    # the main job's document: every aspect the company claims there is still read as its
    # claim (a change that loses one shows as fewer contradictions in `privacykg demo`)
    from pathlib import Path

    from kg.ingest import Metadata, read_source
    seed = next(Path(__file__).resolve().parent.parent.joinpath("kg", "demo").glob("*.txt"))
    article = read_source(str(seed), Metadata())
    claims = {(s.aspect, s.polarity) for s in find_statements(
        article.text, publisher=article.publisher, title=article.title) if s.kind == "claim"}
    assert claims >= {("data_location", "positive"), ("encryption", "positive"),
                      ("anonymisation", "positive"), ("collection", "negative"),
                      ("certification", "positive"), ("consent", "positive"),
                      ("purpose", "positive")}
