"""The incremental check gives what a full check of the same store gives.

Documents are the demo's and the own extraction set's (made-up companies), stored the
way `ingest` stores them; after each new document the incremental result is compared
with a full check run right after it on the same store.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.check import check, recorded
from kg.cli import cli
from kg.incremental import adds_company_links, before_storing, check_documents
from kg.ingest import Metadata, extract, store_documents, store_extraction
from kg.store import EmbeddedStore
from kg.verdicts import recorded_verdicts
from ontologies.iris import Minter
from ontologies.vocab import RDF, SCHEMA
from scrapers.evidence import read_evidence

M = Minter()
DEMO = resources.files("kg.demo")
CASE = json.loads(DEMO.joinpath("case.json").read_text("utf-8"))
ARTICLES = sorted((Path(__file__).parent / "fixtures" / "extraction").glob("*.txt"))


def _key(c):
    return (c.rule, str(c.claim), str(c.evidence), c.confidence, c.explanation)


def _same_as_full(store: EmbeddedStore, result) -> None:
    """The incremental check left the contradictions and the verdicts a full check gives
    (drafts too: a new store publishes only what an editor accepts)."""
    assert not result.full, result.reason
    after = recorded(store, drafts=True)
    verdicts = recorded_verdicts(store, M)
    assert result.total == len(after)
    assert sorted(map(_key, after)) == sorted(map(_key, check(store, M)))
    assert verdicts == recorded_verdicts(store, M)


def _store_checking(store: EmbeddedStore, documents: list[tuple[str, Graph]]):
    """Store documents the way `ingest --check` does, and run the incremental check."""
    before = before_storing(store, M, documents)
    return check_documents(store, M, store_documents(store, M, documents), before)


def _demo_evidence_graphs() -> list[tuple[str, Graph]]:
    out = []
    with resources.as_file(DEMO) as path:
        for e in CASE["evidence"]:
            r = read_evidence(e["file"], (path / e["file"]).read_bytes(), minter=M,
                              product=e.get("product"), vendor=e.get("vendor"),
                              context=e.get("context", []), vantage=e.get("vantage"))
            out.append((r.key, r.graph))
    return out


def _demo_evidence(store: EmbeddedStore) -> list[URIRef]:
    return store_documents(store, M, _demo_evidence_graphs())


def _demo_article():
    a = CASE["articles"][0]
    with resources.as_file(DEMO) as path:
        return extract(str(path / a["file"]), Metadata(a["url"], a["publisher"],
                                                       a["published"], a["title"]), M)


def test_new_article_meets_evidence_already_stored():
    store = EmbeddedStore(None)
    _demo_evidence(store)
    check(store, M)
    x = _demo_article()
    result = _store_checking(store, [(x.key, x.graph)])
    assert len(result.added) > 10  # the demo's contradictions, found from the article side
    _same_as_full(store, result)


def test_new_capture_meets_claims_already_stored():
    store = EmbeddedStore(None)
    store_extraction(store, M, _demo_article())
    check(store, M)
    result = _store_checking(store, _demo_evidence_graphs())
    assert result.added
    _same_as_full(store, result)


def test_articles_added_one_by_one_match_a_full_check_every_time():
    store = EmbeddedStore(None)
    _demo_evidence(store)
    check(store, M)
    for path in ARTICLES:
        x = extract(str(path), Metadata(publisher="Daily Ledger", published="2024-03-01"), M)
        result = _store_checking(store, [(x.key, x.graph)])
        if result.full:  # a story that links companies the store knew: the full check ran
            assert "link" in result.reason
            continue
        _same_as_full(store, result)


def test_replacing_a_document_drops_what_its_old_text_contradicted():
    store = EmbeddedStore(None)
    _demo_evidence(store)
    x = _demo_article()
    store_extraction(store, M, x)
    assert check(store, M)
    # the same source again, its claims gone: one graph replaced, no claim left to contradict
    own = Graph()
    for triple in x.graph:
        own.add(triple)
    claims = {s for s in own.subjects(RDF.type, URIRef("https://w3id.org/privacykg/ns#Claim"))}
    for c in claims:
        own.remove((c, None, None))
    result = _store_checking(store, [(x.key, own)])
    assert all(c.claim not in claims for c in recorded(store))
    _same_as_full(store, result)


def test_a_store_never_checked_gets_the_full_check():
    store = EmbeddedStore(None)
    result = _store_checking(store, _demo_evidence_graphs())
    assert result.full and "not been checked" in result.reason


def test_new_links_between_known_companies_need_the_full_check():
    store = EmbeddedStore(None)
    _demo_evidence(store)
    product = M.product("Mi Browser")
    known = Graph()
    known.add((product, SCHEMA.manufacturer, M.organisation("Someone Else")))
    assert adds_company_links(store, known)  # a known product gets another maker
    new = Graph()
    new.add((M.product("Brand New Phone"), SCHEMA.manufacturer, M.organisation("Xiaomi")))
    new.add((M.product("Brand New Phone"), SCHEMA.name, Literal("Brand New Phone")))
    assert not adds_company_links(store, new)  # a new product of a known company is fine
    check(store, M)
    result = _store_checking(store, [("k", known)])
    assert result.full and "link" in result.reason


@pytest.mark.parametrize("command", ["ingest", "evidence"])
def test_cli_check_flag_reports_the_incremental_check(tmp_path, command):
    runner = CliRunner()
    base = ["--store", str(tmp_path / "store")]
    with resources.as_file(DEMO) as path:
        har = str(path / "mi-browser-incognito.har")
        article = str(path / CASE["articles"][0]["file"])
        first, second = ((["evidence", har, "--vendor", "Xiaomi", "--product", "Mi Browser"],
                          ["ingest", article, "--check"]) if command == "ingest" else
                         (["ingest", article],
                          ["evidence", har, "--vendor", "Xiaomi", "--product", "Mi Browser",
                           "--check"]))
        assert runner.invoke(cli, base + first).exit_code == 0
        assert runner.invoke(cli, base + ["check"]).exit_code == 0
        r = runner.invoke(cli, base + second)
    assert r.exit_code == 0, r.output
    assert "incremental check over" in r.stderr
    assert "contradiction(s) with the new documents" in r.stderr


def test_a_known_company_under_a_longer_name_needs_the_full_check():
    store = EmbeddedStore(None)
    _demo_evidence(store)
    check(store, M)
    longer = Graph()
    longer.add((M.organisation("Xiaomi Technology"), RDF.type, SCHEMA.Organization))
    assert adds_company_links(store, longer)  # "Xiaomi Technology" is Xiaomi's group
    other = Graph()
    other.add((M.organisation("Norvik Systems"), RDF.type, SCHEMA.Organization))
    assert not adds_company_links(store, other)
