"""SPARQL 1.1 Protocol: queries at /sparql (GET, POST form, POST direct) and updates at
/sparql/update (POST with the operator's bearer token only).

Errors are one line of plain text with a precise status: 400 malformed or mixed
request, 401 no or wrong token, 405 other methods, 406 no acceptable format, 413 too
many rows, 415 unsupported content type, 429 too many requests, 503 the query ran out
of time (web.query_worker runs it where it can be stopped). Every answer carries CORS
headers so browser clients (YASGUI and the like) can use the endpoint.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, current_app, redirect, request, url_for
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from kg.results import serialize_result
from kg.store import QueryResult, StoreError
from web import graph_store, ratelimit, void
from web.auth import bearer_ok
from web.endpoint import (
    CORS,
    SD,
    answer_response,
    error,
    job_limits,
    public_query,
    runner,
    store_written,
    too_large,
)
from web.query_worker import Job, pick_media

bp = Blueprint("sparql", __name__)
ratelimit.attach(bp)
# The graph store and VoID/dumps ride on this blueprint: they share its rate limit, their
# endpoint names start with "sparql.", and the app registers this one only.
bp.register_blueprint(graph_store.bp)
bp.register_blueprint(void.bp)

FORM = "application/x-www-form-urlencoded"

# IRIs, strings (long ones first) and comments: where keywords are not keywords
_TERMS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                    r'|<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|' r"'(?:[^'\\\n]|\\.)*'|#[^\n]*")


@bp.after_app_request
def _writes_mark_the_snapshot_stale(response: Response) -> Response:
    # GET and HEAD never write; another request that succeeded might have (an upload,
    # an update, a new source). One that was refused changed nothing: the next query
    # keeps the snapshot it has.
    if (request.method not in ("GET", "HEAD", "OPTIONS") and request.path != "/sparql"
            and response.status_code < 400):
        store_written()
    return response


def _outside_terms(text: str) -> str:
    """The request without IRIs, strings and comments, for the USING/WITH check."""
    return _TERMS.sub(" ", text)


def _body_text() -> str | None:
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _charset_ok() -> bool:
    charset = request.mimetype_params.get("charset")
    return charset is None or charset.lower().replace("_", "-") in ("utf-8", "utf8")


# --- service description ------------------------------------------------------

FORMATS = Namespace("http://www.w3.org/ns/formats/")


def service_description(url: str, void: str | None = None) -> Graph:
    """The W3C Service Description of this endpoint, with `sd:endpoint` = `url`; its
    default dataset is the one the VoID description at `void` describes."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    service = URIRef(url)
    dataset = URIRef(void + "#dataset") if void else BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for fmt in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        g.add((service, SD.resultFormat, FORMATS[fmt]))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    if void:
        g.add((dataset, RDF.type, URIRef("http://rdfs.org/ns/void#Dataset")))
        g.add((dataset, RDFS.seeAlso, URIRef(void)))
    return g


def _wants_a_page() -> bool:
    """Whether the client prefers HTML to every RDF syntax: a browser's Accept names
    text/html, and RDF (if at all) only through */*."""
    accept = request.accept_mimetypes
    html = accept["text/html"]
    return bool(html) and "text/html" in accept.values() and all(
        accept[m] < html for m in ("text/turtle", "application/n-triples",
                                   "application/ld+json", "application/rdf+xml")
        if m in accept.values())


def _answer(result: QueryResult) -> Response:
    media = pick_media(result.kind, request.headers.get("Accept"),
                       request.values.get("format", ""))
    if media is None:
        return error(406, "no acceptable result format for this query")
    return Response(serialize_result(result, media), mimetype=media,
                    headers={**CORS, "Vary": "Accept"})


# --- queries --------------------------------------------------------------------


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def query():
    if request.method == "OPTIONS":
        return Response(status=204, headers={**CORS, "Allow": "GET, POST, OPTIONS, HEAD"})
    cap = current_app.config["SETTINGS"].max_query_bytes
    refused = (too_large(len(request.query_string), cap, "query string") or
               too_large(request.content_length, cap, "request body"))
    if refused is not None:
        return refused
    args = request.args
    default, named = args.getlist("default-graph-uri"), args.getlist("named-graph-uri")
    if request.method in ("GET", "HEAD"):
        if "update" in args:
            return error(400, "updates go to /sparql/update with POST")
        queries = args.getlist("query")
        if not queries and _wants_a_page():
            # a person who opens /sparql in a browser gets the query page, not Turtle
            return redirect(url_for("query.page"), 303)
        if not queries:
            void = url_for("sparql.void.void", _external=True)
            return _answer(QueryResult("graph", graph=service_description(request.base_url,
                                                                          void)))
    else:
        ctype = (request.mimetype or "").lower()
        if ctype not in (FORM, "application/sparql-query"):
            if not ctype:
                return error(400, f"a POST needs a Content-Type: {FORM} or "
                                  "application/sparql-query")
            return error(415, f"unsupported Content-Type {ctype}")
        refused = too_large(len(request.get_data(cache=True)), cap, "request body")
        if refused is not None:  # sent without a length (chunked)
            return refused
        body = _body_text()
        if body is None or not _charset_ok():
            return error(400, "the request body is not UTF-8")
        if "update" in args:
            return error(400, "updates go to /sparql/update, not to the query endpoint")
        if ctype == FORM:
            form = request.form
            if "update" in form:
                return error(400, "updates go to /sparql/update, not to the query endpoint")
            queries = args.getlist("query") + form.getlist("query")
            default += form.getlist("default-graph-uri")
            named += form.getlist("named-graph-uri")
        else:
            if "query" in args:
                return error(400, "the query is the body; do not send 'query' as well")
            queries = [body] if body.strip() else []
    if len(queries) != 1 or not queries[0].strip():
        return error(400, "give exactly one 'query'")
    text = queries[0]
    # SERVICE (and, for a remote store, an update) is refused where the query runs:
    # web.query_fence there, web.no_network around it
    job = Job(text, tuple(default), tuple(named), request.headers.get("Accept"),
              request.values.get("format", ""),
              **job_limits(current_app._get_current_object(), request.environ))
    return answer_response(public_query(job))


# --- updates --------------------------------------------------------------------


def _with_using(text: str, using: list[str], using_named: list[str]) -> str:
    """The protocol's dataset as USING / USING NAMED clauses before each WHERE
    (SPARQL 1.1 Protocol 2.2.3: the same as if the update carried them)."""
    clauses = " ".join([f"USING {URIRef(g).n3()}" for g in using] +
                       [f"USING NAMED {URIRef(g).n3()}" for g in using_named])
    # only WHERE keywords, not the word inside an IRI, a string or a comment
    def put(m: re.Match) -> str:
        return m.group(0) if m.group("where") is None else f"{clauses} {m.group(0)}"

    return _TERMS_OR_WHERE.sub(put, text)


_TERMS_OR_WHERE = re.compile(_TERMS.pattern + r"|(?<![\w?$:])(?P<where>WHERE)(?![\w:])", re.I)


@bp.route("/sparql/update", methods=["GET", "POST", "OPTIONS"])
def update():
    if request.method == "OPTIONS":
        return Response(status=204, headers={**CORS, "Allow": "POST, OPTIONS"})
    token = current_app.config["SETTINGS"].token
    given = request.headers.get("Authorization", "")
    if not bearer_ok(given, token):
        return error(401, "updates need the operator's bearer token")
    if request.method == "GET":
        return error(405, "updates must be sent with POST")
    refused = too_large(request.content_length,
                        current_app.config["SETTINGS"].max_upload_bytes, "update")
    if refused is not None:
        return refused
    ctype = (request.mimetype or "").lower()
    if ctype not in (FORM, "application/sparql-update"):
        if not ctype:
            return error(400, "a POST needs a Content-Type")
        return error(415, f"unsupported Content-Type {ctype}")
    body = _body_text()
    if body is None or not _charset_ok():
        return error(400, "the request body is not UTF-8")
    args = request.args
    using = args.getlist("using-graph-uri")
    using_named = args.getlist("using-named-graph-uri")
    if ctype == FORM:
        form = request.form
        if "query" in form or "query" in args:
            return error(400, "a query cannot be sent with an update")
        updates = args.getlist("update") + form.getlist("update")
        using += form.getlist("using-graph-uri")
        using_named += form.getlist("using-named-graph-uri")
    else:
        updates = [body] if body.strip() else []
        if "update" in args:
            return error(400, "the update is the body; do not send 'update' as well")
    if len(updates) != 1 or not updates[0].strip():
        return error(400, "give exactly one 'update'")
    text = updates[0]
    if using or using_named:
        if re.search(r"(?<![\w?$:])(?:USING|WITH)(?![\w:])", _outside_terms(text), re.I):
            return error(400, "using-graph-uri / using-named-graph-uri cannot be combined with "
                              "USING or WITH in the update")
        text = _with_using(text, using, using_named)
    # read and tried first where a crash cannot take the server down, SERVICE and LOAD
    # refused there (web.query_worker.check_update)
    checked = runner().check_update(text, request.base_url)
    if checked.status != 200:
        return error(checked.status, checked.message, checked.extra)
    try:
        current_app.config["STORE"].update(text, base_iri=request.base_url)
    except StoreError as e:  # syntax and evaluation errors alike
        return error(400, f"update error: {str(e).splitlines()[0] if str(e) else e!r}")
    return Response(status=204, headers=CORS)
