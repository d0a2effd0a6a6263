"""The SPARQL endpoint under 1, 8 and 32 concurrent clients, against oxigraph serve and
Virtuoso.

    .venv/bin/python bench/endpoint_bench.py [--clients 1 8 32] [--seconds 10]
        [--max-requests 20000]

Builds the demo store (`privacykg --store DIR demo`), serves it with
`privacykg --store DIR serve` (waitress, 127.0.0.1) and the same quads with
`oxigraph serve --union-default-graph` and a private Virtuoso (scripts/virtuoso.sh, the
quads bulk-loaded with ld_dir; 127.0.0.1), then sends a small SELECT from N
client threads with keep-alive connections, each level bounded in time and count.
Before measuring, checks that every server gives the same rows for the query (so the
same data). Prints requests/s, p50/p99 latency, errors and the client process's CPU
(in cores: near 100 % the one interpreter lock of the client is the limit), and
privacykg's requests/s as a ratio of each other server's. `--varied` sends a different
query (and gets a different answer) on every request. Every server is stopped on exit.
The clients are Python threads on the same 2 cores: a ceiling for fast servers.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
QUERY = """PREFIX pkg: <https://w3id.org/privacykg/ns#>
SELECT ?c ?claim ?evidence WHERE { ?c a pkg:Contradiction ; pkg:claim ?claim ;
  pkg:evidence ?evidence } LIMIT 10"""
# --varied: every request a different query and a different answer (44 windows of the
# 54 rows), so no server answers the same query text from a cache



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def _body(n: int | None) -> str:
    text = QUERY if n is None else f"{QUERY} OFFSET {n % 44}  # {n}"
    return urllib.parse.urlencode({"query": text})


def load(port: int, path: str, clients: int, seconds: float, max_requests: int,
         varied: bool = False) -> dict:
    fixed = _body(None)
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "Accept": "application/sparql-results+json"}
    lat: list[float] = []
    errors = [0]
    sent = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.perf_counter() < deadline:
            with lock:
                if sent[0] >= max_requests:
                    break
                sent[0] += 1
                body = _body(sent[0]) if varied else fixed
            t = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                if resp.status != 200 or b"bindings" not in data:
                    with lock:
                        errors[0] += 1
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - t)
        conn.close()
        with lock:
            lat.extend(mine)

    t0 = time.perf_counter()
    cpu0 = time.process_time()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t0
    client_cpu = (time.process_time() - cpu0) / elapsed  # cores this client process used
    lat.sort()

    def pct(q: float) -> float:
        return lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")

    return {"rps": len(lat) / elapsed, "p50": pct(0.5), "p99": pct(0.99), "errors": errors[0],
            "n": len(lat), "client_cpu": client_cpu}


def answer_rows(port: int, path: str, query: str) -> list[tuple[str, ...]]:
    """The rows of `query`'s SPARQL JSON answer, sorted, as (variable=value, ...)."""
    import json

    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                 data=urllib.parse.urlencode({"query": query}).encode(),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        result = json.load(resp)
    return sorted(tuple(f"{k}={b[k]['type']}:{b[k]['value']}" for k in sorted(b))
                  for b in result["results"]["bindings"])


def same_answers(servers: dict[str, tuple[int, str]]) -> None:
    """Every server must hold the same data and answer the bench's query alike: the
    full answer (no LIMIT) compared row for row, and 10 rows for the bench's query."""
    full = QUERY.rsplit("LIMIT", 1)[0]
    answers = {name: answer_rows(port, path, full) for name, (port, path) in servers.items()}
    first = next(iter(answers.values()))
    for name, rows in answers.items():
        if rows != first or not rows:
            raise SystemExit(f"{name} answers the bench query differently ({len(rows)} rows, "
                             f"{len(first)} from the first server): not the same data")
        if len(answer_rows(*servers[name], QUERY)) != 10:
            raise SystemExit(f"{name} does not give the bench query's 10 rows")
    print(f"# every server gives the same {len(first)} rows for the query without LIMIT")


def start_virtuoso(nq: Path) -> tuple[str, int]:
    """A private Virtuoso with the quads of `nq` bulk-loaded: (its folder, HTTP port)."""
    out = subprocess.run([ROOT / "scripts" / "virtuoso.sh", "start"], capture_output=True,
                         text=True, check=True).stdout
    conf = dict(line.split("=", 1) for line in out.split() if "=" in line)
    shutil.copy(nq, Path(conf["VIRTUOSO_DIR"]) / "demo.nq")
    isql = shutil.which("isql-vt") or shutil.which("isql")
    subprocess.run([isql, f"127.0.0.1:{conf['VIRTUOSO_ISQL_PORT']}", "dba", "dba",
                    f"exec=ld_dir('{conf['VIRTUOSO_DIR']}', 'demo.nq', 'urn:privacykg:default'); "
                    "rdf_loader_run(); checkpoint;"], capture_output=True, check=True)
    return conf["VIRTUOSO_DIR"], int(conf["VIRTUOSO_SPARQL"].rsplit(":", 1)[1].split("/")[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, nargs="*", default=[1, 8, 32])
    ap.add_argument("--seconds", type=float, default=10.0, help="per level and server")
    ap.add_argument("--max-requests", type=int, default=20000, help="per level and server")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", choices=["privacykg", "oxigraph", "virtuoso"],
                    help="measure one server only (the other is not started)")
    ap.add_argument("--varied", action="store_true",
                    help="a different query (OFFSET) for every request instead of one query")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="privacykg-endpoint-"))
    procs: list[subprocess.Popen] = []
    virtuoso_dir = None
    try:
        store = work / "store"
        subprocess.run([BIN / "privacykg", "--store", store, "demo"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        nq = work / "demo.nq"
        with open(nq, "wb") as fh:
            subprocess.run([BIN / "privacykg", "--store", store, "export", "--format", "nquads"],
                           check=True, stdout=fh)
        subprocess.run([BIN / "oxigraph", "load", "--location", work / "ox", "--file", nq],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        servers = {}
        port = free_port()
        p = None if a.only not in (None, "privacykg") else subprocess.Popen(
            [BIN / "privacykg", "--store", store, "serve", "--host", "127.0.0.1", "--port",
             str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # every client of the bench is 127.0.0.1: as one client it would get two
            # queries at once and 30 s of query time a minute (docs/endpoint.md); the
            # bench measures many clients, so those per-client shares are off here
            env={**os.environ, "PRIVACYKG_CLIENT_QUERIES": "0", "PRIVACYKG_QUERY_BUDGET": "0"})
        if p is not None:
            procs.append(p)
            wait_up(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", p)
            servers["privacykg serve (waitress, 6 threads)"] = (port, "/sparql")
        port = free_port()
        p = None if a.only not in (None, "oxigraph") else subprocess.Popen(
            [BIN / "oxigraph", "serve", "--location", work / "ox", "--bind", f"127.0.0.1:{port}",
             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if p is not None:
            procs.append(p)
            wait_up(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", p)
            servers["oxigraph serve"] = (port, "/query")
        if a.only in (None, "virtuoso") and shutil.which("virtuoso-t"):
            virtuoso_dir, port = start_virtuoso(nq)
            servers["Virtuoso 7 (HTTP, 10 threads)"] = (port, "/sparql")
        same_answers(servers)
        print(f"# endpoint_bench {time.strftime('%Y-%m-%d %H:%M')}: {a.seconds:.0f} s or "
              f"{a.max_requests} requests per level, median of {a.repeat}, "
              f"{'a different query each request' if a.varied else 'one query'}", flush=True)
        print("| server | clients | req/s | p50 ms | p99 ms | errors | client CPU |")
        print("|---|---|---|---|---|---|---|")
        rps: dict[tuple[str, int], float] = {}
        for name, (port, path) in servers.items():
            load(port, path, 4, 1.0, 500)  # warm up
            for n in a.clients:
                runs = [load(port, path, n, a.seconds, a.max_requests, a.varied)
                        for _ in range(a.repeat)]
                med = sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]
                rps[name, n] = med["rps"]
                print(f"| {name} | {n} | {med['rps']:.0f} | {med['p50']:.1f} | "
                      f"{med['p99']:.1f} | {sum(r['errors'] for r in runs)} "
                      f"(of {sum(r['n'] for r in runs)}) | {med['client_cpu']:.0%} |", flush=True)
        ours = next((k for k in servers if k.startswith("privacykg")), None)
        for other in servers:
            if ours and other != ours:
                print(f"privacykg / {other}: " + ", ".join(
                    f"{rps[ours, n] / rps[other, n]:.2f}x at {n}" for n in a.clients))
    finally:
        if virtuoso_dir:
            subprocess.run([ROOT / "scripts" / "virtuoso.sh", "stop", virtuoso_dir],
                           capture_output=True)
        for p in procs:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
