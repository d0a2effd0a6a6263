"""The graph stage: an article and its statements as RDF (docs/model.md).

`article_graph` turns an `Article` and the statements `find_statements` read from it
into one graph for its named graph, with exact quotes (Web Annotation selectors) for
every statement; `add_statement` writes one statement (findings files use it too).
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from ontologies.iris import Minter, key
from ontologies.vocab import (
    DPV,
    OA,
    PKG,
    POLARITY,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    VALUE_PROPERTIES,
    aspect_iri,
)
from scrapers import normalise as nz
from scrapers.control_chars import strip_controls
from scrapers.entities import organisation, product
from scrapers.memgraph import filled_graph
from scrapers.organisations import Cast, cast_for
from scrapers.types import Article, Statement

ENTITY_KEYS = {"operators", "recipients", "certifiers"}

QUOTE_CONTEXT = 40

# Namespace attribute look-ups cost a Python call each; an article makes hundreds.
_TYPE, _LABEL = RDF.type, RDFS.label
_NEWS_ARTICLE, _ENTITY, _PERSON = SCHEMA.NewsArticle, PROV.Entity, SCHEMA.Person
_URL, _HEADLINE, _PUBLISHER, _AUTHOR, _NAME = (SCHEMA.url, SCHEMA.headline, SCHEMA.publisher,
                                              SCHEMA.author, SCHEMA.name)
_DATE, _LANGUAGE, _DESCRIPTION = SCHEMA.datePublished, SCHEMA.inLanguage, SCHEMA.description
_RETRIEVED, _SOURCE_FILE, _FULL_TEXT = PKG.retrieved, PKG.sourceFile, PKG.fullText
_TEXT_DIGEST = PKG.textDigest
_PARENT, _TEXT, _DERIVED = SCHEMA.parentOrganization, SCHEMA.text, PROV.wasDerivedFrom
_CLAIM, _FINDING, _STATEMENT = PKG.Claim, PKG.Finding, PKG.Statement
_ASPECT, _POLARITY, _QUOTE = PKG.aspect, PKG.polarity, PKG.quote
_QUOTE_SELECTOR, _POSITION_SELECTOR = OA.TextQuoteSelector, OA.TextPositionSelector
_EXACT, _PREFIX, _SUFFIX, _START, _END = OA.exact, OA.prefix, OA.suffix, OA.start, OA.end
_SPEAKER, _CLAIMANT, _SUBJECT, _CONTEXT = PKG.speaker, PKG.claimant, PKG.subject, PKG.context
_REPORTED, _PERSONAL_DATA, _PURPOSE_KIND = PKG.reported, DPV.hasPersonalData, PKG.purposeKind
_TRUE = Literal(True)
_DATE_TYPE, _DATETIME_TYPE, _COUNT_TYPE = XSD.date, XSD.dateTime, XSD.nonNegativeInteger


@lru_cache(maxsize=256)
def statement_label(kind: str, aspect: str, polarity: str) -> Literal:
    """A statement's rdfs:label: "claim: encryption (negative)"."""
    return Literal(f"{kind}: {aspect} ({polarity})")


class _Triples:
    """An article's graph while it is built: each triple once, in the order first added.

    `Graph.add` costs ~10 µs (events, context indexes) and an article adds the same
    organisations, parent links and names once per statement; `graph()` makes the Graph
    of these triples in one go (scrapers.memgraph: indexed when first used, so
    `privacykg ingest`, which only stores it, never pays for rdflib's indexes)."""

    def __init__(self) -> None:
        self.triples: dict[tuple, None] = {}
        self.orgs: dict[str, URIRef] = {}
        self.literals: dict[str, Literal] = {}
        self.parents_added = False

    def add(self, triple: tuple) -> None:
        self.triples[triple] = None

    def literal(self, text: str) -> Literal:
        lit = self.literals.get(text)
        if lit is None:
            lit = self.literals[text] = Literal(text)
        return lit

    def graph(self) -> Graph:
        return filled_graph(self.triples)


def _org(g: Graph | _Triples, minter: Minter, name: str) -> URIRef:
    """`organisation`, once per name in a graph being built."""
    if isinstance(g, _Triples):
        iri = g.orgs.get(name)
        if iri is None:
            iri = g.orgs[name] = organisation(g, minter, name)
        return iri
    return organisation(g, minter, name)


def _literal(g: Graph | _Triples, text: str) -> Literal:
    return g.literal(text) if isinstance(g, _Triples) else Literal(text)


def _product_or_org(g: Graph | _Triples, minter: Minter, name: str,
                    owner: str | None) -> URIRef:
    if owner and owner != name:
        return product(g, minter, name, _org(g, minter, owner))
    return _org(g, minter, name)


def text_digest(text: str) -> str:
    """A document text's fingerprint, blind to how its whitespace was laid out."""
    return key(" ".join(text.split()))


def document_key(article: Article) -> str:
    return key(article.url) if article.url else key(article.text)


def article_graph(article: Article, statements: list[Statement], minter: Minter,
                  cast: Cast | None = None) -> tuple[Graph, URIRef]:
    """The document and its statements as one graph (for one named graph)."""
    g = _Triples()
    add = g.add
    doc = minter.document(document_key(article))
    add((doc, _TYPE, _NEWS_ARTICLE))
    add((doc, _TYPE, _ENTITY))
    if article.url:
        add((doc, _URL, URIRef(article.url)))
    if article.title:
        add((doc, _HEADLINE, Literal(article.title)))
    if article.publisher:
        add((doc, _PUBLISHER, _org(g, minter, article.publisher)))
    for author in article.authors:
        person = minter.person(author)
        add((person, _TYPE, _PERSON))
        add((person, _NAME, Literal(author)))
        add((doc, _AUTHOR, person))
    if article.published:
        add((doc, _DATE, Literal(article.published.isoformat(), datatype=_DATE_TYPE)))
    if article.language:
        add((doc, _LANGUAGE, Literal(article.language)))
    if article.description:
        add((doc, _DESCRIPTION, Literal(article.description)))
    if article.retrieved:
        add((doc, _RETRIEVED, Literal(article.retrieved.isoformat(), datatype=_DATETIME_TYPE)))
    # the text's own fingerprint, whatever URL it came with: the same text ingested
    # again (with a URL, without one) is found to be the same source (kg.ingest)
    add((doc, _TEXT_DIGEST, Literal(text_digest(article.text))))
    if not article.source.startswith(("http://", "https://")):
        # a file's name, like any text the graph keeps, without control characters
        add((doc, _SOURCE_FILE, Literal(strip_controls(article.source.rsplit("/", 1)[-1]))))
    add((doc, _FULL_TEXT, Literal(article.text)))
    cast = cast or cast_for(article.text, article.title, article.publisher)
    for st, iri in zip(statements, statement_iris(minter, doc, statements), strict=True):
        add_statement(g, minter, doc, article.text, st, cast, iri=iri)
    return g.graph(), doc


def statement_iris(minter: Minter, doc: URIRef, statements: list[Statement]) -> list[URIRef]:
    """Each statement's IRI: its place and aspect, and its kind too when one sentence
    holds both a claim and a finding of one aspect ("X told users it would not …, but it
    did"): two statements, so two resources, each with its own polarity."""
    kinds: dict[tuple[int, str], set[str]] = {}
    for st in statements:
        kinds.setdefault((st.start, st.aspect), set()).add(st.kind)
    return [URIRef(f"{minter.statement(doc, st.start, st.aspect)}-{st.kind}")
            if len(kinds[st.start, st.aspect]) > 1 and st.kind == "finding"
            else minter.statement(doc, st.start, st.aspect) for st in statements]


def add_statement(g: Graph | _Triples, minter: Minter, doc: URIRef, text: str, st: Statement,
                  cast: Cast, iri: URIRef | None = None) -> URIRef:
    add = g.add
    if not isinstance(g, _Triples) or not g.parents_added:
        for child, parent in {**cast.aliases, **cast.parents}.items():  # "Xiaomi India" -> Xiaomi
            add((_org(g, minter, child), _PARENT, _org(g, minter, parent)))
        if isinstance(g, _Triples):
            g.parents_added = True
    iri = iri or minter.statement(doc, st.start, st.aspect)
    add((iri, _TYPE, _CLAIM if st.kind == "claim" else _FINDING))
    add((iri, _TYPE, _STATEMENT))
    add((iri, _ASPECT, aspect_iri(st.aspect)))
    add((iri, _POLARITY, POLARITY[st.polarity]))
    quoted = Literal(st.text)
    add((iri, _TEXT, quoted))
    add((iri, _DERIVED, doc))
    quote = minter.quote(iri)
    add((iri, _QUOTE, quote))
    add((quote, _TYPE, _QUOTE_SELECTOR))
    add((quote, _TYPE, _POSITION_SELECTOR))
    add((quote, _EXACT, quoted))
    add((quote, _PREFIX, Literal(text[max(0, st.start - QUOTE_CONTEXT):st.start])))
    add((quote, _SUFFIX, Literal(text[st.end:st.end + QUOTE_CONTEXT])))
    add((quote, _START, Literal(st.start, datatype=_COUNT_TYPE)))
    add((quote, _END, Literal(st.end, datatype=_COUNT_TYPE)))
    if st.speaker:
        add((iri, _SPEAKER, _literal(g, st.speaker)))
    if st.claimant:
        add((iri, _CLAIMANT, _org(g, minter, st.claimant)))
    if st.subject:
        owner = cast.makers.get(st.subject) or cast.products.get(st.subject)
        owner = cast.canonical(owner) if owner else None
        add((iri, _SUBJECT, _product_or_org(g, minter, st.subject, owner)))
    for c in st.context:
        add((iri, _CONTEXT, _literal(g, c)))
    if st.reported:
        add((iri, _REPORTED, _TRUE))
    for k, v in st.values.items():
        prop = VALUE_PROPERTIES.get(k)
        if prop is None:
            continue
        for item in [v] if isinstance(v, str) else v:
            if k in ENTITY_KEYS:
                add((iri, prop, _org(g, minter, item)))
            else:
                add((iri, prop, _literal(g, item)))
            if k == "data":
                dpv = nz.dpv_category(item)
                if dpv:
                    add((iri, _PERSONAL_DATA, URIRef(dpv)))
            elif k == "purposes":
                for kind in nz.purpose_kinds(item):  # what the rules compare
                    add((iri, _PURPOSE_KIND, _literal(g, kind)))
    add((iri, _LABEL, statement_label(st.kind, st.aspect, st.polarity)))
    return iri
