"""Named SPARQL queries the web pages use, one `.rq` file each in `kg/queries/`.

Keeping them as files (found with importlib.resources, so they ship in the wheel)
lets a fact-checker read exactly what a page asks, and run it at `/query`. Values are
never pasted into the text: each query names the variables it expects bound, and the
caller passes them as `Store.query(text, bindings={...})`.

>>> "pkg:Contradiction" in load_query("contradictions")
True
>>> sorted(QUERY_NAMES)[:2]
['contradiction', 'contradictions']
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from ontologies.vocab import sparql_prefixes

__all__ = ["load_query", "QUERY_NAMES"]


def _names() -> frozenset[str]:
    folder = resources.files("kg").joinpath("queries")
    return frozenset(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq"))


QUERY_NAMES: frozenset[str] = _names()


@cache
def load_query(name: str) -> str:
    """The text of `kg/queries/<name>.rq` with the project's PREFIX lines before it.
    KeyError for a name that has no file (a typo should fail loudly, not query nothing)."""
    if name not in QUERY_NAMES:
        raise KeyError(f"no query named {name!r}; known: {', '.join(sorted(QUERY_NAMES))}")
    text = resources.files("kg").joinpath(f"queries/{name}.rq").read_text("utf-8")
    return sparql_prefixes() + text
