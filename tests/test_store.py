"""The embedded store: graphs replaced whole, values bound not pasted, results neutral."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.store import EmbeddedStore, StoreError, graph_as_insert
from ontologies.iris import Minter, key, slug

G1 = URIRef("https://w3id.org/privacykg/id/graph/doc/1")
S = URIRef("https://example.org/s")
P = URIRef("https://example.org/p")


def graph(*objects) -> Graph:
    g = Graph()
    for o in objects:
        g.add((S, P, o))
    return g


def test_replace_graph_swaps_content(tmp_path):
    store = EmbeddedStore(tmp_path / "db")
    store.replace_graph(G1, graph(Literal("old"), Literal("both")))
    store.replace_graph(G1, graph(Literal("new"), Literal("both")))
    values = sorted(str(r[0]) for r in store.query("SELECT ?o WHERE { ?s ?p ?o }").rows)
    assert values == ["both", "new"]
    store.close()
    reopened = EmbeddedStore(tmp_path / "db")
    assert reopened.graph_names() == [G1]


def test_failed_replace_leaves_old_graph():
    store = EmbeddedStore(None)
    store.replace_graph(G1, graph(Literal("kept")))
    with pytest.raises(StoreError):
        store.update(f"DROP GRAPH <{G1}> ; INSERT DATA {{ GRAPH <{G1}> {{ <a> <b> }} }}")
    assert [str(r[0]) for r in store.query("SELECT ?o WHERE { ?s ?p ?o }").rows] == ["kept"]


def test_bindings_cannot_change_the_query():
    store = EmbeddedStore(None)
    store.replace_graph(G1, graph(Literal("x")))
    evil = Literal('"} } ; DROP ALL ; SELECT * { ?s ?p "')
    r = store.query("SELECT ?s WHERE { ?s ?p ?o }", {"o": evil})
    assert r.rows == []
    assert store.graph_names() == [G1]


def test_literals_survive_the_round_trip():
    store = EmbeddedStore(None)
    tricky = [Literal('quote " and \\ backslash'), Literal("ligne\nnouvelle", lang="fr"),
              Literal("2020-05-02", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))]
    store.replace_graph(G1, graph(*tricky))
    got = {r[0] for r in store.query("SELECT ?o WHERE { ?s ?p ?o }").rows}
    assert got == set(tricky)
    assert "INSERT DATA" in graph_as_insert(G1, graph(*tricky))


def test_ask_and_construct_results():
    store = EmbeddedStore(None)
    store.replace_graph(G1, graph(Literal("x")))
    assert store.query("ASK { ?s ?p 'x' }").boolean is True
    g = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph
    assert len(g) == 1


def test_bad_sparql_is_a_store_error():
    with pytest.raises(StoreError):
        EmbeddedStore(None).query("SELEKT nothing")


def test_iris_are_deterministic():
    m = Minter("https://example.org/kg/")
    assert m.document(key("https://a.example/1")) == m.document(key("https://a.example/1"))
    assert str(m.organisation("Xiaomi India")).endswith("/id/org/xiaomi-india")
    assert m.path_of(str(m.product("Mi Browser"))) == "product/mi-browser"
    assert slug("Condé Nast") == "conde-nast"
