"""The first fence of the public endpoint: a request that would make the engine reach
the network (SERVICE in a query or an update, LOAD in an update) is refused, decided
from a SPARQL parser's reading of the request, not from keywords in its text.

A regular expression over query text cannot tell an IRI from a less-than sign
(`FILTER(1<2)SERVICE#>` is an IRI to a pattern, a comparison, a keyword and a comment
to the engine), so the decision is rdflib's grammar. Parsing costs milliseconds, so
it runs only on requests that could hold either keyword at all: SPARQL keywords are
ASCII and case-insensitive, and codepoint escapes (`\\u0053ERVICE`) are expanded
first, so a request without "service" and "load" in its expanded, lower-cased text
cannot name them. A request that mentions them and cannot be parsed is refused too.

This runs where the query runs (a query worker, under the deadline), never in the
web process, so a long request costs the client's time, not the server's. The
workers have a second fence that needs no parsing at all (web.no_network).
"""

from __future__ import annotations

import re

__all__ = ["mentions_network", "network_reason", "update_reason", "control_reason"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_REFUSED = ("SERVICE and LOAD are not allowed: the endpoint makes no network requests "
            "on a client's behalf")


def _expanded(text: str) -> str:
    if "\\u" not in text and "\\U" not in text:
        return text

    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else ""

    return _ESCAPE.sub(char, text)


def mentions_network(text: str) -> bool:
    """Whether `text` could name SERVICE or LOAD anywhere (cheap, linear)."""
    lowered = _expanded(text).lower()
    return "service" in lowered or "load" in lowered


def _names_network(tree) -> bool:
    """Whether rdflib's parse tree holds a SERVICE pattern or a LOAD operation."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name in ("ServiceGraphPattern", "Load"):
                return True
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)
        elif hasattr(node, "as_list") and not isinstance(node, str):
            stack.extend(node)  # pyparsing's ParseResults
    return False


def network_reason(text: str, *, update: bool = False) -> str | None:
    """Why `text` (a query, or an update when `update`) is refused, None when it names
    neither SERVICE nor LOAD in a parser's reading."""
    if not mentions_network(text):
        return None
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = (parseUpdate if update else parseQuery)(text)
    except RecursionError:
        return f"{_REFUSED}; this request mentions one of them and is nested too deeply to check"
    except Exception:  # noqa: BLE001 - any grammar error: fail closed
        return (f"{_REFUSED}; this request mentions one of them and could not be read to "
                "confirm that it makes no network request")
    return _REFUSED if _names_network(tree) else None


_UPDATE_WORDS = re.compile(
    r"(?<![\w?$:])(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH|USING)(?![\w:])",
    re.I)


def update_reason(text: str) -> str | None:
    """Why a query sent to a remote store's query URL is refused: its engine might take
    an update there. The embedded engine's query parser refuses updates by itself; a
    remote one is given only what rdflib reads as a query, or text that names no
    update operation at all."""
    if not _UPDATE_WORDS.search(_expanded(text)):
        return None
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except Exception:  # noqa: BLE001 - RecursionError and grammar errors alike
        return "this endpoint answers queries only; updates go to /sparql/update"
    return None


def control_reason(text: str) -> str | None:
    """Why an update is refused for what it would store: control characters other than
    tab and line breaks make SPARQL XML and RDF/XML answers that no parser reads. The
    rule is the store's own (kg.store.refuse_control_update), asked here, in the worker
    that tries the update, so the refusal comes before the web process parses it."""
    from kg.store import StoreError, refuse_control_update

    try:
        refuse_control_update(text)
    except StoreError as e:
        return str(e)
    return None
