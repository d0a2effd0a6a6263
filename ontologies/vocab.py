"""Namespaces and the small controlled vocabularies every part shares.

The aspect and polarity individuals are IRIs in the graph and short names in JSON
(CONTRACT.md); the tables here are the one place that maps between the two.
"""

from rdflib import Namespace
from rdflib.namespace import PROV, RDF, RDFS, SDO, XSD

PKG = Namespace("https://w3id.org/privacykg/ns#")
SCHEMA = SDO  # https://schema.org/
OA = Namespace("http://www.w3.org/ns/oa#")
DPV = Namespace("https://w3id.org/dpv#")

__all__ = [
    "PKG", "SCHEMA", "OA", "DPV", "PROV", "RDF", "RDFS", "XSD",
    "ASPECTS", "ASPECT_IRIS", "aspect_iri", "aspect_name", "POLARITY", "polarity_name",
    "PREFIXES", "VALUE_PROPERTIES", "ENTITY_VALUES", "with_project_prefixes",
]

# CONTRACT.md name -> individual in the pkg namespace
ASPECTS: dict[str, str] = {
    "data_location": "DataLocation",
    "encryption": "Encryption",
    "anonymisation": "Anonymisation",
    "collection": "Collection",
    "consent": "Consent",
    "third_party_sharing": "ThirdPartySharing",
    "certification": "Certification",
    "purpose": "Purpose",
    "retention": "Retention",
    "access": "Access",
}
ASPECT_IRIS = {name: PKG[local] for name, local in ASPECTS.items()}
_ASPECT_BY_IRI = {iri: name for name, iri in ASPECT_IRIS.items()}

POLARITY = {"positive": PKG.Positive, "negative": PKG.Negative}
_POLARITY_BY_IRI = {iri: name for name, iri in POLARITY.items()}


def aspect_iri(name: str):
    """The pkg individual for a CONTRACT.md aspect name (KeyError when unknown)."""
    return ASPECT_IRIS[name]


def aspect_name(iri) -> str:
    return _ASPECT_BY_IRI[iri]


def polarity_name(iri) -> str:
    return _POLARITY_BY_IRI[iri]


# JSON value key (CONTRACT.md) -> graph property. Keys in ENTITY_VALUES hold
# organisation IRIs in the graph and names in JSON.
VALUE_PROPERTIES = {
    "countries": PKG.country,
    "operators": PKG.operator,
    "hosts": PKG.host,
    "state": PKG.state,
    "algorithms": PKG.algorithm,
    "identifiers": PKG.identifier,
    "data": PKG.dataCategory,
    "recipients": PKG.recipient,
    "certifiers": PKG.certifier,
    "standards": PKG.standard,
    "scope": PKG.scope,
    "purposes": PKG.purpose,
    # what sharing is for, when the text says: "sale" (sold), "advertising" (to advertisers)
    "purpose_kinds": PKG.purposeKind,
    "period": PKG.period,
    "parties": PKG.party,
}
ENTITY_VALUES = frozenset({"operators", "recipients", "certifiers"})
# Keys whose JSON value is one string rather than a list.
SINGLE_VALUES = frozenset({"state", "period"})

PREFIXES = {
    "pkg": str(PKG),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "oa": str(OA),
    "dpv": str(DPV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def with_project_prefixes(sparql: str) -> str:
    """`sparql` with a PREFIX line for each of the project's prefixes it uses but does not
    declare itself ("pkg:", "schema:" …), as the query page writes them for people.

    >>> with_project_prefixes("SELECT * { ?c a pkg:Claim }").splitlines()[0]
    'PREFIX pkg: <https://w3id.org/privacykg/ns#>'
    >>> with_project_prefixes("PREFIX pkg: <urn:x#> ASK { ?s ?p ?o }").count("PREFIX")
    1
    """
    import re

    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([\w.-]*):", sparql)}
    used = set(re.findall(r"(?<![\w<#/:.-])([A-Za-z][\w-]*):(?=[\w(])", sparql))
    missing = [p for p in PREFIXES if p in used and p.lower() not in declared]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing) + sparql


def undeclared_prefixes(sparql: str) -> list[str]:
    """Prefixes `sparql` uses that it does not declare and that are not the project's:
    what the engine's "Prefix not found" is about, outside IRIs and strings.

    >>> undeclared_prefixes('SELECT * { ?s a foo:Bar ; rdfs:label "a:b" ; <urn:x> 1 }')
    ['foo']
    """
    import re

    code = re.sub(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*", " ", sparql)
    declared = {m for m in re.findall(r"(?i)\bPREFIX\s+([\w.-]*):", code)}
    used = re.findall(r"(?<![\w#/:.?$-])([A-Za-z][\w.-]*):(?=[\w(%])", code)
    return sorted({p for p in used if p not in declared and p not in PREFIXES})


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for queries written by hand."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
