"""Pages for fact-checkers: the contradictions, one page each with claim and evidence
side by side, quoted in their context, with ClaimReview embedded."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, abort, current_app, render_template
from rdflib import URIRef

from kg.check import as_json, by_claim, recorded
from kg.exports import claim_review, verdict
from kg.vocab import sparql_prefixes

bp = Blueprint("pages", __name__)

_QUOTE = sparql_prefixes() + """
SELECT ?prefix ?exact ?suffix WHERE { ?s pkg:quote ?q . ?q oa:exact ?exact .
  OPTIONAL { ?q oa:prefix ?prefix } OPTIONAL { ?q oa:suffix ?suffix } }"""


def _store():
    return current_app.config["STORE"]


def _settings():
    return current_app.config["SETTINGS"]


def _contradictions() -> list[dict]:
    store = _store()
    return as_json(store, recorded(store))["contradictions"]


def _path(iri: str) -> str:
    return _settings().minter.path_of(iri) or quote(iri, safe="")


@bp.app_template_filter("idpath")
def idpath(iri: str) -> str:
    return _path(iri)


@bp.app_template_filter("verdict")
def verdict_name(confidence: float) -> str:
    return verdict(confidence)[1]


@bp.route("/")
def home():
    items = _contradictions()
    counts = {"contradictions": len(items),
              "companies": len({c["claim"].get("claimant") for c in items})}
    groups = by_claim(items)
    counts["claims"] = len(groups)
    return render_template("pages/home.html", groups=groups[:8], counts=counts)


@bp.route("/contradictions")
def contradictions():
    return render_template("pages/contradictions.html", groups=by_claim(_contradictions()))


def _quote_context(iri: str) -> dict | None:
    rows = _store().query(_QUOTE, {"s": URIRef(iri)}).dicts()
    if not rows:
        return None
    r = rows[0]
    return {k: str(r.get(k, "")) for k in ("prefix", "exact", "suffix")}


@bp.route("/id/contradiction/<path:rest>")
def contradiction(rest: str):
    iri = _settings().minter.iri(f"contradiction/{rest}")
    from web.resources import rdf_response, wants_rdf

    media = wants_rdf()
    if media:
        return rdf_response(iri, media)
    item = next((c for c in _contradictions() if c["iri"] == str(iri)), None)
    if item is None:
        abort(404)
    claim_q = _quote_context(item["claim"]["iri"])
    evidence_q = _quote_context(item["evidence"]["iri"])
    review = claim_review(item, _settings())
    return render_template("pages/contradiction.html", c=item, claim_q=claim_q,
                           evidence_q=evidence_q, review=review)


@bp.app_errorhandler(404)
def not_found(_e):
    return render_template("error.html", status=404, message="No such page."), 404
