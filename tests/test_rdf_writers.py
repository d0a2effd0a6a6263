"""CONSTRUCT answers and exports are written by Oxigraph's writers (kg.results.write_rdf):
each defect rdflib's writers had, as a small case, read back by a strict parser."""

from __future__ import annotations

import json
import xml.dom.minidom

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.results import NotRepresentable, serialize_result, write_rdf
from kg.store import EmbeddedStore, QueryResult

EX = "http://example.org/"


def _graph(*triples) -> QueryResult:
    g = Graph()
    for t in triples:
        g.add(t)
    return QueryResult("graph", graph=g)


def _exact(lexical: str, datatype) -> Literal:
    return Literal(lexical, datatype=datatype, normalize=False)  # as the store gives it


def _read(body: bytes, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
    return {(str(t.subject), str(t.predicate), str(t.object))
            for t in ox.parse(body, format=fmt)}


@pytest.mark.parametrize("literal", [
    _exact("5.", XSD.decimal), _exact("1", XSD.boolean), _exact("NaN", XSD.double),
    _exact("INF", XSD.double), _exact("01", XSD.integer), _exact("1E+3", XSD.double),
])
@pytest.mark.parametrize("media, fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML), ("application/n-triples",
                                                    ox.RdfFormat.N_TRIPLES)])
def test_lexical_forms_come_back_exactly(literal, media, fmt):
    body = serialize_result(_graph((URIRef(EX + "s"), URIRef(EX + "p"), literal)), media)
    if media == "application/ld+json":
        json.loads(body)  # valid JSON: no bare NaN or Infinity
    (triple,) = _read(body, fmt)
    assert triple[2] == f'"{literal}"^^<{literal.datatype}>'


def test_blank_nodes_that_refer_to_each_other_survive_json_ld():
    a, b = BNode("a"), BNode("b")
    p = URIRef(EX + "knows")
    body = serialize_result(_graph((a, p, b), (b, p, a)), "application/ld+json")
    assert len(list(ox.parse(body, format=ox.RdfFormat.JSON_LD))) == 2


def test_a_predicate_with_an_ampersand_is_valid_rdf_xml():
    body = serialize_result(_graph((URIRef(EX + "s"), URIRef(EX + "a&b"), Literal("x"))),
                            "application/rdf+xml")
    xml.dom.minidom.parseString(body)
    assert _read(body, ox.RdfFormat.RDF_XML) == {(f"<{EX}s>", f"<{EX}a&b>", '"x"')}


def test_a_predicate_rdf_xml_cannot_name_is_refused_not_written_invalid():
    with pytest.raises(NotRepresentable, match="Turtle"):
        serialize_result(_graph((URIRef(EX + "s"), URIRef(EX + "p/"), Literal("y"))),
                         "application/rdf+xml")


def test_quads_keep_their_graphs_and_lexical_forms():
    quads = [(URIRef(EX + "s"), URIRef(EX + "p"), _exact("5.", XSD.decimal), URIRef(EX + "g")),
             (URIRef(EX + "s"), URIRef(EX + "p"), Literal("x"), None)]
    body = write_rdf(quads, "nquads").decode()
    assert f'"5."^^<{XSD.decimal}> <{EX}g> .' in body and f'<{EX}p> "x" .' in body


def test_the_whole_store_exports_as_nquads_the_store_reads_back(tmp_path):
    from kg.exports import export
    from kg.settings import Settings

    store = EmbeddedStore(None)
    store.update(f'INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}s> <{EX}p> "x"@en, 3 }} }}')
    body = export(store, "nquads", Settings())
    again = EmbeddedStore(None)
    again.oxigraph.load(body.encode(), format=ox.RdfFormat.N_QUADS)
    assert len(again.oxigraph) == 2
