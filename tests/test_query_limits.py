"""The public endpoint's limits, for real: a hard query deadline (worker processes that
are killed, a thread for the in-memory store), the result-size limit, the per-client
rate limit, and that workers read what was written."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace

import pytest

from kg.settings import Settings, from_environment
from kg.store import EmbeddedStore
from web import create_app
from web.ratelimit import RateLimiter

# 100^6 combinations to count: runs for hours, returns one row
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?v{i} {{ {' '.join(str(j) for j in range(100))} }}" for i in range(6)) + " }")
FAST = "SELECT ?s WHERE { ?s a <https://w3id.org/privacykg/ns#Observation> }"


def _app(settings: Settings, store, **changes):
    return create_app(replace(settings, **changes), store)


def test_a_pathological_query_is_stopped_at_the_deadline_and_others_go_on(settings, store,
                                                                           case):
    app = _app(settings, store, query_timeout=3, query_workers=2)
    client = app.test_client()
    assert client.get("/sparql", query_string={"query": FAST}).status_code == 200
    slow: list = []
    t = threading.Thread(target=lambda: slow.append(
        client.get("/sparql", query_string={"query": SLOW})))
    started = time.monotonic()
    t.start()
    time.sleep(0.3)
    # while the slow query holds one worker, the other answers (a second worker starts)
    for _ in range(5):
        fast = app.test_client().get("/sparql", query_string={"query": FAST})
        assert fast.status_code == 200 and len(fast.json["results"]["bindings"]) == 1
    assert t.is_alive() and not slow
    t.join(10)
    (r,) = slow
    assert r.status_code == 503 and r.mimetype == "text/plain"
    assert "did not finish within 3 s" in r.get_data(as_text=True)
    assert int(r.headers["Retry-After"]) > 0
    assert 2.9 < time.monotonic() - started < 6
    # the killed worker is replaced: the endpoint still answers every query
    for _ in range(4):
        assert app.test_client().get("/sparql", query_string={"query": FAST}).status_code == 200
    assert app.extensions["privacykg.runner"].pooled


def test_the_in_memory_store_gets_the_deadline_from_a_thread(settings):
    store = EmbeddedStore(None)
    client = create_app(replace(settings, query_timeout=1.0), store).test_client()
    t0 = time.monotonic()
    r = client.get("/sparql", query_string={"query": SLOW})
    assert r.status_code == 503 and time.monotonic() - t0 < 3
    assert client.get("/sparql", query_string={"query": "ASK {}"}).json["boolean"] is True


def test_the_query_page_has_the_same_deadline(settings, store, case):
    client = _app(settings, store, query_timeout=1.0).test_client()
    r = client.get("/query", query_string={"query": SLOW})
    assert "did not finish within 1 s" in r.get_data(as_text=True)


@pytest.mark.parametrize("workers", [0, 2])
def test_results_over_the_limit_are_refused_never_cut(settings, store, case, workers):
    client = _app(settings, store, result_limit=3, query_workers=workers).test_client()
    many = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert many.status_code == 413 and "more than 3 rows" in many.get_data(as_text=True)
    triples = client.get("/sparql", query_string={
        "query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert triples.status_code == 413 and "3 triples" in triples.get_data(as_text=True)
    exact = client.get("/sparql", query_string={
        "query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}, headers={"Accept": "text/csv"})
    assert exact.status_code == 200 and exact.data.count(b"\r\n") == 4  # header + 3 rows


def test_workers_read_what_was_written(client, settings):
    ask = {"query": "ASK { <urn:w:a> <urn:w:b> <urn:w:c> }"}
    assert client.get("/sparql", query_string=ask).json["boolean"] is False
    r = client.post("/sparql/update", headers={"Authorization": f"Bearer {settings.token}"},
                    data={"update": "INSERT DATA { GRAPH <urn:w:g> { <urn:w:a> <urn:w:b> "
                                    "<urn:w:c> } }"})
    assert r.status_code == 204
    assert client.get("/sparql", query_string=ask).json["boolean"] is True


def test_snapshots_are_removed_when_the_runner_closes(client, settings):
    client.get("/sparql", query_string={"query": "ASK {}"})
    runner = client.application.extensions["privacykg.runner"]
    folder = runner._dir
    assert folder.exists() and folder.parent == settings.store.resolve().parent
    runner.close()
    assert not folder.exists()


def test_rate_limit_is_off_by_default(client):
    for _ in range(40):
        assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


def test_rate_limit_answers_429_with_retry_after(settings, store, case):
    client = _app(settings, store, rate_limit=3).test_client()
    for _ in range(3):
        assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    r = client.get("/sparql", query_string={"query": "ASK {}"})
    assert r.status_code == 429 and r.mimetype == "text/plain"
    assert 1 <= int(r.headers["Retry-After"]) <= 20
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    # the same bucket covers the other public machine routes
    assert client.get(f"/id/{case.path(case.claim)}.ttl").status_code == 429
    # another client is not held back
    other = client.get("/sparql", query_string={"query": "ASK {}"},
                       environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_token_buckets_refill_over_time():
    now = [0.0]
    limiter = RateLimiter(6, clock=lambda: now[0])  # 6 a minute: one every 10 s
    assert [limiter.wait_for("a") for _ in range(6)] == [0.0] * 6
    assert limiter.wait_for("a") == pytest.approx(10.0)
    now[0] = 5.0
    assert limiter.wait_for("a") == pytest.approx(5.0)
    now[0] = 10.0
    assert limiter.wait_for("a") == 0.0
    assert limiter.wait_for("b") == 0.0


def test_limits_come_from_the_environment():
    s = from_environment({"PRIVACYKG_QUERY_TIMEOUT": "2.5", "PRIVACYKG_RESULT_LIMIT": "50",
                          "PRIVACYKG_QUERY_WORKERS": "0", "PRIVACYKG_RATE_LIMIT": "120"})
    assert (s.query_timeout, s.result_limit, s.query_workers, s.rate_limit) == (2.5, 50, 0, 120)
    assert Settings().rate_limit == 0


def test_workers_write_the_same_bytes_as_the_in_process_path(client, settings, store):
    r = client.post("/sparql/update", headers={"Authorization": f"Bearer {settings.token}"},
                    data={"update": 'INSERT DATA { GRAPH <urn:j:g> { <urn:j:a> <urn:j:p> '
                                    '"naïve \\"q\\"\\n"@fr , "1.50"^^<http://www.w3.org/2001/'
                                    'XMLSchema#decimal> , [ <urn:j:p> "x" ] } }'})
    assert r.status_code == 204
    threads = _app(settings, store, query_workers=0).test_client()
    q = {"query": "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"}
    for accept in ("application/sparql-results+json", "text/csv", "text/tab-separated-values",
                   "application/sparql-results+xml"):
        pooled = client.get("/sparql", query_string=q, headers={"Accept": accept})
        inline = threads.get("/sparql", query_string=q, headers={"Accept": accept})
        assert pooled.status_code == inline.status_code == 200
        assert pooled.data == inline.data


def test_snapshots_of_a_dead_server_are_removed(settings, store, case):
    """A server killed hard leaves its snapshot folder; the next one removes it (the
    folder names the process, and that process is gone)."""
    import subprocess
    import sys

    parent = settings.store.resolve().parent
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    orphan = parent / f".privacykg-snapshots-{gone}-abc"
    (orphan / "snapshot-1").mkdir(parents=True)
    client = create_app(settings, store).test_client()
    assert client.get("/sparql", query_string={"query": FAST}).status_code == 200
    assert not orphan.exists()
    mine = list(parent.glob(".privacykg-snapshots-*"))
    assert len(mine) == 1 and mine[0].name.split("-")[2] == str(os.getpid())
