"""The ontology and the shapes: every term we use is declared, every reused term
exists, and the shapes accept the model of docs/model.md and reject broken graphs."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO, XSD
from shapes_check import assert_conforms, shacl_report

from ontologies import ontology_graph, shapes_graph
from ontologies.iris import Minter
from ontologies.vocab import ASPECT_IRIS, OA, PKG, POLARITY, VALUE_PROPERTIES

ROOT = Path(__file__).resolve().parent.parent
MODEL_MD = ROOT / "docs" / "model.md"
ONTOLOGY_TTL = ROOT / "ontologies" / "privacykg.ttl"
SHAPES_TTL = ROOT / "ontologies" / "shapes.ttl"

DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
TEXT = (
    "Fenwick Labs said on Monday that all user data of the Quillpad app is stored "
    "in Norway. Researchers found the app sent device IDs to servers in Brazil."
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ontology_graph()


def declared(ontology: Graph) -> set[URIRef]:
    return {s for s, o in ontology.subject_objects(RDF.type)
            if o in DECLARATIONS and isinstance(s, URIRef) and s.startswith(str(PKG))}


def pkg_terms_in_model() -> set[URIRef]:
    return {PKG[name] for name in re.findall(r"\bpkg:([A-Za-z]\w*)", MODEL_MD.read_text())}


def test_ontology_parses_and_has_a_header(ontology: Graph) -> None:
    header = URIRef("https://w3id.org/privacykg/ns")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, DCTERMS.license) is not None


def test_vocab_terms_are_declared(ontology: Graph) -> None:
    terms = {*ASPECT_IRIS.values(), *POLARITY.values(), *VALUE_PROPERTIES.values()}
    assert terms - declared(ontology) == set()
    for aspect in ASPECT_IRIS.values():
        assert (aspect, RDF.type, PKG.Aspect) in ontology
    for polarity in POLARITY.values():
        assert (polarity, RDF.type, PKG.Polarity) in ontology


def test_model_terms_are_declared(ontology: Graph) -> None:
    terms = pkg_terms_in_model()
    assert len(terms) > 50  # the regex still finds the model's terms
    assert terms - declared(ontology) == set()


def _code_files() -> list[Path]:
    return [path for folder in ("kg", "scrapers", "web") for path in (ROOT / folder).rglob("*")
            if path.suffix in {".py", ".rq", ".sparql", ".html", ".ttl", ".json"}]


def test_pkg_terms_used_in_code_are_declared(ontology: Graph) -> None:
    """Any PKG.x or pkg:x written in the project's code, rules or templates is declared."""
    used: set[URIRef] = set()
    for path in _code_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        used |= {PKG[n] for n in re.findall(r"\bPKG\.([A-Za-z]\w*)", text)}
        used |= {PKG[n] for n in _terms(text, "pkg")}
    assert used - declared(ontology) == set()


def test_schema_and_prov_terms_used_in_code_exist() -> None:
    for path in _code_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for name in _terms(text, "schema") | set(re.findall(r"\bSCHEMA\.([A-Za-z]\w*)", text)):
            assert hasattr(SDO, name), f"{path.relative_to(ROOT)}: schema:{name}"
        for name in _terms(text, "prov") | set(re.findall(r"\bPROV\.([A-Za-z]\w*)", text)):
            assert hasattr(PROV, name), f"{path.relative_to(ROOT)}: prov:{name}"


def test_every_declared_term_is_documented(ontology: Graph) -> None:
    for term in declared(ontology):
        assert ontology.value(term, RDFS.label) is not None, term
        assert len(str(ontology.value(term, RDFS.comment) or "")) > 10, term


def test_properties_have_ranges(ontology: Graph) -> None:
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            assert ontology.value(prop, RDFS.range) is not None, prop


def test_claim_is_a_schema_claim_and_a_statement(ontology: Graph) -> None:
    assert (PKG.Claim, RDFS.subClassOf, SDO.Claim) in ontology
    assert (PKG.Claim, RDFS.subClassOf, PKG.Statement) in ontology


def _terms(text: str, prefix: str) -> set[str]:
    return set(re.findall(rf"(?<![\w/#]){prefix}:([A-Za-z]\w*)", text))


@pytest.mark.parametrize("path", [ONTOLOGY_TTL, SHAPES_TTL, MODEL_MD], ids=lambda p: p.name)
def test_reused_schema_and_prov_terms_exist(path: Path) -> None:
    # SDO and PROV are closed namespaces: an unknown term raises AttributeError.
    text = path.read_text()
    for name in _terms(text, "schema"):
        getattr(SDO, name)
    for name in _terms(text, "prov"):
        getattr(PROV, name)
    for name in _terms(text, "dcterms"):
        getattr(DCTERMS, name)


OA_TERMS = {"TextQuoteSelector", "TextPositionSelector", "Selector", "exact", "prefix",
            "suffix", "start", "end", "hasSelector", "hasSource"}


@pytest.mark.parametrize("path", [ONTOLOGY_TTL, SHAPES_TTL, MODEL_MD], ids=lambda p: p.name)
def test_reused_oa_terms_are_web_annotation_terms(path: Path) -> None:
    # rdflib has no closed oa namespace; these are the terms we checked by hand.
    assert _terms(path.read_text(), "oa") <= OA_TERMS


# --- SHACL ------------------------------------------------------------------

M = Minter()


def conforming_graph() -> Graph:
    """One of everything in docs/model.md, built by hand."""
    g = Graph()
    doc = M.document("0123456789abcdef")
    org, lab, cloud = M.organisation("Fenwick Labs"), M.organisation("Aster Institute"), \
        M.organisation("Nimbus Cloud")
    app = M.product("Quillpad")
    for node, cls, name in ((org, SDO.Organization, "Fenwick Labs"),
                            (lab, SDO.Organization, "Aster Institute"),
                            (cloud, SDO.Organization, "Nimbus Cloud"),
                            (app, SDO.Product, "Quillpad")):
        g.add((node, RDF.type, cls))
        g.add((node, SDO.name, Literal(name)))
    g.add((app, SDO.manufacturer, org))

    g.add((doc, RDF.type, SDO.NewsArticle))
    g.add((doc, RDF.type, PROV.Entity))
    g.add((doc, SDO.url, URIRef("https://news.example/quillpad")))
    g.add((doc, SDO.headline, Literal("Quillpad data questions")))
    g.add((doc, SDO.datePublished, Literal("2020-05-02", datatype=XSD.date)))
    g.add((doc, PKG.fullText, Literal(TEXT)))
    g.add((doc, PKG.retrieved, Literal("2026-11-26T10:00:00Z", datatype=XSD.dateTime)))

    def statement(kind: URIRef, sentence: str, aspect: str) -> URIRef:
        start = TEXT.index(sentence)
        end = start + len(sentence)
        st = M.statement(doc, start, aspect)
        quote = M.quote(st)
        g.add((st, RDF.type, kind))
        g.add((st, RDF.type, PKG.Statement))
        g.add((st, PKG.aspect, ASPECT_IRIS[aspect]))
        g.add((st, PKG.polarity, PKG.Positive))
        g.add((st, SDO.text, Literal(sentence)))
        g.add((st, PROV.wasDerivedFrom, doc))
        g.add((st, PKG.quote, quote))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, RDF.type, OA.TextPositionSelector))
        g.add((quote, OA.exact, Literal(sentence)))
        g.add((quote, OA.prefix, Literal(TEXT[max(0, start - 40):start])))
        g.add((quote, OA.suffix, Literal(TEXT[end:end + 40])))
        g.add((quote, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((quote, OA.end, Literal(end)))
        g.add((st, PKG.subject, app))
        return st

    claim = statement(PKG.Claim, TEXT.split(". ")[0] + ".", "data_location")
    g.add((claim, PKG.claimant, org))
    g.add((claim, PKG.country, Literal("NO")))
    g.add((claim, PKG.operator, cloud))
    finding = statement(PKG.Finding, TEXT.split(". ")[1], "anonymisation")
    g.add((finding, PKG.claimant, lab))
    g.add((finding, PKG.state, Literal("identifiable")))
    g.add((finding, PKG.identifier, Literal("device_id")))
    g.add((finding, PKG.context, Literal("incognito mode")))
    g.add((finding, PKG.reported, Literal(True)))

    capture = M.capture("fedcba9876543210")
    for t in (PKG.Capture, SDO.Dataset, PROV.Entity):
        g.add((capture, RDF.type, t))
    g.add((capture, PKG.sourceFile, Literal("quillpad.har")))
    g.add((capture, PKG.entries, Literal(4)))
    g.add((capture, PKG.product, app))
    g.add((capture, PKG.vendor, org))
    g.add((capture, PKG.vantage, Literal("DE")))
    g.add((capture, PKG.ipDatabase, Literal("some-db 1.0")))
    obs = M.observation(capture, "api.nimbus.example")
    g.add((obs, RDF.type, PKG.Observation))
    g.add((obs, PROV.wasDerivedFrom, capture))
    g.add((obs, PKG.subject, app))
    g.add((obs, PKG.host, Literal("api.nimbus.example")))
    g.add((obs, PKG.domain, Literal("nimbus.example")))
    g.add((obs, PKG.ip, Literal("192.0.2.7")))
    g.add((obs, PKG.country, Literal("BR")))
    g.add((obs, PKG.operator, cloud))
    g.add((obs, PKG.tls, Literal(False)))
    g.add((obs, PKG.requests, Literal(3)))
    g.add((obs, PKG.method, Literal("POST")))
    g.add((obs, PKG.encoding, Literal("base64")))
    g.add((obs, PKG.payloadState, Literal("encoded_only")))
    g.add((obs, PKG.thirdParty, Literal(False)))
    g.add((obs, PKG.strength, Literal("identifier_sent")))
    g.add((obs, RDFS.label, Literal("Quillpad sent a device ID to a server in Brazil")))

    registry = M.registry("00aa11bb22cc33dd")
    g.add((registry, RDF.type, PKG.Registry))
    g.add((registry, RDF.type, SDO.Dataset))
    g.add((registry, SDO.name, Literal("Seal registry")))
    g.add((registry, PKG.certifier, lab))
    g.add((registry, PKG.searchedHolder, org))
    cert = M.certificate(registry, "QX 1")
    g.add((cert, RDF.type, PKG.Certificate))
    g.add((cert, PROV.wasDerivedFrom, registry))
    g.add((cert, PKG.certifier, lab))
    g.add((cert, PKG.holder, org))
    g.add((cert, PKG.standard, Literal("ISO/IEC 27001")))
    g.add((cert, PKG.covers, app))
    g.add((cert, SDO.validFrom, Literal("2019-01-01", datatype=XSD.date)))
    g.add((cert, SDO.validThrough, Literal("2022-01-01", datatype=XSD.date)))
    g.add((cert, SDO.identifier, Literal("QX 1")))

    con = M.contradiction("data-location-mismatch", str(claim), str(obs))
    g.add((con, RDF.type, PKG.Contradiction))
    g.add((con, PKG.rule, M.rule("data-location-mismatch")))
    g.add((con, PKG.aspect, PKG.DataLocation))
    g.add((con, PKG.claim, claim))
    g.add((con, PKG.evidence, obs))
    g.add((con, PKG.explanation, Literal("The app said Norway; its traffic went to Brazil.")))
    g.add((con, PKG.confidence, Literal(0.8)))
    g.add((con, PKG.scopeNote, Literal("the capture was made in DE")))
    return g


def the(g: Graph, cls: URIRef) -> URIRef:
    node = next(iter(g.subjects(RDF.type, cls)))
    assert isinstance(node, URIRef)
    return node


def test_shapes_parse() -> None:
    assert len(shapes_graph()) > 100


def test_conforming_graph_conforms() -> None:
    g = conforming_graph()
    size = len(g)
    assert_conforms(g)
    assert len(g) == size  # validation must not add the ontology to our graph


def _broken_missing_aspect(g: Graph) -> str:
    g.remove((the(g, PKG.Claim), PKG.aspect, None))
    return 'pkg:aspect'


def _broken_two_aspects(g: Graph) -> str:
    g.add((the(g, PKG.Claim), PKG.aspect, PKG.Encryption))
    return 'pkg:aspect'


def _broken_polarity(g: Graph) -> str:
    g.set((the(g, PKG.Claim), PKG.polarity, PKG.Maybe))
    return 'pkg:polarity'


def _broken_country_name(g: Graph) -> str:
    g.add((the(g, PKG.Claim), PKG.country, Literal("India")))
    return 'pkg:country'


def _broken_country_lower(g: Graph) -> str:
    g.set((the(g, PKG.Observation), PKG.country, Literal("sg")))
    return 'pkg:country'


def _broken_state(g: Graph) -> str:
    g.set((the(g, PKG.Finding), PKG.state, Literal("kinda_anonymous")))
    return 'CONTRACT.md state values'


def _broken_state_of_other_aspect(g: Graph) -> str:
    g.set((the(g, PKG.Finding), PKG.state, Literal("end_to_end")))
    return "anonymisation statement's state"


def _broken_quote_text(g: Graph) -> str:
    quote = g.value(the(g, PKG.Claim), PKG.quote)
    g.set((quote, OA.exact, Literal("something else")))
    return "oa:exact is the statement's schema:text"


def _broken_quote_offsets(g: Graph) -> str:
    quote = g.value(the(g, PKG.Claim), PKG.quote)
    g.set((quote, OA.start, Literal(1, datatype=XSD.nonNegativeInteger)))
    return 'offsets do not select'


def _broken_no_quote(g: Graph) -> str:
    g.remove((the(g, PKG.Finding), PKG.quote, None))
    return 'pkg:quote'


def _broken_claimant_literal(g: Graph) -> str:
    g.set((the(g, PKG.Claim), PKG.claimant, Literal("Fenwick Labs")))
    return 'pkg:claimant'


def _broken_claim_and_finding(g: Graph) -> str:
    g.add((the(g, PKG.Claim), RDF.type, PKG.Finding))
    return 'must not conform'


def _broken_document(g: Graph) -> str:
    doc = the(g, SDO.NewsArticle)
    g.remove((doc, SDO.headline, None))
    g.remove((doc, SDO.url, None))
    return 'schema:headline'


def _broken_no_full_text(g: Graph) -> str:
    g.remove((the(g, SDO.NewsArticle), PKG.fullText, None))
    return 'pkg:fullText'


def _broken_tls(g: Graph) -> str:
    g.set((the(g, PKG.Observation), PKG.tls, Literal("no")))
    return 'xsd:boolean'


def _broken_strength(g: Graph) -> str:
    g.set((the(g, PKG.Observation), PKG.strength, Literal("strong")))
    return 'pkg:strength'


def _broken_no_host(g: Graph) -> str:
    g.remove((the(g, PKG.Observation), PKG.host, None))
    return 'pkg:host'


def _broken_payload_state(g: Graph) -> str:
    g.set((the(g, PKG.Observation), PKG.payloadState, Literal("encrypted-ish")))
    return "pkg:payloadState"


def _broken_vantage(g: Graph) -> str:
    g.set((the(g, PKG.Capture), PKG.vantage, Literal("Germany")))
    return 'pkg:vantage'


def _broken_certificate(g: Graph) -> str:
    g.remove((the(g, PKG.Certificate), PKG.holder, None))
    return 'pkg:holder'


def _broken_certificate_dates(g: Graph) -> str:
    g.set((the(g, PKG.Certificate), SDO.validThrough, Literal("2018-01-01", datatype=XSD.date)))
    return 'valid from'


def _broken_confidence(g: Graph) -> str:
    g.set((the(g, PKG.Contradiction), PKG.confidence, Literal(1.5)))
    return 'pkg:confidence'


def _broken_two_evidence(g: Graph) -> str:
    g.add((the(g, PKG.Contradiction), PKG.evidence, the(g, PKG.Finding)))
    return 'pkg:evidence'


def _broken_no_explanation(g: Graph) -> str:
    g.remove((the(g, PKG.Contradiction), PKG.explanation, None))
    return 'pkg:explanation'


def _broken_evidence_blank(g: Graph) -> str:
    g.set((the(g, PKG.Contradiction), PKG.evidence, BNode()))
    return 'pkg:evidence'


BREAKAGES = [f for name, f in sorted(globals().items()) if name.startswith("_broken_")]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__[len("_broken_"):])
def test_shapes_reject_broken_graphs(breakage: Callable[[Graph], str]) -> None:
    g = conforming_graph()
    expected = breakage(g)  # a fragment of the report that shows why it fails
    conforms, report = shacl_report(g)
    assert not conforms
    assert expected in report, report


def test_every_demo_graph_conforms(tmp_path: Path) -> None:
    """The bundled demo, built by the real pipeline, passes the shapes graph by graph."""
    from kg.demo import build_demo
    from kg.store import EmbeddedStore

    store = EmbeddedStore(tmp_path / "store")
    try:
        build_demo(store, Minter())
        dataset = store.quads()
    finally:
        store.close()
    checked = 0
    for named in dataset.graphs():
        if len(named) == 0:
            continue
        graph = Graph()
        for triple in named:
            graph.add(triple)
        conforms, report = shacl_report(graph)
        assert conforms, f"{named.identifier}\n{report}"
        checked += 1
    assert checked >= 2
