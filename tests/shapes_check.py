"""SHACL check for tests: `assert_conforms(graph)` fails with pyshacl's report.

Import it from any test (pytest puts tests/ on sys.path):

    from shapes_check import assert_conforms
"""

from __future__ import annotations

from functools import cache

from pyshacl import validate
from rdflib import Graph

from ontologies import ontology_graph, shapes_graph

__all__ = ["assert_conforms", "shacl_report"]


@cache
def _graphs() -> tuple[Graph, Graph]:
    # Parsed once per test session; pyshacl copies the data graph before it
    # mixes the ontology in, so these are never modified.
    return shapes_graph(), ontology_graph()


def shacl_report(graph: Graph) -> tuple[bool, str]:
    """(conforms, report text) for `graph` against the project's shapes."""
    shapes, ontology = _graphs()
    conforms, _, text = validate(
        graph,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=False,
        allow_warnings=False,
    )
    return bool(conforms), str(text)


def assert_conforms(graph: Graph) -> None:
    """Fail the test, showing every violation, unless `graph` passes the shapes."""
    conforms, text = shacl_report(graph)
    assert conforms, text
