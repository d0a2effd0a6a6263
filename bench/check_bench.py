"""Time a full `check` (kg.check.run_rules, every rule) per backend and size.

    .venv/bin/python bench/check_bench.py [--sizes 1e4 1e5 1e6] [--cap 120] [--repeat 3]
        [--backends disk,memory,rdflib,server,virtuoso] [--per-rule 1e6]

Backends: disk = kg.store.EmbeddedStore on disk (the default store); memory = the same
in memory; rdflib = rdflib's own SPARQL engine over a Dataset (union default graph);
server = a real `oxigraph serve --union-default-graph` on 127.0.0.1, queried over HTTP
through kg.remote_store.RemoteStore; virtuoso = a real Virtuoso (scripts/virtuoso.sh,
1.3 GB of buffers, data bulk-loaded with ld_dir), queried the same way. Every
measurement runs in a child process killed after --cap seconds (reported "> cap");
results are checked against the planted counts in the generator's manifest. On disk
and in memory the child then records a full check, adds extra.nq (one more article)
through kg.ingest and times the incremental check (kg.incremental), compared with a
full check of the same store. --per-rule times each rule alone on the disk store.
Medians of --repeat runs; peak memory is the child's ru_maxrss.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import generate  # noqa: E402
from servers import OxigraphServer, VirtuosoServer  # noqa: E402

# --- child side ---------------------------------------------------------------------

class RdflibStore:
    """rdflib's in-memory engine behind the Store.query interface run_rules uses."""

    def __init__(self, nquads: Path):
        from rdflib import Dataset

        self.ds = Dataset(default_union=True)
        self.ds.parse(str(nquads), format="nquads")

    def query(self, sparql, bindings=None, **_):
        from kg.store import QueryResult

        res = self.ds.query(sparql)
        variables = [str(v) for v in res.vars]
        return QueryResult("select", variables=variables, rows=[tuple(r) for r in res])

    def replace_graph(self, name, graph):  # run_rules writes the company groups first
        self.ds.remove_graph(name)
        target = self.ds.graph(name)
        for triple in graph:
            target.add(triple)


def _rules(names: list[str] | None):
    from kg.rules import load_rules

    rules = load_rules()
    return tuple(r for r in rules if not names or r.id in names)


def child(a) -> None:
    import pyoxigraph as ox

    from kg.check import run_rules
    from kg.remote_store import RemoteStore
    from kg.store import EmbeddedStore
    from ontologies.iris import Minter

    data = Path(a.data)
    out: dict = {}
    t = time.perf_counter()
    if a.backend == "disk":
        if a.load:
            shutil.rmtree(a.dir, ignore_errors=True)
            s = ox.Store(a.dir)
            s.bulk_load(path=str(data / "data.nq"), format=ox.RdfFormat.N_QUADS)
            s.flush()
            s.optimize()
            del s
            out["load_s"] = time.perf_counter() - t
        store = EmbeddedStore(a.dir)
    elif a.backend == "memory":
        store = EmbeddedStore(None)
        store._store.bulk_load(path=str(data / "data.nq"), format=ox.RdfFormat.N_QUADS)
        out["load_s"] = time.perf_counter() - t
    elif a.backend == "rdflib":
        store = RdflibStore(data / "data.nq")
        out["load_s"] = time.perf_counter() - t
    else:
        store = RemoteStore(a.url, a.update_url, timeout=a.cap)
    rules = _rules(a.rules)
    times, counts = [], Counter()
    for _ in range(a.repeat):
        t = time.perf_counter()
        # rdflib's engine is not made for queries from several threads
        found = run_rules(store, Minter(), rules=rules,
                          workers=1 if a.backend == "rdflib" else None)
        times.append(time.perf_counter() - t)
        counts = Counter(c.rule for c in found)
        print(json.dumps({"partial": times}), flush=True)
    out.update(times=times, counts=dict(counts))
    if a.incremental and a.backend in ("disk", "memory"):
        out.update(incremental(store, data))
    if hasattr(store, "close"):
        store.close()
    out["maxrss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out), flush=True)


def incremental(store, data: Path) -> dict:
    """Record a full check, add extra.nq (one more article) through kg.ingest, time the
    incremental check, then compare it with a full check of the same store."""
    from rdflib import Dataset, Graph

    from kg.check import check, recorded
    from kg.incremental import before_storing, check_documents
    from kg.ingest import store_document
    from ontologies.iris import Minter

    m = Minter()
    t = time.perf_counter()
    check(store, m)
    out = {"check_recorded_s": time.perf_counter() - t}
    extra = Dataset()
    extra.parse(str(data / "extra.nq"), format="nquads")
    article = Graph()
    key = None
    for g in extra.graphs():
        for triple in g:
            article.add(triple)
        path = m.path_of(str(g.identifier)) or ""
        if path.startswith("graph/doc/"):
            key = path.removeprefix("graph/doc/")
    t = time.perf_counter()
    before = before_storing(store, m, [(key, article)])
    name = store_document(store, m, key, article)
    out["add_doc_s"] = time.perf_counter() - t
    t = time.perf_counter()
    result = check_documents(store, m, [name], before)
    out["incremental_s"] = time.perf_counter() - t
    out["incremental_full"] = result.full
    out["incremental_documents"] = result.documents
    after = recorded(store, drafts=True)  # (a new store: drafts until accepted)
    out["after_add_counts"] = dict(Counter(c.rule for c in after))
    t = time.perf_counter()
    full = check(store, m)
    out["after_add"] = [time.perf_counter() - t]

    def key_of(c):
        return (c.rule, str(c.claim), str(c.evidence), c.confidence)

    out["incremental_same"] = ({key_of(c) for c in after}
                               == {key_of(c) for c in full})
    store.drop_graph(name)  # the folder is the same data again for the server backend
    return out


# --- parent side --------------------------------------------------------------------

def run_child(args: list[str], cap: float) -> dict | None:
    """The child's last JSON line, or None when it ran past the cap."""
    cmd = [sys.executable, __file__, "--child", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=cap)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return None
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"child failed: {' '.join(args)}\n{err[-2000:]}")
    return json.loads(lines[-1])


def fmt(x: float | None, cap: float) -> str:
    return f"> {cap:.0f} s" if x is None else (f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="*", default=["1e4", "1e5", "1e6"])
    ap.add_argument("--backends", default="disk,memory,rdflib,server")
    ap.add_argument("--cap", type=float, default=120.0,
                    help="seconds one backend may take at one size (load + runs)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-rule", default=None, help="size at which to time each rule alone")
    ap.add_argument("--rule-cap", type=float, default=60.0)
    ap.add_argument("--workdir", default=None, help="where stores go (default: a temp dir)")
    # child options
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--backend", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    ap.add_argument("--update-url", help=argparse.SUPPRESS)
    ap.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--incremental", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--rules", nargs="*", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(a)
        return

    work = Path(a.workdir or tempfile.mkdtemp(prefix="privacykg-check-"))
    backends = a.backends.split(",")
    print(f"# check_bench {time.strftime('%Y-%m-%d %H:%M')}, nproc {os.cpu_count()}, "
          f"cap {a.cap:.0f} s, median of {a.repeat}", flush=True)
    rows = []
    slow_before: set[str] = set()
    for size in a.sizes:
        n = int(float(size))
        data = generate.ensure(n, a.seed)
        manifest = json.loads((data / "manifest.json").read_text())
        expected = {k: v for k, v in manifest["expected"].items() if v}
        disk = str(work / f"store-{generate.size_label(n)}")
        common = ["--data", str(data), "--repeat", str(a.repeat)]
        row = {"size": generate.size_label(n), "quads": manifest["quads"]}
        for backend in backends:
            if backend in slow_before:
                row[backend] = None
                continue
            args = [*common, "--backend", backend, "--dir", disk]
            if backend == "disk":
                # loaded by a child of its own, so the check's peak memory is the check's
                load = run_child([*common, "--backend", "disk", "--dir", disk, "--load",
                                  "--rules", "none", "--repeat", "0"], a.cap * 4)
                load_s = load.get("load_s", 0) if load else 0
                args += ["--incremental"]
            if backend == "memory":
                args += ["--incremental"]
            if backend == "server":
                if not Path(disk).exists():  # the disk backend loads the folder
                    run_child([*common, "--backend", "disk", "--dir", disk, "--load",
                               "--rules", "none", "--repeat", "0"], a.cap)
                with OxigraphServer(disk) as server:
                    res = run_child([*args, "--url", server.url, "--update-url",
                                     server.update_url], a.cap)
            elif backend == "virtuoso":
                with VirtuosoServer(data / "data.nq", a.cap, load_timeout=3600) as server:
                    res = run_child([*args, "--backend", "server", "--url", server.url,
                                     "--update-url", server.update_url],
                                    a.cap * (1 + a.repeat))
                    if res is not None:
                        res["load_s"] = server.load_s
            else:
                res = run_child(args, a.cap * (2 + a.repeat))
            if res is None:
                slow_before.add(backend)
                row[backend] = None
                print(f"{row['size']:>4} {backend:7} > cap", flush=True)
                continue
            med = statistics.median(res["times"])
            ok = res["counts"] == expected
            row[backend] = med
            row[backend + "_ok"] = ok
            note = "" if ok else f" COUNTS DIFFER: {res['counts']} vs {expected}"
            extra = ""
            if "after_add" in res:
                want = Counter(expected) + Counter(manifest["extra"]["expected_more"])
                inc_ok = res["after_add_counts"] == dict(want) and res["incremental_same"]
                row[backend + "_inc"] = res["incremental_s"]
                extra = (f"; add one article {res['add_doc_s'] * 1000:.0f} ms, incremental check "
                         f"{res['incremental_s'] * 1000:.1f} ms over "
                         f"{res['incremental_documents']} document(s)"
                         f"{' (FULL)' if res['incremental_full'] else ''}, "
                         f"{'same as' if inc_ok else 'DIFFERS FROM'} the full check after it "
                         f"({fmt(res['after_add'][0], a.cap)})")
            if backend == "disk":
                res["load_s"] = load_s
            print(f"{row['size']:>4} {backend:7} load {res.get('load_s', 0):6.1f} s  check "
                  f"{fmt(med, a.cap):>9} (runs {', '.join(f'{x:.2f}' for x in res['times'])})"
                  f"  maxrss {res['maxrss_mib']:.0f} MiB  found {sum(res['counts'].values())}"
                  f"/{sum(expected.values())}{note}{extra}", flush=True)
        rows.append(row)

    print("\n| size | quads | " + " | ".join(backends) + " | " +
          " | ".join(f"{b}/disk" for b in backends if b != "disk") + " |")
    print("|---" * (2 + 2 * len(backends) - 1) + "|")
    for row in rows:
        cells = [fmt(row.get(b), a.cap) for b in backends]
        ratios = []
        for b in backends:
            if b == "disk":
                continue
            x, d = row.get(b), row.get("disk")
            ratios.append("—" if x is None or d is None else f"{x / d:.2f}×")
        print(f"| {row['size']} | {row['quads']:,} | " + " | ".join(cells) + " | "
              + " | ".join(ratios) + " |")

    if a.per_rule:
        per_rule(a, work)
    shutil.rmtree(work, ignore_errors=True) if not a.workdir else None


def per_rule(a, work: Path) -> None:
    from kg.rules import load_rules

    n = int(float(a.per_rule))
    data = generate.ensure(n, a.seed)
    manifest = json.loads((data / "manifest.json").read_text())
    disk = str(work / f"store-{generate.size_label(n)}")
    if not Path(disk).exists():
        run_child(["--data", str(data), "--backend", "disk", "--dir", disk, "--load",
                   "--rules", "none", "--repeat", "0"], 3600)
    print(f"\n## per rule at {generate.size_label(n)} ({manifest['quads']:,} quads), disk, "
          f"cap {a.rule_cap:.0f} s, median of {a.repeat}")
    head = "| rule | time | found/planted |"
    print(head)
    print("|---" * (head.count("|") - 1) + "|")
    for rule in load_rules():
        cells = []
        args = ["--data", str(data), "--backend", "disk", "--dir", disk, "--repeat",
                str(a.repeat), "--rules", rule.id]
        res = run_child(args, a.rule_cap * a.repeat + 30)
        if res is None:
            cells += [f"> {a.rule_cap:.0f} s", "—"]
        else:
            got = res["counts"].get(rule.id, 0)
            cells += [fmt(statistics.median(res["times"]), a.rule_cap),
                      f"{got}/{manifest['expected'][rule.id]}"]
        print(f"| {rule.id} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
