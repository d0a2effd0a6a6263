"""What the machine interfaces (/sparql, the graph store, VoID and dumps, the query
page, web.fast_sparql) share: CORS headers, the one plain-text error line, and the
query runner that runs public queries under the endpoint's limits.

Apart from web.sparql so that the blueprints nested in it (web.graph_store, web.void)
and the rate limit it applies (web.ratelimit) need not import the module that
imports them.
"""

from __future__ import annotations

import threading
import time

from flask import Flask, Response, current_app
from rdflib import Namespace

from web.budget import QueryBudget
from web.query_worker import Answer, Job, QueryRunner

__all__ = ["CORS", "SD", "error_line", "error", "runner_for", "runner", "store_written",
           "public_query", "run_public", "budget_for", "answer_response", "job_limits",
           "RECEIVED", "too_large"]

RECEIVED = "privacykg.received"  # environ key web.server sets: when the request arrived

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


def job_limits(app: Flask, environ: dict) -> dict:
    """The Job fields a public query takes from the settings and the request: its row and
    byte limits, and when it arrived (the deadline counts from then)."""
    settings = app.config["SETTINGS"]
    return {"limit": settings.result_limit, "max_bytes": settings.result_bytes,
            "received": environ.get(RECEIVED)}


def too_large(size: int | None, limit: int, what: str = "request") -> Response | None:
    """413 for a body (or query string) over `limit` bytes, before any of it is read."""
    if size is None or size <= limit:
        return None
    return error(413, f"the {what} is larger than {limit:,} bytes (the endpoint's limit)")


def runner() -> QueryRunner:
    """The current app's query runner."""
    return runner_for(current_app._get_current_object())


def store_written() -> None:
    """Tell the query runner the store changed (the next query reads a new snapshot)."""
    found = current_app.extensions.get("privacykg.runner")
    if found is not None:
        found.mark_dirty()


def budget_for(app: Flask) -> QueryBudget | None:
    """The app's per-client query-time budget, or None when it is off."""
    seconds = app.config["SETTINGS"].query_budget
    if seconds <= 0:
        return None
    found = app.extensions.get("privacykg.budget")
    if found is None:
        found = app.extensions.setdefault("privacykg.budget", QueryBudget(seconds))
    return found


def run_public(app: Flask, job: Job, client: str | None) -> Answer:
    """`job` under the endpoint's limits, its time spent from `client`'s budget."""
    started = time.monotonic()
    try:
        return runner_for(app).run(job)
    finally:
        budget = budget_for(app)
        if budget is not None:
            budget.spend(client or "unknown", time.monotonic() - started)


def public_query(job: Job) -> Answer:
    """A public query under the endpoint's limits (time, size, the client's budget);
    never writes, never fetches (the runner refuses SERVICE, web.query_fence, in a
    process that has no network, web.no_network)."""
    from flask import request

    return run_public(current_app._get_current_object(), job, request.remote_addr)


def answer_response(answer: Answer) -> Response:
    if answer.status != 200:
        return error(answer.status, answer.message, answer.extra)
    return Response(answer.body, mimetype=answer.media,
                    headers={**CORS, "Vary": "Accept", **answer.extra})
