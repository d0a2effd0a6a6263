"""Browsing for fact-checkers: lists of claims, companies, products, certificates,
certifiers and hosts, a page for each (a company's claims as a timeline with what
contradicts each), search across all statement text, the "about the ratings" page and
the ClaimReview feed.

Every list answers `?format=csv` or `?format=json` with the rows it shows; every
page works without JavaScript. The data comes from `web.lists` (named queries).
"""

from __future__ import annotations

import json
from itertools import groupby
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, render_template, request
from rdflib import URIRef

from kg.exports import VERDICTS, claim_reviews
from kg.store import Store
from ontologies.iris import slug
from web import lists, paging
from web.diagram import from_contradictions, location_svg

bp = Blueprint("browse", __name__)

SEARCH_MAX = 200  # characters of a search; longer is not a search a person typed


def _store() -> Store:
    from web.endpoint import page_store  # queries under the endpoint's deadline

    return page_store()


def _minter():
    return current_app.config["SETTINGS"].minter


def _fmt() -> str | None:
    fmt = request.args.get("format")
    if fmt is None:
        return None
    if fmt not in lists.EXPORT_FORMATS:
        abort(400, f"format {fmt!r}: use csv or json")
    return fmt


def _listing(template: str, name: str, items: list[dict], columns: list[str],
             **context) -> Response | str:
    """A list page (web/paging.py: ?page=N), or all its rows as CSV/JSON when `?format=`
    asks."""
    fmt = _fmt()
    if fmt:
        return lists.export_response(items, columns, name, fmt)
    shown, pager = paging.page_of(items)
    return render_template(template, items=shown, total=len(items), pager=pager, **context)


def _path(iri: str, prefix: str) -> str | None:
    path = _minter().path_of(str(iri))
    return path[len(prefix):] if path and path.startswith(prefix) else None


@bp.app_template_filter("company_url")
def company_url(name_or_iri: str | None) -> str:
    """The company page of an organisation IRI of ours, or of a company's name."""
    text = str(name_or_iri or "")
    rest = _path(text, "org/")
    return "/companies/" + quote(rest if rest is not None else slug(text), safe="")


@bp.app_template_filter("product_url")
def product_url(name_or_iri: str | None) -> str:
    text = str(name_or_iri or "")
    rest = _path(text, "product/")
    return "/products/" + quote(rest if rest is not None else slug(text), safe="")


@bp.app_template_filter("certifier_url")
def certifier_url(name_or_iri: str | None) -> str:
    return company_url(name_or_iri).replace("/companies/", "/certifiers/", 1)


@bp.app_template_filter("host_url")
def host_url(host: str | None) -> str:
    return "/hosts/" + quote(str(host or ""), safe="")


@bp.app_template_filter("country_name")
def _country_name(code: str) -> str:
    from web.diagram import country_name

    return country_name(str(code))


@bp.app_template_global()
def export_url(fmt: str) -> str:
    """This page's URL (filters kept) asking for the `fmt` export."""
    from urllib.parse import urlencode

    args = {k: v for k, v in request.args.items() if k != "format"}
    return request.path + "?" + urlencode({**args, "format": fmt})


# --- lists ---------------------------------------------------------------------------

CLAIM_COLUMNS = ["c", "kind", "aspect", "polarity", "text", "claimantName", "subjectName",
                 "appearances", "first", "last", "verdict", "against"]


@bp.route("/claims")
def claims():
    """Every claim, one row each however many sentences said it (findings with
    ?kind=finding), narrowed by company and aspect."""
    kind = request.args.get("kind", "claim")
    company = (request.args.get("company") or "").strip()
    aspect = (request.args.get("aspect") or "").strip()
    every = [c for c in lists.claims(_store()) if kind == "all" or c["kind"] == kind]
    items = [c for c in every if (not company or c["claimantName"] == company)
             and (not aspect or c["aspect"] == aspect)]
    options = {"company": sorted({c["claimantName"] for c in every if c["claimantName"]}),
               "aspect": sorted({c["aspect"] for c in every if c["aspect"]})}
    return _listing("pages/claims.html", "claims", items, CLAIM_COLUMNS, kind=kind,
                    company=company, aspect=aspect, options=options)


@bp.route("/companies")
def companies():
    return _listing("pages/companies.html", "companies", lists.companies(_store()),
                    ["org", "name", "claims", "about_claims", "products", "certificates",
                     "contradictions"])


@bp.route("/products")
def products():
    return _listing("pages/products.html", "products", lists.products(_store()),
                    ["product", "name", "makerName", "claims", "observations",
                     "certificates"])


CERT_COLUMNS = ["cert", "identifier", "certifierName", "holderName", "standard", "scope",
                "covers", "validFrom", "validThrough", "registryName", "registry"]


@bp.route("/certificates")
def certificates():
    return _listing("pages/certificates.html", "certificates", lists.certificates(_store()),
                    CERT_COLUMNS, certifiers=lists.certifiers(_store()))


@bp.route("/certifiers")
def certifiers():
    return _listing("pages/certifiers.html", "certifiers", lists.certifiers(_store()),
                    ["org", "name", "claims", "certificates", "registries"])


@bp.route("/hosts")
def hosts():
    return _listing("pages/hosts.html", "hosts", lists.hosts(_store()),
                    ["host", "countries", "operators", "products", "observations",
                     "strength"])


# --- pages of one thing ---------------------------------------------------------------

def _one(items: list[dict], key: str, iri: str) -> dict:
    for item in items:
        if item[key] == iri:
            return item
    abort(404)


def timeline(claims: list[dict], against: dict[str, list[dict]]) -> list[dict]:
    """Claims oldest first, grouped by the date of their source, each with what
    contradicts it (strongest first)."""
    ordered = sorted(claims, key=lambda s: (s["published"] or "9999", s["s"]))
    out = []
    for date, group in groupby(ordered, key=lambda s: s["published"][:10] or ""):
        entries = []
        for s in group:
            found = sorted(against.get(s["s"], []), key=lambda c: -c["confidence"])
            entries.append({"claim": s, "contradictions": found})
        out.append({"date": date, "entries": entries})
    return out


def _diagram(name: str, items: list[dict]):
    """The data-location picture for a company or product, when there is one to draw."""
    located = [c for c in items if c["aspect"] == "data_location"]
    if not located:
        return None
    said, went = from_contradictions(located)
    # who said it: the company whose claim it is (a product's page would have the
    # product speak: "What Mi Browser said")
    who = next((c["claim"].get("claimant") for c in located if c["claim"].get("claimant")),
               name)
    return location_svg(who, said, went)


@bp.route("/companies/<iri_segment:name>")
def company(name: str):
    iri = str(_minter().iri(f"org/{name}"))
    info = _one(lists.companies(_store()), "org", iri)
    every = lists.statements(_store())
    said = [s for s in every if s["claimant"] == iri and s["kind"] == "claim"]
    about = [s for s in every if s["subject"] == iri and s["claimant"] != iri]
    items = lists.contradictions(_store(), merge=False)
    against = lists.by_claim_iri(items)
    mine = [c for s in said for c in against.get(s["s"], [])]
    fmt = _fmt()
    if fmt:
        return export_contradictions(mine, fmt)
    products = [p for p in lists.products(_store()) if p["maker"] == iri]
    certs = [c for c in lists.certificates(_store()) if c["holder"] == iri]
    return render_template("pages/company.html", info=info, timeline=timeline(said, against),
                           about=about, products=products, certificates=certs,
                           contradicted=len({c["claim"]["iri"] for c in mine}),
                           diagram=_diagram(info["name"], mine), iri=iri)


@bp.route("/products/<iri_segment:name>")
def product(name: str):
    iri = str(_minter().iri(f"product/{name}"))
    info = _one(lists.products(_store()), "product", iri)
    about = [s for s in lists.statements(_store()) if s["subject"] == iri]
    against = lists.by_claim_iri(lists.contradictions(_store(), merge=False))
    observed = [o for o in lists.observations(_store()) if o["subject"] == iri]
    certs = [c for c in lists.certificates(_store()) if iri in c["products"]]
    mine = [c for s in about for c in against.get(s["s"], [])]
    return render_template("pages/product.html", info=info,
                           timeline=timeline([s for s in about if s["kind"] == "claim"],
                                             against),
                           observations=observed, certificates=certs, iri=iri,
                           diagram=_diagram(info["name"], mine))


@bp.route("/certifiers/<iri_segment:name>")
def certifier(name: str):
    iri = str(_minter().iri(f"org/{name}"))
    info = _one(lists.certifiers(_store()), "org", iri)
    named = lists.rows(_store(), "browse_certifier_claims", {"org": URIRef(iri)})
    against = lists.by_claim_iri(lists.contradictions(_store(), merge=False))
    for s in named:
        s["contradictions"] = against.get(s["s"], [])
    certs = [c for c in lists.certificates(_store()) if c["certifier"] == iri]
    return render_template("pages/certifier.html", info=info, claims=named,
                           certificates=certs, iri=iri)


@bp.route("/hosts/<host>")
def host(host: str):
    seen = lists.observations(_store(), host)
    if not seen:
        abort(404)
    ids = {o["obs"] for o in seen}
    found = [c for c in lists.contradictions(_store(), merge=False)
             if c["evidence"]["iri"] in ids]
    return render_template("pages/host.html", host=host, observations=seen,
                           contradictions=found)


# --- search ----------------------------------------------------------------------------

def _marked(text: str, q: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_match) runs, for the template to mark the matches
    (the template escapes every piece: the text is scraped)."""
    if not q:
        return [(text, False)]
    low, ql, out, at = text.lower(), q.lower(), [], 0
    while (i := low.find(ql, at)) >= 0:
        out += [(text[at:i], False), (text[i:i + len(q)], True)]
        at = i + len(q)
    out.append((text[at:], False))
    return [p for p in out if p[0]]


@bp.route("/search")
def search():
    q = " ".join((request.args.get("q") or "").split())[:SEARCH_MAX]
    found = lists.search(_store(), q) if q else []
    fmt = _fmt()
    if fmt:
        return lists.export_response(found, ["s", "kind", "aspect", "text", "claimantName",
                                             "title", "published", "doc"], "results", fmt)
    for r in found:
        r["runs"] = _marked(r["text"], q)
    return render_template("pages/search.html", q=q, results=found,
                           capped=len(found) >= lists.SEARCH_LIMIT)


# --- ratings and the feed --------------------------------------------------------------

@bp.route("/about/ratings")
def ratings():
    return render_template("pages/ratings.html", verdicts=VERDICTS)


@bp.route("/claimreview.jsonld")
def claimreview_feed():
    """One ClaimReview per contradicted claim, JSON-LD (kg.exports), for fact-check feeds:
    FEED_PAGE claims a page (`?page=N`), the next and previous pages in a `Link` header
    (RFC 8288) and the number of claims reviewed in `X-Total-Count`."""
    from kg.exports import reviewed_claims

    total = reviewed_claims(_store())
    pages = max(1, -(-total // FEED_PAGE))
    try:
        number = min(max(1, int(request.args.get("page", "1"))), pages)
    except ValueError:
        abort(400, "page: give a number")
    reviews = claim_reviews(_store(), current_app.config["SETTINGS"], (number, FEED_PAGE))
    response = Response(json.dumps(reviews, indent=1, ensure_ascii=False),
                        mimetype="application/ld+json")
    links = [f'<{request.path}?page={n}>; rel="{rel}"'
             for n, rel in ((number + 1, "next"), (number - 1, "prev")) if 1 <= n <= pages]
    if links:
        response.headers["Link"] = ", ".join(links)
    response.headers["X-Total-Count"] = str(total)
    return response


FEED_PAGE = 200  # claims a page of the ClaimReview feed reviews


def export_contradictions(items: list[dict], fmt: str) -> Response:
    """Contradictions as CSV (flat rows) or JSON (the objects of `check --format json`)."""
    if fmt == "json":
        return lists.export_response(items, [], "contradictions", "json")
    return lists.export_response([contradiction_row(c) for c in items], CONTRADICTION_COLUMNS,
                                 "contradictions", "csv")


CONTRADICTION_COLUMNS = ["iri", "rule", "aspect", "confidence", "verdict", "claimant", "claim",
                         "claim_source", "claim_published", "evidence_kind", "evidence",
                         "evidence_source", "explanation"]


def contradiction_row(c: dict) -> dict:
    """One contradiction as a flat row (the columns of `privacykg export --format csv`,
    plus the verdict and the claim's date)."""
    from kg.exports import verdict as rate

    cl, ev = c["claim"], c["evidence"]
    return {"iri": c["iri"], "rule": c["rule"], "aspect": c["aspect"],
            "confidence": c["confidence"], "verdict": rate(c["confidence"])[1],
            "claimant": cl.get("claimant"), "claim": cl.get("text"),
            "claim_source": (cl.get("source") or {}).get("url"),
            "claim_published": (cl.get("source") or {}).get("published"),
            "evidence_kind": ev.get("kind"),
            "evidence": ev.get("text") or ev.get("description"),
            "evidence_source": (ev.get("source") or {}).get("url"),
            "explanation": c["explanation"]}
