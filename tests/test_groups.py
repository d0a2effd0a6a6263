"""The company groups graph (kg/groups.py): the closure the rules join on is exactly
what the property path `(schema:manufacturer|schema:parentOrganization)*` gives, and
it is rewritten only when the links change."""

from __future__ import annotations

from rdflib import Graph, URIRef

from kg.groups import closure, refresh_groups
from kg.store import EmbeddedStore, graph_as_insert
from ontologies.iris import Minter
from ontologies.vocab import RDF, SCHEMA, sparql_prefixes

M = Minter()
ORG = {n: M.organisation(n) for n in ("Holdco", "Subco", "Lonely", "Loop A", "Loop B")}
PHONE = M.iri("product/phone")
GADGET = M.iri("product/gadget")  # no maker known


def links() -> Graph:
    g = Graph()
    for iri in ORG.values():
        g.add((iri, RDF.type, SCHEMA.Organization))
    g.add((ORG["Subco"], SCHEMA.parentOrganization, ORG["Holdco"]))
    g.add((PHONE, RDF.type, SCHEMA.Product))
    g.add((PHONE, SCHEMA.manufacturer, ORG["Subco"]))
    g.add((GADGET, RDF.type, SCHEMA.Product))
    # a cycle (bad data) must not hang the walk
    g.add((ORG["Loop A"], SCHEMA.parentOrganization, ORG["Loop B"]))
    g.add((ORG["Loop B"], SCHEMA.parentOrganization, ORG["Loop A"]))
    return g


def stored(g: Graph) -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.update(graph_as_insert(M.document_graph("links"), g))
    return store


def in_group(store: EmbeddedStore) -> set[tuple[str, str]]:
    rows = store.query(sparql_prefixes() + "SELECT ?x ?o WHERE { ?x pkg:inGroup ?o }").rows
    return {(str(x), str(o)) for x, o in rows}


def by_path(store: EmbeddedStore) -> set[tuple[str, str]]:
    q = sparql_prefixes() + """SELECT DISTINCT ?x ?o WHERE {
        ?x (schema:manufacturer|schema:parentOrganization)* ?o . ?o a schema:Organization .
        FILTER(isIRI(?x) && !STRENDS(STR(?x), "/graph/groups")) }"""
    return {(str(x), str(o)) for x, o in store.query(q).rows}


def test_the_groups_graph_is_the_property_path_materialised() -> None:
    store = stored(links())
    assert refresh_groups(store, M) is True
    got = in_group(store)
    assert got == by_path(store)
    assert (str(PHONE), str(ORG["Holdco"])) in got
    assert (str(PHONE), str(ORG["Subco"])) in got
    assert (str(ORG["Lonely"]), str(ORG["Lonely"])) in got
    assert (str(ORG["Loop A"]), str(ORG["Loop B"])) in got
    assert not any(x == str(GADGET) for x, _ in got)  # no organisation to roll up to


def test_refresh_rewrites_only_when_the_links_change() -> None:
    store = stored(links())
    assert refresh_groups(store, M) is True
    assert refresh_groups(store, M) is False  # nothing changed: the digest matches
    store.update(graph_as_insert(M.document_graph("more"), Graph().add(
        (GADGET, SCHEMA.manufacturer, ORG["Lonely"]))))
    assert refresh_groups(store, M) is True
    assert (str(GADGET), str(ORG["Lonely"])) in in_group(store)
    assert in_group(store) == by_path(store)


def test_closure_handles_chains_and_cycles() -> None:
    up = {"p": {"a"}, "a": {"b"}, "b": {"a"}}
    assert closure({"a", "b"}, up) == {"p": {"a", "b"}, "a": {"a", "b"}, "b": {"a", "b"}}
    assert closure({"x"}, {}) == {"x": {"x"}}


def test_links_from_outside_the_minted_iris_count_too() -> None:
    g = links()
    g.add((URIRef("https://example.org/odd"), SCHEMA.manufacturer, ORG["Holdco"]))
    store = stored(g)
    refresh_groups(store, M)
    assert ("https://example.org/odd", str(ORG["Holdco"])) in in_group(store)


def test_a_legal_form_does_not_make_another_organisation() -> None:
    assert M.organisation("Norvik, Inc.") == M.organisation("Norvik") == M.organisation(
        "Norvik Ltd")
    assert M.organisation("Inc") != M.organisation("Norvik")  # nothing else left: kept


def test_a_longer_and_a_shorter_name_are_one_group() -> None:
    g = Graph()
    for name in ("Norvik", "Norvik Systems", "Norvik Cloud", "Korvo Health"):
        g.add((M.organisation(name), RDF.type, SCHEMA.Organization))
    store = stored(g)
    refresh_groups(store, M)
    got = in_group(store)
    long, short = str(M.organisation("Norvik Systems")), str(M.organisation("Norvik"))
    assert (long, short) in got and (short, long) in got
    # another arm of a company is linked by its own facts, not by its name
    assert (str(M.organisation("Norvik Cloud")), short) not in got
    assert (str(M.organisation("Korvo Health")), str(M.organisation("Korvo Health"))) in got
