"""Incremental check: after new documents are stored, find their contradictions without
running the rules over the whole store.

Every rule pairs a claim with evidence about the same company (through
`pkg:claimant`/`pkg:subject`, certificates' holders and products, and the
`schema:manufacturer`/`schema:parentOrganization` links between organisations and
products). So the contradictions a new document can add involve its own items and items
anchored to the same companies. This module copies just that neighbourhood — the new
documents, the claims and outside findings about a company above or below theirs (with
where and when each sentence said them, not the articles whole: a company's archive
repeats its claims), the evidence documents about those companies (captures,
registries) and the descriptions of the entities they name — into a small in-memory
store, runs the rules there, and keeps the matches that involve a new item. The cost
follows the claims and evidence of those companies, not the store, nor the number of
articles repeating them.

It is exact under one condition, checked here: the new documents add no link between
companies or products that were already known (a new product of a known company is fine;
"X is now a subsidiary of Y" for a known X is not, since it can pair old claims with old
evidence). When the condition fails, or the store was never checked, `check_documents`
runs the full check instead. Call `before_storing` before storing the documents: it
finds the links and the items the new versions replace, so no step scans the store.
Only the embedded store has the API this needs; a remote store gets the full check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.check import Contradiction, check, contradictions_graph, run_rules
from kg.groups import LINK_PROPERTIES, name_variants
from kg.review import decisions, name_decisions
from kg.rules import Rule, load_rules
from kg.store import EmbeddedStore, Store, graph_as_insert
from kg.verdicts import VERDICT_PROPERTIES, derive_verdicts, verdict_triples
from ontologies.iris import Minter
from ontologies.vocab import PKG, PROV, RDF, SCHEMA

_TYPE = ox.NamedNode(str(RDF.type))
_ORGANIZATION = ox.NamedNode(str(SCHEMA.Organization))
_ITEM_TYPES = {ox.NamedNode(str(PKG[t]))
               for t in ("Claim", "Finding", "Observation", "Certificate", "Registry")}
_CLAIM = ox.NamedNode(str(PKG.Claim))
_CLAIMANT = ox.NamedNode(str(PKG.claimant))
# what ties an item to a company: claims by claimant or subject, everything else by
# subject, certificates by holder and products covered, registries by the holder searched
# (a finding's claimant is who reports it, a lab or an outlet: not an anchor)
_ANCHORS = tuple(ox.NamedNode(str(PKG[p]))
                 for p in ("subject", "holder", "covers", "searchedHolder"))
_CONTRADICTION_LINKS = tuple(ox.NamedNode(str(p)) for p in (PKG.claim, PKG.evidence))
_APPEARANCE = ox.NamedNode(str(SCHEMA.appearance))
_STATEMENT = ox.NamedNode(str(PKG.Statement))
_COMPANY_CLAIM = ox.NamedNode(str(PKG.CompanyClaim))
_DERIVED = ox.NamedNode(str(PROV.wasDerivedFrom))
_PUBLISHED = ox.NamedNode(str(SCHEMA.datePublished))
_VERDICT_PROPERTIES = tuple(ox.NamedNode(str(p)) for p in VERDICT_PROPERTIES)


@dataclass
class IncrementalResult:
    added: list[Contradiction]            # the contradictions that involve the new documents
    total: int                            # contradictions recorded after the check
    full: bool                            # True when a full check had to run
    reason: str = ""                      # why, when it did
    documents: int = 0                    # documents in the neighbourhood that was checked


@dataclass(frozen=True)
class Before:
    """What the incremental check needs to know of the store before documents are stored."""

    links_changed: bool         # see adds_company_links
    old_items: frozenset        # the items of the graphs about to be replaced


def before_storing(store: Store, minter: Minter,
                   documents: list[tuple[str, Graph]]) -> Before:
    """Call before `kg.ingest.store_documents(store, minter, documents)`: what the
    documents will change that the incremental check must know (cost: their size)."""
    links = any(adds_company_links(store, graph) for _, graph in documents)
    if not isinstance(store, EmbeddedStore):
        return Before(links, frozenset())
    names = [ox.NamedNode(str(minter.document_graph(key))) for key, _ in documents]
    old, _ = _items_and_anchors(store.oxigraph, names)
    return Before(links, frozenset(old))


def adds_company_links(store: Store, graph: Graph) -> bool:
    """True when `graph` links an already known organisation or product to another one in
    a way the store does not hold yet (call it before storing the graph)."""
    if not isinstance(store, EmbeddedStore):
        return True
    ox_store = store.oxigraph
    if _adds_name_variant(ox_store, graph):
        return True
    for link in (SCHEMA.manufacturer, SCHEMA.parentOrganization):
        for s, _, o in graph.triples((None, link, None)):
            subject, obj = ox.NamedNode(str(s)), ox.NamedNode(str(o))
            if any(True for _ in ox_store.quads_for_pattern(subject, ox.NamedNode(str(link)),
                                                             obj, None)):
                continue  # already known
            if any(True for _ in ox_store.quads_for_pattern(subject, None, None, None)):
                return True  # a known entity gets a new link
    return False


def _adds_name_variant(ox_store: ox.Store, graph: Graph) -> bool:
    """True when `graph` brings a new organisation that is a known one under a longer or
    shorter name ("Norvik Systems" beside "Norvik": `kg.groups.name_variants`)."""
    new = {str(s) for s in graph.subjects(RDF.type, SCHEMA.Organization)}
    new = {o for o in new if not any(True for _ in ox_store.quads_for_pattern(
        ox.NamedNode(o), _TYPE, _ORGANIZATION, None))}
    if not new:
        return False
    known = {q.subject.value for q in ox_store.quads_for_pattern(None, _TYPE, _ORGANIZATION)
             if isinstance(q.subject, ox.NamedNode)}
    # (two new names of one company come with the document and its links)
    return any(o in new and others & known for o, others in name_variants(known | new).items())


def check_documents(store: Store, minter: Minter, names: Iterable[URIRef], before: Before,
                    *, rules: tuple[Rule, ...] | None = None) -> IncrementalResult:
    """Bring the recorded contradictions up to date after the document graphs `names` were
    stored (or replaced); `before` is what `before_storing` said just before that."""
    rules = rules or load_rules()
    reason = ""
    if not isinstance(store, EmbeddedStore):
        reason = "the incremental check needs the embedded store"
    elif before.links_changed:
        reason = "the new documents link companies or products that were already known"
    elif not store.oxigraph.contains_named_graph(ox.NamedNode(str(minter.contradictions_graph))):
        reason = "the store has not been checked yet"
    elif any(name_decisions(store, minter)):  # groups the store's links alone do not show
        reason = "editors merged or split organisations' names"
    if reason:
        found = check(store, minter)
        return IncrementalResult(found, len(found), True, reason)

    ox_store = store.oxigraph
    contradictions = ox.NamedNode(str(minter.contradictions_graph))
    new_graphs = [ox.NamedNode(str(n)) for n in names]
    new_items, anchors = _items_and_anchors(ox_store, new_graphs)
    companies = _linked(ox_store, _linked(ox_store, anchors, up=True), up=False)
    graphs = set(new_graphs) | _graphs_anchored_to(ox_store, companies)
    graphs.discard(contradictions)
    graphs.discard(ox.NamedNode(str(minter.claims_graph)))  # only its claims about them

    scratch = EmbeddedStore(None)
    _copy_neighbourhood(ox_store, scratch.oxigraph, graphs, companies, minter)
    new = {URIRef(i.value) for i in new_items}
    every = run_rules(scratch, minter, rules=rules)
    added = [c for c in every if c.claim in new or c.evidence in new]
    # the verdicts of every claim of these companies, from all the evidence about them
    # (which the neighbourhood holds whole), and what the editors decided of each
    editors = decisions(store, minter)
    scratch.update(graph_as_insert(minter.contradictions_graph,
                                   contradictions_graph(every, minter, editors=editors)))
    verdicts = derive_verdicts(scratch)

    # what the new items and the items they replace were part of (looked up, not scanned),
    # and the verdicts of the claims derived here or no longer said: deleted as the very
    # quads the indexes give (DELETE DATA); a DELETE … WHERE with VALUES read the whole
    # contradictions graph, 55 ms at 10^4 articles
    stale = {q.subject for item in new_items | before.old_items
             for link in _CONTRADICTION_LINKS
             for q in ox_store.quads_for_pattern(None, link, item, contradictions)}
    gone = [q for c in stale for q in ox_store.quads_for_pattern(c, None, None, contradictions)]
    claims = {ox.NamedNode(str(v.claim)) for v in verdicts} | new_items | before.old_items
    gone += [q for c in claims for p in _VERDICT_PROPERTIES
             for q in ox_store.quads_for_pattern(c, p, None, contradictions)]
    operations = []
    if gone:
        operations.append(f"DELETE DATA {{ GRAPH {contradictions} {{\n"
                          + "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in gone)
                          + "\n} }")
    if added:
        operations.append(graph_as_insert(minter.contradictions_graph,
                                          contradictions_graph(added, minter, editors=editors)))
    if verdicts:
        operations.append(graph_as_insert(minter.contradictions_graph,
                                          verdict_triples(verdicts)))
    update = ";\n".join(operations)
    if update:
        store.update(update)
    added = [c for c in added if c.iri not in editors.rejected]
    # published and waiting for review, counted in the engine (10 µs a contradiction read
    # one by one here)
    total = int(next(ox_store.query(
        f"SELECT (COUNT(*) AS ?n) {{ GRAPH {contradictions} {{ ?c a ?t }} VALUES ?t {{ "
        f"<{PKG.Contradiction}> <{PKG.DraftContradiction}> }} }}"))["n"].value)
    return IncrementalResult(added, total, False, documents=len(graphs))


def _items_and_anchors(ox_store: ox.Store, graphs: list[ox.NamedNode]):
    items, anchors = set(), set()
    for g in graphs:
        typed = {q.subject for q in ox_store.quads_for_pattern(None, _TYPE, None, g)
                 if q.object in _ITEM_TYPES}
        items |= typed
        # the claims and findings its sentences are appearances of: the rules pair those
        items |= {q.subject for q in ox_store.quads_for_pattern(None, _APPEARANCE, None, g)}
        for item in typed:
            for p in _ANCHORS:
                anchors |= {q.object for q in ox_store.quads_for_pattern(item, p, None, g)}
            if any(True for _ in ox_store.quads_for_pattern(item, _TYPE, _CLAIM, g)):
                anchors |= {q.object
                            for q in ox_store.quads_for_pattern(item, _CLAIMANT, None, g)}
    return items, {a for a in anchors if isinstance(a, ox.NamedNode)}


def _linked(ox_store: ox.Store, start: set, *, up: bool) -> set:
    """`start` and every organisation above it (`up`: manufacturer, parent organisation,
    …) or every product and organisation below it."""
    seen, todo = set(start), list(start)
    while todo:
        node = todo.pop()
        for link in LINK_PROPERTIES:
            pattern = (node, link, None, None) if up else (None, link, node, None)
            for q in ox_store.quads_for_pattern(*pattern):
                found = q.object if up else q.subject
                if found not in seen and isinstance(found, ox.NamedNode):
                    seen.add(found)
                    todo.append(found)
    return seen


def _graphs_anchored_to(ox_store: ox.Store, companies: set) -> set:
    """The evidence documents about the companies: captures, registries, findings files
    (a graph holding an anchored item that is not a sentence of an article). Articles are
    not copied whole: their claims and findings are (`_claims_anchored_to`)."""
    graphs, articles = set(), set()
    for company in companies:
        for p in _ANCHORS:
            for q in ox_store.quads_for_pattern(None, p, company, None):
                g = q.graph_name
                if g in graphs or g in articles or not isinstance(g, ox.NamedNode):
                    continue
                if any(True for _ in ox_store.quads_for_pattern(q.subject, _TYPE, _STATEMENT, g)):
                    articles.add(g)  # one sentence tells: the rest of it is an article too
                else:
                    graphs.add(g)
    return graphs


def _claims_anchored_to(ox_store: ox.Store, companies: set, claims_graph: ox.NamedNode) -> set:
    """The claims (by claimant or subject) and outside findings (by subject) about the
    companies that some sentence still says (kg/claims.py)."""
    claims = set()
    for company in companies:
        for p in (_CLAIMANT, *_ANCHORS):
            for q in ox_store.quads_for_pattern(None, p, company, claims_graph):
                if p == _CLAIMANT and not any(True for _ in ox_store.quads_for_pattern(
                        q.subject, _TYPE, _COMPANY_CLAIM, claims_graph)):
                    continue  # who reports a finding is no anchor
                claims.add(q.subject)
    return {c for c in claims
            if any(True for _ in ox_store.quads_for_pattern(c, _APPEARANCE, None, None))}


def _copy_neighbourhood(source: ox.Store, target: ox.Store, graphs: set, companies: set,
                        minter: Minter) -> None:
    """The documents whole; the claims and findings about the companies with their
    appearances and where and when each was said; and every triple about the entities
    all of these name (and the entities above those), into the target's default graph."""
    default = ox.DefaultGraph()
    entities = set(companies)
    claims_graph = ox.NamedNode(str(minter.claims_graph))
    claims = _claims_anchored_to(source, companies, claims_graph)
    quads = []
    for g in graphs:
        for q in source.quads_for_pattern(None, None, None, g):
            quads.append(ox.Quad(q.subject, q.predicate, q.object, default))
            if q.predicate == _APPEARANCE:
                claims.add(q.subject)
            for term in (q.subject, q.object):
                if isinstance(term, ox.NamedNode) and minter.is_entity(term.value):
                    entities.add(term)
    # the claims and findings (kg/claims.py), each sentence's document and its date
    docs = set()
    for c in claims:
        for q in source.quads_for_pattern(c, None, None, claims_graph):
            quads.append(ox.Quad(q.subject, q.predicate, q.object, default))
            if isinstance(q.object, ox.NamedNode) and minter.is_entity(q.object.value):
                entities.add(q.object)
        for q in source.quads_for_pattern(c, _APPEARANCE, None, None):
            quads.append(ox.Quad(q.subject, q.predicate, q.object, default))
            for d in source.quads_for_pattern(q.object, _DERIVED, None, q.graph_name):
                quads.append(ox.Quad(d.subject, d.predicate, d.object, default))
                docs.add((d.object, q.graph_name))
    for doc, g in docs:
        quads.extend(ox.Quad(q.subject, q.predicate, q.object, default)
                     for q in source.quads_for_pattern(doc, _PUBLISHED, None, g))
    # wherever an entity is described (its own graph, or documents stored before it
    # existed); not the groups graph: run_rules derives the scratch store's own
    groups = ox.NamedNode(str(minter.groups_graph))
    for e in _linked(source, entities, up=True):
        quads.extend(ox.Quad(q.subject, q.predicate, q.object, default)
                     for q in source.quads_for_pattern(e, None, None, None)
                     if q.graph_name != groups)
    target.extend(quads)
