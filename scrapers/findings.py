"""A research report's findings as a JSON file (docs/evidence-formats.md).

Some evidence is neither a capture we made nor an article we can parse: a
researcher's report, a regulator's decision, an audit. Its findings are written
down one by one, each with its exact quote or description, and become
`pkg:Finding` statements exactly like the findings the article reader extracts,
so the same rules compare them with companies' claims.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef

from ontologies.iris import Minter, key
from ontologies.vocab import (
    ASPECTS,
    PKG,
    POLARITY,
    PROV,
    RDF,
    SCHEMA,
    SINGLE_VALUES,
    VALUE_PROPERTIES,
)
from scrapers.control_chars import refuse_controls
from scrapers.entities import organisation
from scrapers.errors import SourceError
from scrapers.evidence_files import (
    EvidenceResult,
    date_field,
    file_name,
    load_json,
    names_field,
    text_field,
)
from scrapers.organisations import Cast
from scrapers.source_url import checked_source_url
from scrapers.statement_graph import add_statement
from scrapers.types import Statement

__all__ = ["read_findings", "STATES"]

# The states an aspect may take (CONTRACT.md, Aspects); other aspects take none.
STATES: dict[str, frozenset[str]] = {
    "encryption": frozenset({"encrypted", "end_to_end", "encoded_only", "weak", "unencrypted"}),
    "anonymisation": frozenset({"anonymised", "aggregated", "pseudonymous", "identifiable"}),
    "consent": frozenset({"opt_in", "opt_out", "default_on", "none"}),
}


def read_findings(data: bytes, *, source: str, minter: Minter,
                  reconstruction: bool = False) -> EvidenceResult:
    """Each finding in the file as a `pkg:Finding` of the report `minter.findings(key)`.

    The report's `pkg:fullText` is the findings' texts joined by newlines, so every
    finding's quote has exact offsets like an article's."""
    name = file_name(source)
    doc = load_json(data, source)
    if not isinstance(doc, dict):
        raise SourceError(name, "a findings file is a JSON object")
    items = doc.get("findings")
    if not isinstance(items, list) or not items:
        raise SourceError(name, "'findings' must be a non-empty list")
    title = text_field(doc, "title", name)
    publisher = text_field(doc, "publisher", name)
    url = text_field(doc, "url", name)
    if url:
        url = checked_source_url(url, label=f"{name}: 'url'")
    published = date_field(doc, "published", name)
    authors = names_field(doc, "authors", name)

    statements: list[Statement] = []
    citations: list[str | None] = []
    products: dict[str, str] = {}
    parts: list[str] = []
    start = 0
    for i, item in enumerate(items):
        where = f"{name}: findings[{i}]"
        st, cite = _finding(item, where, publisher, start)
        if st.subject and isinstance(item.get("vendor"), str) and item.get("product"):
            products[st.subject] = item["vendor"].strip()
        statements.append(st)
        citations.append(cite)
        parts.append(st.text)
        start = st.end + 1
    full = "\n".join(parts)

    k = key(data)
    report = minter.findings(k)
    g = Graph()
    g.add((report, RDF.type, SCHEMA.Report))
    g.add((report, RDF.type, SCHEMA.Article))
    g.add((report, RDF.type, PROV.Entity))
    headline = title or (f"Findings reported by {publisher}" if publisher else f"Findings ({name})")
    g.add((report, SCHEMA.headline, Literal(headline)))
    g.add((report, PKG.sourceFile, Literal(name)))
    g.add((report, PKG.fullText, Literal(full)))
    if reconstruction or doc.get("reconstruction") is True:
        # written to stand for what others reported (the file may say so itself)
        g.add((report, PKG.reconstruction, Literal(True)))
    if url:
        g.add((report, SCHEMA.url, URIRef(url)))
    if published is not None:
        g.add((report, SCHEMA.datePublished, published))
    if publisher:
        g.add((report, SCHEMA.publisher, organisation(g, minter, publisher)))
    for a in authors:
        person = minter.person(a)
        g.add((person, RDF.type, SCHEMA.Person))
        g.add((person, SCHEMA.name, Literal(a)))
        g.add((report, SCHEMA.author, person))

    companies = sorted({v for v in products.values()} |
                       {s.subject for s in statements if s.subject and s.subject not in products})
    cast = Cast(companies=companies, products=products, people={}, publisher=publisher,
                own_voice=False)
    out = []
    for st, cite in zip(statements, citations, strict=True):
        iri = add_statement(g, minter, report, full, st, cast)
        if cite:
            g.add((iri, SCHEMA.citation, URIRef(cite)))
        out.append({"iri": str(iri), "kind": "finding", "aspect": st.aspect,
                    "polarity": st.polarity, "text": st.text, "speaker": st.speaker,
                    "claimant": st.claimant, "subject": st.subject, "context": st.context,
                    "values": st.values, "source": cite or url})
    summary = {"report": {"iri": str(report), "file": name, "title": headline, "url": url,
                          "publisher": publisher,
                          "published": str(published) if published is not None else None,
                          "authors": authors},
               "findings": out}
    return EvidenceResult(g, k, report, "findings", summary)


def _finding(item: Any, where: str, publisher: str | None,
             start: int) -> tuple[Statement, str | None]:
    if not isinstance(item, dict):
        raise SourceError(where, "a finding is a JSON object")
    aspect = text_field(item, "aspect", where, required=True)
    if aspect not in ASPECTS:
        raise SourceError(where, f"unknown aspect {aspect!r} (one of {', '.join(ASPECTS)})")
    polarity = text_field(item, "polarity", where) or "positive"
    if polarity not in POLARITY:
        raise SourceError(where, f"polarity {polarity!r}: use 'positive' or 'negative'")
    text = (text_field(item, "quote", where, prose=True)
            or text_field(item, "description", where, prose=True))
    if not text:
        raise SourceError(where, "'quote' or 'description' is missing")
    text = " ".join(text.split())   # one line: findings are joined by newlines
    claimant = text_field(item, "reported_by", where) or text_field(item, "who", where) \
        or publisher
    speaker = text_field(item, "speaker", where)
    product = text_field(item, "product", where)
    vendor = text_field(item, "vendor", where)
    values = _values(item.get("values"), aspect, where)
    cite = text_field(item, "url", where)
    if cite:
        cite = checked_source_url(cite, label=f"{where}: 'url'")
    st = Statement("finding", aspect, polarity, text, start, start + len(text),
                   speaker=speaker, claimant=claimant, subject=product or vendor,
                   context=names_field(item, "context", where), values=values)
    return st, cite


def _values(raw: Any, aspect: str, where: str) -> dict[str, list[str] | str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise SourceError(where, "'values' must be an object")
    out: dict[str, list[str] | str] = {}
    for k, v in raw.items():
        if k not in VALUE_PROPERTIES:
            raise SourceError(where, f"unknown value {k!r} (one of {', '.join(VALUE_PROPERTIES)})")
        items = [v] if isinstance(v, str) else v
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            raise SourceError(where, f"values.{k} must be a string or a list of strings")
        items = [refuse_controls(x.strip(), where, f"values.{k}") for x in items if x.strip()]
        if k == "countries":
            bad = [x for x in items if not (len(x) == 2 and x.isalpha())]
            if bad:
                raise SourceError(where, f"values.countries: {bad[0]!r} is not an ISO "
                                         "3166-1 alpha-2 code")
            items = [x.upper() for x in items]
        if k == "state":
            allowed = STATES.get(aspect, frozenset())
            if len(items) != 1 or items[0] not in allowed:
                raise SourceError(where, f"values.state {v!r} does not fit aspect {aspect!r}"
                                         + (f" (one of {', '.join(sorted(allowed))})"
                                            if allowed else ""))
        if items:
            out[k] = items[0] if k in SINGLE_VALUES else items
    return out

