"""An editor's corrections of what the extractor read: a statement's kind, aspect,
polarity, speaker, claimant, subject or values.

A correction changes the statement in its own document graph, where every reader finds
it (the rules, the pages, SPARQL), and is recorded as a `pkg:Correction` activity in
the editorial graph (who, when, why) together with the exact triples it took out and put
in (N-Triples), so withdrawing it puts the statement back as it was. The statement's
link to its claim or finding (kg/claims.py) is part of the change: corrected, it is an
appearance of the claim its new properties key, and the old claim, when no other
sentence says it, goes at the next full check. kg/editorial.py checks after each.

A correction lasts as long as the document graph it changed: storing the same source
again with new text replaces the graph, and the correction with it (the activity stays
in the record).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.claims import claim_triples
from kg.review import ReviewError, action_graph, organisation, plain_words
from kg.store import Store, graph_as_insert
from ontologies.iris import Minter
from ontologies.vocab import (
    ASPECT_IRIS,
    ENTITY_VALUES,
    PKG,
    POLARITY,
    RDF,
    RDFS,
    SCHEMA,
    SINGLE_VALUES,
    VALUE_PROPERTIES,
    aspect_name,
    polarity_name,
    sparql_prefixes,
)
from scrapers.statement_graph import statement_label

_KINDS = {"claim": PKG.Claim, "finding": PKG.Finding}
# field -> the statement's property (kind is its type)
FIELDS = {"kind": RDF.type, "aspect": PKG.aspect, "polarity": PKG.polarity,
          "speaker": PKG.speaker, "claimant": PKG.claimant, "subject": PKG.subject,
          **VALUE_PROPERTIES}
_ENTITY_TYPES = (SCHEMA.Organization, SCHEMA.Product)


@dataclass(frozen=True)
class Change:
    graph: URIRef                        # the statement's document graph
    removed: list[tuple[Node, Node, Node]]
    added: list[tuple[Node, Node, Node]]
    shared: list[tuple[Node, Node, Node]]  # the claims-graph triples of its new claim


_STATEMENT = sparql_prefixes() + """
SELECT ?g ?p ?o WHERE {
  GRAPH ?g { %(s)s a ?kind ; ?p ?o } VALUES ?kind { pkg:Claim pkg:Finding }
}"""


def _values(store: Store, minter: Minter, field: str, value: str) -> list[Node]:
    """The new objects of the field's property, from the editor's text."""
    text = (plain_words("the value", value) or "").strip()
    if field == "kind":
        if text not in _KINDS:
            raise ReviewError(f"{text!r}: a statement is a 'claim' or a 'finding'")
        return [_KINDS[text]]
    if field == "aspect":
        if text not in ASPECT_IRIS:
            raise ReviewError(f"{text!r}: not an aspect ({', '.join(sorted(ASPECT_IRIS))})")
        return [ASPECT_IRIS[text]]
    if field == "polarity":
        if text not in POLARITY:
            raise ReviewError(f"{text!r}: polarity is 'positive' or 'negative'")
        return [POLARITY[text]]
    if field == "speaker":
        return [Literal(text)] if text else []
    if field in ("claimant", "subject"):
        if not text:
            raise ReviewError(f"name the {field}: an organisation or product of the store")
        return [organisation(store, minter, text, types=_ENTITY_TYPES)]
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if field in SINGLE_VALUES and len(parts) > 1:
        raise ReviewError(f"{field} takes one value, not {len(parts)}")
    if field in ENTITY_VALUES:
        return [organisation(store, minter, p) for p in parts]
    if field == "countries":
        bad = [p for p in parts if len(p) != 2 or not p.isascii() or not p.isalpha()]
        if bad:
            raise ReviewError(f"{bad[0]!r}: countries are two-letter codes (DE, SG)")
        parts = [p.upper() for p in parts]
    return [Literal(p) for p in parts]


def plan(store: Store, minter: Minter, statement: URIRef, field: str, value: str) -> Change:
    """What correcting `field` of `statement` to `value` takes out and puts in; a
    ReviewError when the statement, the field or the value is wrong, or nothing changes."""
    if field not in FIELDS:
        raise ReviewError(f"{field!r}: not a field to correct ({', '.join(FIELDS)})")
    rows = store.query(_STATEMENT % {"s": statement.n3()}).rows
    graphs = {g for g, _, _ in rows if g != minter.claims_graph}
    if not graphs:
        raise ReviewError(f"{statement}: not a claim or finding of the store (its IRI is on "
                          "the source's page)")
    graph = sorted(graphs)[0]
    now = [(statement, p, o) for g, p, o in rows if g == graph]
    prop = FIELDS[field]
    new_objects = _values(store, minter, field, value)
    old = [t for t in now if t[1] == prop and (field != "kind" or t[2] in _KINDS.values())]
    if {t[2] for t in old} == set(new_objects):
        raise ReviewError(f"{statement}: its {field} is that already")
    corrected = [t for t in now if t not in old] + [(statement, prop, o) for o in new_objects]
    removed, added = list(old), [(statement, prop, o) for o in new_objects]
    if field in ("kind", "aspect", "polarity"):  # the label says them: "claim: encryption (…)"
        label = _label(corrected)
        removed += [t for t in now if t[1] == RDFS.label]
        corrected = [t for t in corrected if t[1] != RDFS.label] + [(statement, RDFS.label,
                                                                    label)]
        added.append((statement, RDFS.label, label))
    before = store.query(f"SELECT ?c WHERE {{ GRAPH <{graph}> {{ ?c <{SCHEMA.appearance}> "
                         f"{statement.n3()} }} }}").rows
    shared, appearance = claim_triples(corrected, minter)
    removed += [(c, SCHEMA.appearance, statement) for (c,) in before]
    added += appearance
    return Change(graph, _minus(removed, added), _minus(added, removed), shared)


def _minus(a: list, b: list) -> list:
    drop = set(b)
    return [t for t in dict.fromkeys(a) if t not in drop]


def _label(triples: list[tuple[Node, Node, Node]]) -> Literal:
    """The label the extractor gives a statement of this kind, aspect and polarity."""
    by = {p: o for _, p, o in triples if p != RDF.type}
    kind = next(k for k, iri in _KINDS.items() if (triples[0][0], RDF.type, iri) in triples)
    aspect = aspect_name(by[PKG.aspect]) if PKG.aspect in by else "unknown"
    polarity = polarity_name(by[PKG.polarity]) if PKG.polarity in by else "positive"
    return statement_label(kind, aspect, polarity)


def _nt(triples: list[tuple[Node, Node, Node]]) -> str:
    """N-Triples text of the triples, as the correction keeps them."""
    return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples)


def write_correction(store: Store, minter: Minter, statement: URIRef, field: str,
                     value: str, *, by: str, reason: str | None,
                     now: datetime | None = None) -> URIRef:
    """Correct the statement and record the correction, in one update."""
    by = (by or "").strip()
    if not by:
        raise ReviewError("say who decides: --by NAME (it is recorded with the decision)")
    if not (reason or "").strip():
        raise ReviewError("a correction needs a reason: --reason TEXT")
    change = plan(store, minter, statement, field, value)
    iri, g = action_graph(minter, PKG.Correction, statement, by, reason.strip(),
                          now or datetime.now(UTC))
    g.add((iri, PKG.correctedField, Literal(field)))
    g.add((iri, PKG.correctedValue, Literal((value or "").strip())))
    g.add((iri, PKG.correctedGraph, change.graph))
    g.add((iri, PKG.removedContent, Literal(_nt(change.removed))))
    g.add((iri, PKG.addedContent, Literal(_nt(change.added))))
    updates = []
    if change.removed:
        updates.append(graph_as_insert(change.graph, change.removed, "DELETE"))
    updates.append(graph_as_insert(change.graph, change.added))
    if change.shared:
        updates.append(graph_as_insert(minter.claims_graph, change.shared))
    updates.append(graph_as_insert(minter.editorial_graph, g))
    store.update(";\n".join(updates))
    return iri


def undo_corrections(store: Store, minter: Minter, corrections: list[URIRef]) -> None:
    """Put the statements back as they were before these corrections (newest first)."""
    updates = []
    for correction in corrections:
        rows = store.query(
            f"SELECT ?g ?removed ?added WHERE {{ GRAPH <{minter.editorial_graph}> {{ "
            f"<{correction}> <{PKG.correctedGraph}> ?g ; <{PKG.removedContent}> ?removed ; "
            f"<{PKG.addedContent}> ?added }} }}").rows
        for graph, removed, added in rows:
            back, out = _parse(str(removed)), _parse(str(added))
            if out:
                updates.append(graph_as_insert(graph, out, "DELETE"))
            if back:
                updates.append(graph_as_insert(graph, back))
            # its claim as it was (the claims graph loses it at a full check when orphaned)
            restored = [t for t in back if t[1] != SCHEMA.appearance]
            statement = {t[0] for t in back + out if t[1] != SCHEMA.appearance}
            if restored and statement:
                rest = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ "
                                   f"?s ?p ?o VALUES ?s {{ {' '.join(s.n3() for s in statement)} }}"
                                   " } }").graph or Graph()
                gone = set(out)
                kept = [t for t in rest if t not in gone] + restored
                shared, _ = claim_triples(kept, minter)
                if shared:
                    updates.append(graph_as_insert(minter.claims_graph, shared))
    if updates:
        store.update(";\n".join(updates))


def _parse(nt: str) -> list[tuple[Node, Node, Node]]:
    g = Graph()
    g.parse(data=nt, format="nt")
    return list(g)
