"""/sparql and /sparql/update through the Flask test client: the SPARQL 1.1 Protocol's
request shapes, dataset parameters, formats, errors, and that nothing writes without
the token."""

from __future__ import annotations

import pytest
from rdflib import Graph, Namespace, URIRef

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def auth(settings) -> dict:
    return {"Authorization": f"Bearer {settings.token}"}


def _n(response) -> int:
    return int(response.json["results"]["bindings"][0]["n"]["value"])


def test_three_ways_to_ask_give_one_answer(client):
    get = client.get("/sparql", query_string={"query": COUNT})
    form = client.post("/sparql", data={"query": COUNT})
    direct = client.post("/sparql", data=COUNT, content_type="application/sparql-query")
    assert get.mimetype == form.mimetype == direct.mimetype == "application/sparql-results+json"
    assert _n(get) == _n(form) == _n(direct) > 0
    assert get.headers["Access-Control-Allow-Origin"] == "*"


def test_default_graph_is_the_union_unless_the_request_names_graphs(client, case):
    q = "SELECT ?g WHERE { ?s a <https://w3id.org/privacykg/ns#Observation> }"
    assert len(client.get("/sparql", query_string={"query": q}).json["results"]["bindings"]) == 1
    only_doc = client.get("/sparql", query_string={"query": q,
                                                   "default-graph-uri": str(case.doc_graph)})
    assert only_doc.json["results"]["bindings"] == []
    named = client.post("/sparql", data={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        "named-graph-uri": str(case.capture_graph), "default-graph-uri": str(case.doc_graph)})
    assert [b["g"]["value"] for b in named.json["results"]["bindings"]] == [
        str(case.capture_graph)]


@pytest.mark.parametrize("accept,mimetype", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.2, application/sparql-results+xml;q=0.5", "application/sparql-results+xml"),
])
def test_select_formats(client, accept, mimetype):
    r = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == mimetype
    assert "Accept" in r.headers["Vary"]


@pytest.mark.parametrize("accept,fmt", [(None, "turtle"), ("application/n-triples", "nt"),
                                        ("application/ld+json", "json-ld"),
                                        ("application/rdf+xml", "xml")])
def test_construct_formats(client, case, accept, fmt):
    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ BIND(<{case.claim}> AS ?s) ?s ?p ?o }}"
    r = client.get("/sparql", query_string={"query": q},
                   headers={"Accept": accept} if accept else {})
    assert r.status_code == 200
    g = Graph().parse(data=r.data, format=fmt)
    assert (case.claim, None, None) in g


def test_unacceptable_format_is_406(client):
    r = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.mimetype == "text/plain"


def test_service_description(client):
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.data, format="turtle")
    service = URIRef("http://localhost/sparql")
    assert (service, SD.endpoint, service) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert r.mimetype == "text/turtle"


@pytest.mark.parametrize("accept, page", [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),  # a browser
    ("text/html", True),
    (None, False), ("*/*", False), ("text/turtle", False), ("text/html, text/turtle", False),
])
def test_sparql_opened_in_a_browser_is_the_query_page(client, accept, page):
    r = client.get("/sparql", headers={"Accept": accept} if accept else {})
    if page:
        assert r.status_code == 303 and r.headers["Location"].endswith("/query")
    else:
        assert r.status_code == 200 and r.mimetype != "text/html"


@pytest.mark.parametrize("kwargs,status", [
    ({"method": "GET", "query_string": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
    ({"method": "GET", "query_string": {"query": "SELEKT nonsense"}}, 400),
    ({"method": "POST", "data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
    ({"method": "POST", "data": {}}, 400),
    ({"method": "POST", "data": "ASK {}", "content_type": "text/plain"}, 415),
    ({"method": "POST", "data": "ASK {}"}, 400),  # no Content-Type at all
    ({"method": "POST", "data": "ASK {}".encode("utf-16"),
      "content_type": "application/sparql-query"}, 400),
    ({"method": "PUT", "data": "ASK {}", "content_type": "application/sparql-query"}, 405),
])
def test_bad_requests_get_one_plain_line(client, kwargs, status):
    r = client.open("/sparql", **kwargs)
    assert r.status_code == status
    assert r.mimetype == "text/plain" and r.data.decode().count("\n") == 1


@pytest.mark.parametrize("query", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX x: <urn:x#>\n# a comment\nDELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
])
def test_the_query_url_never_writes_nor_fetches(client, query):
    before = _n(client.get("/sparql", query_string={"query": COUNT}))
    for r in (client.get("/sparql", query_string={"query": query}),
              client.post("/sparql", data={"query": query}),
              client.post("/sparql", data=query, content_type="application/sparql-query")):
        assert r.status_code == 400
    assert _n(client.get("/sparql", query_string={"query": COUNT})) == before


def test_keywords_inside_strings_iris_and_names_are_not_refused(client):
    q = ('SELECT ?add WHERE { BIND("please DELETE this, SERVICE it" AS ?add) '
         "BIND(<urn:load:insert> AS ?x) }")
    assert client.get("/sparql", query_string={"query": q}).status_code == 200


def test_head_answers_like_get_without_a_body(client):
    r = client.head("/sparql", query_string={"query": "ASK {}"})
    assert r.status_code == 200 and r.mimetype == "application/sparql-results+json"
    assert r.data == b""


def test_cors_preflight(client):
    r = client.options("/sparql", headers={"Origin": "https://yasgui.example",
                                           "Access-Control-Request-Method": "POST"})
    assert r.status_code == 204 and r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]


UPDATE = "INSERT DATA { GRAPH <urn:t:g> { <urn:x> <urn:y> <urn:z> } }"
ASK = {"query": "ASK { <urn:x> <urn:y> <urn:z> }"}


@pytest.mark.parametrize("given", [None, "Bearer wrong", "{token}", "Basic {token}"])
def test_update_without_the_token_is_401_and_changes_nothing(client, settings, given):
    headers = {} if given is None else {"Authorization": given.format(token=settings.token)}
    assert client.post("/sparql/update", data={"update": UPDATE},
                       headers=headers).status_code == 401
    assert client.get("/sparql", query_string=ASK).json["boolean"] is False


def test_no_configured_token_means_no_writes(settings, store, auth):
    from web import create_app

    client = create_app(settings.__class__(store=settings.store), store).test_client()
    r = client.post("/sparql/update", data={"update": UPDATE}, headers=auth)
    assert r.status_code == 401
    assert client.get("/sparql", query_string=ASK).json["boolean"] is False


def test_update_form_and_direct_with_the_token(client, auth):
    r = client.post("/sparql/update", data={"update": UPDATE}, headers=auth)
    assert r.status_code == 204
    assert client.get("/sparql", query_string=ASK).json["boolean"] is True
    r = client.post("/sparql/update", data="DROP GRAPH <urn:t:g>", headers=auth,
                    content_type="application/sparql-update")
    assert r.status_code == 204
    assert client.get("/sparql", query_string=ASK).json["boolean"] is False


def test_update_dataset_parameters(client, auth):
    client.post("/sparql/update", headers=auth, data={
        "update": "INSERT DATA { GRAPH <urn:t:g1> { <urn:a> <urn:p> 1 } "
                  "GRAPH <urn:t:g2> { <urn:b> <urn:p> 2 } }"})
    r = client.post("/sparql/update", headers=auth, data={
        "update": "INSERT { GRAPH <urn:t:out> { ?s <urn:seen> ?o } } WHERE { ?s <urn:p> ?o }",
        "using-graph-uri": "urn:t:g1"})
    assert r.status_code == 204
    seen = client.get("/sparql", query_string={
        "query": "SELECT ?s WHERE { GRAPH <urn:t:out> { ?s <urn:seen> ?o } }"}).json
    assert [b["s"]["value"] for b in seen["results"]["bindings"]] == ["urn:a"]
    conflict = client.post("/sparql/update", headers=auth, data={
        "update": "WITH <urn:t:g1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "using-named-graph-uri": "urn:t:g2"})
    assert conflict.status_code == 400


@pytest.mark.parametrize("kwargs,status", [
    ({"method": "GET", "query_string": {"update": UPDATE}}, 405),
    ({"method": "POST", "data": {"update": [UPDATE, UPDATE]}}, 400),
    ({"method": "POST", "data": "INSERT DATA {", "content_type": "application/sparql-update"},
     400),
    ({"method": "POST", "data": UPDATE, "content_type": "text/plain"}, 415),
    ({"method": "POST", "data": "LOAD <http://127.0.0.1:9/x.ttl>",
      "content_type": "application/sparql-update"}, 400),
])
def test_bad_updates(client, auth, kwargs, status):
    r = client.open("/sparql/update", headers=auth, **kwargs)
    assert r.status_code == status and r.mimetype == "text/plain"
    assert client.get("/sparql", query_string=ASK).json["boolean"] is False


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.1 that records whether anyone connected to it."""
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def _connections(sock) -> int:
    """Connections waiting in the listener's backlog (none are ever accepted before)."""
    n = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return n
        conn.close()
        n += 1


def test_service_and_load_are_refused_without_any_connection(client, auth, listener):
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    queries = [f"SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
               f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
               f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
               f"CONSTRUCT WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
               f"LOAD <{url}data.ttl>",
               f"LOAD SILENT <{url}data.ttl> INTO GRAPH <urn:t:g>"]
    before = _n(client.get("/sparql", query_string={"query": COUNT}))
    for q in queries:
        for r in (client.get("/sparql", query_string={"query": q}),
                  client.post("/sparql", data={"query": q}),
                  client.post("/sparql", data=q, content_type="application/sparql-query"),
                  client.get("/query", query_string={"query": q})):
            assert r.status_code in (200, 400)  # the query page shows the error in HTML
            assert r.status_code == 400 or b"SERVICE and LOAD are not allowed" in r.data
    # not even with the token on the update URL
    for u in (f"LOAD <{url}data.ttl>", f"LOAD SILENT <{url}x> INTO GRAPH <urn:t:g>",
              f"INSERT {{ GRAPH <urn:t:g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{url}> "
              "{ ?s ?p ?o } }"):
        r = client.post("/sparql/update", data={"update": u}, headers=auth)
        assert r.status_code == 400
    assert _connections(listener) == 0
    assert _n(client.get("/sparql", query_string={"query": COUNT})) == before
    # the listener does work: a real connection is counted
    import socket

    socket.create_connection(listener.getsockname(), timeout=2).close()
    assert _connections(listener) == 1


@pytest.mark.parametrize("update", ["DROP ALL", "CLEAR DEFAULT", "DELETE WHERE { ?s ?p ?o }",
                                    UPDATE])
def test_an_update_without_the_token_changes_nothing_at_all(client, update):
    q = {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o"}
    before = client.get("/sparql", query_string=q).json
    assert len(before["results"]["bindings"]) > 10
    for r in (client.post("/sparql/update", data={"update": update}),
              client.post("/sparql/update", data=update,
                          content_type="application/sparql-update")):
        assert r.status_code == 401
    assert client.get("/sparql", query_string=q).json == before
