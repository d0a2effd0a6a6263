"""Sentences → claims and findings, and an article with its statements → RDF.

`find_statements` is pure text in, `Statement`s out (easy to test and measure);
`article_graph` turns an `Article` and its statements into the graph of
docs/model.md, with exact quotes (Web Annotation selectors) for every statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
from scrapers.aspects import about_data_practices, aspects_in, finding_reads_alike
from scrapers.attribution import REPORTING, voice_of
from scrapers.entities import organisation, product
from scrapers.gate import Gated
from scrapers.memgraph import filled_graph
from scrapers.organisations import Cast, cast_of
from scrapers.sentences import Layout, Sentence, layout
from scrapers.types import Article, Statement

ENTITY_KEYS = {"operators", "recipients", "certifiers"}
_NOISE = re.compile(r"^(?:By:|Last Updated|Photo|File photo|Share this|Headshot|Source:|Home »|"
                    r"Read our|Read more|Click|Subscribe|Image:)", re.I)


def _subject(sentence: str, cast: Cast) -> str | None:
    """The product or company a sentence is about (companies in their canonical name)."""
    product = cast.product_in(sentence)
    if product:
        return product
    named = [c for c in cast.companies if re.search(r"\b" + re.escape(c), sentence)]
    # "sent … to Adlytic": a company the data goes to is a recipient, not the subject
    acting = [c for c in named if not re.search(r"\b(?:to|with|by|from)\s+(?:the\s+)?"
                                                + re.escape(c), sentence)]
    for company in acting or ([] if cast.main else named):
        return cast.canonical(company)
    return cast.canonical(cast.main) if cast.main else (cast.canonical(named[0]) if named else None)


# Sentences that are not statements about a practice: questions, definitions of terms,
# and orders or obligations (what a company must do is not what it does).
_NOT_A_STATEMENT = Gated(re.compile(
    r"\?[\"”’']?$|\b(?:typically|usually|generally|commonly) (?:refers|means)\b|"
    r"\bis defined as\b|\b(?:prohibited from|ordered to|must (?:pay|obtain|notify|implement|"
    r"delete|stop))\b|\b(?:is|are) (?:not )?recommended\b|"
    # a settlement's obligations: what the company will have to do is not what it does
    r"\b(?:prohibits|prohibit|bans|barred|bars) (?:\w+ ){1,4}from\b|"
    r"\bagreed to (?:ensure|stop|pay|implement|delete|obtain|notify|limit|submit)\b|"
    r"\b(?:will be|is|are) required to\b|"
    r"^(?:This|The present|In this) (?:report|article|paper|study|post|analysis)\b", re.I))
# Clause edges where a sentence may change voice: "X was said to …, but experts fear …".
_VOICE_EDGE = Gated(re.compile(r',[”"’]?\s+(?:but|while|whereas|however)\b|,[”"’]?\s+and that\b|'
                               r"\s+—\s+but\b"))


def _is_headline(sentence: Sentence, text: str, title: str | None) -> bool:
    """A line that is the title, or a title-like line standing alone without a full stop."""
    s = sentence.text.strip()
    t = (title or "").strip()
    if t and (s == t or s in t or (t in s and len(s) < len(t) + 40)):
        return True
    line_start = text.rfind("\n", 0, sentence.start) + 1
    line_end = text.find("\n", sentence.end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    # the document's first line, with more text after it: a sentence-case headline ("X says
    # A. Researchers disagree.") when short, or any line without a full stop
    # (without a title to compare with: when one is given, the first line may be the lede)
    first_line = not t and not text[:line_start].strip() and line_end >= 0 and \
        text[line_end:].strip()
    if first_line and len(line.split()) <= 15:
        return True
    if line != s or re.search(r"[.!?…\"”]$", s):
        return False
    if first_line and len(s.split()) <= 25:
        return True
    words = re.findall(r"[A-Za-z][\w'’-]*", s)
    capitalised = sum(w[0].isupper() for w in words)
    return len(words) <= 20 and capitalised >= max(2, len(words) // 2)


@lru_cache(maxsize=4)
def _cast(text: str, title: str | None, publisher: str | None) -> Cast:
    """`cast_of`, remembered for the few texts in hand: `find_statements` and then
    `article_graph` ask for the same article's cast (a Cast is never changed after)."""
    return cast_of(text, title, publisher)


@dataclass
class _Reading:
    """What every sentence of one document is read against."""

    layout: Layout
    text: str
    cast: Cast
    companies: set[str]     # the company concerned and its products: never a recipient
    on_topic: bool          # the document is about data practices (`about_data_practices`)
    seen: dict = field(default_factory=dict)  # who spoke last (attribution's memory)


def find_statements(text: str, *, publisher: str | None = None,
                    title: str | None = None) -> list[Statement]:
    """Every claim and finding in `text`, one per sentence (or clause) and aspect."""
    cast = _cast(text, title, publisher)
    # the company itself is never its own recipient; the other companies may be
    own = {c for c in cast.companies if cast.canonical(c) == cast.canonical(cast.main or c)}
    own |= {p for p, owner in cast.products.items() if owner in own}
    doc = _Reading(layout(text), text, cast, own, about_data_practices(text))
    out: list[Statement] = []
    for sentence in doc.layout.sentences:
        if (_NOISE.match(sentence.text) or len(sentence.text.split()) < 4
                or _NOT_A_STATEMENT.search(sentence.text)
                or _is_headline(sentence, text, title)):
            continue
        out += _statements_of(sentence, doc)
    return out


def _clauses(s: str) -> list[tuple[int, str]]:
    """(offset, text) of the parts of a sentence that may be in different voices."""
    cuts = [0] + [m.start() for m in _VOICE_EDGE.finditer(s)] + [len(s)]
    return [(a, s[a:b]) for a, b in zip(cuts, cuts[1:], strict=False) if s[a:b].strip()]


def _statements_of(sentence: Sentence, doc: _Reading) -> list[Statement]:
    """The statements of one sentence: its aspects, each in the voice that says it."""
    lay, text, cast, seen = doc.layout, doc.text, doc.cast, doc.seen
    companies, on_topic = doc.companies, doc.on_topic
    s = sentence.text
    hits = []
    fresh: dict[int, list] = {}  # each clause's hits as read, before offsets are added
    for offset, clause in _clauses(s):
        found = aspects_in(clause, companies=companies, on_topic=on_topic)
        fresh[offset] = [h.copy() for h in found]
        for h in found:
            h.cue_start += offset
            hits.append((offset, clause, h))
    if not hits:
        if REPORTING.search(s) or sentence.quote_spans:
            # no practice here, but who speaks matters for the next sentence ("She added…")
            voice_of(sentence, 0, lay, text, cast, seen)
        return []
    result = []
    done: set[tuple[str, str]] = set()
    contexts_here = nz.contexts_in(s)
    subject_here = _subject(s, cast)
    for offset, clause, hit in hits:
        voice = voice_of(sentence, hit.cue_start, lay, text, cast, seen,
                         clause=(offset, offset + len(clause)))
        # two clauses may say two things of one aspect ("…encrypted…, and that … not decrypted")
        same = (voice.kind, hit.aspect, hit.polarity, str(hit.values.get("state")))
        if same in done:
            continue
        done.add(same)
        if voice.kind == "finding":
            # values a finding contrasts with the company's claim belong to the claim
            # read again only when the finding's reading differs (a contrast in the clause)
            again = ([h.copy() for h in fresh[offset]] if finding_reads_alike(clause) else
                     aspects_in(clause, kind_hint="finding", companies=companies,
                                on_topic=on_topic))
            refined = [h for h in again if h.aspect == hit.aspect]
            if refined:
                refined[0].cue_start += offset
                hit = refined[0]
        contexts = list(contexts_here)
        for extra in hit.values.pop("context", []):  # a context the aspect reader saw
            if extra not in contexts:
                contexts.append(extra)
        claimant = cast.canonical(voice.claimant) if voice.claimant else None
        subject = subject_here
        if voice.kind == "claim" and claimant and claimant != cast.main and claimant in s:
            subject = claimant  # another company speaking about its own practice
        result.append(Statement(
            kind=voice.kind, aspect=hit.aspect, polarity=hit.polarity, text=s,
            start=sentence.start, end=sentence.end, speaker=voice.speaker, claimant=claimant,
            subject=subject, context=contexts, values=hit.values,
            reported=voice.reported))
    return result


# --- RDF ----------------------------------------------------------------------

QUOTE_CONTEXT = 40

# Namespace attribute look-ups cost a Python call each; an article makes hundreds.
_TYPE, _LABEL = RDF.type, RDFS.label
_NEWS_ARTICLE, _ENTITY, _PERSON = SCHEMA.NewsArticle, PROV.Entity, SCHEMA.Person
_URL, _HEADLINE, _PUBLISHER, _AUTHOR, _NAME = (SCHEMA.url, SCHEMA.headline, SCHEMA.publisher,
                                              SCHEMA.author, SCHEMA.name)
_DATE, _LANGUAGE, _DESCRIPTION = SCHEMA.datePublished, SCHEMA.inLanguage, SCHEMA.description
_RETRIEVED, _SOURCE_FILE, _FULL_TEXT = PKG.retrieved, PKG.sourceFile, PKG.fullText
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
def _label(kind: str, aspect: str, polarity: str) -> Literal:
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
    if not article.source.startswith(("http://", "https://")):
        add((doc, _SOURCE_FILE, Literal(article.source.rsplit("/", 1)[-1])))
    add((doc, _FULL_TEXT, Literal(article.text)))
    cast = cast or _cast(article.text, article.title, article.publisher)
    for st in statements:
        add_statement(g, minter, doc, article.text, st, cast)
    return g.graph(), doc


def add_statement(g: Graph | _Triples, minter: Minter, doc: URIRef, text: str, st: Statement,
                  cast: Cast) -> URIRef:
    add = g.add
    if not isinstance(g, _Triples) or not g.parents_added:
        for child, parent in {**cast.aliases, **cast.parents}.items():  # "Xiaomi India" -> Xiaomi
            add((_org(g, minter, child), _PARENT, _org(g, minter, parent)))
        if isinstance(g, _Triples):
            g.parents_added = True
    iri = minter.statement(doc, st.start, st.aspect)
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
    add((iri, _LABEL, _label(st.kind, st.aspect, st.polarity)))
    return iri
