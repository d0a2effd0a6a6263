"""kg.results: every SPARQL result format exactly as the W3C specs write it, parsed back
with independent readers (json, ElementTree, csv, rdflib), and content negotiation."""

from __future__ import annotations

import csv
import doctest
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg import results
from kg.results import negotiate, nt_term, serialize_result, text_table
from kg.store import QueryResult

FRENCH = Literal('Il a dit "non", puis\nil est parti', lang="fr")
ROW = (URIRef("http://example.org/a"), Literal(42), FRENCH, BNode("b0"), None)
SELECT = QueryResult("select", variables=["iri", "n", "text", "node", "unbound"], rows=[ROW])
SR = "{http://www.w3.org/2005/sparql-results#}"


def test_docstring_examples_run():
    assert doctest.testmod(results).failed == 0


def test_json_follows_the_w3c_shape():
    data = json.loads(serialize_result(SELECT, "application/sparql-results+json"))
    assert data["head"]["vars"] == SELECT.variables
    b = data["results"]["bindings"][0]
    assert b["iri"] == {"type": "uri", "value": "http://example.org/a"}
    assert b["n"] == {"type": "literal", "value": "42", "datatype": str(XSD.integer)}
    assert b["text"] == {"type": "literal", "value": str(FRENCH), "xml:lang": "fr"}
    assert b["node"] == {"type": "bnode", "value": "b0"}
    assert "unbound" not in b
    plain = QueryResult("select", ["x"], [(Literal("plain"),)])
    assert json.loads(serialize_result(plain, "application/json"))["results"]["bindings"][0][
        "x"] == {"type": "literal", "value": "plain"}  # xsd:string carries no datatype


def test_xml_follows_the_w3c_shape():
    root = ET.fromstring(serialize_result(SELECT, "application/sparql-results+xml"))
    assert [v.get("name") for v in root.iter(SR + "variable")] == SELECT.variables
    bindings = {b.get("name"): b[0] for b in root.iter(SR + "binding")}
    assert bindings["iri"].tag == SR + "uri"
    assert bindings["n"].get("datatype") == str(XSD.integer)
    assert bindings["text"].text == str(FRENCH)
    assert bindings["text"].get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert bindings["node"].tag == SR + "bnode"
    assert "unbound" not in bindings


def test_csv_is_plain_values_with_rfc4180_quoting():
    body = serialize_result(SELECT, "text/csv")
    assert body.startswith(b"iri,n,text,node,unbound\r\n")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert rows[1] == ["http://example.org/a", "42", str(FRENCH), "_:b0", ""]
    assert b'"Il a dit ""non"", puis\nil est parti"' in body


def test_tsv_terms_are_n_triples():
    lines = serialize_result(SELECT, "text/tab-separated-values").decode("utf-8").split("\n")
    assert lines[0] == "?iri\t?n\t?text\t?node\t?unbound"
    assert lines[1].split("\t") == ["<http://example.org/a>", "42",
                                    '"Il a dit \\"non\\", puis\\nil est parti"@fr', "_:b0", ""]
    assert lines[2] == "" and len(lines) == 3  # a multi-line literal stays on one line


def test_nt_term_escapes_like_n_triples():
    assert nt_term(Literal("tab\there")) == '"tab\\there"'
    assert nt_term(Literal("1.0", datatype=XSD.decimal, normalize=False)) == \
        f'"1.0"^^<{XSD.decimal}>'
    assert nt_term(Literal("x", datatype=XSD.string)) == '"x"'


@pytest.mark.parametrize("value", [True, False])
def test_ask_in_every_results_format(value):
    ask = QueryResult("ask", boolean=value)
    assert json.loads(serialize_result(ask, "application/sparql-results+json")) == {
        "head": {}, "boolean": value}
    root = ET.fromstring(serialize_result(ask, "application/sparql-results+xml"))
    assert root.find(SR + "boolean").text == str(value).lower()
    assert serialize_result(ask, "text/csv").split(b"\r\n")[1] == str(value).lower().encode()


@pytest.mark.parametrize("media,fmt", [("text/turtle", "turtle"),
                                       ("application/n-triples", "nt"),
                                       ("application/ld+json", "json-ld"),
                                       ("application/rdf+xml", "xml")])
def test_graphs_round_trip(media, fmt):
    g = Graph()
    g.add((URIRef("urn:a"), URIRef("urn:p"), FRENCH))
    g.add((URIRef("urn:a"), URIRef("urn:q"), Literal(7)))
    back = Graph().parse(data=serialize_result(QueryResult("graph", graph=g), media), format=fmt)
    assert set(back) == set(g)


def test_mismatched_format_is_a_clear_error():
    with pytest.raises(ValueError, match="graph"):
        serialize_result(QueryResult("graph", graph=Graph()), "text/csv")
    with pytest.raises(ValueError):
        serialize_result(SELECT, "text/turtle")


@pytest.mark.parametrize("accept,kind,expected", [
    (None, "select", "application/sparql-results+json"),
    ("", "ask", "application/sparql-results+json"),
    (None, "graph", "text/turtle"),
    ("*/*", "graph", "text/turtle"),
    ("text/csv", "select", "text/csv"),
    ("text/csv", "ask", None),  # no CSV form of ASK in the W3C spec
    ("application/sparql-results+xml;q=0.9, text/csv;q=0.4", "select",
     "application/sparql-results+xml"),
    ("text/*;q=0.9, text/csv;q=0", "select", "text/tab-separated-values"),
    ("application/rdf+xml, text/turtle;q=0.5", "graph", "application/rdf+xml"),
    ("application/ld+json;q=1.0, */*;q=0.1", "graph", "application/ld+json"),
    ("text/html, application/xhtml+xml, */*;q=0.8", "select", "application/sparql-results+json"),
    ("image/png", "select", None),
    ("text/turtle;q=0", "graph", None),
    ("TEXT/Turtle", "graph", "text/turtle"),
])
def test_negotiate(accept, kind, expected):
    assert negotiate(accept, kind) == expected


def test_text_table():
    out = text_table(SELECT).splitlines()
    assert out[0].split(" | ")[0].strip() == "iri"
    assert "http://example.org/a" in out[2] and "_:b0" in out[2]
    assert out[-1] == "(1 row)"
    assert text_table(QueryResult("ask", boolean=True)) == "yes"
    long = QueryResult("select", ["x"], [(Literal("y" * 200),)])
    assert max(len(line) for line in text_table(long).splitlines()) == 200  # whole
    assert max(len(line) for line in text_table(long, width=60).splitlines()) == 60
