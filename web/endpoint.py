"""What the machine interfaces (/sparql, the graph store, VoID and dumps, the query
page, web.fast_sparql) share: CORS headers, the one plain-text error line, and the
query runner that runs public queries under the endpoint's limits.

Apart from web.sparql so that the blueprints nested in it (web.graph_store, web.void)
and the rate limit it applies (web.ratelimit) need not import the module that
imports them.
"""

from __future__ import annotations

import threading

from flask import Flask, Response, current_app
from rdflib import Namespace

from web.query_worker import Answer, Job, QueryRunner

__all__ = ["CORS", "SD", "error_line", "error", "runner_for", "runner", "store_written",
           "public_query", "answer_response"]

CORS = {"Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type, Accept, Authorization",
        "Access-Control-Max-Age": "86400"}
_RUNNER_LOCK = threading.Lock()
# the SPARQL Service Description vocabulary: web.sparql describes the service in it and
# web.void the dataset
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


def error_line(message: str) -> bytes:
    """An error message as the endpoint sends it: one line of text."""
    return (" ".join(str(message).split()) or "error").encode("utf-8") + b"\n"


def error(status: int, message: str, headers: dict | None = None) -> Response:
    """The endpoint's one error shape: a single line of plain text."""
    return Response(error_line(message), status=status, mimetype="text/plain",
                    headers={**CORS, **(headers or {})})


def runner_for(app: Flask) -> QueryRunner:
    """`app`'s query runner (worker processes start on the first public query)."""
    found = app.extensions.get("privacykg.runner")
    if found is None:
        with _RUNNER_LOCK:
            found = app.extensions.get("privacykg.runner")
            if found is None:
                settings = app.config["SETTINGS"]
                found = QueryRunner(app.config["STORE"], settings.query_workers,
                                    settings.query_timeout)
                app.extensions["privacykg.runner"] = found
    return found


def runner() -> QueryRunner:
    """The current app's query runner."""
    return runner_for(current_app._get_current_object())


def store_written() -> None:
    """Tell the query runner the store changed (the next query reads a new snapshot)."""
    found = current_app.extensions.get("privacykg.runner")
    if found is not None:
        found.mark_dirty()


def public_query(job: Job) -> Answer:
    """A public query under the endpoint's limits (time, size); never writes, never
    fetches (the runner refuses SERVICE, web.query_fence, in a process that has no
    network, web.no_network)."""
    return runner().run(job)


def answer_response(answer: Answer) -> Response:
    if answer.status != 200:
        return error(answer.status, answer.message, answer.extra)
    return Response(answer.body, mimetype=answer.media,
                    headers={**CORS, "Vary": "Accept", **answer.extra})
