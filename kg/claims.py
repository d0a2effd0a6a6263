"""Claims and findings as the unit of checking: one resource per thing asserted.

A newsroom's archive repeats a company's claims in many articles, in new words each
time, and one researcher's finding is reported by many outlets. Paired sentence by
sentence, the rules' work and output grew with (repeats of a claim) x (repeats of a
finding). Here every statement gets a key, and every key is one resource, the sentences
its appearances:

- a claim (`pkg:CompanyClaim`, a `schema:Claim`): kind, aspect, polarity, the claimant
  (after name resolution: one organisation is one IRI), subject, contexts and the
  normalised values (every property of the statement but its words, place and speaker);
- a finding (`pkg:OutsideFinding`): the same without who reports it (several outlets
  reporting one finding are one finding), but with `pkg:reported`: a first-hand finding
  and a second-hand report of it are two pieces of evidence of different strength.

The key's properties are copied onto the resource, in a graph of its own
(`Minter.claims_graph`); the rules read them there. The link from a resource to each
sentence (`schema:appearance`) is stored in the sentence's document graph, so replacing
or removing a document takes its appearances with it. Like entities, the claims graph is
only ever added to when documents are stored (the same key gives the same triples);
`drop_orphans` removes the resources no sentence appears in any more, at every full
check. Everything here is a pure function of one document's graph, so storing a
document costs its own size, whatever the store holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.store import Store, graph_as_insert
from ontologies.iris import Minter
from ontologies.vocab import PKG, PROV, RDF, RDFS, SCHEMA, sparql_prefixes

# what belongs to one sentence, not to what it asserts: its words, where they stand,
# who spoke them and where (for a finding also who reports it); every other property a
# statement has (aspect, polarity, claimant, subject, contexts, values, purpose kinds,
# second-hand or not, and whatever the extractor writes next) is part of the key
_APPEARANCE_ONLY = frozenset({RDF.type, RDFS.label, SCHEMA.text, PROV.wasDerivedFrom,
                              PKG.quote, PKG.speaker})
# kind -> (its name in IRIs, the resource's type, what else is not part of its key)
_KINDS = {PKG.Claim: ("claim", PKG.CompanyClaim, frozenset()),
          PKG.Finding: ("finding", PKG.OutsideFinding, frozenset({PKG.claimant}))}
GROUP_TYPES = (PKG.CompanyClaim, PKG.OutsideFinding)


def claim_key(kind: str, properties: Iterable[tuple[Node, Node]]) -> str:
    """The first 16 hex digits of SHA-256 of a statement's key: its kind and its key
    properties with their values, sorted (the order of triples does not matter)."""
    parts = sorted(f"{p.n3()} {o.n3()}" for p, o in properties)
    return hashlib.sha256("\n".join([kind, *parts]).encode()).hexdigest()[:16]


def claim_triples(graph: Graph | Iterable[tuple[Node, Node, Node]], minter: Minter
                  ) -> tuple[list[tuple[Node, Node, Node]], list[tuple[Node, Node, Node]]]:
    """(the claims-graph triples, the appearance triples for the document graph) of the
    statements in one document's triples."""
    kinds: dict[Node, URIRef] = {}
    props: dict[Node, list[tuple[Node, Node]]] = {}
    for s, p, o in graph:
        if p == RDF.type:
            if o in _KINDS:
                kinds[s] = o
        elif p not in _APPEARANCE_ONLY:
            props.setdefault(s, []).append((p, o))
    shared: list[tuple[Node, Node, Node]] = []
    appearances: list[tuple[Node, Node, Node]] = []
    done: set[URIRef] = set()
    for statement, kind in kinds.items():
        name, group_type, not_key = _KINDS[kind]
        key = [(p, o) for p, o in props.get(statement, ()) if p not in not_key]
        group = minter.iri(f"{name}/{claim_key(name, key)}")
        appearances.append((group, SCHEMA.appearance, statement))
        if group in done:
            continue
        done.add(group)
        shared.append((group, RDF.type, group_type))
        shared.append((group, RDF.type, SCHEMA.Claim))
        shared.extend((group, p, o) for p, o in sorted(set(key)))
    return shared, appearances


def with_claims(graph: Graph, minter: Minter) -> tuple[Graph, list[tuple[Node, Node, Node]]]:
    """The document graph with its appearance links added, and its claims-graph triples
    (for stores that take graphs whole: the remote path of kg.ingest)."""
    shared, appearances = claim_triples(graph, minter)
    for t in appearances:
        graph.add(t)
    return graph, shared


_ORPHANS = sparql_prefixes() + """
SELECT ?c WHERE {
  GRAPH <%s> { ?c a schema:Claim }
  FILTER NOT EXISTS { ?c schema:appearance ?s }
}"""


def drop_orphans(store: Store, minter: Minter) -> int:
    """Remove the claims and findings no sentence appears in any more (their documents
    were replaced or removed); how many went. Linear in the number of claims."""
    name = minter.claims_graph
    gone = [row[0] for row in store.query(_ORPHANS % name).rows]
    if gone:
        values = " ".join(c.n3() for c in gone)
        store.update(f"DELETE {{ GRAPH <{name}> {{ ?c ?p ?o }} }} WHERE {{ "
                     f"VALUES ?c {{ {values} }} GRAPH <{name}> {{ ?c ?p ?o }} }}")
    return len(gone)


_UNGROUPED = sparql_prefixes() + """
ASK { ?s a ?kind . VALUES ?kind { pkg:Claim pkg:Finding }
      FILTER NOT EXISTS { ?c schema:appearance ?s } }"""

_STATEMENT_GRAPHS = sparql_prefixes() + """
SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a ?kind . VALUES ?kind { pkg:Claim pkg:Finding } }
  FILTER NOT EXISTS { ?c schema:appearance ?s } }"""


def backfill(store: Store, minter: Minter) -> int:
    """Give the statements of a store written before claims were resources their
    claims (once: a store whose statements all have one pays one ASK); how many
    document graphs were completed."""
    if not store.query(_UNGROUPED).boolean:
        return 0
    graphs = [row[0] for row in store.query(_STATEMENT_GRAPHS).rows]
    shared: dict[tuple, None] = {}
    for name in graphs:
        triples = list(store.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").graph)
        add, appearances = claim_triples(triples, minter)
        shared.update(dict.fromkeys(add))
        store.update(graph_as_insert(name, appearances))
    store.update(graph_as_insert(minter.claims_graph, shared))
    return len(graphs)


