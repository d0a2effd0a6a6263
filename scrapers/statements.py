"""Sentences → claims and findings, and an article with its statements → RDF.

`find_statements` is pure text in, `Statement`s out (easy to test and measure);
`article_graph` turns an `Article` and its statements into the graph of
docs/model.md, with exact quotes (Web Annotation selectors) for every statement.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.iris import Minter, key
from kg.vocab import DPV, OA, PKG, POLARITY, PROV, RDF, RDFS, SCHEMA, VALUE_PROPERTIES, aspect_iri
from scrapers import normalise as nz
from scrapers.aspects import aspects_in, finding_reads_alike
from scrapers.attribution import REPORTING, Cast, cast_of, voice_of
from scrapers.entities import organisation, product
from scrapers.sentences import Sentence, layout
from scrapers.types import Article, Statement

ENTITY_KEYS = {"operators", "recipients", "certifiers"}
_NOISE = re.compile(r"^(?:By:|Last Updated|Photo|File photo|Share this|Headshot|Source:|Home »|"
                    r"Read our|Read more|Click|Subscribe|Image:)", re.I)


def _subject(sentence: str, cast: Cast) -> str | None:
    """The product or company a sentence is about (companies in their canonical name)."""
    for name in sorted(set(cast.products) | set(cast.makers), key=len, reverse=True):
        if name in sentence:
            return name
    named = [c for c in cast.companies if re.search(r"\b" + re.escape(c), sentence)]
    # "sent … to Adlytic": a company the data goes to is a recipient, not the subject
    acting = [c for c in named if not re.search(r"\b(?:to|with|by|from)\s+(?:the\s+)?"
                                                + re.escape(c), sentence)]
    for company in acting or ([] if cast.main else named):
        return cast.canonical(company)
    return cast.canonical(cast.main) if cast.main else (cast.canonical(named[0]) if named else None)


# Sentences that are not statements about a practice: questions, definitions of terms,
# and orders or obligations (what a company must do is not what it does).
_NOT_A_STATEMENT = re.compile(
    r"\?[\"”’']?$|\b(?:typically|usually|generally|commonly) (?:refers|means)\b|"
    r"\bis defined as\b|\b(?:prohibited from|ordered to|must (?:pay|obtain|notify|implement|"
    r"delete|stop))\b|\b(?:is|are) (?:not )?recommended\b|"
    r"^(?:This|The present|In this) (?:report|article|paper|study|post|analysis)\b", re.I)
# Clause edges where a sentence may change voice: "X was said to …, but experts fear …".
_VOICE_EDGE = re.compile(r',[”"’]?\s+(?:but|while|whereas|however)\b|,[”"’]?\s+and that\b|'
                         r"\s+—\s+but\b")


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


def find_statements(text: str, *, publisher: str | None = None,
                    title: str | None = None) -> list[Statement]:
    """Every claim and finding in `text`, one per sentence (or clause) and aspect."""
    lay = layout(text)
    cast = _cast(text, title, publisher)
    seen: dict[int, tuple[str | None, str | None]] = {}
    out: list[Statement] = []
    for sentence in lay.sentences:
        if (_NOISE.match(sentence.text) or len(sentence.text.split()) < 4
                or _NOT_A_STATEMENT.search(sentence.text)
                or _is_headline(sentence, text, title)):
            continue
        out += _statements_of(sentence, lay, text, cast, seen)
    return out


def _clauses(s: str) -> list[tuple[int, str]]:
    """(offset, text) of the parts of a sentence that may be in different voices."""
    cuts = [0] + [m.start() for m in _VOICE_EDGE.finditer(s)] + [len(s)]
    return [(a, s[a:b]) for a, b in zip(cuts, cuts[1:], strict=False) if s[a:b].strip()]


def _statements_of(sentence: Sentence, lay, text: str, cast: Cast, seen) -> list[Statement]:
    s = sentence.text
    # the company itself is never its own recipient; the other companies may be
    companies = {c for c in cast.companies if cast.canonical(c) == cast.canonical(cast.main or c)}
    companies |= {p for p, owner in cast.products.items() if owner in companies}
    hits = []
    fresh: dict[int, list] = {}  # each clause's hits as read, before offsets are added
    for offset, clause in _clauses(s):
        found = aspects_in(clause, companies=companies)
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
                     aspects_in(clause, kind_hint="finding", companies=companies))
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


def _product_or_org(g: Graph, minter: Minter, name: str, owner: str | None) -> URIRef:
    if owner and owner != name:
        return product(g, minter, name, organisation(g, minter, owner))
    return organisation(g, minter, name)


def document_key(article: Article) -> str:
    return key(article.url) if article.url else key(article.text)


def article_graph(article: Article, statements: list[Statement], minter: Minter,
                  cast: Cast | None = None) -> tuple[Graph, URIRef]:
    """The document and its statements as one graph (for one named graph)."""
    g = Graph()
    doc = minter.document(document_key(article))
    g.add((doc, RDF.type, SCHEMA.NewsArticle))
    g.add((doc, RDF.type, PROV.Entity))
    if article.url:
        g.add((doc, SCHEMA.url, URIRef(article.url)))
    if article.title:
        g.add((doc, SCHEMA.headline, Literal(article.title)))
    if article.publisher:
        g.add((doc, SCHEMA.publisher, organisation(g, minter, article.publisher)))
    for author in article.authors:
        person = minter.person(author)
        g.add((person, RDF.type, SCHEMA.Person))
        g.add((person, SCHEMA.name, Literal(author)))
        g.add((doc, SCHEMA.author, person))
    if article.published:
        g.add((doc, SCHEMA.datePublished, Literal(article.published.isoformat(),
                                                  datatype=XSD.date)))
    if article.language:
        g.add((doc, SCHEMA.inLanguage, Literal(article.language)))
    if article.description:
        g.add((doc, SCHEMA.description, Literal(article.description)))
    if article.retrieved:
        g.add((doc, PKG.retrieved, Literal(article.retrieved.isoformat(), datatype=XSD.dateTime)))
    if not article.source.startswith(("http://", "https://")):
        g.add((doc, PKG.sourceFile, Literal(article.source.rsplit("/", 1)[-1])))
    g.add((doc, PKG.fullText, Literal(article.text)))
    cast = cast or _cast(article.text, article.title, article.publisher)
    for st in statements:
        add_statement(g, minter, doc, article.text, st, cast)
    return g, doc


def add_statement(g: Graph, minter: Minter, doc: URIRef, text: str, st: Statement,
                  cast: Cast) -> URIRef:
    for child, parent in {**cast.aliases, **cast.parents}.items():  # "Xiaomi India" -> Xiaomi
        g.add((organisation(g, minter, child), SCHEMA.parentOrganization,
               organisation(g, minter, parent)))
    iri = minter.statement(doc, st.start, st.aspect)
    g.add((iri, RDF.type, PKG.Claim if st.kind == "claim" else PKG.Finding))
    g.add((iri, RDF.type, PKG.Statement))
    g.add((iri, PKG.aspect, aspect_iri(st.aspect)))
    g.add((iri, PKG.polarity, POLARITY[st.polarity]))
    g.add((iri, SCHEMA.text, Literal(st.text)))
    g.add((iri, PROV.wasDerivedFrom, doc))
    quote = minter.quote(iri)
    g.add((iri, PKG.quote, quote))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, RDF.type, OA.TextPositionSelector))
    g.add((quote, OA.exact, Literal(st.text)))
    g.add((quote, OA.prefix, Literal(text[max(0, st.start - QUOTE_CONTEXT):st.start])))
    g.add((quote, OA.suffix, Literal(text[st.end:st.end + QUOTE_CONTEXT])))
    g.add((quote, OA.start, Literal(st.start, datatype=XSD.nonNegativeInteger)))
    g.add((quote, OA.end, Literal(st.end, datatype=XSD.nonNegativeInteger)))
    if st.speaker:
        g.add((iri, PKG.speaker, Literal(st.speaker)))
    if st.claimant:
        g.add((iri, PKG.claimant, organisation(g, minter, st.claimant)))
    if st.subject:
        owner = cast.makers.get(st.subject) or cast.products.get(st.subject)
        owner = cast.canonical(owner) if owner else None
        g.add((iri, PKG.subject, _product_or_org(g, minter, st.subject, owner)))
    for c in st.context:
        g.add((iri, PKG.context, Literal(c)))
    if st.reported:
        g.add((iri, PKG.reported, Literal(True)))
    for k, v in st.values.items():
        prop = VALUE_PROPERTIES.get(k)
        if prop is None:
            continue
        for item in [v] if isinstance(v, str) else v:
            if k in ENTITY_KEYS:
                g.add((iri, prop, organisation(g, minter, item)))
            else:
                g.add((iri, prop, Literal(item)))
            if k == "data" and nz.dpv_category(item):
                g.add((iri, DPV.hasPersonalData, URIRef(nz.dpv_category(item))))
    g.add((iri, RDFS.label, Literal(f"{st.kind}: {st.aspect} ({st.polarity})")))
    return iri
