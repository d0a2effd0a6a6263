"""Resources of the graph as the JSON objects of CONTRACT.md.

One place turns a statement, an observation, a certificate or a registry into the
dict the CLI prints and the web app shows, whichever store answered.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef

from kg.claims import GROUP_TYPES
from kg.store import Store, text_rows
from kg.verdicts import VERDICTS
from ontologies.vocab import (
    ENTITY_VALUES,
    PKG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SINGLE_VALUES,
    VALUE_PROPERTIES,
    aspect_name,
    polarity_name,
    sparql_prefixes,
)

_NAMES = sparql_prefixes() + "SELECT ?o ?name WHERE { ?o schema:name ?name }"


def _with_values(query: str, var: str, iris) -> str:
    """The query with `VALUES ?var { … }` first in its WHERE group."""
    values = " ".join(URIRef(i).n3() for i in iris)
    return query.replace("WHERE {", "WHERE {\n  VALUES ?" + var + " { " + values + " }", 1)


_FIRST_APPEARANCES = sparql_prefixes() + """
SELECT ?g (MIN(?order) AS ?first) (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?g schema:appearance ?s .
  OPTIONAL { ?s prov:wasDerivedFrom/schema:datePublished ?published }
  BIND(CONCAT(COALESCE(STR(?published), "9999"), " ", STR(?s)) AS ?order)
} GROUP BY ?g"""


def _first_appearances(store: Store, groups: list[URIRef]
                       ) -> tuple[dict[URIRef, str], dict[URIRef, int]]:
    """Each claim's or finding's first sentence (earliest published, then by IRI, as
    `_appearances` orders them) and how many it has, without listing them."""
    if not groups:
        return {}, {}
    firsts, counts = {}, {}
    for g, first, n in text_rows(store, _with_values(_FIRST_APPEARANCES, "g", groups)):
        if first:
            firsts[URIRef(g)] = first.split(" ", 1)[1]
            counts[URIRef(g)] = int(n)
    return firsts, counts


# (not a claim's appearances: a claim a newsroom repeats has thousands; `_appearances`
# reads them, text only; nor a document's whole text, which no description shows). The
# names of IRI values are asked apart: an OPTIONAL per value made the query 1.5-2x slower
# on the 10^5 newsroom store.
_PROPS = sparql_prefixes() + """
SELECT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(?p != schema:appearance && ?p != pkg:fullText)
}"""


# the properties whose values a description shows by name (`_named`, entity values)
_SHOWN_BY_NAME = frozenset({PKG.claimant, PKG.subject, SCHEMA.publisher, PKG.operator,
                            PKG.recipient, PKG.certifier, PKG.holder,
                            *(VALUE_PROPERTIES[k] for k in ENTITY_VALUES)})


def _properties(store: Store, iris: list[URIRef]) -> dict[URIRef, dict[URIRef, list]]:
    """Every property of every IRI, with the schema:name of the IRI values shown by name,
    in two queries."""
    out: dict[URIRef, dict[URIRef, list]] = defaultdict(lambda: defaultdict(list))
    if not iris:
        return out
    rows = store.query(_with_values(_PROPS, "s", iris)).rows
    named = sorted({o for _, p, o in rows if p in _SHOWN_BY_NAME and isinstance(o, URIRef)})
    names: dict = {}
    if named:
        for o, name in store.query(_with_values(_NAMES, "o", named)).rows:
            names.setdefault(o, name)
    for s, p, o in rows:
        item = (o, names.get(o))
        if item not in out[s][p]:
            out[s][p].append(item)
    return out


def _one(props, p) -> str | None:
    vals = props.get(p) or []
    return str(vals[0][0]) if vals else None


def _named(props, p) -> str | None:
    vals = props.get(p) or []
    if not vals:
        return None
    o, name = vals[0]
    return str(name) if name is not None else str(o)


def describe(store: Store, iris: list[URIRef], *, every_appearance: bool = True
             ) -> dict[URIRef, dict]:
    """CONTRACT.md objects for the given resources (statements, observations, …).

    A claim or finding resource (kg/claims.py) is described as its first appearance (the
    earliest published, then the first by IRI), with its own IRI and every appearance
    under `appearances`, first to last; with `every_appearance=False` (lists of a
    newsroom's store) only how many there are, as `appearance_count`."""
    props = _properties(store, iris)
    groups = [i for i in iris
              if {o for o, _ in props.get(i, {}).get(RDF.type, [])} & set(GROUP_TYPES)]
    if every_appearance:
        appearances = _appearances(store, groups)
        firsts = {g: apps[0]["iri"] for g, apps in appearances.items() if apps}
        counts = {g: len(apps) for g, apps in appearances.items()}
    else:
        appearances = {}
        firsts, counts = _first_appearances(store, groups)
    extra = sorted({URIRef(i) for i in firsts.values()} - set(iris))
    if extra:
        props.update(_properties(store, extra))
    docs = {vals[0][0] for p in props.values() for vals in [p.get(PROV.wasDerivedFrom, [])]
            if vals}
    doc_props = _properties(store, sorted(docs))
    out = {}
    for iri in iris:
        if iri in firsts:
            first = URIRef(firsts[iri])
            obj = dict(_object(first, props.get(first, {}), doc_props))
            obj["iri"] = str(iri)
            obj["first_appearance"] = str(first)
            obj["appearance_count"] = counts[iri]
            if every_appearance:
                obj["appearances"] = appearances[iri]
            mine = props.get(iri, {})
            if PKG.verdict in mine:
                obj["verdict"] = VERDICTS.get(mine[PKG.verdict][0][0])
                if PKG.verdictConfidence in mine:
                    obj["verdict_confidence"] = float(mine[PKG.verdictConfidence][0][0])
            out[iri] = obj
        else:
            out[iri] = _object(iri, props.get(iri, {}), doc_props)
    registries = [i for i, o in out.items() if o.get("kind") == "registry"]
    if registries:
        listed = _certificates(store, registries)
        for r in registries:
            out[r]["certificates"] = listed.get(r, [])
    return out


_CERTIFICATES = sparql_prefixes() + """
SELECT ?registry ?cert ?id ?holder ?standard ?scope ?from ?until WHERE {
  ?cert a pkg:Certificate ; prov:wasDerivedFrom ?registry .
  OPTIONAL { ?cert schema:identifier ?id }
  OPTIONAL { ?cert pkg:holder/schema:name ?holder }
  OPTIONAL { ?cert pkg:standard ?standard }
  OPTIONAL { ?cert pkg:scope ?scope }
  OPTIONAL { ?cert schema:validFrom ?from }
  OPTIONAL { ?cert schema:validThrough ?until }
} ORDER BY ?registry ?id"""


def _certificates(store: Store, registries: list[URIRef]) -> dict[URIRef, list[dict]]:
    """The certificates each registry search listed: what "2 certificates found" were."""
    out: dict[URIRef, list[dict]] = {}
    q = _with_values(_CERTIFICATES, "registry", registries)
    for reg, cert, ident, holder, standard, scope, start, until in text_rows(store, q):
        out.setdefault(URIRef(reg), []).append(
            {"iri": cert, "id": ident, "holder": holder, "standard": standard,
             "scope": scope, "valid_from": start, "valid_until": until})
    return out


# Each pattern inside GRAPH ?dg (a sentence, its appearance link and its document's
# facts are stored in the document's graph, kg/claims.py), and the documents' facts
# asked apart, by constant predicates: with the documents' OPTIONALs in one query the
# 10^4 newsroom's 34,586 appearances took 5.7 s against 3.4 s, and a VALUES over the
# predicates makes Oxigraph 0.5 read every quad of them in the store.
_APPEARANCES = sparql_prefixes() + """
SELECT ?g ?s ?text ?doc WHERE {
  GRAPH ?dg { ?g schema:appearance ?s . ?s schema:text ?text ; prov:wasDerivedFrom ?doc }
}"""

_DOCUMENTS = sparql_prefixes() + """
SELECT ?doc ?url ?published ?publisher WHERE { GRAPH ?dg {
  { ?doc schema:url ?url } UNION { ?doc schema:datePublished ?published }
  UNION { ?doc schema:publisher ?publisher }
} }"""

def _appearances(store: Store, groups: list[URIRef]) -> dict[URIRef, list[dict]]:
    """Each claim's or finding's sentences, earliest published first (undated last)."""
    out: dict[URIRef, dict[str, dict]] = {g: {} for g in groups}
    if not groups:
        return {}
    rows = text_rows(store, _with_values(_APPEARANCES, "g", groups))
    facts: dict[str, dict[str, str]] = {}
    if rows:
        for doc, url, published, publisher in text_rows(
                store, _with_values(_DOCUMENTS, "doc", sorted({r[3] for r in rows}))):
            mine = facts.setdefault(doc, {})
            for key, value in (("url", url), ("published", published),
                               ("publisher", publisher)):
                if value is not None:
                    mine.setdefault(key, value)
    publishers = sorted({f["publisher"] for f in facts.values() if "publisher" in f})
    names: dict[str, str] = {}
    if publishers:
        for o, name in text_rows(store, _with_values(_NAMES, "o", publishers)):
            names.setdefault(o, name)
    for g, s, text, doc in rows:
        f = facts.get(doc, {})
        out[URIRef(g)].setdefault(s, {
            "iri": s, "document": f.get("url", doc), "text": text,
            "publisher": names.get(f["publisher"]) if "publisher" in f else None,
            "published": f.get("published")})
    return {g: sorted(apps.values(), key=lambda a: (a["published"] is None,
                                                     a["published"] or "", a["iri"]))
            for g, apps in out.items()}


def _object(iri: URIRef, p: dict, doc_props: dict) -> dict:
    types = {o for o, _ in p.get(RDF.type, [])}
    doc = p.get(PROV.wasDerivedFrom, [(None, None)])[0][0]
    dp = doc_props.get(doc, {}) if doc is not None else {}
    source = {"document": str(doc) if doc is not None else None,
              "url": _one(dp, SCHEMA.url), "publisher": _named(dp, SCHEMA.publisher),
              "published": _one(dp, SCHEMA.datePublished), "title": _one(dp, SCHEMA.headline)}
    source.update(_how_made(dp or p))
    if PKG.Claim in types or PKG.Finding in types:
        values: dict = {}
        for key, prop in VALUE_PROPERTIES.items():
            vals = p.get(prop) or []
            if not vals:
                continue
            items = [str(name) if key in ENTITY_VALUES and name is not None else str(o)
                     for o, name in vals]
            values[key] = items[0] if key in SINGLE_VALUES else sorted(items)
        obj = {
            "iri": str(iri),
            "kind": "claim" if PKG.Claim in types else "finding",
            "aspect": aspect_name(p[PKG.aspect][0][0]) if PKG.aspect in p else None,
            "polarity": polarity_name(p[PKG.polarity][0][0]) if PKG.polarity in p else None,
            "text": _one(p, SCHEMA.text),
            "speaker": _one(p, PKG.speaker),
            "claimant": _named(p, PKG.claimant),
            "subject": _named(p, PKG.subject),
            "context": sorted(str(o) for o, _ in p.get(PKG.context, [])),
            "values": values,
        }
        if PKG.reported in p:
            obj["reported"] = True
        obj["source"] = source
        return obj
    if PKG.Observation in types:
        return {
            "iri": str(iri), "kind": "observation",
            "host": _one(p, PKG.host), "domain": _one(p, PKG.domain),
            "ips": sorted(str(o) for o, _ in p.get(PKG.ip, [])),
            "countries": sorted(str(o) for o, _ in p.get(PKG.country, [])),
            "operator": _named(p, PKG.operator),
            "tls": _bool(_one(p, PKG.tls)),
            "encodings": sorted(str(o) for o, _ in p.get(PKG.encoding, [])),
            "identifiers": sorted(str(o) for o, _ in p.get(PKG.identifier, [])),
            "data": sorted(str(o) for o, _ in p.get(PKG.dataCategory, [])),
            "recipient": _named(p, PKG.recipient),
            "third_party": _bool(_one(p, PKG.thirdParty)),
            "strength": _one(p, PKG.strength),
            "subject": _named(p, PKG.subject),
            "context": sorted(str(o) for o, _ in p.get(PKG.context, [])),
            "description": _one(p, RDFS.label),
            "source": source,
        }
    kind = "certificate" if PKG.Certificate in types else (
        "registry" if PKG.Registry in types else "resource")
    return {
        "iri": str(iri), "kind": kind,
        "description": _one(p, RDFS.label) or _one(p, SCHEMA.name) or _one(p, PKG.scope),
        "certifier": _named(p, PKG.certifier), "holder": _named(p, PKG.holder),
        "scope": _one(p, PKG.scope),
        "valid_from": _one(p, SCHEMA.validFrom), "valid_until": _one(p, SCHEMA.validThrough),
        "source": source if doc is not None else
        {"document": str(iri), "url": _one(p, SCHEMA.url), **_how_made(p)},
    }


# How a piece of evidence was made (a capture's, a registry search's): the methods a
# reader weighs it by. Only the keys the source has are given.
_MADE = {"captured_by": PKG.capturedBy, "tool": PKG.captureTool,
         "captured_from": PKG.capturedFrom, "captured_until": PKG.capturedUntil,
         "vantage": PKG.vantage, "file": PKG.sourceFile, "retrieved": PKG.retrieved}


def _how_made(dp: dict) -> dict:
    made = {k: _one(dp, prop) for k, prop in _MADE.items() if dp.get(prop)}
    if _bool(_one(dp, PKG.reconstruction)):
        made["reconstruction"] = True
    return made


def _bool(v: str | None) -> bool | None:
    return None if v is None else v.lower() in ("true", "1")


__all__ = ["describe", "Literal"]
