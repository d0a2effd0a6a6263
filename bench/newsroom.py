"""A newsroom's archive through the real `privacykg` command, as whole processes: how
long ingest and a full check take, and the check's peak memory.

    .venv/bin/python bench/newsroom.py --articles 100 1000 [10000 [100000]] [--cap 600]
        [--backends embedded,server,virtuoso] [--shape newsroom|issue] [--seed 7]
        [--batch 5000] [--json FILE] [--keep]
    .venv/bin/python bench/newsroom.py --shape issue --articles 25 50 100 --cap 120

For each size the corpus of bench/newsroom_corpus.py is generated (or reused) under
$TMPDIR/privacykg-bench/newsroom/, then, in a new store folder:

1. `privacykg ingest` of every article (--batch paths a call, so argv stays short; the
   issue shape always in one call), then `privacykg evidence` of the registry file
   (one call) and of each HAR capture (one call each: --product and --vendor are per
   call);
2. `privacykg check --format json`, timed alone, with the child's peak resident set
   (os.wait4's rusage of that process); the contradictions it prints are counted per
   rule against the manifest: the mention pairs (what a store holding every article's
   statements records today) and the distinct claim x distinct finding pairs (the
   printed claims and evidence keyed by company, aspect and value);
3. `privacykg query` for the number of quads after the check;
4. the incremental check: `privacykg ingest extra.html --check` (one more article about
   the first company), whole process.

--backends server,virtuoso: the store as it was after step 1 (`privacykg export --format
nquads`, before any check) is loaded into `oxigraph serve --union-default-graph` (with
`oxigraph load`) or a private Virtuoso (scripts/virtuoso.sh, bulk-loaded with ld_dir as
bench/check_bench.py does), and `privacykg --endpoint URL --update-endpoint URL check
--format json` runs against it: the real command, which also writes the company groups
and the contradictions to the remote store.

Every process is killed after --cap seconds (reported "> cap"); after a kill the later
steps of that size are skipped. Servers listen on 127.0.0.1 and are stopped by the
script. Results: a markdown table on stdout, and JSON (--json, default
$TMPDIR/privacykg-bench/newsroom/newsroom-results-<shape>.json) with every figure, the
per-rule counts and each process's peak memory. Needs the project's venv (its
`oxigraph` for --backends server); Virtuoso comes from `make virtuoso`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import newsroom_corpus  # noqa: E402
from servers import OxigraphServer, VirtuosoServer  # noqa: E402

VENV_BIN = Path(sys.executable).parent
QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
RECORDED = ("PREFIX pkg: <https://w3id.org/privacykg/ns#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            # (published or waiting for an editor: a new store publishes only what an
            # editor accepted, kg/review.py)
            "SELECT ?rule (COUNT(?c) AS ?n) WHERE { "
            "VALUES ?t { pkg:Contradiction pkg:DraftContradiction } ?c a ?t ; "
            "pkg:rule/rdfs:label ?rule } GROUP BY ?rule")
# the value that tells one claim (or finding) of a company from another of its aspect
VALUE_KEY = {"data_location": "countries", "encryption": "state", "retention": "period",
             "collection": "data", "third_party_sharing": "recipients",
             "certification": "certifiers"}


# --- running one whole process --------------------------------------------------------

@dataclass
class Run:
    seconds: float
    maxrss_mib: float
    rc: int | None          # None: killed at the cap
    stdout: Path
    stderr: str

    @property
    def killed(self) -> bool:
        return self.rc is None


def run(cmd: list[str], cap: float, out: Path, env: dict | None = None) -> Run:
    """Run cmd with stdout to `out`; wall time and the child's own peak RSS (wait4)."""
    err = out.with_suffix(".err")
    with open(out, "wb") as fo, open(err, "wb") as fe:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=fo, stderr=fe, cwd=ROOT, env=env,
                                start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # its own session: the command alone

        timer = threading.Timer(cap, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    return Run(seconds, usage.ru_maxrss / 1024, None if killed.is_set() else proc.returncode,
               out, err.read_text(errors="replace")[-3000:])


class Privacykg:
    """The `privacykg` command (web.cli:main, the installed script's entry point) run
    from this checkout, against one store or endpoint."""

    def __init__(self, work: Path, cap: float, target: list[str], tag: str = "embedded"):
        self.work, self.cap, self.target, self.tag = work, cap, target, tag
        self.env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.n = 0

    def __call__(self, *args: str, cap: float | None = None) -> Run:
        self.n += 1
        out = self.work / f"{self.tag}-{self.n:03d}-{args[0]}.txt"
        r = run([sys.executable, "-m", "web.cli", *self.target, *args], cap or self.cap, out,
                self.env)
        if r.rc not in (0, None):
            raise RuntimeError(f"privacykg {' '.join(args[:3])}… exit {r.rc}: {r.stderr}")
        return r


# --- reading the check's answer -----------------------------------------------------

def tally(check_json: Path, manifest: dict) -> dict:
    """What `check --format json` printed (one item for the same words in several
    documents: kg.check.as_json), and the distinct (rule, claim, evidence) among them,
    keyed by company, aspect and value, against the manifest."""
    company = {name: g[0] for g in manifest["groups"] for name in g}
    found = json.loads(check_json.read_text())["contradictions"]
    per_rule = Counter(c["rule"] for c in found)

    def value(st: dict) -> str:
        v = st.get("values", {}).get(VALUE_KEY.get(st.get("aspect"), ""), [])
        return json.dumps(sorted(v) if isinstance(v, list) else v)

    def claim_key(st: dict) -> tuple:
        who = company.get(st.get("claimant")) or company.get(st.get("subject"), st.get("subject"))
        return who, st["aspect"], st.get("polarity"), value(st)

    def evidence_key(st: dict) -> tuple:
        if st.get("kind") == "finding":
            return (company.get(st.get("subject"), st.get("subject")), st.get("claimant"),
                    st["aspect"], value(st))
        return (st.get("source") or {}).get("document") or st.get("iri"), st.get("kind")

    distinct = Counter(r for r, *_ in {(c["rule"], claim_key(c["claim"]),
                                         evidence_key(c["evidence"])) for c in found})
    return {"printed": len(found), "printed_per_rule": dict(sorted(per_rule.items())),
            "distinct": sum(distinct.values()), "distinct_per_rule": dict(sorted(distinct.items())),
            "distinct_as_expected": dict(distinct) == manifest["expected_distinct"]}


def counts(pk: Privacykg, manifest: dict) -> dict:
    """Quads in the store, and the contradictions the check recorded per rule (every
    mention of a claim against every mention of a finding), against the manifest."""
    out: dict = {}
    q = pk("query", QUADS, "--format", "json")
    if not q.killed:
        out["quads"] = int(json.loads(q.stdout.read_text())["results"]["bindings"][0]["n"]["value"])
    q = pk("query", RECORDED, "--format", "json")
    if not q.killed:
        rows = json.loads(q.stdout.read_text())["results"]["bindings"]
        per_rule = {r["rule"]["value"]: int(r["n"]["value"]) for r in rows}
        out.update(recorded=sum(per_rule.values()),
                   recorded_per_rule=dict(sorted(per_rule.items())),
                   recorded_as_expected=per_rule == manifest["expected_mentions"])
    return out


# --- servers ------------------------------------------------------------------------

# --- one size -----------------------------------------------------------------------

def batches(paths: list[str], size: int) -> list[list[str]]:
    return [paths[i:i + size] for i in range(0, len(paths), size)] if size else [paths]


def ingest_all(pk: Privacykg, corpus: Path, batch: int, deadline: float) -> dict:
    """Every article, then the evidence files; times are summed over the calls."""
    arts = sorted(str(p) for p in (corpus / "articles").glob("*/*.html"))
    out = {"ingest_calls": 0, "ingest_s": 0.0, "ingest_maxrss_mib": 0.0, "evidence_calls": 0,
           "evidence_s": 0.0, "killed": None}
    for chunk in batches(arts, batch):
        r = pk("ingest", *chunk, cap=max(1.0, deadline - time.monotonic()))
        out["ingest_calls"] += 1
        out["ingest_s"] += r.seconds
        out["ingest_maxrss_mib"] = max(out["ingest_maxrss_mib"], r.maxrss_mib)
        if r.killed:
            out["killed"] = "ingest"
            return out
    for ev in json.loads((corpus / "evidence.json").read_text()):
        flags = []
        if "product" in ev:
            flags = ["--product", ev["product"], "--vendor", ev["vendor"], "--vantage",
                     ev["vantage"]]
        r = pk("evidence", str(corpus / ev["file"]), *flags,
               cap=max(1.0, deadline - time.monotonic()))
        out["evidence_calls"] += 1
        out["evidence_s"] += r.seconds
        if r.killed:
            out["killed"] = "evidence"
            return out
    return out


def remote_check(kind: str, nquads: Path, work: Path, cap: float, manifest: dict) -> dict:
    """`privacykg --endpoint … check --format json` against a server loaded with the
    store as it was before the check."""
    res: dict = {"backend": kind}
    if kind == "virtuoso" and not shutil.which("virtuoso-t"):
        res["skipped"] = "virtuoso-t not installed (make virtuoso)"
        return res
    server = (OxigraphServer(work / "oxigraph-store", nquads, cap) if kind == "server"
              else VirtuosoServer(nquads, cap))
    with server:
        res["load_s"] = server.load_s
        pk = Privacykg(work, cap, ["--endpoint", server.url,
                                   "--update-endpoint", server.update_url], tag=kind)
        r = pk("check", "--format", "json")
        res.update(check_s=r.seconds, check_maxrss_mib=r.maxrss_mib, killed=r.killed)
        if not r.killed:
            res.update(tally(r.stdout, manifest))
            res.update(counts(pk, manifest))
    return res


def one_size(a: argparse.Namespace, n: int) -> dict:
    corpus = ensure_corpus(n, a.seed, a.shape)
    manifest = json.loads((corpus / "manifest.json").read_text())
    work = Path(tempfile.mkdtemp(prefix=f"privacykg-newsroom-{n}-"))
    store = work / "store"
    row: dict = {"articles": n, "shape": a.shape, "companies": manifest["companies"],
                 "expected_mentions": manifest["contradictions_mentions"],
                 "expected_distinct": manifest["contradictions_distinct"],
                 "work": str(work)}
    pk = Privacykg(work, a.cap, ["--store", str(store)])
    try:
        row.update(ingest_all(pk, corpus, 0 if a.shape == "issue" else a.batch,
                              time.monotonic() + a.cap))
        print(f"  {n}: ingest {row['ingest_s']:.1f} s in {row['ingest_calls']} call(s), "
              f"evidence {row['evidence_s']:.1f} s in {row['evidence_calls']}", flush=True)
        if row["killed"]:
            return row
        remote = [b for b in a.backends if b != "embedded"]
        nquads = work / "before-check.nq"
        if remote:
            r = pk("export", "--format", "nquads")
            r.stdout.rename(nquads)
            row["export_s"] = r.seconds
        r = pk("check", "--format", "json")
        row.update(check_s=r.seconds, check_maxrss_mib=r.maxrss_mib)
        if r.killed:
            row["killed"] = "check"
        else:
            row.update(tally(r.stdout, manifest))
            row.update(counts(pk, manifest))
            print(f"  {n}: check {r.seconds:.1f} s, {r.maxrss_mib:.0f} MiB; "
                  f"{row.get('recorded')} contradictions recorded (expected "
                  f"{row['expected_mentions']}), {row['printed']} printed, {row['distinct']} "
                  f"distinct (expected {row['expected_distinct']})", flush=True)
            inc = pk("ingest", str(corpus / "extra.html"), "--check")
            row.update(incremental_s=inc.seconds, incremental_maxrss_mib=inc.maxrss_mib)
            if inc.killed:
                row["incremental_killed"] = True
            else:
                m = re.search(r"^(full check \(.*?\)|incremental check over \d+ related "
                              r"document\(s\)): (\d+) contradiction\(s\) with the new "
                              r"documents, (\d+) in all \((\d+) ms\)", inc.stderr, re.M)
                if m:
                    row.update(incremental_how=m.group(1), incremental_added=int(m.group(2)),
                               incremental_total=int(m.group(3)),
                               incremental_check_ms=int(m.group(4)),
                               incremental_expected_total=manifest["extra"][
                                   "contradictions_mentions"])
        row["remote"] = []
        for b in remote:
            try:
                res = remote_check(b, nquads, work, a.cap, manifest)
            except (subprocess.SubprocessError, RuntimeError, OSError) as e:
                res = {"backend": b, "error": str(e)[-500:]}
            row["remote"].append(res)
            print(f"  {n}: {b}: {short(res, a.cap)}", flush=True)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    return row


def ensure_corpus(n: int, seed: int, shape: str) -> Path:
    folder = newsroom_corpus.corpus_dir(newsroom_corpus.default_out(), shape, n, seed)
    try:
        m = json.loads((folder / "manifest.json").read_text())
        if m["version"] == newsroom_corpus.VERSION and \
                m["companies"] == newsroom_corpus.default_companies(n, shape):
            return folder
    except (OSError, ValueError, KeyError):
        pass
    folder, manifest, _ = newsroom_corpus.generate(n, seed, shape)
    print(f"  generated {folder} in {manifest['generate_s']} s", flush=True)
    return folder


# --- the table ----------------------------------------------------------------------

def secs(x: float | None, killed: bool, cap: float) -> str:
    return f"> {cap:.0f} s (killed)" if killed else ("—" if x is None else f"{x:.1f} s")


def short(res: dict, cap: float) -> str:
    if "skipped" in res or "error" in res:
        return res.get("skipped") or f"error: {res['error']}"
    found = "" if res.get("killed") else (f", {res.get('recorded')} recorded, "
                                          f"{res['printed']} printed, {res['distinct']} distinct")
    return (f"load {res['load_s']:.1f} s, check {secs(res['check_s'], res['killed'], cap)}, "
            f"{res['check_maxrss_mib']:.0f} MiB{found}")


def table(rows: list[dict], cap: float) -> str:
    head = ("| articles | quads | contradictions recorded (expected) | printed | distinct "
            "(expected) | ingest s (calls) | evidence s (calls) | check s | check peak RSS MiB "
            "| ingest --check s |")
    lines = [head, "|---" * (head.count("|") - 1) + "|"]
    for r in rows:
        killed = r.get("killed")
        found = "—" if "recorded" not in r else (
            f"{r['recorded']:,} ({r['expected_mentions']:,})")
        printed = f"{r['printed']:,}" if "printed" in r else "—"
        distinct = "—" if "distinct" not in r else f"{r['distinct']} ({r['expected_distinct']})"
        inc = "—"
        if "incremental_s" in r:
            inc = secs(r["incremental_s"], r.get("incremental_killed", False), cap)
            if "incremental_how" in r:
                inc += (f" ({r['incremental_how']}: {r['incremental_check_ms']} ms; "
                        f"{r['incremental_total']:,} in all, expected "
                        f"{r['incremental_expected_total']:,})")
        rss = f"{r['check_maxrss_mib']:.0f}" if "check_maxrss_mib" in r else "—"
        quads = f"{r['quads']:,}" if r.get("quads") else "—"
        ingest = secs(r.get("ingest_s"), killed == "ingest", cap) + f" ({r.get('ingest_calls')})"
        evidence = (secs(r.get("evidence_s"), killed == "evidence", cap)
                    + f" ({r.get('evidence_calls')})")
        cells = [f"{r['articles']:,}", quads, found, printed, distinct, ingest, evidence,
                 secs(r.get("check_s"), killed == "check", cap), rss, inc]
        lines.append("| " + " | ".join(cells) + " |")
    remote = [(r["articles"], x) for r in rows for x in r.get("remote", [])]
    if remote:
        lines += ["", "| articles | backend | load s | check s | check peak RSS MiB | "
                  "recorded | printed | distinct |", "|---|---|---|---|---|---|---|---|"]
        for n, x in remote:
            if "skipped" in x or "error" in x:
                lines.append(f"| {n:,} | {x['backend']} | {short(x, cap)} | | | | | |")
                continue
            lines.append(f"| {n:,} | {x['backend']} | {x['load_s']:.1f} | "
                         f"{secs(x['check_s'], x['killed'], cap)} | {x['check_maxrss_mib']:.0f} | "
                         f"{x.get('recorded', '—')} | {x.get('printed', '—')} | "
                         f"{x.get('distinct', '—')} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, nargs="*", default=[100, 1000, 10000])
    ap.add_argument("--shape", choices=["newsroom", "issue"], default="newsroom",
                    help="issue: 40 companies, claims repeated and one contradicting "
                         "finding an article, one ingest call (issue 14)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cap", type=float, default=600.0, help="seconds a process may take")
    ap.add_argument("--backends", default="embedded",
                    help="comma-separated: embedded, server (oxigraph serve), virtuoso")
    ap.add_argument("--batch", type=int, default=5000, help="article paths per ingest call")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the stores and outputs")
    a = ap.parse_args()
    a.backends = [b.strip() for b in a.backends.split(",") if b.strip()]
    unknown = set(a.backends) - {"embedded", "server", "virtuoso"}
    if unknown:
        ap.error(f"unknown backend(s): {', '.join(sorted(unknown))}")
    print(f"# newsroom {time.strftime('%Y-%m-%d %H:%M')}, shape {a.shape}, nproc "
          f"{os.cpu_count()}, cap {a.cap:.0f} s a process", flush=True)
    rows = []
    for n in a.articles:
        row = one_size(a, n)
        rows.append(row)
        if row.get("killed"):
            print(f"  {row['killed']} passed the cap at {n} articles: larger sizes skipped")
            break
    print()
    print(table(rows, a.cap))
    path = a.json or (newsroom_corpus.default_out() / f"newsroom-results-{a.shape}.json")
    path.write_text(json.dumps({"when": time.strftime("%Y-%m-%d %H:%M"), "cap": a.cap,
                                "rows": rows}, indent=1) + "\n")
    print(f"\nresults: {path}")


if __name__ == "__main__":
    main()
