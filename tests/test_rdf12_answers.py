"""Answers with RDF 1.2 terms (triple terms, base directions) and the other result
writers' edge cases: the endpoint's answers in every format are Oxigraph's own, byte for
byte, except SELECT JSON, which is written here and must read back as the same solutions.
(Before: a triple term in a SELECT was a 500 in JSON and a 400 "not an Oxigraph term"
elsewhere, and "hello"@en--ltr lost its direction in every format.)"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.results import serialize_result
from kg.store import EmbeddedStore
from web.query_worker import FORMAT_PARAM, Job, _run_on_ox

SELECTS = [
    'SELECT ?t ?l WHERE { BIND(<<( <urn:a> <urn:b> "c" )>> AS ?t) '
    'BIND(STRLANGDIR("hello", "en", "ltr") AS ?l) }',
    # a triple term inside a triple term, with a language
    'SELECT ?t WHERE { BIND(<<( <urn:s> <urn:p> <<( <urn:a> <urn:b> "x"@de )>> )>> AS ?t) }',
    # an ill-typed integer with a non-ASCII digit is no bare TSV number
    'SELECT ?x ?y WHERE { BIND("\u0663"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?x) '
    'BIND(12 AS ?y) }',
    'SELECT ?d ?n WHERE { BIND(5.0 AS ?d) BIND("NaN"^^<http://www.w3.org/2001/XMLSchema#double> '
    'AS ?n) }',
]
CONSTRUCT = ('CONSTRUCT { <urn:x> <urn:y> ?t . <urn:x> <urn:z> ?l } WHERE { '
             'BIND(<<( <urn:a> <urn:b> "c" )>> AS ?t) BIND(STRLANGDIR("hi", "ar", "rtl") AS ?l) }')
_OX_FORMAT = {"xml": ox.QueryResultsFormat.XML, "csv": ox.QueryResultsFormat.CSV,
              "tsv": ox.QueryResultsFormat.TSV}


@pytest.fixture(scope="module")
def store():
    return ox.Store()


def _solutions(body: bytes, fmt) -> list[dict[str, str]]:
    parsed = ox.parse_query_results(body, format=fmt)
    names = [v.value for v in parsed.variables]
    return [{n: str(t) for n, t in zip(names, sol, strict=True) if t is not None}
            for sol in parsed]


@pytest.mark.parametrize("query", SELECTS)
@pytest.mark.parametrize("fmt", ["xml", "csv", "tsv"])
def test_select_is_written_by_oxigraph(store, query, fmt):
    answer = _run_on_ox(store, Job(query, format=fmt))
    assert answer.status == 200, answer.message
    assert answer.body == store.query(query).serialize(format=_OX_FORMAT[fmt])


@pytest.mark.parametrize("query", SELECTS)
def test_select_json_reads_back_as_oxigraphs_solutions(store, query):
    answer = _run_on_ox(store, Job(query, format="json"))
    assert answer.status == 200, answer.message
    json.loads(answer.body)
    reference = store.query(query).serialize(format=ox.QueryResultsFormat.JSON)
    assert _solutions(answer.body, ox.QueryResultsFormat.JSON) == \
        _solutions(reference, ox.QueryResultsFormat.JSON)


def test_the_direction_is_kept():
    store = ox.Store()
    answer = _run_on_ox(store, Job(SELECTS[0], format="json"))
    binding = json.loads(answer.body)["results"]["bindings"][0]
    assert binding["l"] == {"type": "literal", "value": "hello", "xml:lang": "en",
                            "its:dir": "ltr"}
    assert binding["t"]["type"] == "triple"
    tsv = _run_on_ox(store, Job(SELECTS[0], format="tsv")).body.decode()
    assert '"hello"@en--ltr' in tsv and '<<( <urn:a> <urn:b> "c" )>>' in tsv


@pytest.mark.parametrize("fmt, syntax", [("ttl", ox.RdfFormat.TURTLE),
                                         ("nt", ox.RdfFormat.N_TRIPLES),
                                         ("rdfxml", ox.RdfFormat.RDF_XML)])
def test_construct_with_rdf12_terms_is_written_and_reads_back(store, fmt, syntax):
    answer = _run_on_ox(store, Job(CONSTRUCT, format=fmt))
    assert answer.status == 200, answer.message
    assert answer.media == FORMAT_PARAM[fmt]
    got = {str(t) for t in ox.parse(answer.body, format=syntax)}
    assert got == {str(t) for t in store.query(CONSTRUCT)}
    assert any("--rtl" in t for t in got) and any("<<(" in t for t in got)


def test_json_ld_cannot_carry_triple_terms_and_says_so(store):
    answer = _run_on_ox(store, Job(CONSTRUCT, format="jsonld"))
    assert answer.status == 406
    assert "JSON-LD" in answer.message and "Turtle" in answer.message
    assert "\n" not in answer.message


def test_the_row_and_triple_limits_still_hold(store):
    many = "SELECT ?n WHERE { VALUES ?n { 1 2 3 4 5 } }"
    for fmt in ("json", "xml", "csv", "tsv"):
        answer = _run_on_ox(store, Job(many, format=fmt, limit=3))
        assert answer.status == 413 and "more than 3 rows" in answer.message
    triples = "CONSTRUCT { ?n <urn:p> 1 } WHERE { VALUES ?n { <urn:a> <urn:b> <urn:c> } }"
    answer = _run_on_ox(store, Job(triples, format="ttl", limit=2))
    assert answer.status == 413 and "more than 2 triples" in answer.message


def test_the_in_process_writers_are_the_workers_writers():
    # the path for in-memory and remote stores writes through kg.results: same bytes
    store = EmbeddedStore(None)
    query = SELECTS[2]
    result = store.query(query)
    for fmt, media in (("xml", "application/sparql-results+xml"), ("csv", "text/csv"),
                       ("tsv", "text/tab-separated-values")):
        assert serialize_result(result, media) == \
            store.oxigraph.query(query).serialize(format=_OX_FORMAT[fmt])


def test_the_query_command_refuses_rdf12_terms_in_one_line(tmp_path):
    import subprocess
    import sys

    store = tmp_path / "store"
    EmbeddedStore(store).close()
    done = subprocess.run([sys.executable, "-m", "kg.cli", "--store", str(store), "query",
                           SELECTS[0]], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "RDF 1.2" in lines[0] and "/sparql" in lines[0], done.stderr
