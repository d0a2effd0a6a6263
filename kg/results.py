"""Query results on the wire: the W3C SPARQL 1.1 result formats and RDF graph syntaxes.

One module turns a `QueryResult` into bytes, so `/sparql`, the query page and
`privacykg query --format` all speak exactly the same formats:

- SELECT / ASK: `application/sparql-results+json` (SPARQL 1.1 Query Results JSON,
  written here), `application/sparql-results+xml`, `text/csv` and
  `text/tab-separated-values`, written by Oxigraph's results writers from that JSON
  (so every path, and a plain Oxigraph server, give the same bytes). CSV and TSV have
  no ASK form in the W3C specs; ours is one column `_askResult` (as Jena writes it) so
  the CLI can still print one.
- CONSTRUCT / DESCRIBE: `text/turtle`, `application/n-triples`, `application/ld+json`,
  `application/rdf+xml`, written by Oxigraph's own writers (`write_rdf`), which keep every
  lexical form as it is ("5."^^xsd:decimal, "1"^^xsd:boolean, "NaN"^^xsd:double) and
  escape what XML needs; rdflib's wrote invalid Turtle and JSON for those, and lost
  blank nodes that refer to each other in JSON-LD.

Three functions are the whole API:

>>> from kg.store import QueryResult
>>> from rdflib import Literal
>>> r = QueryResult("select", variables=["n"], rows=[(Literal(3),)])
>>> negotiate("text/csv;q=0.5, application/sparql-results+json", "select")
'application/sparql-results+json'
>>> serialize_result(r, "text/csv")
b'n\\r\\n3\\r\\n'
>>> print(text_table(r))
n
-
3
(1 row)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

from kg.store import QueryResult, Term, to_ox
from ontologies.vocab import PREFIXES

__all__ = ["RESULT_TYPES", "GRAPH_TYPES", "negotiate", "serialize_result", "text_table",
           "nt_term", "write_rdf", "NotRepresentable"]

# media type -> short name, in the order we prefer them when the client does not care
RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/x-turtle": "turtle",
    "text/plain": "nt",  # N-Triples' old media type; curl-friendly
    "application/json": "json-ld",
}
_ASK_TYPES = [t for t in RESULT_TYPES if RESULT_TYPES[t] in ("json", "xml")]
_SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"


def _offered(kind: str) -> list[str]:
    if kind == "graph":
        return list(GRAPH_TYPES)
    if kind == "ask":
        return _ASK_TYPES
    if kind == "select":
        return list(RESULT_TYPES)
    raise ValueError(f"unknown result kind {kind!r}")


def _parse_accept(accept: str) -> list[tuple[str, str, float]]:
    """(type, subtype, q) for each media range of an Accept header."""
    ranges = []
    for part in accept.split(","):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for b in bits[1:]:
            name, _, value = b.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        main, _, sub = media.partition("/")
        ranges.append((main.strip(), sub.strip(), q))
    return ranges


def negotiate(accept: str | None, kind: str) -> str | None:
    """The media type to answer a result of `kind` ("select", "ask" or "graph") with.

    RFC 9110 rules: each offered type takes the q of the most specific range that
    matches it (`text/csv` beats `text/*` beats `*/*`), q=0 refuses it; among equal
    q the first offered type wins (results JSON, Turtle). No Accept header gives that
    default; None means nothing acceptable (answer 406).

    >>> negotiate(None, "graph")
    'text/turtle'
    >>> negotiate("text/*;q=0.9, text/csv;q=0", "select")
    'text/tab-separated-values'
    >>> negotiate("image/png", "ask") is None
    True
    """
    offered = _offered(kind)
    if not accept or not accept.strip():
        return offered[0]
    ranges = _parse_accept(accept)
    best, best_q = None, 0.0
    for media in offered:
        main, sub = media.split("/")
        q, specificity = None, -1
        for r_main, r_sub, r_q in ranges:
            if r_main == main and r_sub == sub:
                spec = 2
            elif r_main == main and r_sub == "*":
                spec = 1
            elif r_main == "*" and r_sub == "*":
                spec = 0
            else:
                continue
            if spec > specificity:
                q, specificity = r_q, spec
        if q is not None and q > best_q:
            best, best_q = media, q
    return best


# --- terms -------------------------------------------------------------------


def _nt_escape(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    return out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def nt_term(term: Term) -> str:
    """A term in N-Triples syntax (what TSV and the resource pages show).

    rdflib's `n3()` is not enough: it writes multi-line literals in Turtle's
    triple-quoted form, which is not N-Triples.

    >>> nt_term(Literal("a\\tb", lang="en"))
    '"a\\\\tb"@en'
    """
    if isinstance(term, URIRef):
        iri = "".join(c if c not in '<>"{}|^`\\ ' and ord(c) > 0x20 else f"\\u{ord(c):04X}"
                      for c in str(term))
        return f"<{iri}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        lexical = f'"{_nt_escape(str(term))}"'
        if term.language:
            return f"{lexical}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{lexical}^^<{term.datatype}>"
        return lexical
    raise TypeError(f"not an RDF term: {term!r}")


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


# --- whole results -----------------------------------------------------------


def serialize_result(result: QueryResult, media_type: str) -> bytes:
    """`result` in the format `media_type` names (a key of RESULT_TYPES for SELECT/ASK,
    of GRAPH_TYPES for CONSTRUCT/DESCRIBE), UTF-8. ValueError when the pair does not
    fit, e.g. a graph asked for as CSV: call `negotiate` first."""
    media_type = media_type.split(";")[0].strip().lower()
    if result.kind == "graph":
        fmt = GRAPH_TYPES.get(media_type)
        if fmt is None or result.graph is None:
            raise ValueError(f"a graph cannot be written as {media_type}")
        return write_rdf(result.graph, fmt)
    fmt = RESULT_TYPES.get(media_type)
    if fmt is None:
        raise ValueError(f"a {result.kind} result cannot be written as {media_type}")
    if result.kind == "ask":
        return _ask(bool(result.boolean), fmt)
    if fmt == "json":
        return _select_json(result)
    return _select_by_oxigraph(result, fmt)


_OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
               "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
               "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


class NotRepresentable(ValueError):
    """The graph cannot be written in the asked syntax at all (RDF/XML needs every
    predicate to end in an XML name: `<http://example.org/p/>` has none)."""


# the end of an IRI that can be an XML element's local name
_XML_LOCAL = re.compile(r"[A-Za-z_][\w.-]*$")


def _as_ox(term):
    return term if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) \
        else to_ox(term)


def write_rdf(statements: Iterable, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """Triples (an rdflib Graph, or (s, p, o) tuples of rdflib or pyoxigraph terms) or quads
    ((s, p, o, g), g a graph name, an rdflib Graph or None for the default graph) in `fmt`
    ("turtle", "nt", "json-ld", "xml", "nquads", "trig"), written by Oxigraph. Turtle,
    TriG and RDF/XML get the project's prefixes (or `prefixes`). NotRepresentable when
    the syntax cannot carry the triples (RDF 1.2 triple terms in JSON-LD)."""
    target = _OX_FORMATS[fmt]
    with_graphs = target in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD)
    items = []
    for t in statements:
        s, p, o = (_as_ox(x) for x in t[:3])
        if target is ox.RdfFormat.RDF_XML and not _XML_LOCAL.search(p.value):
            raise NotRepresentable(f"the predicate <{p.value}> has no XML name, so the answer "
                                   "cannot be written as RDF/XML; ask for Turtle or N-Triples")
        if not with_graphs:
            items.append(ox.Triple(s, p, o))
            continue
        g = t[3] if len(t) == 4 else None
        g = g.identifier if isinstance(g, Graph) else g
        name = ox.DefaultGraph() if g is None or g == DATASET_DEFAULT_GRAPH_ID else to_ox(g)
        items.append(ox.Quad(s, p, o, name))
    kwargs = {}
    if target in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML):
        kwargs["prefixes"] = prefixes if prefixes is not None else dict(PREFIXES)
    try:
        return ox.serialize(items, format=target, **kwargs) or b""
    except OSError as e:  # pyoxigraph's "JSON-LD does not support RDF 1.2 yet"
        raise NotRepresentable(f"{e}; ask for Turtle or N-Triples") from e


def _ask(value: bool, fmt: str) -> bytes:
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{_SPARQL_RESULTS}">'
                f"<head/><boolean>{word}</boolean></sparql>\n").encode()
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n".encode()
    return f"?_askResult\n{word}\n".encode()


def _select_json(result: QueryResult) -> bytes:
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row, strict=True)
                 if t is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")


_OX_RESULTS = {"xml": ox.QueryResultsFormat.XML, "csv": ox.QueryResultsFormat.CSV,
               "tsv": ox.QueryResultsFormat.TSV}


def _select_by_oxigraph(result: QueryResult, fmt: str) -> bytes:
    """XML, CSV and TSV written by Oxigraph's results writers, from the JSON above: the
    same bytes as the query workers write and as a plain Oxigraph server."""
    solutions = ox.parse_query_results(_select_json(result), format=ox.QueryResultsFormat.JSON)
    return solutions.serialize(format=_OX_RESULTS[fmt]) or b""


def in_query_order(result: QueryResult, sparql: str) -> QueryResult:
    """A `SELECT *` answer with its columns in the order the query names the variables
    (the engine gives them sorted by name); any other answer as it is."""
    if result.kind != "select" or not re.search(r"(?is)\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*",
                                                sparql):
        return result
    seen = list(dict.fromkeys(re.findall(r"[?$]([A-Za-z_][\w]*)", sparql)))
    order = [v for v in seen if v in result.variables]
    order += [v for v in result.variables if v not in order]
    if order == list(result.variables):
        return result
    at = [result.variables.index(v) for v in order]
    return QueryResult("select", variables=order,
                       rows=[tuple(row[i] for i in at) for row in result.rows])


def text_table(result: QueryResult, width: int | None = None) -> str:
    """A plain table for the terminal (`privacykg query`): IRIs and literals as their
    text, whole (or cut at `width` characters), a row count at the end; ASK prints
    yes/no and a graph prints as Turtle (Oxigraph's writer)."""
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    if result.kind == "graph":
        return write_rdf(result.graph, "turtle").decode("utf-8") \
            if result.graph is not None else ""

    def cell(t: Term | None) -> str:
        text = _csv_value(t).replace("\n", " ")
        return text if width is None or len(text) <= width else text[: width - 3] + "..."

    rows = [[cell(t) for t in row] for row in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(result.variables)]
    out = [" | ".join(v.ljust(w) for v, w in zip(result.variables, widths, strict=True)).rstrip(),
           "-+-".join("-" * w for w in widths)]
    out += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            for r in rows]
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out)
