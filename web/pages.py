"""Pages for fact-checkers: home, the contradictions (one page each with claim and
evidence side by side, quoted in their context, ClaimReview embedded) and the source
documents (full text with every extracted statement highlighted).

Every query a page runs is a named file in `kg/queries/`; values go in as bindings.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, render_template, request
from rdflib import URIRef

from kg.check import Contradiction, as_json, by_claim, recorded
from kg.describe import describe
from kg.exports import claim_review, claim_review_of, review_dates, verdict
from kg.queries import load_query
from kg.store import Store
from ontologies.vocab import aspect_name, polarity_name
from web.highlight import Label, runs
from web.rdf_answer import rdf_response, wants_rdf

bp = Blueprint("pages", __name__)

LATEST = 8  # groups of contradictions on the home page
CLAIMS_PER_PAGE = 50  # claims (each with its contradictions) a page of /contradictions shows


def _store() -> Store:
    from web.endpoint import page_store  # queries under the endpoint's deadline

    return page_store()


def _minter():
    return current_app.config["SETTINGS"].minter


def _one(name: str, **bindings: URIRef) -> dict | None:
    rows = _store().query(load_query(name), bindings or None).dicts()
    return rows[0] if rows else None


@bp.app_template_filter("idpath")
def idpath(iri: str) -> str:
    """The `<path>` of one of our IRIs (for /id/<path> links); foreign IRIs quoted whole."""
    return _minter().path_of(str(iri)) or quote(str(iri), safe="")


# Value codes of the graph as a reader says them (the rest: underscores to spaces).
_SAID_AS = {"device_id": "device ID", "android_id": "Android ID", "advertising_id":
            "advertising ID", "imei": "IMEI", "imsi": "IMSI", "mac_address": "MAC address",
            "serial_number": "serial number", "ip_address": "IP address",
            "encoded_only": "only encoded", "opt_in": "opt-in", "opt_out": "opt-out",
            "default_on": "on by default", "end_to_end": "end-to-end"}


@bp.app_template_filter("words")
def words(value) -> str:
    """A value code, or a list of them, in words: `device_id` -> "device ID",
    `browsing_history` -> "browsing history"."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return ", ".join(words(v) for v in value)
    return _SAID_AS.get(value, value.replace("_", " "))


@bp.app_template_filter("countries")
def countries(codes) -> str:
    """Country codes as names, the code after each: "Singapore (SG)"."""
    from web.diagram import country_name

    codes = [codes] if isinstance(codes, str) else list(codes or [])
    return ", ".join(f"{country_name(str(c))} ({c})" if country_name(str(c)) != str(c)
                     else str(c) for c in codes)


@bp.app_template_filter("verdict")
def verdict_name(confidence: float) -> str:
    return verdict(confidence)[1]


@bp.app_template_filter("contradiction_link")
def contradiction_link(iri: str) -> str:
    """Where a contradiction's page is linked from lists: its IRI's /id/ page, the URL
    ClaimReview publishes; `/contradictions/<path>` serves the same page."""
    return f"/id/{idpath(iri)}"


def text_fragment(url: str, exact: str) -> str:
    """`url#:~:text=…` that makes a browser scroll to and highlight the quote; long
    quotes use the `start,end` form (first and last words) so the link stays short.

    >>> text_fragment("https://a.example/x", "Data stays in India - always, we said.")
    'https://a.example/x#:~:text=Data%20stays%20in%20India%20%2D%20always%2C%20we%20said.'
    """
    words = exact.split()
    if not words:
        return url

    def enc(text: str) -> str:
        return quote(text, safe="").replace("-", "%2D")

    text = " ".join(words)
    if len(text) <= 120:
        directive = enc(text)
    else:
        directive = enc(" ".join(words[:6])) + "," + enc(" ".join(words[-6:]))
    return f"{url.split('#')[0]}#:~:text={directive}"


@bp.route("/")
def home():
    counts = {k: int(v) for k, v in (_one("counts") or {}).items()}
    rows = _store().query(load_query("contradictions")).dicts()
    counts["companies"] = len({str(r.get("claimant")) for r in rows})
    counts["claims_contradicted"] = len({r["claim"] for r in rows})
    # only the strongest claims are shown whole: describing every claim of a newsroom's
    # store with all its sentences would take seconds
    every = recorded(_store())
    strongest: dict = {}
    for c in every:
        strongest[c.claim] = max(strongest.get(c.claim, 0.0), c.confidence)
    shown = set(sorted(strongest, key=lambda k: (-strongest[k], str(k)))[:LATEST])
    groups = by_claim(as_json(_store(), [c for c in every if c.claim in shown])
                      ["contradictions"])
    latest = rows[:LATEST]
    return render_template("pages/home.html", counts=counts, groups=groups[:LATEST],
                           latest=latest)


@bp.route("/contradictions")
def contradictions():
    """Every contradiction grouped by claim, narrowed by the filter form (plain GET:
    company, aspect, country, source, dates), or exported with ?format=csv|json."""
    from web import browse, lists

    every = lists.contradictions(_store())
    filters = lists.Filters.from_args(request.args)
    items = filters.apply(every)
    fmt = request.args.get("format")
    if fmt is not None:
        if fmt not in lists.EXPORT_FORMATS:
            abort(400, f"format {fmt!r}: use csv or json")
        return browse.export_contradictions(items, fmt)
    from web import paging

    groups, pager = paging.page_of(by_claim(items), CLAIMS_PER_PAGE)
    return render_template("pages/contradictions.html", groups=groups, pager=pager,
                           filters=filters, options=lists.filter_options(_store(), every),
                           shown=len(items), total=len(every))


PARAGRAPH_MAX = 600  # characters of context shown on each side of a quote


def paragraph_around(text: str, start: int, end: int,
                     limit: int = PARAGRAPH_MAX) -> tuple[str, str] | None:
    """(what precedes the quote in its paragraph, what follows it): the paragraph is
    the text between the blank lines or line breaks around the quote, cut at `limit`
    characters on a word boundary (marked with …). None when the offsets do not fit.

    >>> paragraph_around("Intro.\\n\\nWe said A. Then B.\\nNext", 19, 26)
    ('We said A. ', '')
    """
    if not (0 <= start < end <= len(text)):
        return None
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    before, after = text[left:start], text[end:right]
    if len(before) > limit:
        cut = before[-limit:]
        before = "…" + cut[cut.find(" ") + 1:]
    if len(after) > limit:
        cut = after[:limit]
        after = cut[:cut.rfind(" ")] + "…"
    return before, after


def _quote(statement: str, texts: dict[str, str | None], document: str | None) -> dict | None:
    """The statement's exact quote with the paragraph around it in its source (from the
    document's full text and the quote's offsets), or the selector's own short prefix
    and suffix when the text or offsets are missing."""
    row = _one("quote", s=URIRef(statement))
    if row is None:
        return None
    q = {k: str(row.get(k, "")) for k in ("prefix", "exact", "suffix")}
    q["paragraph"] = False
    if document and "start" in row and "end" in row:
        if document not in texts:
            meta = _one("source", doc=URIRef(document))
            texts[document] = str(meta["text"]) if meta and "text" in meta else None
        text = texts[document]
        start, end = int(row["start"]), int(row["end"])
        around = paragraph_around(text, start, end) if text else None
        if around is not None and text is not None and text[start:end] == q["exact"]:
            q["prefix"], q["suffix"] = around
            q["paragraph"] = True
    return q


def contradiction_page(iri: URIRef) -> Response | str:
    """The page of one contradiction (also served at its /id/ IRI to browsers)."""
    row = _one("contradiction", c=iri)
    if row is None:
        abort(404)
    record = Contradiction(iri, str(row["rule"]), aspect_name(row["aspect"]), row["claim"],
                           row["evidence"], str(row["explanation"]), float(row["confidence"]),
                           str(row["scope"]) if "scope" in row else None)
    item = as_json(_store(), [record], merge=False)["contradictions"][0]
    sides = []
    texts: dict[str, str | None] = {}
    for name, heading in (("claim", "What the company said"),
                          ("evidence", "What the evidence shows")):
        side = item[name]
        q = _quote(side.get("first_appearance") or side["iri"], texts,
                   (side.get("source") or {}).get("document"))
        url = (side.get("source") or {}).get("url")
        fragment = text_fragment(url, q["exact"]) if url and q else url
        sides.append({"heading": heading, "s": side, "q": q, "fragment": fragment})
    diagram = None
    if item["aspect"] == "data_location":
        from web.diagram import from_contradictions, location_svg

        said, went = from_contradictions([item])
        diagram = location_svg(item["claim"].get("claimant") or "", said, went,
                               ", ".join(item["claim"].get("context") or []))
    settings = current_app.config["SETTINGS"]
    review = claim_review(item, settings, review_dates(_store(), settings)(item))
    return render_template("pages/contradiction.html", c=item, sides=sides,
                           rule_iri=str(row["ruleIri"]), review=review, diagram=diagram,
                           sparql=sparql_link(iri))


def claim_page(iri: URIRef) -> str:
    """The page a fact-checker links to for one claim (also its /id/ page): its words
    and first appearance, its verdict, every sentence that said it, and the evidence
    against it, strongest first."""
    claim = describe(_store(), [iri])[iri]
    if "appearances" not in claim:
        abort(404)
    against = [c for c in recorded(_store()) if c.claim == iri]
    items = sorted(as_json(_store(), against, merge=False)["contradictions"],
                   key=lambda c: -c["confidence"])
    review = None
    if items:
        groups = by_claim(items)
        settings = current_app.config["SETTINGS"]
        review = claim_review_of(groups[0], settings, review_dates(_store(), settings)(groups[0]))
    return render_template("pages/claim.html", claim=claim, items=items, review=review,
                           sparql=sparql_link(iri))


def sparql_link(iri: URIRef) -> str:
    """The query page, opened on everything the graph says about `iri` ("open in SPARQL")."""
    from urllib.parse import urlencode

    text = f"SELECT ?p ?o WHERE {{\n  {iri.n3()} ?p ?o\n}}"
    return "/query?" + urlencode({"query": text})


@bp.route("/contradictions/<iri_path:rest>")
def contradiction(rest: str):
    iri = _minter().iri(f"contradiction/{rest}")
    media = wants_rdf()
    if media:
        return rdf_response(iri, media)
    response = Response(contradiction_page(iri))
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/sources")
def sources():
    """Every source document; ?format=csv|json exports the list."""
    from web import lists

    fmt = request.args.get("format")
    if fmt is not None:
        if fmt not in lists.EXPORT_FORMATS:
            abort(400, f"format {fmt!r}: use csv or json")
        return lists.export_response(lists.rows(_store(), "sources"),
                                     ["doc", "kind", "title", "url", "publisher", "published",
                                      "file", "items"], "sources", fmt)
    rows = _store().query(load_query("sources")).dicts()
    return render_template("pages/sources.html", sources=rows)


def statement_runs(doc: URIRef, text: str) -> list:
    """The document's text as runs with every extracted statement highlighted."""
    spans = []
    for r in _store().query(load_query("source_statements"), {"doc": doc}).dicts():
        kind = "claim" if str(r["kind"]).endswith("Claim") else "finding"
        label = Label(str(r["s"]), kind, aspect_name(r["aspect"]).replace("_", " "),
                      polarity_name(r["polarity"]))
        spans.append((int(r["start"]), int(r["end"]), label))
    return runs(text, spans)


_SOURCE_PATH = re.compile(r"^(doc|capture|registry|findings)/[^/]+$")


@bp.route("/sources/<iri_path:path>")
def source(path: str):
    if not _SOURCE_PATH.match(path):
        abort(404)
    iri = _minter().iri(path)
    meta = _one("source", doc=iri)
    if meta is None:
        abort(404)
    text = str(meta["text"]) if "text" in meta else None
    text_runs = statement_runs(iri, text) if text is not None else None
    items = [] if text is not None else _store().query(load_query("source_items"),
                                                         {"doc": iri}).dicts()
    from web import lists

    companies = sorted({(s["claimant"], s["claimantName"]) for s in lists.statements(_store())
                        if s["doc"] == str(iri) and s["kind"] == "claim" and s["claimant"]},
                       key=lambda c: c[1])
    hosts = sorted({o["host"] for o in lists.observations(_store()) if o["capture"] == str(iri)})
    return render_template("pages/source.html", iri=str(iri), meta=meta, runs=text_runs,
                           items=items, companies=companies, hosts=hosts,
                           statements=sum(len(r.labels) for r in text_runs or []))
