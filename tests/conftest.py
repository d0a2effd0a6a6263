"""Shared fixtures: a fresh store, app and client per test, and a small case built by
hand after docs/model.md (so web tests do not depend on the extractors).

- `settings`: Settings with a temporary store folder and a write token.
- `store`: the embedded store in that folder, empty.
- `case`: the hand-built graphs (`Case`), loaded into `store`.
- `app` / `client`: the web app over `store` with the case loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.claims import backfill
from kg.groups import refresh_groups
from kg.settings import Settings
from kg.store import EmbeddedStore
from kg.verdicts import record_verdicts
from ontologies.vocab import OA, PKG, PROV, RDF, RDFS, SCHEMA

TOKEN = "test-token"  # the write token of the `settings` fixture

# The article text: a company claim, a researcher's finding, and a script payload that
# must only ever be shown as text.
CLAIM_TEXT = "All Mi Browser data of Indian users is stored on AWS servers in India."
FINDING_TEXT = "Researchers found that the browser sent browsing data to servers in Singapore."
FULL_TEXT = ("Xiaomi answered the report on Saturday. " + CLAIM_TEXT + " "
             '<script>alert("x")</script> said the company. ' + FINDING_TEXT +
             " The company disputes this.")


@dataclass(frozen=True)
class Case:
    """IRIs of the hand-built case, for tests to look things up by."""

    doc: URIRef
    doc_graph: URIRef
    claim: URIRef
    finding: URIRef
    capture: URIRef
    capture_graph: URIRef
    observation: URIRef
    contradiction: URIRef
    contradiction_obs: URIRef
    contradictions_graph: URIRef
    claim_resource: URIRef    # the pkg:CompanyClaim the claim sentence is an appearance of
    finding_resource: URIRef  # the pkg:OutsideFinding of the finding sentence

    def path(self, iri: URIRef) -> str:
        """The `<path>` of one of the case's IRIs (served at /id/<path>)."""
        return str(iri).split("/id/", 1)[1]


def _statement(g: Graph, iri: URIRef, kind: URIRef, text: str, doc: URIRef,
               claimant: URIRef) -> None:
    start = FULL_TEXT.index(text)
    end = start + len(text)
    q = URIRef(f"{iri}/quote")
    g.add((iri, RDF.type, kind))
    g.add((iri, PKG.aspect, PKG.DataLocation))
    g.add((iri, PKG.polarity, PKG.Positive))
    g.add((iri, SCHEMA.text, Literal(text)))
    g.add((iri, PROV.wasDerivedFrom, doc))
    g.add((iri, PKG.quote, q))
    g.add((iri, PKG.claimant, claimant))
    g.add((q, RDF.type, OA.TextQuoteSelector))
    g.add((q, RDF.type, OA.TextPositionSelector))
    g.add((q, OA.exact, Literal(text)))
    g.add((q, OA.prefix, Literal(FULL_TEXT[max(0, start - 40):start])))
    g.add((q, OA.suffix, Literal(FULL_TEXT[end:end + 40])))
    g.add((q, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    g.add((q, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))


def build_case(store: EmbeddedStore, settings: Settings) -> Case:
    """Load the case into `store`: one article graph, one capture graph, the
    contradictions graph."""
    m = settings.minter
    doc, capture = m.document("k1"), m.capture("c1")
    xiaomi, researchers = m.organisation("Xiaomi"), m.organisation("Nettle Lab")
    alibaba, product = m.organisation("Alibaba Cloud"), m.product("Mi Browser")
    claim = m.statement(doc, FULL_TEXT.index(CLAIM_TEXT), "data_location")
    finding = m.statement(doc, FULL_TEXT.index(FINDING_TEXT), "data_location")
    observation = m.observation(capture, "api.example.com")

    g = Graph()
    g.add((doc, RDF.type, SCHEMA.NewsArticle))
    g.add((doc, RDF.type, PROV.Entity))
    g.add((doc, SCHEMA.url, URIRef("https://news.example/xiaomi")))
    g.add((doc, SCHEMA.headline, Literal("Xiaomi says <b>data</b> stays in India")))
    g.add((doc, SCHEMA.publisher, m.organisation("Daily Ledger")))
    g.add((m.organisation("Daily Ledger"), SCHEMA.name, Literal("Daily Ledger")))
    g.add((doc, SCHEMA.datePublished, Literal("2020-05-02", datatype=XSD.date)))
    g.add((doc, SCHEMA.inLanguage, Literal("en")))
    g.add((doc, PKG.fullText, Literal(FULL_TEXT)))
    for org, name in ((xiaomi, "Xiaomi"), (researchers, "Nettle Lab")):
        g.add((org, RDF.type, SCHEMA.Organization))
        g.add((org, SCHEMA.name, Literal(name)))
    g.add((product, RDF.type, SCHEMA.Product))
    g.add((product, SCHEMA.name, Literal("Mi Browser")))
    g.add((product, SCHEMA.manufacturer, xiaomi))
    _statement(g, claim, PKG.Claim, CLAIM_TEXT, doc, xiaomi)
    g.add((claim, PKG.speaker, Literal("Manu Jain")))
    g.add((claim, PKG.subject, product))
    g.add((claim, PKG.country, Literal("IN")))
    _statement(g, finding, PKG.Finding, FINDING_TEXT, doc, researchers)
    g.add((finding, PKG.country, Literal("SG")))
    doc_graph = m.document_graph("k1")
    store.replace_graph(doc_graph, g)

    c = Graph()
    c.add((capture, RDF.type, PKG.Capture))
    c.add((capture, RDF.type, SCHEMA.Dataset))
    c.add((capture, PKG.sourceFile, Literal("capture.har")))
    c.add((observation, RDF.type, PKG.Observation))
    c.add((observation, PROV.wasDerivedFrom, capture))
    c.add((observation, PKG.subject, product))
    c.add((observation, PKG.host, Literal("api.example.com")))
    c.add((observation, PKG.ip, Literal("161.117.0.1")))
    c.add((observation, PKG.country, Literal("SG")))
    c.add((observation, PKG.operator, alibaba))
    c.add((alibaba, SCHEMA.name, Literal("Alibaba Cloud")))
    c.add((observation, PKG.tls, Literal(True)))
    c.add((observation, PKG.strength, Literal("data_sent")))
    c.add((observation, RDFS.label, Literal("Mi Browser sent browsing data to api.example.com "
                                            "(Alibaba Cloud, Singapore).")))
    capture_graph = m.iri("graph/capture/c1")
    store.replace_graph(capture_graph, c)
    backfill(store, m)  # the claim and the finding as resources, as ingest stores them
    claim_resource, finding_resource = (
        store.query(f"SELECT ?c WHERE {{ ?c <{SCHEMA.appearance}> <{s}> }}").rows[0][0]
        for s in (claim, finding))

    k = Graph()
    contradiction = m.contradiction("data-location-mismatch", str(claim_resource),
                                    str(finding_resource))
    contradiction_obs = m.contradiction("data-location-mismatch", str(claim_resource),
                                        str(observation))
    rule = m.rule("data-location-mismatch")
    k.add((rule, RDFS.label, Literal("data-location-mismatch")))
    for iri, evidence, confidence in ((contradiction, finding_resource, "0.9"),
                                      (contradiction_obs, observation, "0.8")):
        k.add((iri, RDF.type, PKG.Contradiction))
        k.add((iri, PKG.rule, rule))
        k.add((iri, PKG.aspect, PKG.DataLocation))
        k.add((iri, PKG.claim, claim_resource))
        k.add((iri, PKG.evidence, evidence))
        k.add((iri, PKG.explanation, Literal("Xiaomi said India; the evidence says Singapore.")))
        k.add((iri, PKG.confidence, Literal(confidence, datatype=XSD.decimal)))
    store.replace_graph(m.contradictions_graph, k)
    refresh_groups(store, m)
    record_verdicts(store, m)
    return Case(doc, doc_graph, claim, finding, capture, capture_graph, observation,
                contradiction, contradiction_obs, m.contradictions_graph, claim_resource,
                finding_resource)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(store=tmp_path / "store", token=TOKEN)


@pytest.fixture
def store(settings: Settings) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(settings.store)
    yield s
    s.close()


@pytest.fixture
def case(store: EmbeddedStore, settings: Settings) -> Case:
    return build_case(store, settings)


@pytest.fixture
def app(settings: Settings, store: EmbeddedStore, case: Case) -> Flask:
    from web import create_app

    return create_app(settings, store)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
