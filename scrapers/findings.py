"""A research report's findings as a JSON file (docs/evidence-formats.md): evidence
that is neither a capture nor an article, each finding a pkg:Finding statement."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.iris import Minter, key
from kg.vocab import ASPECTS, PKG, RDF, SCHEMA
from scrapers.attribution import Cast
from scrapers.errors import SourceError
from scrapers.statements import add_statement
from scrapers.types import Statement


def read_findings(doc: dict, *, source: str, minter: Minter, raw: bytes):
    from scrapers.evidence import EvidenceResult

    items = doc.get("findings")
    if not isinstance(items, list) or not items:
        raise SourceError(source, "'findings' must be a non-empty list")
    k = key(raw)
    report = minter.findings(k)
    g = Graph()
    g.add((report, RDF.type, SCHEMA.Report))
    for field, prop in (("title", SCHEMA.headline), ("publisher", None)):
        if doc.get(field) and prop is not None:
            g.add((report, prop, Literal(doc[field])))
    if doc.get("url"):
        g.add((report, SCHEMA.url, URIRef(doc["url"])))
    if doc.get("published"):
        g.add((report, SCHEMA.datePublished, Literal(doc["published"], datatype=XSD.date)))
    text_parts, out = [], []
    for i, f in enumerate(items):
        where = f"{source}: findings[{i}]"
        if not isinstance(f, dict):
            raise SourceError(where, "not an object")
        if f.get("aspect") not in ASPECTS:
            raise SourceError(where, f"unknown aspect {f.get('aspect')!r}")
        text = f.get("description") or f.get("quote")
        if not isinstance(text, str) or not text.strip():
            raise SourceError(where, "'description' (or 'quote') is missing")
        start = sum(len(t) + 1 for t in text_parts)
        text_parts.append(text)
        out.append(Statement("finding", f["aspect"], f.get("polarity", "positive"), text, start,
                             start + len(text), speaker=f.get("who"),
                             claimant=f.get("who") or doc.get("publisher"),
                             subject=f.get("product") or f.get("vendor"),
                             context=list(f.get("context") or []),
                             values=dict(f.get("values") or {})))
    full = "\n".join(text_parts)
    g.add((report, PKG.fullText, Literal(full)))
    products = {f.get("product"): f.get("vendor") for f in items if f.get("product")}
    cast = Cast(companies=[v for v in products.values() if v], products=products, people={},
                publisher=doc.get("publisher"), own_voice=False)
    for st in out:
        add_statement(g, minter, report, full, st, cast)
    summary = {"findings": [{"kind": "finding", "aspect": s.aspect, "polarity": s.polarity,
                             "text": s.text, "subject": s.subject, "values": s.values}
                            for s in out]}
    return EvidenceResult(g, k, report, "findings", summary)
