"""Organisations and products as docs/model.md describes them, written the same way
by every scraper so that rules can walk from a product to the company behind it."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from ontologies.iris import Minter
from ontologies.vocab import RDF, SCHEMA


def organisation(g: Graph, minter: Minter, name: str) -> URIRef:
    """An organisation described as docs/model.md wants it, wherever it is mentioned."""
    iri = minter.organisation(name)
    g.add((iri, RDF.type, SCHEMA.Organization))
    g.add((iri, SCHEMA.name, Literal(name)))
    return iri


def product(g: Graph, minter: Minter, name: str, maker: URIRef | None) -> URIRef:
    """A product with its manufacturer, so rules can walk from product to company."""
    iri = minter.product(name)
    g.add((iri, RDF.type, SCHEMA.Product))
    g.add((iri, SCHEMA.name, Literal(name)))
    if maker is not None:
        g.add((iri, SCHEMA.manufacturer, maker))
    return iri
