"""Exports: the whole graph (Turtle, N-Quads, JSON-LD), the contradictions as CSV,
and ClaimReview JSON-LD that fact-checkers can publish."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from rdflib import URIRef

from kg.check import as_json, by_claim, checked_on, recorded
from kg.results import write_rdf
from kg.review import accepted_on
from kg.settings import Settings
from kg.store import Store

# Our verdict scale (explained on the web app's "about the ratings" page):
# (lowest confidence, rating value 1–5, name). 1 is the worst rating for the claim.
VERDICTS = (
    (0.8, 1, "Contradicted"),
    (0.6, 2, "Partly contradicted"),
    (0.0, 3, "Not supported"),
)


def verdict(confidence: float) -> tuple[int, str]:
    """The rating (1 = contradicted … 3 = not supported) for a contradiction's confidence."""
    for floor, value, name in VERDICTS:
        if confidence >= floor:
            return value, name
    return VERDICTS[-1][1], VERDICTS[-1][2]


def export(store: Store, fmt: str, settings: Settings) -> str:
    if fmt == "claimreview":
        return json.dumps(claim_reviews(store, settings), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return contradictions_csv(store)
    # written by Oxigraph (kg.results.write_rdf): every lexical form as stored
    ds = store.quads()
    quads = ds.quads((None, None, None, None))
    if fmt == "nquads":
        return write_rdf(quads, "nquads").decode("utf-8")
    if fmt == "jsonld":
        return write_rdf(quads, "json-ld").decode("utf-8")
    union = dict.fromkeys((s, p, o) for s, p, o, _g in quads)  # the union, each triple once
    return write_rdf(union, "turtle").decode("utf-8")


def contradictions_csv(store: Store) -> str:
    data = as_json(store, recorded(store))["contradictions"]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["iri", "rule", "aspect", "confidence", "claimant", "claim", "claim_source",
                "evidence_kind", "evidence", "evidence_source", "explanation"])
    for c in data:
        cl, ev = c["claim"], c["evidence"]
        w.writerow([c["iri"], c["rule"], c["aspect"], c["confidence"], cl.get("claimant"),
                    cl.get("text"), (cl.get("source") or {}).get("url"), ev.get("kind"),
                    ev.get("text") or ev.get("description"), (ev.get("source") or {}).get("url"),
                    c["explanation"]])
    return buf.getvalue()


def page_url(settings: Settings, iri: str) -> str:
    return iri  # resource IRIs dereference to their page (see web.resources)


def claim_review(c: dict, settings: Settings, reviewed: date | None = None) -> dict:
    """One schema.org ClaimReview for a contradiction object of `check --format json`."""
    claim, ev = c["claim"], c["evidence"]
    src = claim.get("source") or {}
    value, name = verdict(c["confidence"])
    appearance = {"@type": "CreativeWork"}
    if src.get("url"):
        appearance["url"] = src["url"]
    if src.get("title"):
        appearance["headline"] = src["title"]
    if src.get("publisher"):
        appearance["publisher"] = {"@type": "Organization", "name": src["publisher"]}
    if src.get("published"):
        appearance["datePublished"] = src["published"]
    item = {"@type": "Claim", "appearance": [appearance],
            "author": {"@type": "Organization", "name": claim.get("claimant") or "unknown"}}
    if src.get("published"):
        item["datePublished"] = src["published"]
    ev_src = ev.get("source") or {}
    cited = {"@type": "CreativeWork",
             "name": ev.get("text") or ev.get("description") or ev.get("iri")}
    if ev_src.get("url"):
        cited["url"] = ev_src["url"]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url(settings, c["iri"]),
        "claimReviewed": _words(claim.get("text")),
        "datePublished": (reviewed or date.today()).isoformat(),
        "author": {"@type": "Organization", "name": settings.reviewer,
                   "url": settings.reviewer_url or settings.base.rstrip("/") + "/"},
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 5,
                         "worstRating": 1, "alternateName": name},
        "itemReviewed": item,
        "reviewBody": c["explanation"],
        "citation": [cited],
    }


def _creative_work(a: dict) -> dict:
    work = {"@type": "CreativeWork", "url": a["document"]}
    if a.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": a["publisher"]}
    if a.get("published"):
        work["datePublished"] = a["published"]
    return work


def claim_review_of(group: dict, settings: Settings, reviewed: date | None = None) -> dict:
    """One ClaimReview for a claim (an entry of kg.check.by_claim): its strongest
    contradiction rates it, every piece of evidence against it is cited, strongest
    first, and every sentence that said it is an appearance (the first one first)."""
    items = sorted((c for rule in group["rules"] for c in rule["items"]),
                   key=lambda c: -c["confidence"])
    review = claim_review(items[0], settings, reviewed)
    claim = group["claim"]
    review["url"] = page_url(settings, claim["iri"])
    appearances = claim.get("appearances") or []
    if appearances:
        works = [_creative_work(a) for a in appearances]
        review["itemReviewed"]["appearance"] = works
        review["itemReviewed"]["firstAppearance"] = works[0]
    else:
        review["itemReviewed"]["firstAppearance"] = review["itemReviewed"]["appearance"][0]
    review["reviewBody"] = " ".join(dict.fromkeys(c["explanation"] for c in items))
    cited: dict[str, dict] = {}
    for c in items:
        ev = c["evidence"]
        ev_src = ev.get("source") or {}
        work = {"@type": "CreativeWork",
                "name": ev.get("text") or ev.get("description") or ev.get("iri")}
        if ev_src.get("url"):
            work["url"] = ev_src["url"]
        cited.setdefault(ev["iri"], work)
    review["citation"] = list(cited.values())
    return review


def claim_reviews(store: Store, settings: Settings, page: tuple[int, int] | None = None
                  ) -> list[dict]:
    """ClaimReview JSON-LD, one per claim the last `check` found contradicted or
    disputed (as a fact-checker publishes them: one review per claim), dated the day of
    that check. With `page` (number, size; from 1), only that page of the claims in the
    order of their IRIs: describing every appearance of every claim of a newsroom's store
    takes longer than a request may."""
    found = recorded(store)
    if page is not None:
        number, size = page
        claims = set(sorted({c.claim for c in found})[(number - 1) * size:number * size])
        found = [c for c in found if c.claim in claims]
    data = as_json(store, found)["contradictions"]
    dates = review_dates(store, settings)
    return [claim_review_of(g, settings, dates(g)) for g in by_claim(data)]


def reviewed_claims(store: Store) -> int:
    """How many claims have a ClaimReview (the feed's pages count them)."""
    return len({c.claim for c in recorded(store)})


def review_dates(store: Store, settings: Settings):
    """A function giving a review's date: the day an editor last accepted one of its
    contradictions (kg/review.py), else the day of the check that found them. Stable:
    exporting again tomorrow gives the same date."""
    accepted = accepted_on(store, settings.minter)
    checked = checked_on(store, settings.minter)

    def of(entry: dict) -> date | None:
        items = ([i for r in entry["rules"] for i in r["items"]] if "rules" in entry
                 else [entry])
        days = [accepted[k] for k in (URIRef(i["iri"]) for i in items) if k in accepted]
        return max(days) if days else checked
    return of


def _words(text: str | None) -> str | None:
    """A claim's words without the quotation marks around a quoted sentence."""
    if text is None:
        return None
    inner = text.strip()
    if len(inner) > 2 and inner[0] in "\"“‘'" and inner[-1] in "\"”’'":
        inner = inner[1:-1].strip()
    return inner.rstrip(",").strip() or text
