"""The dataset described for machines: a VoID description at /void and a full dump,
gzipped N-Quads, at /dumps/latest.nq.gz.

VoID counts come from the store through the query runner, so they obey the same time
limit as /sparql, and are kept until the store changes (with workers). `void:triples`
is the number of quads in the named graphs (each document's graph counted on its own,
as the union default graph counts them); each named graph is a `void:subset` with its
own count while there are no more of them than the result limit. The dump is written
once per store snapshot by a query worker (on-disk store) and streamed from disk;
without workers (an in-memory or a remote store) it is built in memory on each request.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

from flask import Blueprint, Response, current_app, request, send_file, url_for
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from kg.results import negotiate, serialize_result
from kg.store import QueryResult
from ontologies.vocab import PKG, SCHEMA
from web.endpoint import CORS, SD, error, public_query, runner
from web.query_worker import Job

# Nested in the sparql blueprint (web.sparql registers it), so it shares its rate limit.
bp = Blueprint("void", __name__)

VOID = Namespace("http://rdfs.org/ns/void#")
DUMP = "/dumps/latest.nq.gz"


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _select(query: str) -> list[dict]:
    limit = current_app.config["SETTINGS"].result_limit
    answer = public_query(Job(query, accept="application/sparql-results+json", limit=limit))
    if answer.status != 200:
        raise _Refused(answer.status, answer.message)
    return json.loads(answer.body)["results"]["bindings"]


def void_url() -> str:
    return url_for("sparql.void.void", _external=True)


def void_graph() -> Graph:
    """The VoID description of what this app serves."""
    settings = current_app.config["SETTINGS"]
    g = Graph()
    for prefix, ns in (("void", VOID), ("sd", SD), ("dcterms", DCTERMS), ("pkg", PKG),
                       ("schema", SCHEMA)):
        g.bind(prefix, ns)
    ds = URIRef(void_url() + "#dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, SD.Dataset))
    g.add((ds, DCTERMS.title, Literal("privacykg: claims about data practices and the "
                                      "evidence that contradicts them", lang="en")))
    g.add((ds, VOID.sparqlEndpoint, URIRef(url_for("sparql.query", _external=True))))
    g.add((ds, VOID.dataDump, URIRef(url_for("sparql.void.dump", _external=True))))
    g.add((ds, VOID.uriSpace, Literal(settings.minter.iri("").rstrip("/") + "/")))
    for vocab in (PKG, SCHEMA, URIRef("http://www.w3.org/ns/prov#"),
                  URIRef("http://www.w3.org/ns/oa#")):
        g.add((ds, VOID.vocabulary, URIRef(str(vocab))))
    g.add((ds, VOID.feature, URIRef("http://www.w3.org/ns/formats/N-Quads")))
    g.add((ds, URIRef("http://rdfs.org/ns/void#dataDumpFeature"),
           URIRef("http://www.w3.org/ns/formats/N-Quads")))

    classes = _select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c "
                      "ORDER BY ?c")
    g.add((ds, VOID.classes, Literal(len(classes))))
    for row in classes:
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(row["c"]["value"])))
        g.add((part, VOID.entities, Literal(int(row["n"]["value"]))))
    try:
        graphs = _select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                         "GROUP BY ?g ORDER BY ?g")
    except _Refused as e:
        if e.status != 413:
            raise
        graphs = None  # too many graphs to list: the totals only
    if graphs is not None:
        total = sum(int(r["n"]["value"]) for r in graphs)
        for row in graphs:
            sub = BNode()
            g.add((ds, VOID.subset, sub))
            g.add((sub, RDF.type, VOID.Dataset))
            g.add((sub, SD.name, URIRef(row["g"]["value"])))
            g.add((sub, VOID.triples, Literal(int(row["n"]["value"]))))
    else:
        total = int(_select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
                    [0]["n"]["value"])
    g.add((ds, VOID.triples, Literal(total)))
    g.add((ds, DCTERMS.modified, Literal(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                         datatype=XSD.dateTime)))
    return g


@bp.route("/.well-known/void")
@bp.route("/void")
def void():
    media = negotiate(request.headers.get("Accept"), "graph")
    if media is None:
        return error(406, "VoID is served as Turtle, N-Triples, JSON-LD or RDF/XML")
    # the counts only change with the store: reuse them while the snapshot is the same
    version = runner().version()
    cached = current_app.extensions.get("privacykg.void")
    if version is not None and cached is not None and cached[0] == (version, request.host_url):
        g = cached[1]
    else:
        try:
            g = void_graph()
        except _Refused as e:
            return error(e.status, str(e))
        version = runner().version()  # the queries above may have made the snapshot
        if version is not None:
            current_app.extensions["privacykg.void"] = ((version, request.host_url), g)
    return Response(serialize_result(QueryResult("graph", graph=g), media), mimetype=media,
                    headers={**CORS, "Vary": "Accept"})


def _gzip_stream(chunks: Iterator[bytes]) -> Iterator[bytes]:
    import zlib

    z = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: gzip framing
    for chunk in chunks:
        out = z.compress(chunk)
        if out:
            yield out
    yield z.flush()


@bp.route(DUMP)
def dump():
    name = f"privacykg-{time.strftime('%Y%m%d')}.nq.gz"
    headers = {**CORS, "Content-Disposition": f'attachment; filename="{name}"'}
    path = runner().dump()
    if path is not None:
        response = send_file(path, mimetype="application/gzip", conditional=True, etag=True)
        response.headers.update(headers)
        return response
    store = current_app.config["STORE"]
    dataset = store.quads()
    body = dataset.serialize(format="nquads", encoding="utf-8")
    return Response(_gzip_stream(iter([body])), mimetype="application/gzip", headers=headers)


__all__ = ["bp", "void_graph", "void_url"]
