"""A resource as RDF for programs: which RDF media type a client prefers over HTML, and
the answer itself, what the store says about the IRI with the project's prefixes.

Both routes that serve a resource either way use it: /id/<path> (web.resources, which
opens a contradiction's page from web.pages) and /contradictions/<path> (web.pages).
Here, it spares web.pages importing web.resources back.
"""

from __future__ import annotations

from flask import Response, abort, current_app, request
from rdflib import Graph, URIRef

from kg.queries import load_query
from kg.results import NotRepresentable, write_rdf
from ontologies.vocab import PREFIXES

__all__ = ["RDF_FORMATS", "wants_rdf", "describe_graph", "rdf_response"]

RDF_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt",
               "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


def wants_rdf() -> str | None:
    """The RDF media type the client prefers over HTML, if any (HTML wins ties, so a
    browser's `*/*` still gets the page)."""
    best = request.accept_mimetypes.best_match(["text/html", *RDF_FORMATS])
    return best if best in RDF_FORMATS else None


def describe_graph(iri: URIRef) -> Graph:
    """What the store says about `iri` (and its blank nodes), prefixes bound."""
    g = current_app.config["STORE"].query(load_query("resource"), {"s": iri}).graph or Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def rdf_response(iri: URIRef, media: str) -> Response:
    g = describe_graph(iri)
    if not len(g):
        abort(404)
    try:
        body = write_rdf(g, RDF_FORMATS[media])
    except NotRepresentable as e:
        abort(406, str(e))
    return Response(body, mimetype=media, headers={"Vary": "Accept",
                                                   "Access-Control-Allow-Origin": "*"})
