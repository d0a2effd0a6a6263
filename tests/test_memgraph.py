"""scrapers.memgraph fills and reads rdflib's Memory store directly; what it builds must be
the Graph that `Graph.add` builds, whatever is asked of it afterwards."""

from __future__ import annotations

import pickle
import threading
from datetime import date
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ontologies.iris import Minter
from scrapers import memgraph
from scrapers.memgraph import PreparedMemory, filled_graph, triples_of
from scrapers.statement_graph import _Triples, article_graph
from scrapers.statements import find_statements
from scrapers.types import Article

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"
EX = "https://example.org/"


def _article_triples() -> list[tuple]:
    text = (FIXTURES / "browser-korvo.txt").read_text("utf-8")
    article = Article(text=text, source="korvo.txt", title="Korvo", publisher="Ledger",
                      published=date(2026, 1, 2))
    original = _Triples.graph
    try:
        _Triples.graph = lambda self: self  # keep the triples article_graph adds
        kept, _ = article_graph(article, find_statements(text, title="Korvo", publisher="Ledger"),
                                Minter())
    finally:
        _Triples.graph = original
    assert isinstance(kept, _Triples)
    return list(kept.triples)


def _by_add(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def _same(a: Graph, b: Graph) -> None:
    assert len(a) == len(b)
    assert set(a) == set(b)
    assert list(a) == list(b)  # same order too
    assert sorted(a.serialize(format="nt").splitlines()) == \
        sorted(b.serialize(format="nt").splitlines())
    s, p, o = next(iter(a))
    for pattern in [(s, None, None), (None, p, None), (None, None, o), (s, p, None),
                    (None, p, o), (s, None, o), (s, p, o), (None, RDF.type, None)]:
        assert set(a.triples(pattern)) == set(b.triples(pattern)), pattern
    assert list(a.store.contexts()) == [a] and list(b.store.contexts()) == [b]
    for g in (a, b):
        assert all(list(g.store.contexts(t)) == [g] for t in g)


def test_a_filled_graph_is_the_graph_add_builds():
    triples = _article_triples()
    assert len(triples) > 100
    fast, slow = filled_graph(triples), _by_add(triples)
    _same(fast, slow)
    assert set(fast.query("SELECT ?s WHERE { ?s a ?t }")) == \
        set(slow.query("SELECT ?s WHERE { ?s a ?t }"))
    # and it goes on behaving alike when changed
    extra = (URIRef(EX + "s"), URIRef(EX + "p"), Literal("1.50", datatype=XSD.decimal))
    for g in (fast, slow):
        g.add(extra)
        g.add(triples[0])  # already there
        g.remove(triples[1])
    _same(fast, slow)
    assert set(fast + slow) == set(slow) and len(fast - slow) == 0


def test_an_empty_filled_graph():
    g = filled_graph([])
    assert len(g) == 0 and list(g) == [] and triples_of(g) == []


def test_triples_of_reads_what_iterating_gives():
    triples = _article_triples()
    assert set(triples_of(filled_graph(triples))) == set(triples)
    assert set(triples_of(_by_add(triples))) == set(triples)
    # a graph sharing its store with others: only its own triples
    ds = Dataset()
    one, two = ds.graph(URIRef(EX + "g1")), ds.graph(URIRef(EX + "g2"))
    for t in triples[:10]:
        one.add(t)
    for t in triples[10:30]:
        two.add(t)
    assert set(triples_of(one)) == set(triples[:10]) == set(one)
    assert set(triples_of(two)) == set(triples[10:30])
    assert triples_of(ds.graph(URIRef(EX + "none"))) == []


def test_triples_are_filed_only_when_the_store_is_used():
    triples = _article_triples()
    g = filled_graph(triples)
    assert isinstance(g.store, PreparedMemory) and g.store.pending is not None
    assert triples_of(g) == triples  # read without filing, in the order added
    assert g.store.pending is not None
    first = (URIRef(EX + "first"), URIRef(EX + "p"), Literal("x"))
    g.add(first)  # the first use files them, then adds
    assert g.store.pending is None
    assert set(g) == {*triples, first} and set(triples_of(g)) == set(g)


def test_the_first_use_from_many_threads_at_once():
    triples = _article_triples()
    for _ in range(5):
        g = filled_graph(triples)
        sizes = []
        threads = [threading.Thread(target=lambda g=g, sizes=sizes: sizes.append(len(g)))
                   for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sizes == [len(triples)] * 8


def test_a_filled_graph_pickles_like_any_graph():
    triples = _article_triples()
    unfiled, filed = filled_graph(triples), filled_graph(triples)
    len(filed)
    for g in (unfiled, filed):
        back = pickle.loads(pickle.dumps(g))
        assert set(back) == set(triples) and len(back) == len(triples)
        s = triples[0][0]
        assert set(back.triples((s, None, None))) == {t for t in triples if t[0] == s}


def test_without_the_known_internals_the_public_api_is_used(monkeypatch):
    monkeypatch.setattr(memgraph, "_KNOWN", False)
    triples = _article_triples()
    g = filled_graph(triples)
    assert not isinstance(g.store, PreparedMemory)
    _same(g, _by_add(triples))
    assert set(triples_of(g)) == set(triples)
