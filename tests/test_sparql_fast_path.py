"""web.fast_sparql answers plain /sparql queries without Flask: every request must get
byte for byte the answer the Flask view gives (status, headers, body), the requests it
does not recognise must reach the view, and the rate limit must count each request
once whichever path answers it."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import pytest
from werkzeug.test import EnvironBuilder

from web import create_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ROWS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 5"
FORM = "application/x-www-form-urlencoded"


def _call(wsgi, environ: dict) -> tuple[str, list[tuple[str, str]], bytes]:
    seen: list = []

    def start_response(status, headers, exc_info=None):
        seen.append((status, headers))

    body = b"".join(wsgi(environ, start_response))
    status, headers = seen[0]
    return status, sorted(headers), body


def _environ(method: str = "GET", query: dict | list | None = None, data=None,
             content_type: str | None = None, headers: dict | None = None) -> dict:
    return EnvironBuilder(path="/sparql", method=method, query_string=query, data=data,
                          content_type=content_type, headers=headers or {}).get_environ()


class _Inner:
    """The Flask app behind the fast path, counting the requests that reach it."""

    def __init__(self, wsgi) -> None:
        self.wsgi, self.calls = wsgi, 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.wsgi(environ, start_response)


def _both(app, environ_args: dict) -> tuple[tuple, tuple, bool]:
    """(fast answer, Flask view's answer, whether the fast path answered it itself)."""
    inner = _Inner(app.wsgi_app.wsgi_app)
    app.wsgi_app.wsgi_app = inner
    try:
        fast = _call(app.wsgi_app, _environ(**environ_args))
    finally:
        app.wsgi_app.wsgi_app = inner.wsgi
    view = _call(inner.wsgi, _environ(**environ_args))
    return fast, view, inner.calls == 0


ANSWERED = {
    "get": {"query": {"query": COUNT}},
    "get rows": {"query": {"query": ROWS}},
    "get xml": {"query": {"query": ROWS}, "headers": {"Accept": "application/sparql-results+xml"}},
    "get csv by format": {"query": {"query": ROWS, "format": "csv"}},
    "get tsv": {"query": {"query": ROWS}, "headers": {"Accept": "text/tab-separated-values"}},
    "get ask": {"query": {"query": "ASK { ?s ?p ?o }"}},
    "get construct": {"query": {"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"}},
    "get construct n-triples": {
        "query": {"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"},
        "headers": {"Accept": "application/n-triples"}},
    "get unacceptable": {"query": {"query": COUNT}, "headers": {"Accept": "image/png"}},
    "get syntax error": {"query": {"query": "SELECT WHERE {"}},
    "get over the result limit": {"query": {"query": "SELECT * WHERE { ?s ?p ?o }"}},
    "get dataset": {"query": [("query", COUNT), ("default-graph-uri", "urn:x:a"),
                              ("named-graph-uri", "urn:x:b"), ("named-graph-uri", "urn:x:c")]},
    "get unknown parameter": {"query": {"query": COUNT, "timeout": "5"}},
    "get unicode": {"query": {"query": 'SELECT ?s WHERE { ?s ?p "Zürich — 東京" }'}},
    "post form": {"method": "POST", "data": urlencode({"query": ROWS}), "content_type": FORM},
    "post form utf-8": {"method": "POST", "data": urlencode({"query": ROWS}),
                        "content_type": FORM + "; charset=UTF-8"},
    "post form, query in the URL": {"method": "POST", "query": {"query": ROWS},
                                    "data": urlencode({"format": "xml"}), "content_type": FORM},
    "post form dataset": {"method": "POST", "query": {"default-graph-uri": "urn:x:a"},
                          "data": urlencode({"query": COUNT, "named-graph-uri": "urn:x:b"}),
                          "content_type": FORM},
    "post direct": {"method": "POST", "data": ROWS, "content_type": "application/sparql-query"},
    "post direct dataset": {"method": "POST", "query": {"default-graph-uri": "urn:x:a"},
                            "data": COUNT, "content_type": "application/sparql-query"},
    # refused by the runner (the query fence runs where the query runs), the same answer
    # on both paths
    "an update as the query": {"query": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    "SERVICE": {"query": {"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}},
}

PASSED_ON = {
    "service description": {},
    "two queries": {"query": [("query", COUNT), ("query", COUNT)]},
    "blank query": {"query": {"query": "  "}},
    "update in the URL": {"query": {"query": COUNT, "update": "CLEAR ALL"}},
    "bad percent-encoding": {"query": "query=%FF"},
    "HEAD": {"method": "HEAD", "query": {"query": COUNT}},
    "OPTIONS": {"method": "OPTIONS"},
    "PUT": {"method": "PUT", "data": COUNT, "content_type": "application/sparql-query"},
    "post text/plain": {"method": "POST", "data": COUNT, "content_type": "text/plain"},
    "post without a type": {"method": "POST", "data": COUNT},
    "post latin-1": {"method": "POST", "data": urlencode({"query": COUNT}),
                     "content_type": FORM + "; charset=latin-1"},
    "post not UTF-8": {"method": "POST", "data": b"query=SELECT \xff", "content_type": FORM},
    "post form update": {"method": "POST", "data": urlencode({"update": "CLEAR ALL"}),
                         "content_type": FORM},
    "post form two queries": {"method": "POST", "query": {"query": COUNT},
                              "data": urlencode({"query": COUNT}), "content_type": FORM},
    "post direct and a query parameter": {"method": "POST", "query": {"query": COUNT},
                                          "data": COUNT,
                                          "content_type": "application/sparql-query"},
    "post direct empty": {"method": "POST", "data": "", "content_type": "application/sparql-query"},
    "post a large body": {"method": "POST", "data": ROWS + " " * 100_000 + "\n",
                          "content_type": "application/sparql-query"},
}


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    from conftest import TOKEN, build_case

    from kg.settings import Settings
    from kg.store import EmbeddedStore

    folder = tmp_path_factory.mktemp("fast")
    settings = Settings(store=folder / "store", token=TOKEN, result_limit=20)
    store = EmbeddedStore(settings.store)
    build_case(store, settings)
    app = create_app(settings, store)
    yield app
    app.extensions["privacykg.runner"].close()
    store.close()


@pytest.mark.parametrize("name", ANSWERED)
def test_the_fast_path_answers_as_the_view_does(shared, name):
    fast, view, answered = _both(shared, ANSWERED[name])
    assert answered, "the fast path handed a plain query on to Flask"
    assert fast == view


@pytest.mark.parametrize("name", PASSED_ON)
def test_other_requests_reach_the_view(shared, name):
    fast, view, answered = _both(shared, PASSED_ON[name])
    assert not answered
    assert fast == view


def test_the_answers_are_what_they_should_be(shared):
    """Not only the same as the view's: right (a pooled store, so through the workers)."""
    assert shared.extensions["privacykg.runner"].pooled
    status, headers, body = _call(shared.wsgi_app, _environ(query={"query": "ASK {}"}))
    assert status == "200 OK" and body == b'{"head": {}, "boolean": true}'
    assert ("Access-Control-Allow-Origin", "*") in headers
    assert ("X-Content-Type-Options", "nosniff") in headers
    status, headers, body = _call(shared.wsgi_app,
                                  _environ(query={"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert status == "413 REQUEST ENTITY TOO LARGE"
    assert body.startswith(b"the result has more than 20 rows")


def test_the_rate_limit_counts_both_paths(settings, store, case):
    app = create_app(replace(settings, rate_limit=3, query_workers=0), store)
    client = app.test_client()
    assert client.get("/sparql", query_string={"query": COUNT}).status_code == 200  # fast
    assert client.get("/sparql").status_code == 200  # the view: service description
    assert client.post("/sparql", data={"query": COUNT}).status_code == 200  # fast
    over = client.get("/sparql", query_string={"query": COUNT})
    assert over.status_code == 429 and int(over.headers["Retry-After"]) >= 1
    assert over.mimetype == "text/plain" and over.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/sparql").status_code == 429
    assert client.options("/sparql").status_code == 204  # preflights are not counted


def test_a_failing_runner_is_a_plain_500(settings, store, case, monkeypatch):
    app = create_app(replace(settings, query_workers=0), store)
    from web.endpoint import runner_for

    monkeypatch.setattr(runner_for(app), "run", lambda job: 1 / 0)
    r = app.test_client().get("/sparql", query_string={"query": COUNT})
    assert r.status_code == 500 and r.mimetype == "text/plain"
    assert r.headers["Access-Control-Allow-Origin"] == "*"
