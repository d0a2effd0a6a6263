"""Unit tests of the extraction scorer on hand-made Statement lists."""

from __future__ import annotations

import pytest
from extraction_metrics import (
    Score,
    claimant_ok,
    context_ok,
    coverage,
    covers,
    load_fixtures,
    match,
    score_article,
    tokens,
    total,
    value_ok,
)

from scrapers.types import Statement

QUOTE = "Brightkite says it does not collect any personal information from children."


def st(text: str, kind: str = "claim", aspect: str = "collection", polarity: str = "negative",
       claimant: str | None = None, context: list[str] | None = None,
       values: dict[str, list[str] | str] | None = None) -> Statement:
    return Statement(kind=kind, aspect=aspect, polarity=polarity, text=text, start=0,
                     end=len(text), claimant=claimant, context=context or [],
                     values=values or {})


def gold(quote: str = QUOTE, kind: str = "claim", aspect: str = "collection",
         **kw: object) -> dict:
    base = {"kind": kind, "aspect": aspect, "polarity": "negative", "quote": quote,
            "claimant": "Brightkite Games", "context": ["children"],
            "values": {"data": ["personal_data"]}}
    base.update(kw)
    return base


def test_tokens_are_lowercased_word_runs() -> None:
    expected = ["iso", "iec", "27001", "aes", "256", "tls_1"]
    assert tokens("ISO/IEC 27001, AES-256 & TLS_1") == expected


def test_a_longer_sentence_covers_its_quote() -> None:
    assert coverage("Later, " + QUOTE + " It added more.", QUOTE) == 1.0
    assert covers("Brightkite says it does not collect personal information", QUOTE)


def test_partial_text_below_seventy_percent_does_not_cover() -> None:
    # 4 of the 11 quote tokens
    assert not covers("it does not collect", QUOTE)


def test_too_long_text_covers_nothing() -> None:
    long_text = QUOTE + " filler" * 80
    assert coverage(long_text, QUOTE) == 0.0
    # a long quote allows a text up to 4x its length
    long_quote = " ".join(f"w{i}" for i in range(30))
    assert coverage(long_quote + " x" * 80, long_quote) == 1.0
    assert coverage(long_quote + " x" * 91, long_quote) == 0.0


def test_match_needs_same_kind_and_aspect() -> None:
    g = [gold()]
    assert match(g, [st(QUOTE, kind="finding")]) == []
    assert match(g, [st(QUOTE, aspect="consent")]) == []
    assert match(g, [st(QUOTE, aspect="consent")], use_aspect=False) == [(0, 0, 1.0)]


def test_match_is_one_to_one_and_prefers_best_coverage() -> None:
    g = [gold(), gold()]
    partial = "Brightkite says it does not collect any personal information"
    out = [st(partial), st(QUOTE), st(QUOTE)]
    pairs = match(g, out)
    assert [(gi, oi) for gi, oi, _ in pairs] == [(0, 1), (1, 2)]
    # a single output cannot serve two gold statements
    assert len(match(g, [st(QUOTE)])) == 1


def test_score_counts_and_f1() -> None:
    g = [gold(), gold("The institute also found that some traffic was unencrypted.",
                      kind="finding", aspect="encryption", polarity="positive")]
    out = [st(QUOTE, claimant="Brightkite Games", context=["children"],
              values={"data": ["personal_data"]}),
           st("Puffin Party is rated 4+.", aspect="purpose")]
    s = score_article(g, out, "kids")
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert s.precision == s.recall == s.f1 == 0.5
    assert s.polarity.accuracy == 1.0
    assert s.claimant.accuracy == 1.0
    assert s.context.accuracy == 1.0
    assert s.values["data"].accuracy == 1.0
    assert len(s.missed) == 1 and len(s.spurious) == 1


def test_attribute_accuracy_on_matched_pairs() -> None:
    g = [gold()]
    out = [st(QUOTE, polarity="positive", claimant="the Children's Institute",
              context=[], values={"data": ["location"]})]
    s = score_article(g, out)
    assert s.tp == 1
    assert s.polarity.accuracy == 0.0
    assert s.claimant.accuracy == 0.0
    assert s.context.accuracy == 0.0
    assert s.values["data"].accuracy == 0.0


def test_empty_output_and_empty_gold() -> None:
    assert score_article([gold()], []).f1 == 0.0
    nothing = score_article([], [])
    assert (nothing.precision, nothing.recall) == (1.0, 1.0)
    assert score_article([], [st(QUOTE)]).precision == 0.0


def test_micro_total_sums_counts() -> None:
    a = Score("a", tp=3, fp=1, fn=0)
    b = Score("b", tp=1, fp=0, fn=3)
    t = total([a, b])
    assert (t.tp, t.fp, t.fn) == (4, 1, 3)
    assert t.precision == pytest.approx(0.8)
    assert t.recall == pytest.approx(4 / 7)


def test_context_and_values_comparison() -> None:
    assert context_ok(["private mode"], ["incognito mode"])
    assert context_ok(["EU users"], ["users in the EU"])
    assert not context_ok(["children"], [])
    assert not context_ok([], ["children"])
    assert value_ok(["DE", "US"], ["us", "de"])
    assert value_ok("end_to_end", "END_TO_END")
    assert not value_ok(["DE"], ["DE", "US"])
    assert not value_ok("encrypted", None)


def test_fixture_set_is_well_formed() -> None:
    aspects = {"data_location", "encryption", "anonymisation", "collection", "consent",
               "third_party_sharing", "certification", "purpose", "retention", "access"}
    fixtures = load_fixtures()
    assert len(fixtures) >= 10  # ten at first, more as sectors are added
    seen = set()
    for f in fixtures:
        assert 150 <= len(f.text.split()) <= 400, f.id
        for s in f.statements:
            assert s["quote"] in f.text, (f.id, s["quote"])
            assert s["kind"] in {"claim", "finding"}
            assert s["aspect"] in aspects
            assert s["polarity"] in {"positive", "negative"}
            seen.add((s["aspect"], s["polarity"]))
        for c in f.contradictions:
            claim, evidence = f.statements[c["claim"]], f.statements[c["evidence"]]
            assert claim["kind"] == "claim" and evidence["kind"] == "finding", f.id
            assert claim["aspect"] == evidence["aspect"] == c["aspect"], f.id
    assert seen == {(a, p) for a in aspects for p in ("positive", "negative")}


def test_claimant_comparison() -> None:
    assert claimant_ok("Halyard Networks", "Halyard")
    assert claimant_ok("the Dutch Data Protection Authority", "Dutch Data Protection Authority")
    assert claimant_ok(None, None)
    assert not claimant_ok("Citadel Privacy Lab", "The lab also")
    assert not claimant_ok("Verdant Health Labs", "PulseTrail")
    assert not claimant_ok("Zipcab", None)
