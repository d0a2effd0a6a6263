"""A verdict per company claim: contradicted, disputed, pending, consistent or unverified.

The contradiction rules say which evidence goes against which claim; the verdict reads
all of it at once (kg/queries/verdicts.rq says how, for a fact-checker to read) and is
recorded beside the contradictions, in their graph, so that the pages, the exports and
the CLI count the same claims the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.queries import load_query
from kg.store import EmbeddedStore, Store, graph_as_insert
from ontologies.iris import Minter
from ontologies.vocab import PKG, sparql_prefixes

VERDICTS = {PKG.Contradicted: "contradicted", PKG.Disputed: "disputed",
            PKG.Pending: "pending", PKG.Consistent: "consistent", PKG.Unverified: "unverified"}
# (pending: evidence was found against the claim, and no editor has accepted it yet, in a
# store that publishes accepted contradictions only: kg/review.py)
VERDICT_ORDER = ("contradicted", "disputed", "pending", "consistent", "unverified")


@dataclass(frozen=True)
class Verdict:
    claim: URIRef
    verdict: str                 # one of VERDICT_ORDER
    confidence: float | None     # None for unverified and pending
    against: int                 # contradictions recorded for the claim
    about: int                   # pieces of evidence about its aspect and company group


def derive_verdicts(store: Store) -> list[Verdict]:
    """Every company claim's verdict, as kg/queries/verdicts.rq gives it."""
    out = []
    for row in store.query(load_query("verdicts")).dicts():
        conf = row.get("confidence")
        out.append(Verdict(row["claim"], VERDICTS[row["verdict"]],
                           None if conf is None else round(float(conf), 2),
                           int(row.get("against", 0)), int(row.get("about", 0))))
    return sorted(out, key=lambda v: (VERDICT_ORDER.index(v.verdict),
                                      -(v.confidence or 0), str(v.claim)))


_VERDICT_IRIS = {name: iri for iri, name in VERDICTS.items()}


def verdict_triples(verdicts: list[Verdict]) -> list[tuple]:
    """The triples that record the verdicts (docs/model.md)."""
    out = []
    for v in verdicts:
        out += [(v.claim, PKG.verdict, _VERDICT_IRIS[v.verdict]),
                (v.claim, PKG.against, Literal(v.against)),
                (v.claim, PKG.evidenceAbout, Literal(v.about))]
        if v.confidence is not None:
            out.append((v.claim, PKG.verdictConfidence,
                        Literal(str(v.confidence), datatype=XSD.decimal)))
    return out


# (no PREFIX lines: the text follows other operations in one update, and Oxigraph
# takes a prologue only at the start)
# what a verdict is recorded with, on its claim
VERDICT_PROPERTIES = (PKG.verdict, PKG.verdictConfidence, PKG.against, PKG.evidenceAbout)

_DROP = """
DELETE { GRAPH <%(g)s> { ?claim ?p ?o } } WHERE {
  VALUES ?p { """ + " ".join(p.n3() for p in VERDICT_PROPERTIES) + """ }
  GRAPH <%(g)s> { ?claim ?p ?o }
}"""


def record_verdicts(store: Store, minter: Minter) -> list[Verdict]:
    """Derive every verdict and replace the recorded ones. On the embedded store the new
    ones go in as quads, not as SPARQL text: at 10^6 quads, 14,000 claims' verdicts sent
    as INSERT DATA took 2.5 s. (An INSERT … WHERE would not read the union of the
    document graphs, which the rules' data needs.)"""
    verdicts = derive_verdicts(store)
    name = minter.contradictions_graph
    store.update(sparql_prefixes() + _DROP % {"g": name})
    if not verdicts:
        return verdicts
    if isinstance(store, EmbeddedStore):
        store.write_graphs({}, {name: verdict_triples(verdicts)})
    else:
        store.update(graph_as_insert(name, verdict_triples(verdicts)))
    return verdicts


_RECORDED = sparql_prefixes() + """
SELECT ?claim ?verdict ?confidence ?against ?about WHERE {
  GRAPH <%s> { ?claim pkg:verdict ?verdict ; pkg:against ?against ; pkg:evidenceAbout ?about .
               OPTIONAL { ?claim pkg:verdictConfidence ?confidence } }
}"""


def recorded_verdicts(store: Store, minter: Minter) -> dict[URIRef, Verdict]:
    """The verdicts the last check recorded, by claim."""
    out = {}
    for row in store.query(_RECORDED % minter.contradictions_graph).dicts():
        conf = row.get("confidence")
        out[row["claim"]] = Verdict(row["claim"], VERDICTS[row["verdict"]],
                                    None if conf is None else float(conf),
                                    int(row["against"]), int(row["about"]))
    return out
