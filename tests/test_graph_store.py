"""The Graph Store HTTP Protocol at /sparql/graphs: public reads, writes only with the
operator's token (401 and nothing changes without it), every verb on named graphs
and on the default graph."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef

URL = "/sparql/graphs"
G = "urn:gsp:test"
TTL = b"@prefix ex: <urn:ex:> . ex:a ex:p 1 , 2 . ex:b ex:p [ ex:q \"blank\" ] ."
MORE = b'<urn:ex:c> <urn:ex:p> "3" .'


@pytest.fixture
def auth(settings) -> dict:
    return {"Authorization": f"Bearer {settings.token}"}


def _everything(client) -> list:
    """Every quad the store holds, as SPARQL JSON rows (to compare before and after)."""
    q = "SELECT * WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o"
    r = client.post("/sparql", data={"query": q, "default-graph-uri": "urn:x:none"})
    return [b for b in r.json["results"]["bindings"] if "g" in b or "s" in b]


def _count(client, graph: str) -> int:
    r = client.get("/sparql", query_string={
        "query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "named-graph-uri": graph})
    return int(r.json["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
@pytest.mark.parametrize("given", [None, "Bearer wrong", "Basic {token}"])
def test_writes_without_the_token_are_401_and_change_nothing(client, case, settings, method,
                                                              given):
    headers = {} if given is None else {"Authorization": given.format(token=settings.token)}
    before = _everything(client)
    for target in ({"graph": str(case.doc_graph)}, {"graph": G}, {"default": ""}, {}):
        r = client.open(URL, method=method, query_string=target, data=TTL,
                        content_type="text/turtle", headers=headers)
        assert r.status_code == 401 and r.mimetype == "text/plain"
    assert _everything(client) == before


def test_put_get_post_delete_a_named_graph(client, auth):
    r = client.put(URL, query_string={"graph": G}, data=TTL, content_type="text/turtle",
                   headers=auth)
    assert r.status_code == 201
    got = client.get(URL, query_string={"graph": G}, headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and got.mimetype == "application/n-triples"
    g = Graph().parse(data=got.data, format="nt")
    assert len(g) == 4 and (URIRef("urn:ex:a"), URIRef("urn:ex:p"), Literal(2)) in g
    # PUT again replaces (204: it existed), POST merges
    assert client.put(URL, query_string={"graph": G}, data=MORE, headers=auth,
                      content_type="application/n-triples").status_code == 204
    assert _count(client, G) == 1
    assert client.post(URL, query_string={"graph": G}, data=TTL, headers=auth,
                       content_type="text/turtle").status_code == 204
    assert _count(client, G) == 5
    assert client.delete(URL, query_string={"graph": G}, headers=auth).status_code == 204
    assert client.get(URL, query_string={"graph": G}).status_code == 404
    assert client.delete(URL, query_string={"graph": G}, headers=auth).status_code == 404


def test_the_default_graph(client, auth):
    assert client.put(URL, query_string={"default": ""}, data=MORE, headers=auth,
                      content_type="text/turtle").status_code == 204
    g = Graph().parse(data=client.get(URL, query_string={"default": ""}).data, format="turtle")
    assert len(g) == 1
    assert client.post(URL, query_string={"default": ""}, data=TTL, headers=auth,
                       content_type="text/turtle").status_code == 204
    assert len(Graph().parse(data=client.get(URL, query_string={"default": ""}).data,
                             format="turtle")) == 5
    assert client.delete(URL, query_string={"default": ""}, headers=auth).status_code == 204
    assert len(Graph().parse(data=client.get(URL, query_string={"default": ""}).data,
                             format="turtle")) == 0


def test_post_to_the_store_makes_a_new_graph(client, auth, settings):
    r = client.post(URL, data=MORE, content_type="text/turtle", headers=auth)
    assert r.status_code == 201
    location = r.headers["Location"]
    assert f"graph={quote(settings.base, safe='')}" in location
    got = client.get(location)
    assert got.status_code == 200 and len(Graph().parse(data=got.data, format="turtle")) == 1


def test_public_read_of_a_document_graph(client, case):
    r = client.get(URL, query_string={"graph": str(case.doc_graph)},
                   headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == "*"
    assert (case.claim, None, None) in Graph().parse(data=r.data, format="json-ld")


@pytest.mark.parametrize("kwargs,status", [
    ({"method": "GET"}, 400),
    ({"method": "GET", "query_string": {"graph": G, "default": ""}}, 400),
    ({"method": "GET", "query_string": {"graph": "not an iri"}}, 400),
    ({"method": "PUT", "query_string": {"graph": G}, "data": TTL,
      "content_type": "image/png"}, 415),
    ({"method": "PUT", "query_string": {"graph": G}, "data": b"<urn:a> <urn:b> .",
      "content_type": "text/turtle"}, 400),
    ({"method": "PATCH", "query_string": {"graph": G}}, 405),
])
def test_bad_requests(client, auth, kwargs, status):
    r = client.open(URL, headers=auth, **kwargs)
    assert r.status_code == status and r.mimetype == "text/plain"
    assert client.get(URL, query_string={"graph": G}).status_code == 404


def test_a_graph_over_the_result_limit_points_to_the_dump(settings, store, case):
    from dataclasses import replace

    from web import create_app

    client = create_app(replace(settings, result_limit=2), store).test_client()
    r = client.get(URL, query_string={"graph": str(case.doc_graph)})
    assert r.status_code == 413 and "/dumps/latest.nq.gz" in r.get_data(as_text=True)
