"""The editors' actions, done whole: what `privacykg review` and the review pages call.

kg/review.py records a decision and applies accept and reject where contradictions are
written; some decisions need more after them, done here, above kg.check: removing a
source and putting it back, merging or splitting organisations' names (the company
groups every rule joins on change) are followed by a full check.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from rdflib import Graph, Literal, URIRef

from kg.check import check
from kg.claims import claim_triples
from kg.corrections import undo_corrections, write_correction
from kg.review import (
    NAME_ACTIONS,
    REMOVAL,
    ReviewError,
    action_graph,
    actions,
    apply_decisions,
    source_graph,
    write_actions,
    write_name_action,
)
from kg.store import Store, graph_as_insert
from ontologies.iris import Minter
from ontologies.vocab import PKG, PROV


def record(store: Store, minter: Minter, kind: str, targets: Iterable[URIRef], *, by: str,
           reason: str | None = None, now: datetime | None = None) -> list[URIRef]:
    """Accept, reject or withdraw (kg.review.write_actions says what is checked), then
    bring the store in line: re-type the contradictions; or, for a withdrawn removal,
    put the source back; for a withdrawn merge or split, check again."""
    targets = list(targets)
    if kind == "withdraw":
        _refuse_out_of_order(store, minter, targets)
    made = write_actions(store, minter, kind, targets, by=by, reason=reason, now=now)
    done = {a.iri: a.kind for a in actions(store, minter)}
    undone = {done.get(t) for t in targets} if kind == "withdraw" else set()
    if "correct" in undone:
        undo_corrections(store, minter, [t for t in targets if done.get(t) == "correct"])
        check(store, minter)
    elif "remove" in undone:
        _restore(store, minter, [t for t in targets if done.get(t) == "remove"])
    elif undone & set(NAME_ACTIONS):
        check(store, minter)  # the company groups change: every rule again
    elif made:
        apply_decisions(store, minter)
    return made


def correct(store: Store, minter: Minter, statement: URIRef, field: str, value: str, *,
            by: str, reason: str | None, now: datetime | None = None) -> URIRef:
    """Correct what the extractor read of one statement (kg/corrections.py), then check
    again: its claim, and so the contradictions and verdicts, may change."""
    made = write_correction(store, minter, statement, field, value, by=by, reason=reason,
                            now=now)
    check(store, minter)
    return made


def _refuse_out_of_order(store: Store, minter: Minter, targets: list[URIRef]) -> None:
    """A correction is withdrawn only when no later standing one changed the same field
    of the same statement: putting back its old value would undo the later one too."""
    done = actions(store, minter)
    withdrawn = {a.target for a in done if a.kind == "withdraw"} | set(targets)
    standing = [a for a in done if a.kind == "correct" and a.iri not in withdrawn]
    for a in done:
        if a.iri not in targets or a.kind != "correct":
            continue
        later = [b for b in standing if (b.target, b.field) == (a.target, a.field)
                 and b.at > a.at]
        if later:
            raise ReviewError(f"{a.iri}: a later correction of the same {a.field} stands "
                              f"({later[0].iri}); withdraw that one first")


def name(store: Store, minter: Minter, kind: str, first: URIRef, second: URIRef, *,
         by: str, reason: str | None = None, now: datetime | None = None) -> URIRef:
    """Merge two organisations' names into one company, or split two the name rules or
    a document tied; then check again: every rule joins on the company groups."""
    made = write_name_action(store, minter, kind, first, second, by=by, reason=reason,
                             now=now)
    check(store, minter)
    return made


def remove_sources(store: Store, minter: Minter, sources: Iterable[str], *, by: str,
                   reason: str | None, now: datetime | None = None) -> list[URIRef]:
    """Take sources out of the store with everything derived from it: its graph goes,
    then a full check drops the claims and findings no other source says and the
    contradictions and verdicts that rested on them. The removal is an action like the
    others; its graph is kept with it (N-Triples), so withdrawing it puts the source
    back. All sources are looked up before anything is written."""
    by = (by or "").strip()
    if not by:
        raise ReviewError("say who decides: --by NAME (it is recorded with the decision)")
    if not (reason or "").strip():
        raise ReviewError("a removal needs a reason: --reason TEXT")
    found = [source_graph(store, minter, s) for s in dict.fromkeys(sources)]
    at = now or datetime.now(UTC)
    made, update = [], []
    for n, (doc, graph) in enumerate(found):
        iri, g = action_graph(minter, REMOVAL, doc, by, reason.strip(),
                               at + timedelta(microseconds=n))
        content = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> "
                              "{ ?s ?p ?o } }").graph or Graph()
        g.add((iri, PROV.invalidated, doc))
        g.add((iri, PKG.removedGraph, graph))
        g.add((iri, PKG.removedContent, Literal(content.serialize(format="nt"))))
        made.append(iri)
        update.append(graph_as_insert(minter.editorial_graph, g))
    store.update(";\n".join(update))
    for _, graph in found:
        store.drop_graph(graph)
    check(store, minter)
    return made


def _restore(store: Store, minter: Minter, removals: list[URIRef]) -> None:
    """Put back the sources these removals took out (their graphs, and the claims and
    findings their sentences are appearances of, kg/claims.py), then check again."""
    for removal in removals:
        rows = store.query(f"SELECT ?g ?c WHERE {{ GRAPH <{minter.editorial_graph}> {{ "
                           f"<{removal}> <{PKG.removedGraph}> ?g ; <{PKG.removedContent}> ?c "
                           "} }").rows
        for graph, content in rows:
            g = Graph()
            g.parse(data=str(content), format="nt")
            store.replace_graph(graph, g)
            shared, _ = claim_triples(g, minter)
            if shared:
                store.update(graph_as_insert(minter.claims_graph, shared))
    check(store, minter)
