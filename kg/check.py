"""Run every contradiction rule over the store and record the results in a graph of
their own (replaced on every run), so `check` twice gives the same graph."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.claims import backfill, drop_orphans
from kg.describe import describe
from kg.groups import refresh_groups
from kg.review import Decisions, decisions
from kg.rules import Rule, load_rules
from kg.store import EmbeddedStore, Store
from kg.verdicts import record_verdicts
from kg.wording import in_words
from ontologies.iris import Minter
from ontologies.vocab import PKG, RDF, RDFS, aspect_iri, sparql_prefixes


@dataclass
class Contradiction:
    iri: URIRef
    rule: str
    aspect: str
    claim: URIRef
    evidence: URIRef
    explanation: str
    confidence: float
    scope: str | None = None


def run_rules(store: Store, minter: Minter, rules: tuple[Rule, ...] | None = None,
              progress: Callable[[Rule, int], None] | None = None,
              workers: int | None = None) -> list[Contradiction]:
    """Every match of every rule, strongest first; one per (rule, claim, evidence).

    The company groups the rules join on are brought up to date first (kg/groups.py),
    and statements stored without their claim resources (a store written before those
    existed, or by hand through SPARQL Update) get them (kg/claims.py).
    On the embedded store rules run `workers` at a time (default: one per core, at most
    4): Oxigraph lets go of Python's lock while it evaluates, so on two cores a full
    check takes about half as long. A remote engine gets one rule at a time by default:
    Virtuoso 7.2 answers concurrent rule queries with "Transaction deadlocked" now and
    then."""
    refresh_groups(store, minter)
    backfill(store, minter)  # statements written without their claims (kg/claims.py)
    rules = rules or load_rules()
    if workers is None:
        workers = min(4, os.cpu_count() or 1) if isinstance(store, EmbeddedStore) else 1
    found: dict[URIRef, Contradiction] = {}

    def run(rule: Rule) -> tuple[Rule, list[dict]]:
        return rule, store.query(rule.sparql).dicts()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for rule, rows in pool.map(run, rules):
            for row in rows:
                _keep(found, minter, rule, row)
            if progress:
                progress(rule, len(rows))
    if found:
        _weigh_reconstructions(store, found)
    return sorted(found.values(), key=lambda c: (-c.confidence, c.rule, str(c.claim),
                                                 str(c.evidence)))


# Evidence written to reproduce what others reported (pkg:reconstruction on its capture,
# registry search or findings file) is no first-hand observation: it is said so, and it
# weighs no more than a reported finding does in the rules (0.65-0.75).
RECONSTRUCTION_CAP = 0.7
_RECONSTRUCTED = sparql_prefixes() + """
SELECT DISTINCT ?e WHERE {
  { ?e pkg:reconstruction true } UNION { ?e prov:wasDerivedFrom ?d . ?d pkg:reconstruction true }
}"""
_RECONSTRUCTED_NOTE = " The evidence is a reconstruction of what others reported, not first-hand."


def _weigh_reconstructions(store: Store, found: dict[URIRef, Contradiction]) -> None:
    made_up = {row[0] for row in store.query(_RECONSTRUCTED).rows}
    if not made_up:
        return
    for iri, c in list(found.items()):
        if c.evidence in made_up:
            found[iri] = replace(
                c, confidence=min(c.confidence, RECONSTRUCTION_CAP),
                explanation=c.explanation.replace("a network capture (first-hand)",
                                                  "a reconstructed capture")
                + _RECONSTRUCTED_NOTE)


def _keep(found: dict[URIRef, Contradiction], minter: Minter, rule: Rule, row: dict) -> None:
    claim, evidence = row["claim"], row["evidence"]
    iri = minter.contradiction(rule.id, str(claim), str(evidence))
    confidence = round(min(1.0, max(0.0, float(row["confidence"]))), 2)
    scope = in_words(str(row["scope"])) if row.get("scope") else None
    c = Contradiction(iri, rule.id, rule.aspect, claim, evidence,
                      in_words(str(row["explanation"])), confidence, scope)
    # ties broken on the explanation, so every engine's row order gives one answer
    if iri not in found or (found[iri].confidence, c.explanation) < (
            confidence, found[iri].explanation):
        found[iri] = c


def contradictions_graph(contradictions: list[Contradiction], minter: Minter,
                         ran: tuple[Rule, ...] = (), editors: Decisions | None = None
                         ) -> Graph:
    """The Contradiction resources, and a pkg:Rule for each rule that found one or `ran`
    (so a check that found nothing still shows which rules it ran). With the editors'
    decisions, each is typed as they say (a draft, rejected, or published: kg/review.py),
    an accepted one with the day it was accepted."""
    g = Graph()
    for rule_id in {c.rule for c in contradictions} | {r.id for r in ran}:
        g.add((minter.rule(rule_id), RDF.type, PKG.Rule))
        g.add((minter.rule(rule_id), RDFS.label, Literal(rule_id)))
    for c in contradictions:
        g.add((c.iri, RDF.type, editors.type_of(c.iri) if editors else PKG.Contradiction))
        if editors and c.iri in editors.accepted:
            g.add((c.iri, PKG.acceptedOn, Literal(editors.accepted[c.iri].at.date().isoformat(),
                                                  datatype=XSD.date)))
        g.add((c.iri, PKG.rule, minter.rule(c.rule)))
        g.add((c.iri, PKG.aspect, aspect_iri(c.aspect)))
        g.add((c.iri, PKG.claim, c.claim))
        g.add((c.iri, PKG.evidence, c.evidence))
        g.add((c.iri, PKG.explanation, Literal(c.explanation)))
        g.add((c.iri, PKG.confidence, Literal(str(c.confidence), datatype=XSD.decimal)))
        if c.scope:
            g.add((c.iri, PKG.scopeNote, Literal(c.scope)))
    return g


def check(store: Store, minter: Minter, progress=None) -> list[Contradiction]:
    """Run all rules, replace the contradictions graph with what they found, and record
    a verdict for every company claim (kg/verdicts.py)."""
    store.drop_graph(minter.contradictions_graph)  # rules must not see last run's results
    drop_orphans(store, minter)   # claims whose every sentence was replaced or removed
    rules = load_rules()
    found = run_rules(store, minter, rules=rules, progress=progress)
    editors = decisions(store, minter)   # drafts, rejected, published (kg/review.py)
    graph = contradictions_graph(found, minter, ran=rules, editors=editors)
    # when the verdicts were reached: a ClaimReview's date (kg/exports.py)
    graph.add((minter.contradictions_graph, PKG.checkedOn,
               Literal(date.today().isoformat(), datatype=XSD.date)))
    store.replace_graph(minter.contradictions_graph, graph)
    record_verdicts(store, minter)
    # what the editors have to review or published: all but what they rejected
    return [c for c in found if c.iri not in editors.rejected]


def checked_on(store: Store, minter: Minter) -> date | None:
    """The day of the last full check, when the store records one."""
    name = minter.contradictions_graph
    rows = store.query(f"SELECT ?d WHERE {{ GRAPH <{name}> {{ <{name}> "
                       f"<{PKG.checkedOn}> ?d }} }}").rows
    try:
        return date.fromisoformat(str(rows[0][0])) if rows else None
    except ValueError:
        return None


_RECORDED = sparql_prefixes() + """
SELECT ?c ?rule ?aspect ?claim ?evidence ?explanation ?confidence ?scope WHERE {
  %s pkg:rule/rdfs:label ?rule ; pkg:aspect ?aspect ;
     pkg:claim ?claim ; pkg:evidence ?evidence ; pkg:explanation ?explanation ;
     pkg:confidence ?confidence .
  OPTIONAL { ?c pkg:scopeNote ?scope }
}
ORDER BY DESC(?confidence) ?rule ?claim ?evidence"""


def recorded(store: Store, *, drafts: bool = False) -> list[Contradiction]:
    """The contradictions the last `check` recorded in the store: those published, and
    with `drafts` those waiting for an editor too (what `check` reports)."""
    from ontologies.vocab import aspect_name

    # (the published ones by a constant type: the pages ask for them)
    query = _RECORDED % ("VALUES ?type { pkg:Contradiction pkg:DraftContradiction } ?c a ?type ;"
                         if drafts else "?c a pkg:Contradiction ;")
    return [Contradiction(r["c"], str(r["rule"]), aspect_name(r["aspect"]), r["claim"],
                          r["evidence"], str(r["explanation"]), float(r["confidence"]),
                          str(r["scope"]) if "scope" in r else None)
            for r in store.query(query).dicts()]


def _same_words(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def _appearances_of(side: dict) -> list[dict]:
    """A side's appearances: its own list (a claim or finding resource), else itself."""
    if side.get("appearances"):
        return side["appearances"]
    src = side.get("source") or {}
    return [{"iri": side["iri"], "document": src.get("url") or src.get("document"),
             "text": side.get("text") or side.get("description")}]


def by_claim(data: list[dict]) -> list[dict]:
    """Contradictions of `as_json` grouped for people: one entry per claim (one sentence
    may be an appearance of several claims, one per aspect), each rule under it with its items,
    strongest first. Entries: {"claim", "confidence", "rules": [{"rule", "aspect",
    "confidence", "explanations", "items"}]}."""
    groups: dict[tuple, dict] = {}
    for c in data:
        key = c["claim"]["iri"]
        group = groups.setdefault(key, {"claim": c["claim"], "confidence": 0.0, "rules": {}})
        group["confidence"] = max(group["confidence"], c["confidence"])
        rule = group["rules"].setdefault(c["rule"], {"rule": c["rule"], "aspect": c["aspect"],
                                                     "confidence": 0.0, "explanations": [],
                                                     "items": []})
        rule["confidence"] = max(rule["confidence"], c["confidence"])
        if c["explanation"] not in rule["explanations"]:
            rule["explanations"].append(c["explanation"])
        rule["items"].append(c)
    out = []
    for g in groups.values():
        g["rules"] = sorted(g["rules"].values(), key=lambda r: -r["confidence"])
        out.append(g)
    return sorted(out, key=lambda g: -g["confidence"])


def as_json(store: Store, contradictions: list[Contradiction], merge: bool = True,
            every_appearance: bool = True) -> dict:
    """`check --format json` of CONTRACT.md: one entry per (claim, piece of evidence).

    A claim or finding that several sentences repeat is one resource (kg/claims.py),
    its sentences listed under `appearances`. Two such resources that still say the
    same words (one extraction gave them other values) are reported once too, their
    appearances together."""
    sides = describe(store, sorted({c.claim for c in contradictions} |
                                   {c.evidence for c in contradictions}),
                     every_appearance=every_appearance)
    out: list[dict] = []
    merged: dict[tuple, dict] = {}
    for c in contradictions:
        claim, evidence = sides[c.claim], sides[c.evidence]
        key = (c.rule, _same_words(claim.get("text")),
               _same_words(evidence.get("text") or evidence.get("iri")))
        if merge and key in merged:
            item = merged[key]
            for name, side in (("claim", claim), ("evidence", evidence)):
                if not every_appearance:  # counts only: add the other resource's
                    merged_iris = item[name].setdefault("merged", {item[name]["iri"]})
                    if side["iri"] not in merged_iris:
                        merged_iris.add(side["iri"])
                        item[name]["appearance_count"] = (item[name].get("appearance_count", 1)
                                                          + side.get("appearance_count", 1))
                    continue
                apps = item[name]["appearances"] = list(_appearances_of(item[name]))
                seen = {a["iri"] for a in apps}
                apps.extend(a for a in _appearances_of(side) if a["iri"] not in seen)
            continue
        item = {"iri": str(c.iri), "rule": c.rule, "aspect": c.aspect,
                "claim": dict(claim), "evidence": dict(evidence),
                "explanation": c.explanation + (f" {c.scope}" if c.scope else ""),
                "confidence": c.confidence}
        if c.scope:
            item["scope"] = c.scope
        merged[key] = item
        out.append(item)
    for item in out:  # an appearance list with only the statement itself says nothing
        for name in ("claim", "evidence"):
            if len(item[name].get("appearances", [])) < 2:
                item[name].pop("appearances", None)
            elif "appearances" in item[name]:  # the merged count
                item[name]["appearance_count"] = len(item[name]["appearances"])
            item[name].pop("merged", None)
    return {"contradictions": out}
