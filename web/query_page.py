"""A query page for people: an editor with the project's prefixes, example queries a
fact-checker would ask, results as a table with links, downloads in every format.
It runs through the same code and limits as /sparql; it only reads."""

from __future__ import annotations

import json
from importlib import resources
from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request

from kg.store import StoreError
from kg.vocab import sparql_prefixes

bp = Blueprint("query", __name__)


def examples() -> list[dict]:
    data = resources.files("kg").joinpath("queries/examples.json").read_text("utf-8")
    return json.loads(data)["examples"]


@bp.route("/query")
def page():
    from web.sparql import forbidden_reason

    text = request.args.get("query", "")
    result, error = None, None
    if text.strip():
        full = text if "PREFIX" in text.upper() else sparql_prefixes() + text
        error = forbidden_reason(full)
        if not error:
            try:
                result = current_app.config["STORE"].query(full)
            except StoreError as e:
                error = str(e).splitlines()[0]
        if result is not None and result.kind == "select" and \
                len(result.rows) > current_app.config["SETTINGS"].result_limit:
            error, result = "the result is larger than the page shows; add a LIMIT", None
        text = text if text else ""
    downloads = {}
    if text.strip() and not error:
        full = text if "PREFIX" in text.upper() else sparql_prefixes() + text
        kinds = ("ttl", "nt", "jsonld") if result is not None and result.kind == "graph" \
            else ("json", "xml", "csv", "tsv")
        downloads = {k: "/sparql?" + urlencode({"query": full, "format": k}) for k in kinds}
    return render_template("query/page.html", text=text, result=result, error=error,
                           examples=examples(), prefixes=sparql_prefixes(),
                           downloads=downloads)
