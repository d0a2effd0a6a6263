"""SPARQL results in the W3C formats (JSON, XML, CSV, TSV) and RDF graphs in Turtle,
N-Triples, JSON-LD and RDF/XML; plus a plain table for the terminal."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef

from kg.store import QueryResult

SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def negotiate(accept: str | None, kind: str) -> str | None:
    """The best media type for a result kind ("select", "ask", "graph") given an Accept
    header with q-values; the default when there is none; None when nothing fits."""
    offered = list(GRAPH_TYPES if kind == "graph" else SELECT_TYPES)
    if kind == "ask":
        offered = [t for t in offered if SELECT_TYPES[t] in ("json", "xml")]
    if not accept or not accept.strip():
        return offered[0]
    choices = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media, q = bits[0].lower(), 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        choices.append((-q, i, media))
    for neg_q, _i, media in sorted(choices):
        if neg_q == 0:
            continue
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0]
            return next((t for t in offered if prefix == "*" or t.startswith(prefix)), None) \
                or (offered[0] if media == "*/*" else None)
    return None


def _json_term(t) -> dict:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    d = {"type": "literal", "value": str(t)}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype:
        d["datatype"] = str(t.datatype)
    return d


def _xml_term(t) -> str:
    if isinstance(t, URIRef):
        return f"<uri>{escape(str(t))}</uri>"
    if isinstance(t, BNode):
        return f"<bnode>{escape(str(t))}</bnode>"
    attr = ""
    if t.language:
        attr = f" xml:lang={quoteattr(t.language)}"
    elif t.datatype:
        attr = f" datatype={quoteattr(str(t.datatype))}"
    return f"<literal{attr}>{escape(str(t))}</literal>"


def serialize_result(result: QueryResult, media_type: str) -> bytes:
    if result.kind == "graph":
        fmt = GRAPH_TYPES[media_type]
        out = result.graph.serialize(format=fmt)
        return out.encode("utf-8") if isinstance(out, str) else out
    fmt = SELECT_TYPES[media_type]
    if result.kind == "ask":
        if fmt == "xml":
            return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                    f"<head/><boolean>{'true' if result.boolean else 'false'}</boolean></sparql>\n"
                    ).encode()
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode()
    if fmt == "json":
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": [
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows]}}, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in result.variables)
        rows = "".join(
            "<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                 for v, t in zip(result.variables, row, strict=True)
                                 if t is not None) + "</result>" for row in result.rows)
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head>{head}</head><results>{rows}</results></sparql>\n").encode()
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(result.variables)
        for row in result.rows:
            w.writerow(["" if t is None else str(t) for t in row])
        return buf.getvalue().encode("utf-8")
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else _tsv(t) for t in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _tsv(t) -> str:
    if isinstance(t, Literal) and not t.language and t.datatype and str(t.datatype).endswith(
            "#integer"):
        return str(t)
    return t.n3().replace("\t", "\\t").replace("\n", "\\n")


def text_table(result: QueryResult) -> str:
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    if result.kind == "graph":
        return result.graph.serialize(format="turtle")
    rows = [[("" if t is None else str(t)) for t in row] for row in result.rows]
    widths = [max([len(v)] + [min(len(r[i]), 60) for r in rows])
              for i, v in enumerate(result.variables)]
    line = " | ".join(v.ljust(w) for v, w in zip(result.variables, widths, strict=True))
    out = [line, "-+-".join("-" * w for w in widths)]
    for r in rows:
        out.append(" | ".join((c if len(c) <= 60 else c[:57] + "...").ljust(w)
                              for c, w in zip(r, widths, strict=True)))
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
