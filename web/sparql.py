"""SPARQL 1.1 Protocol: queries at /sparql (GET, POST form, POST direct) and updates at
/sparql/update (bearer token only). Errors are one-line plain text with a precise status."""

from __future__ import annotations

import hmac
import re

from flask import Blueprint, Response, current_app, request

from kg.results import negotiate, serialize_result
from kg.store import StoreError

bp = Blueprint("sparql", __name__)
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\n\s*)*(?:INSERT|DELETE|LOAD|CLEAR|DROP|"
                     r"CREATE|ADD|MOVE|COPY|WITH)\b", re.I)
_FORBIDDEN = re.compile(r"\b(?:SERVICE|LOAD)\b", re.I)
CORS = {"Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type, Accept, Authorization"}


def _error(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain", headers=CORS)


def _read_body() -> str | None:
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        return None


SD = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<{url}> a sd:Service ;
  sd:endpoint <{url}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>,
    <http://www.w3.org/ns/formats/SPARQL_Results_XML>, <http://www.w3.org/ns/formats/SPARQL_Results_CSV>,
    <http://www.w3.org/ns/formats/SPARQL_Results_TSV>, <http://www.w3.org/ns/formats/Turtle>,
    <http://www.w3.org/ns/formats/N-Triples>, <http://www.w3.org/ns/formats/JSON-LD>,
    <http://www.w3.org/ns/formats/RDF_XML> ;
  sd:feature sd:UnionDefaultGraph ;
  sd:defaultDataset [ a sd:Dataset ] .
"""


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS", "HEAD"])
def query():
    if request.method == "OPTIONS":
        return Response(status=204, headers=CORS)
    args = request.args
    if request.method == "POST":
        ctype = (request.mimetype or "").lower()
        if ctype == "application/x-www-form-urlencoded":
            body = _read_body()
            if body is None:
                return _error(400, "the request body is not UTF-8")
            form = request.form
            if "update" in form:
                return _error(400, "updates go to /sparql/update, not to the query endpoint")
            queries = form.getlist("query")
            default = form.getlist("default-graph-uri") + args.getlist("default-graph-uri")
            named = form.getlist("named-graph-uri") + args.getlist("named-graph-uri")
        elif ctype == "application/sparql-query":
            text = _read_body()
            if text is None:
                return _error(400, "the query is not UTF-8")
            queries = [text] if text.strip() else []
            default, named = args.getlist("default-graph-uri"), args.getlist("named-graph-uri")
        elif not ctype:
            return _error(400, "a POST needs a Content-Type: application/x-www-form-urlencoded "
                               "or application/sparql-query")
        else:
            return _error(415, f"unsupported Content-Type {ctype}")
    else:
        if "update" in args:
            return _error(400, "updates go to /sparql/update with POST")
        queries = args.getlist("query")
        default, named = args.getlist("default-graph-uri"), args.getlist("named-graph-uri")
        if not queries:
            return Response(SD.format(url=request.base_url), mimetype="text/turtle", headers=CORS)
    if len(queries) != 1 or not queries[0].strip():
        return _error(400, "give exactly one 'query'")
    text = queries[0]
    reason = forbidden_reason(text)
    if reason:
        return _error(400, reason)
    store = current_app.config["STORE"]
    try:
        result = store.query(text, union=not default,
                             default_graphs=[_iri(g) for g in default] or None,
                             named_graphs=[_iri(g) for g in named] or None)
    except StoreError as e:
        return _error(400, f"query error: {str(e).splitlines()[0]}")
    limit = current_app.config["SETTINGS"].result_limit
    if result.kind == "select" and len(result.rows) > limit:
        return _error(413, f"the result has more than {limit} rows; add a LIMIT")
    wanted = FORMAT_PARAM.get(request.values.get("format", ""))  # download links
    media = wanted if wanted and negotiate(wanted, result.kind) else negotiate(
        request.headers.get("Accept"), result.kind)
    if media is None:
        return _error(406, "no acceptable result format for this query")
    return Response(serialize_result(result, media), mimetype=media,
                    headers={**CORS, "Vary": "Accept"})


def _outside_terms(text: str) -> str:
    """The update without IRIs, strings and comments, for keyword checks."""
    return re.sub(r"<[^>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|#[^\n]*", " ", text)


def _with_using(text: str, using: list[str], using_named: list[str]) -> str:
    """The protocol's dataset as USING / USING NAMED clauses before each WHERE
    (SPARQL 1.1 Protocol 2.2.3: the same as if the update carried them)."""
    from rdflib import URIRef

    clauses = " ".join([f"USING {URIRef(g).n3()}" for g in using] +
                       [f"USING NAMED {URIRef(g).n3()}" for g in using_named])
    return re.sub(r"\bWHERE\b", lambda m: f"{clauses} {m.group(0)}", text, flags=re.I)


def forbidden_reason(text: str) -> str | None:
    """Why the public endpoint refuses a query (None when it may run): it never writes
    and never makes a network request on a client's behalf."""
    if _UPDATE.match(text):
        return "this endpoint answers queries only"
    if _FORBIDDEN.search(_outside_terms(text)):
        return ("SERVICE and LOAD are not allowed: the endpoint makes no network requests "
                "on a client's behalf")
    return None


FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
                "nt": "application/n-triples", "jsonld": "application/ld+json",
                "rdfxml": "application/rdf+xml"}


def _iri(value: str):
    from rdflib import URIRef

    return URIRef(value)


@bp.route("/sparql/update", methods=["GET", "POST", "OPTIONS"])
def update():
    if request.method == "OPTIONS":
        return Response(status=204, headers=CORS)
    token = current_app.config["SETTINGS"].token
    given = request.headers.get("Authorization", "")
    if not token or not hmac.compare_digest(given, f"Bearer {token}"):
        return _error(401, "updates need the operator's bearer token")
    if request.method == "GET":
        return _error(405, "updates must be sent with POST")
    ctype = (request.mimetype or "").lower()
    body = _read_body()
    if body is None:
        return _error(400, "the request body is not UTF-8")
    if ctype == "application/x-www-form-urlencoded":
        updates = request.form.getlist("update")
        if "query" in request.form:
            return _error(400, "a query cannot be sent with an update")
    elif ctype == "application/sparql-update":
        updates = [body] if body.strip() else []
    elif not ctype:
        return _error(400, "a POST needs a Content-Type")
    else:
        return _error(415, f"unsupported Content-Type {ctype}")
    if len(updates) != 1:
        return _error(400, "give exactly one 'update'")
    text = updates[0]
    if re.search(r"\b(?:SERVICE|LOAD)\b", _outside_terms(text), re.I):
        return _error(400, "SERVICE and LOAD are not allowed")
    source = request.form if ctype == "application/x-www-form-urlencoded" else request.args
    using = source.getlist("using-graph-uri") + (
        request.args.getlist("using-graph-uri") if source is request.form else [])
    using_named = source.getlist("using-named-graph-uri") + (
        request.args.getlist("using-named-graph-uri") if source is request.form else [])
    if using or using_named:
        if re.search(r"\b(?:USING|WITH)\b", _outside_terms(text), re.I):
            return _error(400, "using-graph-uri / using-named-graph-uri cannot be combined with "
                               "USING or WITH in the update")
        text = _with_using(text, using, using_named)
    try:
        current_app.config["STORE"].update(text, base_iri=request.base_url)
    except Exception as e:  # the store reports syntax and evaluation errors alike
        return _error(400, f"update error: {str(e).splitlines()[0]}")
    return Response(status=204, headers=CORS)
