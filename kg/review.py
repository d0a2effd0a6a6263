"""Editorial review of the contradictions: an editor accepts or rejects what the rules
found, and every such decision is an activity recorded in a graph of its own (PROV-O:
who, when, what, why), never overwritten, so each one can be withdrawn again.

The decisions are applied where contradictions are written (kg/check.py, the
incremental check): a rejected contradiction is recorded as a
pkg:RejectedContradiction, and when the store publishes only accepted ones, one not yet
accepted as a pkg:DraftContradiction. Every reader of `pkg:Contradiction` (the pages,
the verdicts, `check`, the exports, ClaimReview, SPARQL users) so sees only what may be
published, without a filter of its own to forget.

This module records and reads the decisions; kg/editorial.py is the door the CLI and the
web use, and does what a decision needs after it (a check, putting a source back).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.store import Store, graph_as_insert
from kg.verdicts import record_verdicts
from ontologies.iris import Minter, slug
from ontologies.vocab import PKG, PROV, RDF, RDFS, SCHEMA, sparql_prefixes
from scrapers.control_chars import describe as describe_control
from scrapers.control_chars import first_control

ACTIONS = {"accept": PKG.Acceptance, "reject": PKG.Rejection, "withdraw": PKG.Withdrawal}
REMOVAL = PKG.Removal     # a source taken out, with everything derived from it
CORRECTION = PKG.Correction  # a statement's kind, polarity, … corrected (kg/corrections.py)
# two organisations' names said to be one company, or two the name rules tied said not to be
NAME_ACTIONS = {"merge": PKG.Merge, "split": PKG.Split}
_ACTION_NAMES = ({iri: name for name, iri in ACTIONS.items()} | {REMOVAL: "remove"}
                 | {CORRECTION: "correct"}
                 | {iri: name for name, iri in NAME_ACTIONS.items()})
PUBLISH_MODES = {"all": PKG.PublishUnlessRejected, "accepted": PKG.PublishAccepted}


class ReviewError(ValueError):
    """An editorial action that cannot be recorded (unknown contradiction, no reason)."""


@dataclass(frozen=True)
class Action:
    iri: URIRef
    kind: str                    # accept, reject, withdraw or remove
    target: URIRef               # the contradiction, or the action withdrawn
    by: str
    at: datetime
    reason: str | None = None
    other: URIRef | None = None  # merge, split: the second organisation
    field: str | None = None     # correct: what was corrected
    value: str | None = None     # correct: to what


@dataclass(frozen=True)
class Decisions:
    """What the editors decided, as of now: the standing (not withdrawn) acceptance or
    rejection of each contradiction, the latest one winning; and what is published."""
    accepted: dict[URIRef, Action]
    rejected: dict[URIRef, Action]
    publish: str = "accepted"

    def type_of(self, iri: URIRef) -> URIRef:
        """The class a contradiction is recorded as (see the module's docstring)."""
        if iri in self.rejected:
            return PKG.RejectedContradiction
        if self.publish == "accepted" and iri not in self.accepted:
            return PKG.DraftContradiction
        return PKG.Contradiction

    @property
    def any(self) -> bool:
        """Whether the decisions change anything a check records."""
        return bool(self.accepted or self.rejected) or self.publish == "accepted"

    def status(self, iri: URIRef) -> str:
        if iri in self.rejected:
            return "rejected"
        return "accepted" if iri in self.accepted else "unreviewed"


_ACTIONS_QUERY = sparql_prefixes() + """
SELECT ?a ?kind ?target ?other ?by ?at ?reason ?field ?value WHERE { GRAPH ?g {
  ?a a ?kind ; pkg:reviewOf ?target ; prov:endedAtTime ?at ;
     prov:wasAssociatedWith/schema:name ?by .
  OPTIONAL { ?a rdfs:comment ?reason }
  OPTIONAL { ?a pkg:sameCompanyAs|pkg:otherCompanyThan ?other }
  OPTIONAL { ?a pkg:correctedField ?field ; pkg:correctedValue ?value }
  VALUES ?kind { pkg:Acceptance pkg:Rejection pkg:Withdrawal pkg:Removal pkg:Merge pkg:Split
                 pkg:Correction }
} }"""


def actions(store: Store, minter: Minter) -> list[Action]:
    """Every editorial action recorded, oldest first."""
    rows = store.query(_ACTIONS_QUERY.replace("?g", f"<{minter.editorial_graph}>")).dicts()
    out = [Action(r["a"], _ACTION_NAMES[r["kind"]], r["target"], str(r["by"]),
                  _when(r["at"]), str(r["reason"]) if "reason" in r else None, r.get("other"),
                  str(r["field"]) if "field" in r else None,
                  str(r["value"]) if "value" in r else None)
           for r in rows]
    return sorted(out, key=lambda a: (a.at, str(a.iri)))


def _when(value) -> datetime:
    at = value.toPython() if isinstance(value, Literal) else value
    if isinstance(at, datetime):
        return at if at.tzinfo else at.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value))


DEFAULT_PUBLISH = "accepted"


def publish_mode(store: Store, minter: Minter) -> str:
    """"accepted" (only what an editor accepted is public: the default, the rest are
    drafts) or "all" (everything not rejected, as the demo publishes)."""
    g = minter.editorial_graph
    rows = store.query(f"SELECT ?m WHERE {{ GRAPH <{g}> {{ <{g}> <{PKG.publishes}> ?m }} }}").rows
    modes = {iri: name for name, iri in PUBLISH_MODES.items()}
    return modes.get(rows[0][0], DEFAULT_PUBLISH) if rows else DEFAULT_PUBLISH


def decisions(store: Store, minter: Minter) -> Decisions:
    """The standing decisions (see `Decisions`)."""
    done = actions(store, minter)
    withdrawn = {a.target for a in done if a.kind == "withdraw"}
    accepted: dict[URIRef, Action] = {}
    rejected: dict[URIRef, Action] = {}
    for a in done:  # oldest first: a later decision on one contradiction replaces an earlier
        if a.iri in withdrawn or a.kind not in ("accept", "reject"):
            continue
        accepted.pop(a.target, None)
        rejected.pop(a.target, None)
        (accepted if a.kind == "accept" else rejected)[a.target] = a
    return Decisions(accepted, rejected, publish_mode(store, minter))


def plain_words(what: str, text: str | None) -> str | None:
    """An editor's words as they go into the graph; a ReviewError when they hold a
    control character that is never stored (a form's field, not only the CLI's flags)."""
    at = first_control(text) if text else None
    if at is not None:
        raise ReviewError(f"{what}: holds {describe_control(text, at)}; control characters "
                          "are not allowed in it")
    return text


def action_graph(minter: Minter, kind: URIRef, target: URIRef, by: str, reason: str | None,
                 at: datetime) -> tuple[URIRef, Graph]:
    """An action's triples: what, who, when, why."""
    plain_words("the name", by)
    plain_words("the reason", reason)
    # (named by its time, so actions recorded in one second still sort in order)
    iri = minter.iri(f"review/{at:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}")
    agent = minter.iri(f"editor/{slug(by)}")
    g = Graph()
    g.add((iri, RDF.type, PROV.Activity))
    g.add((iri, RDF.type, kind))
    g.add((iri, PKG.reviewOf, target))
    g.add((iri, PROV.used, target))
    g.add((iri, PROV.wasAssociatedWith, agent))
    g.add((iri, PROV.endedAtTime, Literal(at.isoformat(timespec="microseconds"),
                                          datatype=XSD.dateTime)))
    if reason:
        g.add((iri, RDFS.comment, Literal(reason)))
    g.add((agent, RDF.type, PROV.Agent))
    g.add((agent, RDF.type, SCHEMA.Person))
    g.add((agent, SCHEMA.name, Literal(by)))
    return iri, g


def write_actions(store: Store, minter: Minter, kind: str, targets: Iterable[URIRef], *,
                  by: str, reason: str | None = None, now: datetime | None = None
                  ) -> list[URIRef]:
    """Write one action per target (kg/editorial.py then applies them). A rejection
    needs a reason; every target must be a contradiction the store holds (or, to
    withdraw, an action recorded before). Nothing is written when one target is wrong."""
    targets = list(dict.fromkeys(targets))
    by = (by or "").strip()
    if not by:
        raise ReviewError("say who decides: --by NAME (it is recorded with the decision)")
    if kind == "reject" and not (reason or "").strip():
        raise ReviewError("a rejection needs a reason: --reason TEXT")
    known = ({a.iri for a in actions(store, minter) if a.kind != "withdraw"}
             if kind == "withdraw" else _contradictions(store, minter))
    for t in targets:
        if t not in known:
            what = "an editorial action" if kind == "withdraw" else "a recorded contradiction"
            raise ReviewError(f"{t}: not {what} (see `privacykg review list`)")
    at = now or datetime.now(UTC)
    made = []
    update = []
    for n, t in enumerate(targets):  # a microsecond apart: they sort in the order given
        iri, g = action_graph(minter, ACTIONS[kind], t, by, (reason or "").strip() or None,
                               at + timedelta(microseconds=n))
        made.append(iri)
        update.append(graph_as_insert(minter.editorial_graph, g))
    if update:
        store.update(";\n".join(update))
    return made


def set_publish_mode(store: Store, minter: Minter, mode: str) -> None:
    if mode not in PUBLISH_MODES:
        raise ReviewError(f"{mode!r}: publish 'all' or 'accepted'")
    g = minter.editorial_graph
    store.update(f"DELETE WHERE {{ GRAPH <{g}> {{ <{g}> <{PKG.publishes}> ?m }} }};\n"
                 f"INSERT DATA {{ GRAPH <{g}> {{ <{g}> <{PKG.publishes}> "
                 f"<{PUBLISH_MODES[mode]}> }} }}")
    apply_decisions(store, minter)


_CLASSES = (PKG.Contradiction, PKG.RejectedContradiction, PKG.DraftContradiction)


def _contradictions(store: Store, minter: Minter) -> set[URIRef]:
    """Every contradiction the last check found, whatever the editors decided."""
    values = " ".join(f"<{c}>" for c in _CLASSES)
    return {r[0] for r in store.query(
        f"SELECT ?c WHERE {{ GRAPH <{minter.contradictions_graph}> {{ ?c a ?t }} "
        f"VALUES ?t {{ {values} }} }}").rows}


def apply_decisions(store: Store, minter: Minter) -> None:
    """Re-type the recorded contradictions as the decisions say, give the accepted ones
    their review date, and derive the verdicts again from what is published."""
    found = decisions(store, minter)
    g = minter.contradictions_graph
    values = " ".join(f"<{c}>" for c in _CLASSES)
    updates = [f"DELETE {{ GRAPH <{g}> {{ ?c a ?t }} }} WHERE {{ GRAPH <{g}> {{ ?c a ?t }} "
               f"VALUES ?t {{ {values} }} }}",
               f"DELETE WHERE {{ GRAPH <{g}> {{ ?c <{PKG.acceptedOn}> ?d }} }}"]
    rows = []
    for c in sorted(_contradictions(store, minter)):
        rows.append(f"<{c}> a <{found.type_of(c)}> .")
        if c in found.accepted:
            day = found.accepted[c].at.date().isoformat()
            rows.append(f'<{c}> <{PKG.acceptedOn}> "{day}"^^<{XSD.date}> .')
    if rows:
        updates.append(f"INSERT DATA {{ GRAPH <{g}> {{ {' '.join(rows)} }} }}")
    store.update(";\n".join(updates))
    record_verdicts(store, minter)


def accepted_on(store: Store, minter: Minter) -> dict[URIRef, date]:
    """The day each accepted contradiction was accepted (a ClaimReview's date)."""
    g = minter.contradictions_graph
    out = {}
    for c, d in store.query(f"SELECT ?c ?d WHERE {{ GRAPH <{g}> {{ ?c <{PKG.acceptedOn}> ?d }} }}"
                            ).rows:
        try:
            out[c] = date.fromisoformat(str(d))
        except ValueError:
            continue
    return out


_LIST_QUERY = sparql_prefixes() + """
SELECT ?c ?rule ?confidence ?explanation ?claimText ?evidenceText WHERE {
  GRAPH ?g { ?c a ?t ; pkg:rule ?r ; pkg:confidence ?confidence ; pkg:explanation ?explanation ;
                pkg:claim ?claim ; pkg:evidence ?evidence .
    VALUES ?t { pkg:Contradiction pkg:RejectedContradiction pkg:DraftContradiction } }
  OPTIONAL { ?r rdfs:label ?rule }
  OPTIONAL { SELECT ?claim (MIN(?said) AS ?claimText) WHERE {
      ?claim schema:appearance/schema:text ?said } GROUP BY ?claim }
  OPTIONAL { SELECT ?evidence (MIN(?seen) AS ?foundText) WHERE {
      ?evidence schema:appearance/schema:text ?seen } GROUP BY ?evidence }
  OPTIONAL { ?evidence rdfs:label ?evLabel }
  BIND(COALESCE(?foundText, ?evLabel) AS ?evidenceText)
}
ORDER BY DESC(?confidence) ?c"""


def review_list(store: Store, minter: Minter) -> list[dict]:
    """Every contradiction the last check found, with the editors' standing decision."""
    found = decisions(store, minter)
    out = []
    for r in store.query(_LIST_QUERY.replace("?g", f"<{minter.contradictions_graph}>")
                         ).dicts():
        c = r["c"]
        action = found.rejected.get(c) or found.accepted.get(c)
        item = {"iri": str(c), "status": found.status(c),
                "published": found.type_of(c) == PKG.Contradiction,
                "rule": str(r.get("rule", "")), "confidence": float(r["confidence"]),
                "explanation": str(r["explanation"]),
                "claim": str(r.get("claimText", "")), "evidence": str(r.get("evidenceText", ""))}
        if action:
            item.update({"by": action.by, "at": action.at.isoformat(timespec="seconds"),
                         "action": str(action.iri)})
            if action.reason:
                item["reason"] = action.reason
        out.append(item)
    return out


# --- removing a source ----------------------------------------------------------


_DOC_GRAPH = """SELECT DISTINCT ?g WHERE { GRAPH ?g { ?doc a ?type } }"""
_DOC_BY_URL = sparql_prefixes() + """
SELECT DISTINCT ?doc WHERE { GRAPH ?g { ?doc schema:url ?url } }"""


def source_graph(store: Store, minter: Minter, source: str) -> tuple[URIRef, URIRef]:
    """(document IRI, its graph) for a source named by its IRI, the path after /id/
    (`doc/<key>`), or the address it was read from."""
    if not source or re.search(r'[\s<>"{}|^`\\]', source):
        raise ReviewError(f"{source!r}: not an IRI, an /id/ path or an address")
    doc = URIRef(source if source.startswith(("http://", "https://")) else
                 str(minter.iri(source.strip("/").removeprefix("id/"))))
    prefix = str(minter.iri("graph/doc/"))
    graphs = [g for (g,) in store.query(_DOC_GRAPH.replace("?doc", f"<{doc}>")).rows
              if str(g).startswith(prefix)]
    if not graphs and source.startswith(("http://", "https://")):  # the source's address
        forms = f"VALUES ?url {{ {URIRef(source).n3()} {Literal(source).n3()} }}"
        for (found,) in store.query(_DOC_BY_URL.replace("WHERE {", "WHERE { " + forms, 1)
                                    ).rows:
            graphs = [g for (g,) in store.query(_DOC_GRAPH.replace("?doc", f"<{found}>")).rows
                      if str(g).startswith(prefix)]
            if graphs:
                doc = found
                break
    if not graphs:
        raise ReviewError(f"{source}: not a stored source (see /sources, or "
                          "`privacykg query 'SELECT ?d WHERE { ?d a schema:NewsArticle }'`)")
    return doc, graphs[0]


# --- one company, or two ----------------------------------------------------------


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())


def iri_of(minter: Minter, text: str) -> URIRef:
    """An IRI an editor gave: whole, or its path after <base>/id/ ("contradiction/…")."""
    text = text.strip()
    return URIRef(text if text.startswith(("http://", "https://"))
                  else str(minter.iri(text.strip("/").removeprefix("id/"))))


def organisation_names(store: Store, types: tuple[URIRef, ...] = (SCHEMA.Organization,)
                       ) -> list[tuple[URIRef, Literal]]:
    """(IRI, name) of every organisation (or thing of `types`) the store names."""
    wanted = " ".join(f"<{t}>" for t in types)
    return store.query(sparql_prefixes() + "SELECT DISTINCT ?org ?name WHERE { ?org a ?t ; "
                       f"schema:name ?name VALUES ?t {{ {wanted} }} }}").rows


def organisation(store: Store, minter: Minter, text: str,
                 types: tuple[URIRef, ...] = (SCHEMA.Organization,)) -> URIRef:
    """An organisation (or, with `types`, a product too) the store holds, named by its
    IRI, its path after /id/ (org/…) or its name (case and spacing aside); a ReviewError
    when it is none or the name is ambiguous."""
    text = (plain_words("the organisation", text) or "").strip()
    if not text:
        raise ReviewError("name two organisations (their names, IRIs or org/… paths)")
    rows = organisation_names(store, types)
    what = "an organisation" if len(types) == 1 else "an organisation or product"
    if text.startswith(("http://", "https://")) or "/" in text:
        iri = iri_of(minter, text)
        if iri in {org for org, _ in rows}:
            return iri
        raise ReviewError(f"{text}: not {what} of the store (see /companies)")
    named = sorted({org for org, name in rows if _folded(str(name)) == _folded(text)})
    if len(named) == 1:
        return named[0]
    if not named:
        raise ReviewError(f"{text}: no organisation{'' if len(types) == 1 else ' or product'} "
                          "of that name (see /companies)")
    raise ReviewError(f"{text}: {len(named)} of the store have that name; give one's IRI: "
                      + ", ".join(str(o) for o in named))


def write_name_action(store: Store, minter: Minter, kind: str, first: URIRef,
                      second: URIRef, *, by: str, reason: str | None = None,
                      now: datetime | None = None) -> URIRef:
    """Record that two organisations are one company (merge) or two (split; it needs a
    reason). kg/editorial.py checks again after it: the company groups change."""
    by = (by or "").strip()
    if kind not in NAME_ACTIONS:
        raise ReviewError(f"{kind!r}: merge or split")
    if not by:
        raise ReviewError("say who decides: --by NAME (it is recorded with the decision)")
    if kind == "split" and not (reason or "").strip():
        raise ReviewError("a split needs a reason: --reason TEXT")
    if first == second:
        raise ReviewError(f"{first}: the same organisation twice")
    iri, g = action_graph(minter, NAME_ACTIONS[kind], first, by, (reason or "").strip() or None,
                          now or datetime.now(UTC))
    g.add((iri, PKG.sameCompanyAs if kind == "merge" else PKG.otherCompanyThan, second))
    g.add((iri, PROV.used, second))
    store.update(graph_as_insert(minter.editorial_graph, g))
    return iri


def name_decisions(store: Store, minter: Minter) -> tuple[set[frozenset], set[frozenset]]:
    """The standing merges and splits, as unordered pairs of organisation IRIs (str): the
    latest action on a pair stands, a withdrawn one does not count."""
    done = actions(store, minter)
    withdrawn = {a.target for a in done if a.kind == "withdraw"}
    standing: dict[frozenset, str] = {}
    for a in done:
        if a.kind in NAME_ACTIONS and a.iri not in withdrawn and a.other is not None:
            standing[frozenset((str(a.target), str(a.other)))] = a.kind
    return ({p for p, k in standing.items() if k == "merge"},
            {p for p, k in standing.items() if k == "split"})
