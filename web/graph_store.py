"""SPARQL 1.1 Graph Store HTTP Protocol at /sparql/graphs: whole graphs by URL.

`?graph=IRI` names a graph, `?default` the store's own default graph (not the union
that /sparql queries by default). GET and HEAD are public and run under the same
time and size limits as /sparql (the graph is read as a CONSTRUCT through the query
runner). PUT (replace), POST (merge; without a graph parameter: a new graph, 201
with its Location) and DELETE need the operator's bearer token: without it the
answer is 401 and nothing changes. Errors are the endpoint's one plain-text line.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request
from rdflib import Graph, URIRef

from kg.store import StoreError, graph_as_insert
from web.auth import bearer_ok
from web.endpoint import CORS, answer_response, error, public_query, store_written
from web.query_worker import Job

# Nested in the sparql blueprint (web.sparql registers it), so it shares its rate limit.
bp = Blueprint("graph_store", __name__)

URL = "/sparql/graphs"
# request body media types and the rdflib parser for each
PARSERS = {"text/turtle": "turtle", "application/x-turtle": "turtle",
           "application/n-triples": "nt", "text/plain": "nt",
           "application/rdf+xml": "xml", "application/ld+json": "json-ld"}
_ALLOW = "GET, HEAD, PUT, POST, DELETE, OPTIONS"
_HEADERS = {**CORS, "Access-Control-Allow-Methods": _ALLOW}


def _target() -> tuple[URIRef | None, bool] | Response:
    """(graph IRI, is default) from the query string, or a 400 answer."""
    graphs = request.args.getlist("graph")
    default = "default" in request.args
    if len(graphs) > 1 or (graphs and default):
        return error(400, "name one graph: either ?graph=IRI or ?default")
    if graphs:
        iri = graphs[0].strip()
        if not iri or any(c in iri for c in '<>"{}|^`\\ ') or ":" not in iri:
            return error(400, "?graph must be an absolute IRI")
        return URIRef(iri), False
    return None, default


def _authorised() -> bool:
    return bearer_ok(request.headers.get("Authorization"), current_app.config["SETTINGS"].token)


def _exists(store, name: URIRef) -> bool:
    return name in set(store.graph_names())


def _parse_body(base: str) -> Graph | Response:
    ctype = (request.mimetype or "").lower()
    fmt = PARSERS.get(ctype)
    if fmt is None:
        return error(415, f"unsupported Content-Type {ctype or '(none)'}; send one of "
                          + ", ".join(sorted(PARSERS)))
    try:
        return Graph().parse(data=request.get_data(), format=fmt, publicID=base)
    except Exception as e:  # noqa: BLE001 - rdflib's parsers raise many types
        first = str(e).splitlines()[0] if str(e) else repr(e)
        return error(400, f"cannot parse the {ctype} body: {first}")


@bp.route(URL, methods=["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"])
def graph_store():
    if request.method == "OPTIONS":
        return Response(status=204, headers={**_HEADERS, "Allow": _ALLOW})
    target = _target()
    if isinstance(target, Response):
        return target
    name, default = target
    if request.method in ("GET", "HEAD"):
        return _get(name, default)
    if not _authorised():
        return error(401, "writes need the operator's bearer token")
    store = current_app.config["STORE"]
    try:
        if request.method == "DELETE":
            return _delete(store, name, default)
        body = _parse_body(str(name) if name is not None else request.base_url)
        if isinstance(body, Response):
            return body
        if request.method == "PUT":
            return _put(store, name, default, body)
        return _post(store, name, default, body)
    except StoreError as e:
        return error(500, f"the store refused the write: {str(e).splitlines()[0]}")
    finally:
        store_written()


def _get(name: URIRef | None, default: bool) -> Response:
    if name is None and not default:
        return error(400, "GET needs ?graph=IRI or ?default")
    job = Job("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
              default_graphs=(str(name),) if name is not None else (),
              accept=request.headers.get("Accept"), union=False,
              limit=current_app.config["SETTINGS"].result_limit)
    if name is not None and not _exists(current_app.config["STORE"], name):
        return error(404, f"no graph {name}")
    answer = public_query(job)
    if answer.status == 413:
        return error(413, "the graph is larger than the endpoint's result limit; download "
                          "/dumps/latest.nq.gz instead")
    response = answer_response(answer)
    response.headers.update({k: v for k, v in _HEADERS.items() if k not in response.headers})
    return response


def _delete(store, name: URIRef | None, default: bool) -> Response:
    if default:
        store.update("CLEAR SILENT DEFAULT")
        return Response(status=204, headers=_HEADERS)
    if name is None:
        return error(400, "DELETE needs ?graph=IRI or ?default")
    if not _exists(store, name):
        return error(404, f"no graph {name}")
    store.drop_graph(name)
    return Response(status=204, headers=_HEADERS)


def _insert_default(graph: Graph) -> str:
    lines = [f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph]
    return "INSERT DATA {\n" + "\n".join(lines) + "\n}"


def _put(store, name: URIRef | None, default: bool, graph: Graph) -> Response:
    if default:
        store.update("CLEAR SILENT DEFAULT" + (" ;\n" + _insert_default(graph) if len(graph)
                                               else ""))
        return Response(status=204, headers=_HEADERS)
    if name is None:
        return error(400, "PUT needs ?graph=IRI or ?default")
    existed = _exists(store, name)
    store.replace_graph(name, graph)
    return Response(status=204 if existed else 201, headers=_HEADERS)


def _post(store, name: URIRef | None, default: bool, graph: Graph) -> Response:
    if default:
        if len(graph):
            store.update(_insert_default(graph))
        return Response(status=204, headers=_HEADERS)
    created = name is None
    if created:  # the protocol's "POST to the graph store": a new graph, named by us
        name = current_app.config["SETTINGS"].minter.iri(f"graph/upload/{uuid.uuid4().hex}")
    existed = not created and _exists(store, name)
    if len(graph):
        store.update(graph_as_insert(name, graph))
    if existed:
        return Response(status=204, headers=_HEADERS)
    headers = {**_HEADERS, "Location": f"{request.base_url}?{urlencode({'graph': name})}"} \
        if created else _HEADERS
    return Response(status=201, headers=headers)
