"""EmbeddedStore.write_graphs, the write path of ingest: new graphs go in through
Oxigraph's `extend` (one transaction), or its bulk loader when there are many quads on
disk; graphs that exist through one update. Whichever way, bad input writes nothing, and
the store holds what the SPARQL text of INSERT DATA would have made of the graphs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

import kg.store as kg_store
from kg.claims import claim_triples
from kg.ingest import store_documents
from kg.store import EmbeddedStore, StoreError, graph_as_insert
from ontologies.iris import Minter
from scrapers.statement_graph import article_graph, document_key
from scrapers.statements import find_statements
from scrapers.types import Article

FIXTURE = Path(__file__).parent / "fixtures" / "extraction" / "browser-korvo.txt"
EX = "https://example.org/"
G1, G2, ENT = URIRef(EX + "g1"), URIRef(EX + "g2"), URIRef(EX + "entities")


def _quads(store: EmbeddedStore) -> set[str]:
    return {str(q) for q in store.oxigraph.quads_for_pattern(None, None, None, None)}


def _triples(n: int, tag: str = "") -> list[tuple]:
    return [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(f"v{tag}{i}")) for i in range(n)]


def test_new_graphs_hold_what_insert_data_makes_of_them():
    text = FIXTURE.read_text("utf-8")
    article = Article(text=text, source="korvo.txt", title="Korvo", publisher="Ledger",
                      published=date(2026, 1, 2))
    minter = Minter()
    graph, _ = article_graph(article, find_statements(text, title="Korvo", publisher="Ledger"),
                             minter)
    graph.add((URIRef(EX + "n"), URIRef(EX + "v"), Literal("1.50", datatype=XSD.decimal)))
    graph.add((URIRef(EX + "n"), URIRef(EX + "v"), Literal("chat", lang="fr")))
    fast, slow = EmbeddedStore(None), EmbeddedStore(None)
    store_documents(fast, minter, [(document_key(article), graph)])
    name = minter.document_graph(document_key(article))
    own = Graph()
    entities = Graph()
    for t in graph:
        (entities if minter.is_entity(t[0]) else own).add(t)
    shared, appearances = claim_triples(list(graph), minter)
    assert shared and appearances  # the article has statements, so claims
    claims = Graph()
    for t in shared:
        claims.add(t)
    for t in appearances:
        own.add(t)
    slow.update(graph_as_insert(minter.entities_graph, entities))
    slow.update(graph_as_insert(minter.claims_graph, claims))
    slow.update(graph_as_insert(name, own))
    assert _quads(fast) == _quads(slow)


def test_an_existing_graph_is_replaced_and_entities_are_added():
    store = EmbeddedStore(None)
    store.write_graphs({G1: _triples(3, "a")}, {ENT: _triples(1, "e")})
    store.write_graphs({G1: _triples(2, "b")}, {ENT: _triples(2, "f")})
    g1 = {str(q.object.value) for q in store.oxigraph.quads_for_pattern(
        None, None, None, ox.NamedNode(G1))}
    ent = {str(q.object.value) for q in store.oxigraph.quads_for_pattern(
        None, None, None, ox.NamedNode(ENT))}
    assert g1 == {"vb0", "vb1"}
    assert ent == {"ve0", "vf0", "vf1"}


@pytest.mark.parametrize("existing", [False, True])
def test_a_bad_triple_writes_nothing(existing):
    store = EmbeddedStore(None)
    if existing:
        store.write_graphs({G1: _triples(2, "old")}, {})
    before = _quads(store)
    bad = (URIRef(EX + "s"), URIRef(EX + "p"), URIRef("not an iri"))
    with pytest.raises(StoreError if not existing else Exception):
        store.write_graphs({G1: _triples(3, "new"), G2: [*_triples(3), bad]},
                           {ENT: _triples(2, "e")})
    assert _quads(store) == before


def test_blank_nodes_stay_apart_between_writes():
    store = EmbeddedStore(None)
    b = BNode("same")
    store.write_graphs({G1: [(b, URIRef(EX + "p"), Literal("1"))]}, {})
    store.write_graphs({G2: [(b, URIRef(EX + "p"), Literal("2"))]}, {})
    subjects = {q.subject for q in store.oxigraph.quads_for_pattern(None, None, None, None)}
    assert len(subjects) == 2


def test_a_key_given_twice_in_a_batch_keeps_the_last_graph():
    store = EmbeddedStore(None)
    minter = Minter()
    first, last = Graph(), Graph()
    for t in _triples(2, "first"):
        first.add(t)
    for t in _triples(1, "last"):
        last.add(t)
    store_documents(store, minter, [("k", first), ("k", last)])
    assert {q.object.value for q in store.oxigraph.quads_for_pattern(None, None, None, None)} \
        == {"vlast0"}


class _Spy:
    """The Oxigraph store, counting the calls that write."""

    def __init__(self, store: ox.Store) -> None:
        self.store, self.calls = store, []

    def __getattr__(self, name):
        if name in ("extend", "bulk_extend", "update"):
            self.calls.append(name)
        return getattr(self.store, name)


def _spied(path: Path) -> EmbeddedStore:
    store = EmbeddedStore(path)
    store._store = _Spy(store._store)
    return store


def _fixture_documents(minter: Minter, site: str = "news.example") -> list[tuple[str, Graph]]:
    documents = []
    for i, path in enumerate(sorted(FIXTURE.parent.glob("*.txt"))):
        text = path.read_text("utf-8")
        article = Article(text=text, source=path.name, url=f"https://{site}/{i}",
                          title=path.stem, publisher="Ledger", published=date(2026, 1, 2))
        statements = find_statements(text, title=path.stem, publisher="Ledger")
        documents.append((document_key(article), article_graph(article, statements, minter)[0]))
    return documents


def test_many_new_documents_are_bulk_loaded_as_one_by_one_would_store_them(tmp_path):
    minter = Minter()
    documents = _fixture_documents(minter)
    assert len(documents) >= 10
    assert sum(len(g) for _, g in documents) >= kg_store.BULK_MIN_QUADS  # the real threshold
    bulk, single = _spied(tmp_path / "bulk"), _spied(tmp_path / "single")
    store_documents(bulk, minter, documents)
    for document in documents:
        store_documents(single, minter, [document])
    assert bulk._store.calls == ["bulk_extend"]
    assert "bulk_extend" not in single._store.calls
    assert _quads(bulk) == _quads(single)
    assert len(_quads(bulk)) > kg_store.BULK_MIN_QUADS

    # storing them again changes nothing (now through DROP + INSERT: the graphs exist)
    before = _quads(bulk)
    store_documents(bulk, minter, documents)
    assert bulk._store.calls[-1] == "update" and _quads(bulk) == before

    # an existing document stored again (with new ones) gets its graph replaced
    key, graph = documents[0]
    name = minter.document_graph(key)
    changed = Graph()
    for t in list(graph)[:5]:
        changed.add(t)
    changed.add((URIRef(EX + "new"), URIRef(EX + "p"), Literal("replaced")))
    store_documents(bulk, minter, [(key, changed), *_fixture_documents(minter, "other.example")])
    in_graph = {(q.subject.value, q.predicate.value, q.object.value) for q in
                bulk.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(name))}
    entities = {t for t in changed if minter.is_entity(t[0])}
    appearances = set(claim_triples(list(changed), minter)[1])
    assert in_graph == {(str(s), str(p), str(o)) for s, p, o in {*changed, *appearances} if
                        (s, p, o) not in entities}
    assert bulk._store.calls[-1] == "update"
    assert len(_quads(bulk)) > len(before)  # the new ones are in too
    bulk.close()
    single.close()


def test_few_new_documents_are_one_transaction(tmp_path):
    minter = Minter()
    documents = _fixture_documents(minter)[:2]
    assert sum(len(g) for _, g in documents) < kg_store.BULK_MIN_QUADS
    store = _spied(tmp_path / "s")
    store_documents(store, minter, documents)
    assert store._store.calls == ["extend"]
    store.close()


def test_a_bad_triple_in_a_bulk_batch_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(kg_store, "BULK_MIN_QUADS", 1)
    store = _spied(tmp_path / "s")
    bad = (URIRef(EX + "s"), URIRef(EX + "p"), URIRef("not an iri"))
    with pytest.raises(StoreError):
        store.write_graphs({G1: _triples(300, "new"), G2: [*_triples(300), bad]},
                           {ENT: _triples(2, "e")})
    assert _quads(store) == set() and store._store.calls == []
    store.write_graphs({G1: _triples(3, "new")}, {})
    assert store._store.calls == ["bulk_extend"] and len(_quads(store)) == 3
    store.close()
