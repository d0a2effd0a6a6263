"""scrapers.memgraph fills and reads rdflib's Memory store directly; what it builds must be
the Graph that `Graph.add` builds, whatever is asked of it afterwards."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.iris import Minter
from scrapers.memgraph import filled_graph, triples_of
from scrapers.statements import _Triples, article_graph, find_statements
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
