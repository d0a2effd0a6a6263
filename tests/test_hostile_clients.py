"""A hostile client against a real `privacykg serve` on 127.0.0.1: each attack is
played for real (listener sockets for SSRF, slow sockets, big bodies, deep nesting,
queries that never end) and must be refused or absorbed, with no outgoing connection,
a small query still answered within 2 s while it runs, and the server alive after.

Every loop is bounded in count and time, and every server and socket is stopped at
the end. Trickling clients bind to other loopback addresses (127.0.0.2, …) so that
the per-client connection share applies to them and not to the probe."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from web.no_network import network_denied

ROOT = Path(__file__).parent.parent
TOKEN = "hostile-clients-token-0123"
PROBE = "SELECT ?s WHERE { ?s a <urn:t:Thing> } LIMIT 1"
# a product of four patterns over the store: far longer than any deadline here
ENDLESS = ("SELECT (COUNT(*) AS ?n) WHERE { " +
           " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(6)) + " }")

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the network fence and the loopback addresses are Linux's")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _make_store(folder: Path) -> None:
    from rdflib import Graph, Literal, URIRef

    from kg.store import EmbeddedStore

    store = EmbeddedStore(folder)
    g = Graph()
    for i in range(40):
        g.add((URIRef(f"urn:t:{i}"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
               URIRef("urn:t:Thing")))
        g.add((URIRef(f"urn:t:{i}"), URIRef("urn:t:label"), Literal(f"thing {i}")))
    store.replace_graph(URIRef("urn:t:g"), g)
    store.close()


class Server:
    """`privacykg serve` in a subprocess, with its log kept."""

    def __init__(self, folder: Path, **env: str) -> None:
        self.store = folder / "store"
        _make_store(self.store)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(folder / "serve.log", "w+b")  # noqa: SIM115 - closed in stop()
        environ = {**os.environ, "PRIVACYKG_TOKEN": TOKEN, "PRIVACYKG_QUERY_TIMEOUT": "3",
                   **{f"PRIVACYKG_{k.upper()}": v for k, v in env.items()}}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from web.cli import main; main()", "--store",
             str(self.store), "serve", "--port", str(self.port)],
            cwd=ROOT, env=environ, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(self.url + "/sparql?query=ASK%7B%7D", timeout=1)
                return
            time.sleep(0.1)
        self.stop()
        pytest.fail("privacykg serve did not start")

    def alive(self) -> bool:
        return self.proc.poll() is None and self.get(PROBE)[0] == 200

    def get(self, query: str, path: str = "/sparql", source: str | None = None,
            timeout: float = 10) -> tuple[int, bytes, dict]:
        return _request(self.url + path + "?" + urllib.parse.urlencode({"query": query}),
                        timeout=timeout, source=source)

    def post(self, path: str, body: bytes, ctype: str, headers: dict | None = None,
             timeout: float = 10) -> tuple[int, bytes, dict]:
        return _request(self.url + path, body, {"Content-Type": ctype, **(headers or {})},
                        timeout)

    def probe_time(self) -> float:
        started = time.monotonic()
        status, _, _ = self.get(PROBE, timeout=5)
        assert status == 200
        return time.monotonic() - started

    def workers(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    stat = (entry / "stat").read_text()
                    if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                        pids.append(int(entry.name))
        return pids

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.seek(0)
        text = self.log.read().decode("utf-8", "replace")
        self.log.close()
        return text


def _request(url: str, body: bytes | None = None, headers: dict | None = None,
             timeout: float = 10, source: str | None = None) -> tuple[int, bytes, dict]:
    """One request, from the loopback address `source` when given."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout,
                                      source_address=(source, 0) if source else None)
    try:
        conn.request("POST" if body is not None else "GET",
                     parts.path + ("?" + parts.query if parts.query else ""), body=body,
                     headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read(), dict(r.headers)
    finally:
        conn.close()


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it is offered."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.seen = 0
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.seen += 1
            conn.close()

    def close(self) -> int:
        time.sleep(0.3)
        self._stop = True
        self._thread.join(2)
        self.sock.close()
        return self.seen


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("hostile"), query_workers="2", client_queries="1",
               request_read_timeout="2", min_upload_rate="1000000", client_connections="20",
               query_budget="600")
    yield s
    log = s.stop()
    assert "Traceback" not in log, log


@pytest.fixture
def listener():
    found = Listener()
    yield found
    assert found.close() == 0, "the server opened a connection on a client's behalf"


# --- 1. no outgoing connection, whatever the query text --------------------------------


def _ssrf_queries(port: int) -> list[str]:
    target = f"<http://127.0.0.1:{port}/x>"
    return [
        # the keyword check took "<2)SERVICE#>" for an IRI; the engine reads 1<2,
        # SERVICE and a comment
        f"SELECT * WHERE {{ FILTER(1<2)SERVICE#>\n{target} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SeRvIcE SILENT {target} {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE {target} {{ ?s ?p ?o }} }}",
        f"PREFIX s: <http://127.0.0.1:{port}/>\nSELECT * WHERE {{ SERVICE s:x {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND({target} AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    ]


def test_service_is_refused_on_every_query_route(server, listener):
    for query in _ssrf_queries(listener.port):
        status, body, _ = server.get(query)
        assert status == 400, (query, body)
        status, body, _ = server.post("/sparql", query.encode(), "application/sparql-query")
        assert status == 400, (query, body)
        status, body, _ = server.post("/sparql", urllib.parse.urlencode(
            {"query": query}).encode(), "application/x-www-form-urlencoded")
        assert status == 400, (query, body)
        status, body, _ = server.get(query, path="/query")
        assert b"SERVICE and LOAD are not allowed" in body
    assert server.alive()


def test_service_and_load_are_refused_in_updates_even_with_the_token(server, listener):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    target = f"<http://127.0.0.1:{listener.port}/x>"
    for update in [f"LOAD {target}", f"LOAD SILENT {target} INTO GRAPH <urn:t:l>",
                   f"INSERT {{ GRAPH <urn:t:x> {{ ?s ?p ?o }} }} WHERE {{ FILTER(1<2)SERVICE#>\n"
                   f"{target} {{ ?s ?p ?o }} }}"]:
        status, body, _ = server.post("/sparql/update", update.encode(),
                                      "application/sparql-update", auth)
        assert status == 400 and b"not allowed" in body, (update, body)
    assert server.alive()


def test_the_query_workers_have_no_network(server):
    assert server.get(PROBE)[0] == 200
    workers = server.workers()
    assert workers, "no query worker is running"
    assert all(network_denied(pid) for pid in workers)


def test_the_second_fence_holds_without_the_first(tmp_path):
    """The engine itself, in a process fenced as the workers are, told to fetch."""
    found = Listener()
    script = (
        "import pyoxigraph as ox\n"
        "from web.no_network import deny_network\n"
        "assert deny_network() is None\n"
        "try:\n"
        f"    list(ox.Store().query('SELECT * {{ SERVICE <http://127.0.0.1:{found.port}/> "
        "{ ?s ?p ?o } }'))\n"
        "except PermissionError:\n"
        "    print('refused')\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, timeout=30)
    assert out.stdout.strip() == "refused", out.stderr
    assert found.close() == 0


# --- 2. slow connections -----------------------------------------------------------------


def _trickler(url_port: int, source: str) -> socket.socket | None:
    s = socket.socket()
    s.settimeout(2)
    try:
        s.bind((source, 0))
        s.connect(("127.0.0.1", url_port))
        s.sendall(b"GET /sparql?query=ASK")
    except OSError:
        s.close()
        return None
    return s


def _state(s: socket.socket, wait: float = 0.05) -> str:
    """"open" when the server neither closed the connection nor answered within `wait`."""
    s.settimeout(wait)
    try:
        s.recv(4096)
    except TimeoutError:
        return "open"
    except OSError:
        pass
    return "closed"


def test_trickling_connections_neither_stall_others_nor_stay(server):
    # 120 trickling connections from three addresses: more than waitress's default limit
    # of 100, which used to leave everyone unanswered until they closed
    socks = [s for i in range(120)
             if (s := _trickler(server.port, f"127.0.0.{2 + i % 3}")) is not None]
    try:
        for _ in range(3):
            for s in socks:
                with contextlib.suppress(OSError):
                    s.send(b"%7B")
            assert server.probe_time() < 2
            time.sleep(0.5)
        # each address keeps at most its share open; the rest were closed at once
        still_open = sum(1 for s in socks if _state(s) == "open")
        assert still_open <= 3 * 20
        # every one of them is cut off once its time to send a request has passed
        time.sleep(3)
        assert [_state(s, 1.5) for s in socks].count("open") == 0
    finally:
        for s in socks:
            s.close()
    assert server.alive()


# --- 3. big bodies -----------------------------------------------------------------------


def test_a_16_mb_query_body_is_refused_before_it_is_read_and_stalls_nobody(server):
    body = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (16 * 1024 * 1024)
    result: list = []
    t = threading.Thread(target=lambda: result.append(
        server.post("/sparql", body, "application/sparql-query", timeout=30)))
    t.start()
    time.sleep(0.05)
    assert server.probe_time() < 2
    t.join(30)
    assert result and result[0][0] == 413
    # over the server's own cap (uploads + 1 MiB) waitress refuses it from the header
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(b"POST /sparql/update HTTP/1.1\r\nHost: x\r\nContent-Type: "
                  b"application/sparql-update\r\nContent-Length: " +
                  str(200 * 1024 * 1024).encode() + b"\r\n\r\nINSERT")
        assert s.recv(100).startswith(b"HTTP/1.1 413")
    assert server.alive()


# --- 5. deep nesting ---------------------------------------------------------------------


def test_deeply_nested_requests_are_refused_and_the_server_lives(server):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    depth = 20_000
    update = ("INSERT { <urn:a> <urn:b> <urn:c> } WHERE { FILTER(" + "(" * depth + "1" +
              ")" * depth + ") }")
    status, body, _ = server.post("/sparql/update", update.encode(),
                                  "application/sparql-update", auth, timeout=20)
    assert status == 400, body
    assert server.alive()
    query = "SELECT * WHERE " + "{" * depth + "}" * depth
    status, body, _ = server.get(query, timeout=20)
    assert status == 400, body
    assert b"stack" in body
    assert server.alive()
    # nothing was written
    status, body, _ = server.get("ASK { <urn:a> <urn:b> <urn:c> }")
    assert json.loads(body)["boolean"] is False


# --- 6. one deadline, waiting included ---------------------------------------------------


def _endless_from(server, sources: list[str]) -> list:
    results: list = []
    threads = [threading.Thread(target=lambda src=src: results.append(
        (server.get(ENDLESS, source=src, timeout=20), time.monotonic()))) for src in sources]
    for t in threads:
        t.start()
    return threads, results


def test_one_client_cannot_hold_every_worker(server):
    # two workers, one query at a time per client: the attacker's second and third
    # endless queries are refused at once, and the probe from elsewhere gets a worker
    started = time.monotonic()
    threads, results = _endless_from(server, ["127.0.0.2"] * 3)
    time.sleep(0.3)
    assert server.probe_time() < 2
    for t in threads:
        t.join(20)
    assert sorted(status for (status, _, _), _ in results) == [429, 429, 503]
    assert max(ended for _, ended in results) - started < 3 + 1.5
    assert server.alive()


def test_no_request_takes_much_more_than_the_deadline(server):
    # three endless queries from three clients for two workers: the third waits, and its
    # wait counts towards its deadline (it used to be a deadline of waiting and another
    # of running)
    started = time.monotonic()
    threads, results = _endless_from(server, ["127.0.0.3", "127.0.0.4", "127.0.0.5"])
    for t in threads:
        t.join(20)
    assert len(results) == 3
    for (status, _, headers), ended in results:
        assert status == 503 and "Retry-After" in headers
        assert ended - started < 3 + 1.5
    assert server.alive()


# --- 7. refused requests cost nothing ----------------------------------------------------


def _snapshots(server) -> set[str]:
    return {p.name for p in server.store.parent.glob(".privacykg-snapshots-*/snapshot-*")}


def test_a_refused_write_does_not_make_a_new_snapshot(server):
    assert server.get(PROBE)[0] == 200
    before = _snapshots(server)
    for _ in range(5):
        status, _, _ = server.post("/sparql/update", b"INSERT DATA { <urn:a> <urn:b> 1 }",
                                   "application/sparql-update", {"Authorization": "Bearer no"})
        assert status == 401
        assert server.get(PROBE)[0] == 200
    assert _snapshots(server) == before


# --- 11. bytes, not rows -----------------------------------------------------------------


def test_the_result_limit_counts_bytes(tmp_path):
    s = Server(tmp_path, result_bytes="4096")
    try:
        big = 'SELECT ?x WHERE { BIND(CONCAT(' + ", ".join(['"' + "a" * 1000 + '"'] * 8) + \
            ") AS ?x) }"
        status, body, _ = s.get(big)
        assert status == 413 and b"4,096 bytes" in body
        status, body, _ = s.post("/sparql", big.encode(), "application/sparql-query",
                                 {"Accept": "text/csv"})
        assert status == 413
        assert s.get(PROBE)[0] == 200
    finally:
        assert "Traceback" not in s.stop()


# --- the per-client budget ---------------------------------------------------------------


def test_a_client_that_has_used_its_query_time_gets_429(tmp_path):
    s = Server(tmp_path, query_budget="2", query_timeout="1.5")
    try:
        statuses = [s.get(ENDLESS, timeout=10)[0] for _ in range(3)]
        assert statuses[0] == 503 and statuses[-1] == 429
        status, body, headers = s.get(PROBE)
        assert status == 429 and int(headers["Retry-After"]) >= 1
        assert b"query time" in body
    finally:
        assert "Traceback" not in s.stop()


# --- 8. control characters ---------------------------------------------------------------


def test_control_characters_never_reach_the_store_so_xml_answers_parse(server):
    import xml.dom.minidom

    auth = {"Authorization": f"Bearer {TOKEN}"}
    for text in ('"a\\u0000b"', '"bell\\b"', '"raw\x01"'):
        update = f"INSERT DATA {{ GRAPH <urn:t:ctl> {{ <urn:t:x> <urn:t:p> {text} }} }}"
        status, body, _ = server.post("/sparql/update", update.encode(),
                                      "application/sparql-update", auth)
        assert status == 400 and b"control character" in body, body
    status, body, _ = _request(server.url + "/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"}),
        headers={"Accept": "application/sparql-results+xml"})
    assert status == 200
    xml.dom.minidom.parseString(body)  # well-formed
    status, body, _ = server.get("ASK { GRAPH <urn:t:ctl> { ?s ?p ?o } }")
    assert json.loads(body)["boolean"] is False
    assert server.alive()
