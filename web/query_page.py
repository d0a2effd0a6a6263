"""A query page for people: an editor with the project's prefixes, example queries a
fact-checker would ask, results as a table with links, downloads in every format.
It runs through the same code and limits as /sparql; it only reads."""

from __future__ import annotations

import json
from importlib import resources
from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request
from rdflib import Graph

from kg.store import QueryResult, result_from_json
from ontologies.vocab import sparql_prefixes
from web import ratelimit
from web.query_worker import Job

bp = Blueprint("query", __name__)
ratelimit.attach(bp)


def examples() -> list[dict]:
    data = resources.files("kg").joinpath("queries/examples.json").read_text("utf-8")
    return json.loads(data)["examples"]


def _run(text: str) -> tuple[QueryResult | None, str | None]:
    """The query under /sparql's limits (time, size), read back from the wire format."""
    from web.endpoint import job_limits, public_query

    answer = public_query(Job(text, accept="application/sparql-results+json, "
                                           "application/n-triples",
                              **job_limits(current_app._get_current_object(), request.environ)))
    if answer.status != 200:
        return None, answer.message
    if answer.kind == "graph":
        return QueryResult("graph", graph=Graph().parse(data=answer.body, format="nt")), None
    return result_from_json(answer.body), None


@bp.route("/query")
def page():
    text = request.args.get("query", "")
    result, error = None, None
    cap = current_app.config["SETTINGS"].max_query_bytes
    if len(request.query_string) > cap:
        text, error = "", f"the query is larger than {cap:,} bytes (the endpoint's limit)"
    if text.strip():
        full = text if "PREFIX" in text.upper() else sparql_prefixes() + text
        result, error = _run(full)
        text = text if text else ""
    downloads = {}
    if text.strip() and not error:
        full = text if "PREFIX" in text.upper() else sparql_prefixes() + text
        kinds = ("ttl", "nt", "jsonld") if result is not None and result.kind == "graph" \
            else ("json", "xml", "csv", "tsv")
        downloads = {k: "/sparql?" + urlencode({"query": full, "format": k}) for k in kinds}
    triples = sorted(result.graph, key=lambda t: tuple(map(str, t))) \
        if result is not None and result.kind == "graph" and result.graph is not None else []
    return render_template("query/page.html", text=text, result=result, error=error,
                           triples=triples,
                           examples=examples(), prefixes=sparql_prefixes(),
                           downloads=downloads)
