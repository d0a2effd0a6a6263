"""What the machine interfaces (/sparql, the graph store, VoID and dumps, the query
page, web.fast_sparql) share: CORS headers, the one plain-text error line, and the
query runner that runs public queries under the endpoint's limits.

Apart from web.sparql so that the blueprints nested in it (web.graph_store, web.void)
and the rate limit it applies (web.ratelimit) need not import the module that
imports them.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

from flask import Flask, Response, current_app
from rdflib import Namespace
from werkzeug.exceptions import HTTPException

from kg.store import QueryResult, StoreError, with_values
from web.budget import QueryBudget
from web.query_worker import Answer, Job, QueryRunner

__all__ = ["CORS", "SD", "error_line", "error", "runner_for", "runner", "store_written",
           "public_query", "run_public", "budget_for", "answer_response", "job_limits",
           "RECEIVED", "too_large", "DeadlineStore", "PageTimeout", "page_store"]

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


_RUNNING_LOCK = threading.Lock()


class ClientOverShare(Exception):
    """The client may not run another query now: `message` and `headers` say why."""

    def __init__(self, message: str, headers: dict[str, str]) -> None:
        super().__init__(message)
        self.message, self.headers = message, headers


@contextlib.contextmanager
def client_share(app: Flask, client: str | None) -> Iterator[None]:
    """One query of `client`'s: refused (ClientOverShare) when its query-time budget is
    spent or it already has `client_queries` running, so a client alone cannot hold
    every worker or thread while others wait; the time it takes is spent from the
    budget. /sparql, the query page and the pages' reads all go through it."""
    client = client or "unknown"
    budget = budget_for(app)
    if budget is not None:
        wait = budget.wait_for(client)
        if wait:
            seconds = app.config["SETTINGS"].query_budget
            raise ClientOverShare(f"this client has used its query time ({seconds:g} s a "
                                  f"minute); try again in {wait} s", {"Retry-After": str(wait)})
    share = app.config["SETTINGS"].client_queries
    running: dict[str, int] = app.extensions.setdefault("privacykg.running", {})
    with _RUNNING_LOCK:
        if share > 0 and running.get(client, 0) >= share:
            raise ClientOverShare(f"this client already has {share} queries running (the "
                                  "endpoint's limit); wait for them to finish",
                                  {"Retry-After": "1"})
        running[client] = running.get(client, 0) + 1
    started = time.monotonic()
    try:
        yield
    finally:
        with _RUNNING_LOCK:
            left = running.pop(client) - 1
            if left:
                running[client] = left
        if budget is not None:
            budget.spend(client, time.monotonic() - started)


def run_public(app: Flask, job: Job, client: str | None) -> Answer:
    """`job` under the endpoint's limits and `client`'s share (429 beyond it)."""
    try:
        with client_share(app, client):
            return runner_for(app).run(job)
    except ClientOverShare as e:
        return Answer(429, message=e.message, extra=e.headers)


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


# --- the pages' reads, under the same deadline -------------------------------------

PAGE_ROWS = 1_000_000            # our own queries: the deadline, not a row count, bounds them
PAGE_BYTES = 512 * 1024 * 1024


class PageTimeout(HTTPException):
    """A page whose queries did not finish within the endpoint's time limit."""

    code = 503

    def __init__(self, seconds: float) -> None:
        super().__init__(f"This page took longer than {seconds:g} s to put together and was "
                         "stopped; try again in a moment.")

    def get_headers(self, environ=None, scope=None) -> list[tuple[str, str]]:
        return [*super().get_headers(environ, scope), ("Retry-After", "5")]


class PageRefused(HTTPException):
    """A page asked for by a client over its share (web.endpoint.client_share)."""

    code = 429

    def __init__(self, message: str, headers: dict[str, str]) -> None:
        super().__init__(message)
        self._headers = headers

    def get_headers(self, environ=None, scope=None) -> list[tuple[str, str]]:
        return [*super().get_headers(environ, scope), *self._headers.items()]


class DeadlineStore:
    """The store as the pages read it: each query runs through the query runner (a
    worker that can be stopped, for the on-disk store), and all of one request's
    queries share the deadline a /sparql query has, counted from when the request
    arrived. A list page on a large store then answers 503 instead of holding a
    thread for as long as it takes. Everything but `query` is the store itself."""

    def __init__(self, app: Flask, received: float | None, client: str | None = None) -> None:
        self._app, self._client = app, client
        self._store = app.config["STORE"]
        self._timeout = app.config["SETTINGS"].query_timeout
        self._received = received if received is not None else time.monotonic()

    def query(self, sparql: str, bindings=None, *, union: bool = True, default_graphs=None,
              named_graphs=None) -> QueryResult:
        if bindings:
            sparql = with_values(sparql, bindings)
        left = self._timeout - (time.monotonic() - self._received)
        if left <= 0:
            raise PageTimeout(self._timeout)
        job = Job(sparql, tuple(map(str, default_graphs or ())),
                  tuple(map(str, named_graphs or ())), limit=PAGE_ROWS, max_bytes=PAGE_BYTES,
                  union=union)
        try:
            with client_share(self._app, self._client):
                found = runner_for(self._app).result(job, left)
        except ClientOverShare as e:
            raise PageRefused(e.message, e.headers) from None
        if isinstance(found, QueryResult):
            return found
        if found.status == 503:
            raise PageTimeout(self._timeout)
        raise StoreError(found.message)

    def __getattr__(self, name: str):
        return getattr(self._store, name)


def page_store() -> DeadlineStore:
    """The current request's view of the store for pages (see DeadlineStore)."""
    from flask import g, request

    found = g.get("privacykg_page_store")
    if found is None:
        found = g.privacykg_page_store = DeadlineStore(current_app._get_current_object(),
                                                       request.environ.get(RECEIVED),
                                                       request.remote_addr)
    return found
