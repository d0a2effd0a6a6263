"""The query workers write SPARQL JSON from pyoxigraph's terms, piece by piece, with
each term's text kept: it must be the very bytes json.dumps writes for the whole
document, for every kind of term, unbound variables and empty results included."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from web.query_worker import Job, _json_term_ox, _select_json

DATA = r"""INSERT DATA { GRAPH <urn:g> {
  <urn:a> <urn:p> "naïve \"q\"\n\t\\ </x> \u0001"@fr-be ,
      "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> , "plain" , 3 , true , "東京"@ja ,
      _:b1 , <http://x/é?a=1&b=%20#f> .
  _:b1 <urn:p> "x\u2028y" } }"""

QUERIES = ["SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
           "SELECT ?s ?x ?o WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?x } } ORDER BY ?o",
           "SELECT ?nothing WHERE { }",
           "SELECT * WHERE { FILTER(false) }",
           'SELECT ("a\\"b" AS ?odd) ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 2']


@pytest.fixture(scope="module")
def store():
    s = ox.Store()
    s.update(DATA)
    return s


def _dumped(raw) -> bytes:
    names = [v.value for v in raw.variables]
    rows = [{v: _json_term_ox(t) for v, t in zip(names, sol, strict=True) if t is not None}
            for sol in raw]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": rows}},
                      ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("query", QUERIES)
def test_the_pieces_make_what_json_dumps_writes(store, query):
    job = Job(query, accept="application/sparql-results+json")
    for _ in range(2):  # the second time from the kept term texts
        answer = _select_json(store.query(query, use_default_graph_as_union=True), job)
        assert answer.status == 200
        assert answer.body == _dumped(store.query(query, use_default_graph_as_union=True))


def test_the_limit_is_checked_while_reading(store):
    job = Job(QUERIES[0], accept="application/sparql-results+json", limit=3)
    answer = _select_json(store.query(job.query, use_default_graph_as_union=True), job)
    assert answer.status == 413 and "more than 3 rows" in answer.message
