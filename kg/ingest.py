"""From a source (URL or file) to a document graph in the store.

Reading and extracting are pure (scrapers); this module only decides where the
source comes from and puts the finished graph into its own named graph, nothing
written before every source has been read and checked (see `store_documents` for
what a failed write can leave).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from kg.claims import claim_triples, with_claims
from kg.store import EmbeddedStore, Store, graph_as_insert, refuse_control_terms
from ontologies.iris import Minter
from scrapers.article import MAX_SOURCE_BYTES, read_article
from scrapers.errors import SourceError
from scrapers.local_input import read_input
from scrapers.memgraph import triples_of
from scrapers.source_url import checked_source_url, is_source_url
from scrapers.statement_graph import article_graph, document_key, statement_iris
from scrapers.statements import find_statements
from scrapers.types import Article, Statement


@dataclass
class Extraction:
    article: Article
    statements: list[Statement]
    graph: Graph
    document: URIRef
    key: str


@dataclass(frozen=True)
class Metadata:
    """Flags that fill or override what the source says about itself."""

    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    title: str | None = None


def read_source(source: str, meta: Metadata, *, allow_private: bool = False) -> Article:
    """An Article from an http(s) URL, an .html file or a .txt file."""
    if source.startswith(("http://", "https://")):
        from scrapers.fetch import fetch

        checked_source_url(source)  # a space or a quote is refused before any request
        fetched = fetch(source, allow_private=allow_private)
        ctype = fetched.content_type or "text/html"
        if "html" in ctype:
            media = "html"
        elif ctype.startswith("text/"):
            media = "text"
        else:
            raise SourceError(source, f"not an article: the server sent {ctype}")
        article = read_article(fetched.body, source=source, media_type=media,
                               url=meta.url or (fetched.url if is_source_url(fetched.url)
                                                else source), title=meta.title,
                               publisher=meta.publisher, published=meta.published,
                               charset=fetched.charset)
        article.retrieved = fetched.retrieved
        return article
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".txt", ".text", ".md"):
        raise SourceError(source, "not an article: give an http(s) URL, an .html or a .txt file")
    data = _read_local(path, source)
    media = "html" if suffix in (".html", ".htm") else "text"
    return read_article(data, source=source, media_type=media, url=meta.url, title=meta.title,
                        publisher=meta.publisher, published=meta.published)


def _read_local(path: Path, source: str) -> bytes:
    """A local file's bytes, at most MAX_SOURCE_BYTES of them: a device, a pipe or a
    huge file (a link to /dev/zero) is refused before anything is held in memory."""
    return read_input(path, source, limit=MAX_SOURCE_BYTES, what="document")


def extract(source: str, meta: Metadata, minter: Minter, *,
            allow_private: bool = False) -> Extraction:
    """Everything `ingest` would store for a source, without touching the store."""
    article = read_source(source, meta, allow_private=allow_private)
    statements = find_statements(article.text, publisher=article.publisher, title=article.title)
    graph, doc = article_graph(article, statements, minter)
    return Extraction(article, statements, graph, doc, document_key(article))


def store_extraction(store: Store, minter: Minter, extraction: Extraction) -> URIRef:
    """Replace the document's named graph with the new extraction (one transaction)."""
    return store_document(store, minter, extraction.key, extraction.graph)


@dataclass(frozen=True)
class SameText:
    """A source whose text is already stored as another document: what was done."""

    key: str          # the new document's key
    stored: URIRef    # the document already stored with the same text
    url: str | None   # its URL, when it has one
    action: str       # "kept" (the stored one, which has a URL), "replaced", "republished"

    def line(self) -> str:
        where = self.url or str(self.stored)
        return {"kept": f"the same text as {where}, already stored: not stored again",
                "replaced": f"the same text as {where}, stored without a URL: replaced by "
                            "this one",
                "republished": f"the same text as {where}: stored as a republication"
                }[self.action]


_SAME_TEXT = """SELECT ?digest ?doc ?g ?url WHERE {
  VALUES ?digest { %s }
  GRAPH ?g { ?doc <https://w3id.org/privacykg/ns#textDigest> ?digest .
             OPTIONAL { ?doc <https://schema.org/url> ?url } }
}"""
_DIGEST = URIRef("https://w3id.org/privacykg/ns#textDigest")
_URL = URIRef("https://schema.org/url")


def without_duplicates(store: Store, minter: Minter, documents: list[tuple[str, Graph]]
                       ) -> tuple[list[tuple[str, Graph]], list[URIRef], list[SameText]]:
    """The documents to store, the graphs to drop and what was found, for sources whose
    text the store already holds under another key (the text ingested without `--url`,
    then with it, or the other way round): one source is kept, the one with a URL; the
    same text at two different URLs is a republication, and both are kept."""
    digests: dict[str, tuple[str, str | None]] = {}
    for k, graph in documents:
        doc = minter.document(k)
        d = graph.value(doc, _DIGEST)
        if d is not None:
            url = graph.value(doc, _URL)
            digests[str(d)] = (k, str(url) if url is not None else None)
    if not digests:
        return documents, [], []
    values = " ".join('"' + d + '"' for d in digests)
    found: dict[str, list[tuple[URIRef, URIRef, str | None]]] = {}
    for row in store.query(_SAME_TEXT % values).rows:
        found.setdefault(str(row[0]), []).append(
            (row[1], row[2], str(row[3]) if row[3] is not None else None))
    keep, drop, notes = [], [], []
    skipped: set[str] = set()
    for digest, (k, url) in digests.items():
        for stored, graph_name, stored_url in found.get(digest, []):
            if stored == minter.document(k):
                continue  # the same document stored again: replaced as always
            if stored_url and not url:
                notes.append(SameText(k, stored, stored_url, "kept"))
                skipped.add(k)
            elif url and not stored_url:
                notes.append(SameText(k, stored, None, "replaced"))
                drop.append(graph_name)
            elif url and stored_url and url != stored_url:
                notes.append(SameText(k, stored, stored_url, "republished"))
    keep = [(k, g) for k, g in documents if k not in skipped]
    return keep, drop, notes


def split_entities(graph: Graph, minter: Minter) -> tuple[Graph, Graph]:
    """(what is the document's own, the descriptions of organisations, products, people).

    Many documents describe the same company alike; stored in every document graph,
    those triples would match once per document in the union default graph and make
    every rule's join on companies grow with the store (bench/README.md)."""
    own, entities = Graph(), Graph()
    for triple in graph:
        s = triple[0]
        (entities if isinstance(s, URIRef) and minter.is_entity(s) else own).add(triple)
    return own, entities


def store_document(store: Store, minter: Minter, key: str, graph: Graph) -> URIRef:
    """Put a source document's graph into the store (see `store_documents`)."""
    return store_documents(store, minter, [(key, graph)])[0]


def store_documents(store: Store, minter: Minter,
                    documents: list[tuple[str, Graph]]) -> list[URIRef]:
    """Put source documents' graphs into the store: each document's own triples replace
    its named graph; descriptions of organisations, products and people are added to the
    shared entities graph, and the claims and findings its statements are appearances of
    to the claims graph (kg/claims.py; adding is idempotent).

    On the embedded store all of it is one write (`EmbeddedStore.write_graphs`), after
    every term has been checked, so bad input stores nothing. It is one transaction
    (stored whole or not at all, one commit) except when many new documents are stored
    at once on disk (`privacykg ingest` of a folder of articles: ~13 or more, none of
    them stored before): then Oxigraph's bulk loader writes them, three times faster,
    but an I/O failure or a kill while it writes can leave part of the batch in the
    store (ingesting the same sources again puts them right). A remote store gets the
    entities first, then each document's graph replaced in its own operation (large
    graphs are sent in chunks there)."""
    names = [minter.document_graph(key) for key, _ in documents]
    if isinstance(store, EmbeddedStore):
        entities: dict[tuple, None] = {}  # in order, without repeats
        claims: dict[tuple, None] = {}
        replace: dict[URIRef, list] = {}
        is_entity: dict[URIRef, bool] = {}
        for name, (_, graph) in zip(names, documents, strict=True):
            own = replace[name] = []  # a key given twice: the last graph wins, as before
            triples = triples_of(graph)
            shared, appearances = claim_triples(triples, minter)
            claims.update(dict.fromkeys(shared))
            own.extend(appearances)
            for triple in triples:
                s = triple[0]
                entity = is_entity.get(s)
                if entity is None:
                    entity = is_entity[s] = isinstance(s, URIRef) and minter.is_entity(s)
                if entity:
                    entities[triple] = None
                else:
                    own.append(triple)
        add = {minter.entities_graph: list(entities)} if entities else {}
        if claims:
            add[minter.claims_graph] = list(claims)
        store.write_graphs(replace, add)
        return names
    # every term checked before the first request, so a refusal sends nothing
    refuse_control_terms((name, graph) for name, (_, graph) in zip(names, documents, strict=True))
    for name, (_, graph) in zip(names, documents, strict=True):
        own, entities = split_entities(graph, minter)
        own, claims = with_claims(own, minter)
        if len(entities):
            store.update(graph_as_insert(minter.entities_graph, entities))
        if claims:
            store.update(graph_as_insert(minter.claims_graph, claims))
        store.replace_graph(name, own)
    return names


def extraction_json(extraction: Extraction, minter: Minter) -> dict:
    """`extract --format json` of CONTRACT.md."""
    a = extraction.article
    doc = {"iri": str(extraction.document), "url": a.url, "title": a.title,
           "publisher": a.publisher,
           "published": a.published.isoformat() if a.published else None,
           "authors": list(a.authors)}
    statements = []
    iris = statement_iris(minter, extraction.document, extraction.statements)
    for st, iri in zip(extraction.statements, iris, strict=True):
        item = {"iri": str(iri),
                "kind": st.kind, "aspect": st.aspect, "polarity": st.polarity,
                "text": st.text, "speaker": st.speaker, "claimant": st.claimant,
                "subject": st.subject, "context": list(st.context),
                "values": dict(st.values), "start": st.start, "end": st.end}
        if st.reported:
            item["reported"] = True
        statements.append(item)
    return {"document": doc, "statements": statements}
