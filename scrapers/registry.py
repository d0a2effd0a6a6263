"""Certification registries: which certificates a certifier's public register lists for
a company, and — just as useful — that it was searched and lists none.

A company that says "TrustArc and BSI certified us" can be checked against those
certifiers' registers. A register search is recorded as a file in the format of
docs/evidence-formats.md; each search becomes a `pkg:Registry` carrying the
organisations it was searched for (`pkg:searchedHolder`), so "no certificate found"
and "no certificate covers this product" are facts the rules can use.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from ontologies.iris import Minter, key
from ontologies.vocab import PKG, PROV, RDF, RDFS, SCHEMA
from scrapers.entities import organisation, product
from scrapers.errors import SourceError
from scrapers.evidence_files import (
    EvidenceResult,
    date_field,
    file_name,
    load_json,
    names_field,
    text_field,
)
from scrapers.source_url import checked_source_url

__all__ = ["read_registry"]


def read_registry(data: bytes, *, source: str, minter: Minter,
                  reconstruction: bool = False) -> EvidenceResult:
    """A registry file as one `pkg:Registry` per search and one `pkg:Certificate` per entry.

    The file holds either `"registries": [search, …]` or one search under `"registry"`.
    One search gets `minter.registry(key)`; several get `minter.registry(key-1)`, …"""
    name = file_name(source)
    doc = load_json(data, source)
    if not isinstance(doc, dict):
        raise SourceError(name, "a registry file is a JSON object")
    if "registries" in doc:
        searches = doc["registries"]
        if not isinstance(searches, list):
            raise SourceError(name, "'registries' must be a list")
        label = "registries"
    elif "registry" in doc:
        searches, label = [doc["registry"]], "registry"
    else:
        raise SourceError(name, "no 'registries' list (nor one 'registry') at the top level")
    if not searches:
        raise SourceError(name, "'registries' is empty")
    k = key(data)
    g = Graph()
    registries: list[dict[str, Any]] = []
    certificates: list[dict[str, Any]] = []
    for i, search in enumerate(searches):
        where = f"{name}: {label}[{i}]" if label == "registries" else f"{name}: registry"
        iri = minter.registry(k if len(searches) == 1 else f"{k}-{i + 1}")
        reg, certs = _search(g, minter, iri, search, where, name)
        registries.append(reg)
        certificates.extend(certs)
    if reconstruction or doc.get("reconstruction") is True:
        # written to stand for what a search of the register showed (the file may say so)
        for reg in registries:
            g.add((URIRef(reg["iri"]), PKG.reconstruction, Literal(True)))
            reg["reconstruction"] = True
    first = URIRef(registries[0]["iri"])
    return EvidenceResult(g, k, first, "registry",
                          {"registries": registries, "certificates": certificates})


def _search(g: Graph, minter: Minter, iri: URIRef, search: Any, where: str,
            name: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if not isinstance(search, dict):
        raise SourceError(where, "a registry search is a JSON object")
    certifier = text_field(search, "certifier", where, required=True)
    assert certifier is not None
    title = text_field(search, "name", where) or f"{certifier} certificate registry"
    url = text_field(search, "url", where)
    if url:
        url = checked_source_url(url, label=f"{where}: 'url'")
    retrieved = _when(search, where)
    holders = names_field(search, "searched_holders", where)
    raw_certs = search.get("certificates") or []
    if not isinstance(raw_certs, list):
        raise SourceError(where, "'certificates' must be a list")
    if not holders and not raw_certs:
        # without either, an empty search says nothing about anyone
        raise SourceError(where, "give 'searched_holders' (whom the registry was searched "
                                 "for) or at least one certificate")

    cert_org = organisation(g, minter, certifier)
    g.add((iri, RDF.type, PKG.Registry))
    g.add((iri, RDF.type, SCHEMA.Dataset))
    g.add((iri, RDF.type, PROV.Entity))
    g.add((iri, SCHEMA.name, Literal(title)))
    g.add((iri, PKG.sourceFile, Literal(name)))
    g.add((iri, PKG.certifier, cert_org))
    if url:
        g.add((iri, SCHEMA.url, URIRef(url)))
    if retrieved is not None:
        g.add((iri, PKG.retrieved, retrieved))
    for h in holders:
        g.add((iri, PKG.searchedHolder, organisation(g, minter, h)))
    found = len(raw_certs)
    g.add((iri, RDFS.label, Literal(
        f"{title}, searched for {', '.join(holders) or 'the holders below'}: "
        f"{found} certificate{'s' if found != 1 else ''} found.")))

    certs = []
    seen: set[URIRef] = set()
    for j, cert in enumerate(raw_certs):
        c = _certificate(g, minter, iri, cert, f"{where}.certificates[{j}]", certifier, cert_org)
        if URIRef(c["iri"]) in seen:
            raise SourceError(f"{where}.certificates[{j}]", f"certificate id {c['id']!r} "
                                                           "appears twice")
        seen.add(URIRef(c["iri"]))
        certs.append(c)
    reg = {"iri": str(iri), "file": name, "name": title, "url": url,
           "retrieved": search.get("retrieved") if retrieved is not None else None,
           "certifier": certifier, "searched_holders": holders, "certificates": len(certs)}
    return reg, certs


def _certificate(g: Graph, minter: Minter, registry: URIRef, cert: Any, where: str,
                 certifier: str, cert_org: URIRef) -> dict[str, Any]:
    if not isinstance(cert, dict):
        raise SourceError(where, "a certificate is a JSON object")
    ident = text_field(cert, "id", where, required=True)
    holder = text_field(cert, "holder", where, required=True)
    assert ident is not None and holder is not None
    # a registry lists its own certifier's certificates; a different one is a typo
    own = text_field(cert, "certifier", where)
    if own and own.casefold() != certifier.casefold():
        raise SourceError(where, f"certifier {own!r} differs from the registry's {certifier!r}")
    standard = text_field(cert, "standard", where)
    scope = text_field(cert, "scope", where)
    covers = names_field(cert, "covers", where)
    valid_from = date_field(cert, "valid_from", where)
    valid_until = date_field(cert, "valid_until", where)
    if valid_from is not None and valid_until is not None and \
            valid_from.toPython() > valid_until.toPython():
        raise SourceError(where, "'valid_from' is after 'valid_until'")

    iri = minter.certificate(registry, ident)
    holder_iri = organisation(g, minter, holder)
    g.add((iri, RDF.type, PKG.Certificate))
    g.add((iri, PROV.wasDerivedFrom, registry))
    g.add((iri, SCHEMA.identifier, Literal(ident)))
    g.add((iri, PKG.certifier, cert_org))
    g.add((iri, PKG.holder, holder_iri))
    if standard:
        g.add((iri, PKG.standard, Literal(standard)))
    if scope:
        g.add((iri, PKG.scope, Literal(scope)))
    for p in covers:
        g.add((iri, PKG.covers, product(g, minter, p, holder_iri)))
    if valid_from is not None:
        g.add((iri, SCHEMA.validFrom, valid_from))
    if valid_until is not None:
        g.add((iri, SCHEMA.validThrough, valid_until))
    g.add((iri, RDFS.label, Literal(
        f"{certifier} certificate {ident} held by {holder}"
        + (f" ({standard})" if standard else "")
        + (f", scope: {scope}" if scope else "")
        + (f", valid until {valid_until}" if valid_until is not None else "") + ".")))
    return {"iri": str(iri), "registry": str(registry), "id": ident, "certifier": certifier,
            "holder": holder, "standard": standard, "scope": scope, "covers": covers,
            "valid_from": str(valid_from) if valid_from is not None else None,
            "valid_until": str(valid_until) if valid_until is not None else None}


def _when(search: dict[str, Any], where: str) -> Literal | None:
    """When the register was searched: a date or a date-time, stored as xsd:dateTime
    (pkg:retrieved is a date-time wherever it appears)."""
    v = search.get("retrieved")
    if v in (None, ""):
        return None
    text = str(v)
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as e:
        raise SourceError(where, f"'retrieved': bad date {v!r}, use YYYY-MM-DD") from e
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return Literal(when.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)
