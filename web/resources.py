"""Linked data: every resource IRI `<base>/id/<path>` dereferences here.

Browsers get an HTML page listing the resource's triples (with links to other
resources and to the query page, prefilled); RDF clients get Turtle, N-Triples,
JSON-LD or RDF/XML by Accept header, or by a `.ttl`/`.nt`/`.jsonld`/`.rdf` suffix.
The answer is direct (no 303) and says `Vary: Accept`. A contradiction's IRI opens
its page for people (web.pages) and RDF for programs.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, render_template
from rdflib import URIRef

from kg.queries import load_query
from ontologies.vocab import PKG, PREFIXES, RDFS, SCHEMA
from web import ratelimit
from web.pages import claim_page, contradiction_page, statement_runs
from web.rdf_answer import describe_graph, rdf_response, wants_rdf

bp = Blueprint("resources", __name__)
ratelimit.attach(bp)

SUFFIXES = {".ttl": "text/turtle", ".nt": "application/n-triples",
            ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml"}
_LABELS = (SCHEMA.name, SCHEMA.headline, RDFS.label)


@bp.route("/id/<iri_path:path>")
def resource(path: str):
    settings = current_app.config["SETTINGS"]
    media = None
    for suffix, suffix_media in SUFFIXES.items():
        if path.endswith(suffix):
            path, media = path[: -len(suffix)], suffix_media
            break
    iri = settings.minter.iri(path)
    media = media or wants_rdf()
    if media:
        return rdf_response(iri, media)
    if path.startswith(("contradiction/", "claim/")):
        page = claim_page if path.startswith("claim/") else contradiction_page
        response = Response(page(iri))
        response.headers["Vary"] = "Accept"
        return response
    store = current_app.config["STORE"]
    g = describe_graph(iri)
    inbound = store.query(load_query("inbound"), {"o": iri}).rows
    if not len(g) and not inbound:
        abort(404)
    rows = sorted(((p, o) for s, p, o in g if s == iri), key=lambda t: (str(t[0]), str(t[1])))
    full_text = next((str(o) for p, o in rows if p == PKG.fullText), None)
    runs = None
    if full_text is not None:
        runs = statement_runs(iri, full_text)
        rows = [(p, o) for p, o in rows if p != PKG.fullText]
    label = next((str(o) for p, o in rows if p in _LABELS), path)
    labels = _labels(store, [o for _, o in rows] + [s for s, _ in inbound])
    response = Response(render_template(
        "resources/resource.html", iri=str(iri), path=path, rows=rows, inbound=inbound,
        runs=runs, label=label, labels=labels, page=page_for_people(path),
        query_link="/query?query=" + quote(f"DESCRIBE <{iri}>"),
        formats={suffix.lstrip("."): f"/id/{path}{suffix}" for suffix in SUFFIXES}))
    response.headers["Vary"] = "Accept"
    return response


_LABELS_OF = """SELECT ?x ?label WHERE {
  VALUES ?x { %s }
  ?x <https://schema.org/name>|<https://schema.org/headline>
     |<http://www.w3.org/2000/01/rdf-schema#label> ?label
}"""


def _labels(store, terms: list) -> dict[URIRef, str]:
    """A name for each of our IRIs among `terms`, so the page lists names, not keys."""
    ours = sorted({t for t in terms if isinstance(t, URIRef) and local_link(t)}, key=str)[:500]
    if not ours:
        return {}
    out: dict[URIRef, str] = {}  # (keyed by the term: rdflib's IRIs do not hash as str)
    for x, label in store.query(_LABELS_OF % " ".join(t.n3() for t in ours)).rows:
        out.setdefault(x, str(label))
    return out


# the pages for people of the resources that have one, by the IRI path's first part
_PEOPLE_PAGES = {"org": "browse.company", "product": "browse.product"}


def page_for_people(path: str) -> tuple[str, str] | None:
    """The page (endpoint, name) where a person reads about the resource at `/id/<path>`:
    a company's or a product's."""
    kind, _, rest = path.partition("/")
    if kind in _PEOPLE_PAGES and rest and "/" not in rest:
        return _PEOPLE_PAGES[kind], rest
    return None


@bp.app_template_filter("local")
def local_link(term) -> str | None:
    """The path this app serves a term at, if the term is one of ours."""
    path = current_app.config["SETTINGS"].minter.path_of(str(term))
    return f"/id/{path}" if path is not None else None


@bp.app_template_test("iri")
def is_iri(term) -> bool:
    """True for IRIs, so only they become links (a literal that looks like one stays text)."""
    return isinstance(term, URIRef)


@bp.app_template_filter("curie")
def curie(term) -> str:
    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text
