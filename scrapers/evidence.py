"""Technical evidence other than articles: HAR captures, certification registries and
findings files (docs/evidence-formats.md). One entry point picks the reader."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.iris import Minter, key
from kg.vocab import PKG, PROV, RDF, RDFS, SCHEMA
from scrapers.errors import SourceError


@dataclass
class EvidenceResult:
    graph: Graph
    key: str                 # the source key: its named graph is minter.document_graph(key)
    document: URIRef         # the capture / registry / findings resource
    kind: str                # "capture" | "registry" | "findings"
    summary: dict

    def to_json(self) -> dict:
        return self.summary


def read_evidence(path: str, data: bytes, *, minter: Minter, product: str | None = None,
                  vendor: str | None = None, context: Iterable[str] = (),
                  vantage: str | None = None,
                  progress: Callable[[int, int], None] | None = None) -> EvidenceResult:
    """Read a .har capture, or a JSON registry / findings file (told apart by its keys)."""
    if path.lower().endswith(".har"):
        from scrapers.har import read_har

        return read_har(data, source=path, minter=minter, product=product, vendor=vendor,
                        context=context, vantage=vantage, progress=progress)
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SourceError(path, f"not a .har capture nor a JSON evidence file: {e}") from e
    if isinstance(doc, dict) and "log" in doc:
        from scrapers.har import read_har

        return read_har(data, source=path, minter=minter, product=product, vendor=vendor,
                        context=context, vantage=vantage, progress=progress)
    if isinstance(doc, dict) and "registries" in doc:
        return read_registry(doc, source=path, minter=minter, raw=data)
    if isinstance(doc, dict) and "findings" in doc:
        from scrapers.findings import read_findings

        return read_findings(doc, source=path, minter=minter, raw=data)
    raise SourceError(path, "unknown evidence file: expected a HAR 'log', 'registries' or "
                            "'findings' at the top level")


def _org(g: Graph, minter: Minter, name: str) -> URIRef:
    iri = minter.organisation(name)
    g.add((iri, RDF.type, SCHEMA.Organization))
    g.add((iri, SCHEMA.name, Literal(name)))
    return iri


def _need(obj: dict, field: str, where: str) -> str:
    v = obj.get(field)
    if not isinstance(v, str) or not v.strip():
        raise SourceError(where, f"'{field}' is missing or not a string")
    return v.strip()


def _date(value, where: str) -> Literal | None:
    if value in (None, ""):
        return None
    from datetime import date

    try:
        return Literal(date.fromisoformat(str(value)).isoformat(), datatype=XSD.date)
    except ValueError as e:
        raise SourceError(where, f"bad date {value!r}: use YYYY-MM-DD") from e


def read_registry(doc: dict, *, source: str, minter: Minter, raw: bytes) -> EvidenceResult:
    """Certification registries: who was searched for, and which certificates were found."""
    g = Graph()
    k = key(raw)
    summary = {"registries": []}
    first: URIRef | None = None
    regs = doc.get("registries")
    if not isinstance(regs, list):
        raise SourceError(source, "'registries' must be a list")
    for r_index, reg in enumerate(regs):
        where = f"{source}: registries[{r_index}]"
        if not isinstance(reg, dict):
            raise SourceError(where, "not an object")
        certifier = _need(reg, "certifier", where)
        name = reg.get("name") or f"{certifier} certificate registry"
        iri = minter.registry(f"{k}-{r_index}")
        first = first or iri
        g.add((iri, RDF.type, PKG.Registry))
        g.add((iri, RDF.type, SCHEMA.Dataset))
        g.add((iri, SCHEMA.name, Literal(name)))
        g.add((iri, RDFS.label, Literal(f"{name}, searched for "
                                        f"{', '.join(reg.get('searched_holders') or [])}")))
        g.add((iri, PKG.sourceFile, Literal(source.rsplit("/", 1)[-1])))
        if reg.get("url"):
            g.add((iri, SCHEMA.url, URIRef(reg["url"])))
        retrieved = _date(reg.get("retrieved"), where)
        if retrieved is not None:
            g.add((iri, SCHEMA.dateModified, retrieved))
        cert_org = _org(g, minter, certifier)
        g.add((iri, PKG.certifier, cert_org))
        for h in reg.get("searched_holders") or []:
            g.add((iri, PKG.searchedHolder, _org(g, minter, h)))
        certs = []
        for c_index, cert in enumerate(reg.get("certificates") or []):
            cwhere = f"{where}.certificates[{c_index}]"
            ident = _need(cert, "id", cwhere)
            holder = _need(cert, "holder", cwhere)
            c_iri = minter.certificate(iri, ident)
            g.add((c_iri, RDF.type, PKG.Certificate))
            g.add((c_iri, PROV.wasDerivedFrom, iri))
            g.add((c_iri, SCHEMA.identifier, Literal(ident)))
            g.add((c_iri, PKG.certifier, cert_org))
            g.add((c_iri, PKG.holder, _org(g, minter, holder)))
            if cert.get("standard"):
                g.add((c_iri, PKG.standard, Literal(cert["standard"])))
            if cert.get("scope"):
                g.add((c_iri, PKG.scope, Literal(cert["scope"])))
            for product in cert.get("covers") or []:
                p = minter.product(product)
                g.add((p, RDF.type, SCHEMA.Product))
                g.add((p, SCHEMA.name, Literal(product)))
                g.add((p, SCHEMA.manufacturer, _org(g, minter, holder)))
                g.add((c_iri, PKG.covers, p))
            for field, prop in (("valid_from", SCHEMA.validFrom),
                                ("valid_until", SCHEMA.validThrough)):
                d = _date(cert.get(field), cwhere)
                if d is not None:
                    g.add((c_iri, prop, d))
            g.add((c_iri, RDFS.label, Literal(
                f"{certifier} certificate {ident} for {holder}"
                + (f" ({cert['standard']})" if cert.get("standard") else "")
                + (f", scope: {cert['scope']}" if cert.get("scope") else ""))))
            certs.append({"iri": str(c_iri), "id": ident, "holder": holder,
                          "standard": cert.get("standard"), "scope": cert.get("scope"),
                          "covers": list(cert.get("covers") or []),
                          "valid_from": cert.get("valid_from"),
                          "valid_until": cert.get("valid_until")})
        summary["registries"].append({"iri": str(iri), "name": name, "certifier": certifier,
                                      "searched_holders": list(reg.get("searched_holders") or []),
                                      "certificates": certs})
    if first is None:
        raise SourceError(source, "no registries in the file")
    return EvidenceResult(g, k, first, "registry", summary)
