"""Findings files: each finding a pkg:Finding with an exact quote, like an article's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal
from shapes_check import assert_conforms

from ontologies.iris import Minter
from ontologies.vocab import OA, PKG, SCHEMA
from scrapers.errors import SourceError
from scrapers.evidence import read_evidence
from scrapers.findings import read_findings

FIX = Path(__file__).parent / "fixtures" / "evidence" / "findings.json"
M = Minter()


def test_findings_become_statements() -> None:
    r = read_evidence(str(FIX), FIX.read_bytes(), minter=M)
    assert r.kind == "findings" and r.document == M.findings(r.key)
    g = r.graph
    findings = sorted(g.subjects(PKG.aspect, None))
    assert len(findings) == 2 and all((f, None, PKG.Finding) in g for f in findings)
    loc = M.statement(r.document, 0, "data_location")
    assert g.value(loc, SCHEMA.text) == Literal(
        "Korvo Browser sent every visited URL to servers in Singapore run by Alibaba Cloud.")
    assert g.value(loc, PKG.country) == Literal("SG")                 # normalised
    assert g.value(loc, PKG.operator) == M.organisation("Alibaba Cloud")
    assert g.value(loc, PKG.claimant) == M.organisation("Open Traffic Lab")
    assert g.value(loc, PKG.subject) == M.product("Korvo Browser")
    assert g.value(M.product("Korvo Browser"), SCHEMA.manufacturer) == M.organisation("Korvo")
    assert str(g.value(loc, SCHEMA.citation)).endswith("#servers")
    full = str(g.value(r.document, PKG.fullText))
    for f in findings:
        q = g.value(f, PKG.quote)
        start, end = int(g.value(q, OA.start)), int(g.value(q, OA.end))
        assert full[start:end] == str(g.value(f, SCHEMA.text))
    assert_conforms(g)


def test_findings_json() -> None:
    out = read_findings(FIX.read_bytes(), source="findings.json", minter=M).to_json()
    assert out["report"]["publisher"] == "Open Traffic Lab"
    assert out["report"]["published"] == "2026-10-15"
    enc = out["findings"][1]
    assert enc["aspect"] == "encryption" and enc["values"] == {"state": "encoded_only"}
    assert enc["speaker"] == "Ana Ionescu" and enc["context"] == ["private mode"]
    assert enc["text"] == "The data was only base64-encoded, anyone on the path could read it."


@pytest.mark.parametrize(("doc", "problem"), [
    ({"findings": []}, "'findings' must be a non-empty list"),
    ({"findings": [{"aspect": "colour", "description": "x"}]}, "unknown aspect 'colour'"),
    ({"findings": [{"aspect": "encryption"}]}, "'quote' or 'description' is missing"),
    ({"findings": [{"aspect": "encryption", "description": "x", "polarity": "maybe"}]},
     "polarity 'maybe'"),
    ({"findings": [{"aspect": "encryption", "description": "x",
                    "values": {"state": "scrambled"}}]}, "values.state"),
    ({"findings": [{"aspect": "data_location", "description": "x",
                    "values": {"countries": ["Singapore"]}}]}, "not an ISO 3166-1"),
    ({"findings": [{"aspect": "data_location", "description": "x",
                    "values": {"colour": ["red"]}}]}, "unknown value 'colour'"),
    ({"published": "May 2020", "findings": [{"aspect": "access", "description": "x"}]},
     "bad date"),
])
def test_bad_findings_files(doc: dict, problem: str) -> None:
    with pytest.raises(SourceError) as err:
        read_evidence("some/f.json", json.dumps(doc).encode(), minter=M)
    assert str(err.value).startswith("f.json") and problem in str(err.value)
