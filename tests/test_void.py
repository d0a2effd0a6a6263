"""The dataset for machines: VoID at /void (linked from the service description) and the
full dump, gzipped N-Quads, at /dumps/latest.nq.gz."""

from __future__ import annotations

import gzip

import pytest
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kg.store import EmbeddedStore

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


def _void(client) -> tuple[Graph, URIRef]:
    r = client.get("/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    g = Graph().parse(data=r.data, format="turtle")
    (ds,) = g.subjects(RDF.type, VOID.Dataset, unique=True) and \
        [s for s in g.subjects(RDF.type, VOID.Dataset) if (s, VOID.sparqlEndpoint, None) in g]
    return g, ds


def test_void_counts_what_the_store_holds(client, store, case):
    g, ds = _void(client)
    quads = store.quads()
    named = [c for c in quads.graphs() if c.identifier != quads.default_graph.identifier
             and len(c)]
    assert int(g.value(ds, VOID.triples)) == sum(len(c) for c in named)
    subsets = {g.value(s, SD.name): int(g.value(s, VOID.triples))
               for s in g.objects(ds, VOID.subset)}
    assert subsets == {c.identifier: len(c) for c in named}
    classes = {g.value(p, VOID["class"]) for p in g.objects(ds, VOID.classPartition)}
    assert URIRef("https://w3id.org/privacykg/ns#Contradiction") in classes
    assert int(g.value(ds, VOID.classes)) == len(classes)
    assert g.value(ds, VOID.sparqlEndpoint) == URIRef("http://localhost/sparql")
    assert g.value(ds, VOID.dataDump) == URIRef("http://localhost/dumps/latest.nq.gz")
    assert str(g.value(ds, VOID.uriSpace)) == "https://w3id.org/privacykg/id/"


def test_the_service_description_links_the_void_dataset(client):
    sd = Graph().parse(data=client.get("/sparql", headers={"Accept": "text/turtle"}).data,
                       format="turtle")
    _, ds = _void(client)
    assert (URIRef("http://localhost/sparql"), SD.defaultDataset, ds) in sd


@pytest.mark.parametrize("accept,fmt", [("application/n-triples", "nt"),
                                        ("application/ld+json", "json-ld")])
def test_void_in_other_formats(client, accept, fmt):
    r = client.get("/void", headers={"Accept": accept})
    assert len(Graph().parse(data=r.data, format=fmt)) > 10


def _dump(client) -> Dataset:
    r = client.get("/dumps/latest.nq.gz")
    assert r.status_code == 200 and r.mimetype == "application/gzip"
    assert ".nq.gz" in r.headers["Content-Disposition"]
    ds = Dataset()
    ds.parse(data=gzip.decompress(r.data), format="nquads")
    return ds


def _quads(ds: Dataset) -> set:
    return {(s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None))
            if not str(o).startswith("_")}


def test_the_dump_holds_every_quad_and_follows_writes(client, store, case, settings):
    assert _quads(_dump(client)) == _quads(store.quads())
    r = client.post("/sparql/update", headers={"Authorization": f"Bearer {settings.token}"},
                    data={"update": "INSERT DATA { GRAPH <urn:d:g> { <urn:d:a> <urn:d:b> 1 } }"})
    assert r.status_code == 204
    after = _quads(_dump(client))
    assert after == _quads(store.quads()) and any(q[3] == URIRef("urn:d:g") for q in after)


def test_the_dump_of_an_in_memory_store(settings, case, store):
    from web import create_app

    memory = EmbeddedStore(None)
    memory.load_quads(store.quads().quads((None, None, None, None)))
    client = create_app(settings, memory).test_client()
    assert _quads(_dump(client)) == _quads(store.quads())


def test_void_is_kept_until_the_store_changes(client, settings):
    _, ds = _void(client)
    first, _ = _void(client)
    again, _ = _void(client)
    assert isomorphic(first, again)  # the same counts, the same modified time: reused
    r = client.post("/sparql/update", headers={"Authorization": f"Bearer {settings.token}"},
                    data={"update": "INSERT DATA { GRAPH <urn:v:new> { <urn:v:a> a <urn:v:C> } }"})
    assert r.status_code == 204
    after, ds = _void(client)
    assert URIRef("urn:v:new") in set(after.objects(None, SD.name))
    assert int(after.value(ds, VOID.triples)) == int(first.value(ds, VOID.triples)) + 1
