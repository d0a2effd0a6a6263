"""The privacykg ontology and SHACL shapes, shipped as package data, and beside them
the Python side of the same terms: vocab.py names them, iris.py mints resource IRIs.

The lowest layer (ontologies <- scrapers <- kg <- web): it imports none of the others.
The .ttl files are loaded through importlib.resources so they are found the same way
from a checkout and from an installed wheel.
"""

from __future__ import annotations

from importlib import resources

from rdflib import Graph

__all__ = ["ontology_graph", "shapes_graph", "ONTOLOGY_FILE", "SHAPES_FILE"]

ONTOLOGY_FILE = "privacykg.ttl"
SHAPES_FILE = "shapes.ttl"


def _load(name: str) -> Graph:
    data = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return Graph().parse(data=data, format="turtle")


def ontology_graph() -> Graph:
    """A fresh graph of the OWL ontology (pkg: terms, labels, alignments).

    >>> from rdflib import OWL, RDF
    >>> from ontologies.vocab import PKG
    >>> (PKG.Claim, RDF.type, OWL.Class) in ontology_graph()
    True
    """
    return _load(ONTOLOGY_FILE)


def shapes_graph() -> Graph:
    """A fresh graph of the SHACL shapes every graph we write must pass."""
    return _load(SHAPES_FILE)
