"""Linked data: every resource IRI `<base>/id/<path>` dereferences here.

Browsers get an HTML page listing the resource's triples (with links to other
resources and to the query page, prefilled); RDF clients get Turtle, N-Triples or
JSON-LD by Accept header, or by a `.ttl`/`.nt`/`.jsonld` suffix. Contradictions have
their own page (web.pages); `Accept: text/turtle` on them still gets RDF.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, render_template, request
from rdflib import Graph, URIRef

from kg.vocab import PKG, PREFIXES, aspect_name, polarity_name, sparql_prefixes

bp = Blueprint("resources", __name__)

SUFFIXES = {".ttl": "text/turtle", ".nt": "application/n-triples",
            ".jsonld": "application/ld+json"}
RDF_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt",
               "application/ld+json": "json-ld"}
_DESCRIBE = """CONSTRUCT { ?s ?p ?o . ?o ?q ?v } WHERE {
  { ?s ?p ?o } UNION { ?s ?p ?o . ?o ?q ?v . FILTER(isBlank(?o)) } }"""
_INBOUND = "SELECT ?s ?p WHERE { ?s ?p ?o } LIMIT 200"
_STATEMENTS = sparql_prefixes() + """
SELECT ?s ?kind ?aspect ?polarity ?start ?end WHERE {
  ?s prov:wasDerivedFrom ?doc ; a ?kind ; pkg:aspect ?aspect ; pkg:polarity ?polarity ;
     pkg:quote ?q .
  ?q oa:start ?start ; oa:end ?end .
  FILTER(?kind IN (pkg:Claim, pkg:Finding))
}"""


def highlighted(text: str, rows: list[dict]) -> list[dict]:
    """The document's text cut into plain runs and statement runs (several statements of
    one sentence, one per aspect, share one run), for the source page."""
    spans: dict[tuple[int, int], list[dict]] = {}
    for r in rows:
        start, end = int(r["start"]), int(r["end"])
        spans.setdefault((start, end), []).append({
            "iri": str(r["s"]), "kind": "claim" if str(r["kind"]).endswith("Claim") else "finding",
            "aspect": aspect_name(r["aspect"]).replace("_", " "),
            "polarity": polarity_name(r["polarity"])})
    out, pos = [], 0
    for (start, end), labels in sorted(spans.items()):
        if start < pos:  # overlapping spans do not happen (one per sentence); stay safe
            continue
        if start > pos:
            out.append({"text": text[pos:start]})
        out.append({"text": text[start:end], "labels": labels,
                    "kind": labels[0]["kind"]})
        pos = end
    out.append({"text": text[pos:]})
    return out


def wants_rdf() -> str | None:
    """The RDF media type the client prefers over HTML, if any."""
    best = request.accept_mimetypes.best_match(["text/html", *RDF_FORMATS])
    return best if best in RDF_FORMATS else None


def describe_graph(iri: URIRef) -> Graph:
    g = current_app.config["STORE"].query(_DESCRIBE, {"s": iri}).graph or Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def rdf_response(iri: URIRef, media: str) -> Response:
    g = describe_graph(iri)
    if not len(g):
        abort(404)
    body = g.serialize(format=RDF_FORMATS[media])
    return Response(body, mimetype=media, headers={"Vary": "Accept",
                                                   "Access-Control-Allow-Origin": "*"})


@bp.route("/id/<path:path>")
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
    g = describe_graph(iri)
    inbound = current_app.config["STORE"].query(_INBOUND, {"o": iri}).rows
    if not len(g) and not inbound:
        abort(404)
    rows = sorted(((p, o) for s, p, o in g if s == iri), key=lambda t: (str(t[0]), str(t[1])))
    full_text = next((str(o) for p, o in rows if p == PKG.fullText), None)
    runs = None
    if full_text is not None:
        found = current_app.config["STORE"].query(_STATEMENTS, {"doc": iri}).dicts()
        runs = highlighted(full_text, found)
        rows = [(p, o) for p, o in rows if p != PKG.fullText]
    query = f"DESCRIBE <{iri}>"
    response = Response(render_template(
        "resources/resource.html", iri=str(iri), rows=rows, inbound=inbound, runs=runs,
        label=next((str(o) for p, o in rows if str(p).endswith(("name", "headline", "label"))),
                   path),
        query_link="/query?query=" + quote(query),
        formats={suffix.lstrip("."): f"/id/{path}{suffix}" for suffix in SUFFIXES}))
    response.headers["Vary"] = "Accept"
    return response


@bp.app_template_filter("local")
def local_link(term) -> str | None:
    """The path this app serves a term at, if the term is one of ours."""
    path = current_app.config["SETTINGS"].minter.path_of(str(term))
    return f"/id/{path}" if path is not None else None


@bp.app_template_filter("curie")
def curie(term) -> str:
    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text
