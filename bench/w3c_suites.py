"""The W3C SPARQL 1.0, 1.1 and 1.2 query evaluation tests through `privacykg serve` and a
plain `oxigraph serve --union-default-graph`, on the same data: every difference in status
and answer, in every result format, and every 5xx.

    .venv/bin/python bench/w3c_suites.py RDF_TESTS/sparql [--suites sparql10 sparql11 sparql12]
        [--only GLOB] [--json OUT]

The tests are not the project's and are never committed: fetch them into a scratch folder
(`fetch github:w3c/rdf-tests`; commit ad541a5 was used), export the sparql folder there
(`git archive HEAD sparql | tar -x -C /tmp/scratch/rdf-tests` in the fetched git folder)
and pass that folder (`/tmp/scratch/rdf-tests/sparql`).

privacykg answers with Oxigraph's engine but its own protocol layer, limits and result
writers, so a plain Oxigraph server on the same data is the reference: a difference is the
endpoint's, not the engine's (the tests' expected results are not read). Each suite's
`manifest-all.ttl` (else `manifest.ttl`; sparql11's leaves the entailment and SERVICE
tests out, and they should show as skipped) is walked through its `mf:include`s; every
`mf:QueryEvaluationTest` (and `mf:CSVResultFormatTest`, the same shape) runs, whatever its
approval or `mf:requires`, except those in folders that need more than a query over loaded
data (entailment, SERVICE, the protocols, service description), which are listed as
skipped. Per test both servers are emptied (`DROP SILENT ALL`), get each data file
(parsed by pyoxigraph, base IRI the file's URL) as N-Triples in `INSERT DATA`, named
graphs under the file's URL, and so are the files the query's FROM and FROM NAMED name
(otherwise the dataset tests query nothing); then the query (prefixed with
`BASE <query file URL>` when it has none) in every result format of its form. A refused
load is the test's one answer. Non-200 answers are compared by status only.
Per request 30 s at most; privacykg's per-client query budget is off (one client sends
every query), its other limits are its defaults. Both servers listen on 127.0.0.1 only and
are stopped on exit.
"""

from __future__ import annotations

import argparse
import fnmatch
import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import OxigraphServer, free_port  # noqa: E402

BIN = Path(sys.executable).parent
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
TIMEOUT = 30.0
SUITES = ("sparql10", "sparql11", "sparql12")
TYPES = (MF.QueryEvaluationTest, MF.CSVResultFormatTest)
# folders whose tests need more than a query over loaded data
SKIP = {
    "entailment": "needs an entailment regime",
    "service": "SERVICE: a request to another endpoint",
    "http-rdf-update": "Graph Store protocol, not a query",
    "graph-store-protocol": "Graph Store protocol, not a query",
    "protocol": "SPARQL protocol tests, not a query over data",
    "service-description": "service description, not a query over data",
}
FORMATS = {
    "select": [("json", "application/sparql-results+json"),
               ("xml", "application/sparql-results+xml"),
               ("csv", "text/csv"), ("tsv", "text/tab-separated-values")],
    "ask": [("json", "application/sparql-results+json"),
            ("xml", "application/sparql-results+xml")],
    "graph": [("turtle", "text/turtle"), ("ntriples", "application/n-triples"),
              ("jsonld", "application/ld+json"), ("rdfxml", "application/rdf+xml")],
}
RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
           "tsv": ox.QueryResultsFormat.TSV}
GRAPHS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
          "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}
# privacykg's documented refusals: (heading, the format it applies to or None, message part)
INTENTIONAL = [
    ("SERVICE and network requests refused (400)", None, "SERVICE and LOAD are not allowed"),
    ("result row limit (413)", None, "result limit"),
    ("JSON-LD cannot carry RDF 1.2 triple terms (406)", "jsonld", "ask for Turtle"),
    ("data with control characters refused", None, "control character"),
]
# IRIs, strings and comments: where keywords are not keywords
_TERMS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                    r'|<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|' r"'(?:[^'\\\n]|\\.)*'|#[^\n]*")
_BNODE_LABEL = re.compile(r"(?<![\w:])_:[A-Za-z0-9_\-.]*[A-Za-z0-9_\-]")
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _keyword(word: str) -> re.Pattern:
    return re.compile(rf"(?<![\w:?$-]){word}(?![\w:-])", re.I)


_FORM = _keyword("(SELECT|ASK|CONSTRUCT|DESCRIBE)")
_BASE = _keyword("BASE")
_ORDER = _keyword(r"ORDER\s+BY")
_FROM = re.compile(r"(?<![\w:?$-])FROM\s+(?:NAMED\s+)?<([^<>\s]*)>", re.I)


# --- the tests -------------------------------------------------------------------


@dataclass
class Case:
    """A test: its query and the files of its dataset (graph names are file URLs)."""
    suite: str
    name: str
    query: Path
    query_iri: str
    data: list[tuple[str, Path]] = field(default_factory=list)  # (base IRI, file)
    graphs: list[tuple[str, str, Path]] = field(default_factory=list)  # (name, base, file)
    requires: list[str] = field(default_factory=list)
    skip: str | None = None


def _path(iri: str) -> Path:
    return Path(urllib.parse.unquote(urllib.parse.urlparse(iri).path))


def manifest_files(top: Path) -> list[Path]:
    """`top` and every manifest it includes, each once, in include order."""
    seen: list[Path] = []
    todo = [top]
    while todo:
        path = todo.pop(0)
        if path in seen or not path.exists():
            continue
        seen.append(path)
        g = Graph().parse(path, format="turtle")
        for lst in g.objects(None, MF.include):
            todo.extend(_path(str(m)) for m in Collection(g, lst))
    return seen


def read_cases(root: Path, suite: str) -> list[Case]:
    """The suite's query evaluation tests, skipped ones marked with why."""
    folder = root / suite
    top = folder / "manifest-all.ttl"
    cases: list[Case] = []
    for path in manifest_files(top if top.exists() else folder / "manifest.ttl"):
        g = Graph().parse(path, format="turtle")
        rel = path.parent.relative_to(root)
        skip = next((why for part, why in SKIP.items() if part in rel.parts), None)
        for lst in g.objects(None, MF.entries):
            for test in Collection(g, lst):
                if not any((test, RDF.type, t) in g for t in TYPES):
                    continue
                local = (str(test).rsplit("#", 1)[-1] if isinstance(test, URIRef)
                         else str(g.value(test, MF.name)))
                action = g.value(test, MF.action)
                query = g.value(action, QT.query) if action is not None else None
                case = Case(suite, f"{rel}/{local}", _path(str(query or "")), str(query or ""),
                            requires=sorted(str(r).rsplit("#", 1)[-1]
                                            for r in g.objects(test, MF.requires)),
                            skip=skip)
                for d in g.objects(action, QT.data):
                    case.data.append((str(d), _path(str(d))))
                for d in g.objects(action, QT.graphData):
                    if isinstance(d, BNode):  # [ qt:graph <file> ; rdfs:label "name" ]
                        file, label = g.value(d, QT.graph), g.value(d, RDFS.label)
                        case.graphs.append((str(label or file), str(file), _path(str(file))))
                    else:
                        case.graphs.append((str(d), str(d), _path(str(d))))
                # what FROM and FROM NAMED name is loaded too, as a graph of that name
                # (a W3C runner reads the query's dataset from there)
                text = case.query.read_text(encoding="utf-8") if case.query.is_file() else ""
                for iri in _FROM.findall(text):
                    iri = urllib.parse.urljoin(case.query_iri, iri)
                    if _path(iri).is_file() and iri not in [n for n, _, _ in case.graphs]:
                        case.graphs.append((iri, iri, _path(iri)))
                case.data.sort()
                case.graphs.sort()
                if case.skip is None and (query is None or not case.query.is_file()):
                    case.skip = "no query file"
                cases.append(case)
    return cases


def insert_data(case: Case) -> list[tuple[str, str]]:
    """(file, `INSERT DATA` text) per data file with triples; a file pyoxigraph cannot
    read raises ValueError."""
    out = []
    files = [(None, base, path) for base, path in case.data] + case.graphs
    for name, base, path in files:
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
        if fmt is None:
            raise ValueError(f"{path.name}: no RDF format for this extension")
        try:
            quads = list(ox.parse(path=path, format=fmt, base_iri=base))
        except (SyntaxError, OSError) as e:
            raise ValueError(f"{path.name}: {str(e).splitlines()[0]}") from e
        by_graph: dict[str | None, list[ox.Triple]] = defaultdict(list)
        for q in quads:  # a qt:graphData file is all its graph's; TriG keeps its graphs
            own = None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            by_graph[name if name is not None else own].append(q.triple)
        parts = []
        for graph, triples in by_graph.items():
            text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
            parts.append(text if graph is None else f"GRAPH <{graph}> {{\n{text}}}\n")
        if parts:
            out.append((path.name, "INSERT DATA {\n" + "".join(parts) + "}"))
    return out


def query_text(case: Case) -> str:
    text = case.query.read_text(encoding="utf-8")
    return text if _BASE.search(_TERMS.sub(" ", text)) else f"BASE <{case.query_iri}>\n{text}"


def text_form(query: str) -> str | None:
    m = _FORM.search(_TERMS.sub(" ", query))
    if m is None:
        return None
    word = m.group(1).upper()
    return "select" if word == "SELECT" else "ask" if word == "ASK" else "graph"


# --- the servers ------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    media: str
    body: bytes

    def line(self) -> str:
        text = self.body.decode("utf-8", "replace").strip()
        return text.splitlines()[0][:200] if text else ""


def call(url: str, body: bytes | None, headers: dict[str, str]) -> Reply:
    req = urllib.request.Request(url, data=body, headers=headers,
                                 method="GET" if body is None else "POST")
    try:
        with _NO_PROXY.open(req, timeout=TIMEOUT) as resp:
            return Reply(resp.status, resp.headers.get("Content-Type", ""), resp.read())
    except urllib.error.HTTPError as e:
        return Reply(e.code, e.headers.get("Content-Type", ""), e.read())
    except (OSError, http.client.HTTPException) as e:  # timeouts, refused connections
        return Reply(0, "", f"no answer: {e}".encode())


@dataclass
class Endpoint:
    name: str
    query_url: str
    update_url: str
    auth: dict[str, str] = field(default_factory=dict)

    def query(self, text: str, accept: str) -> Reply:
        return call(self.query_url, text.encode(),
                    {"Content-Type": "application/sparql-query", "Accept": accept})

    def update(self, text: str) -> Reply:
        return call(self.update_url, text.encode(),
                    {"Content-Type": "application/sparql-update", **self.auth})


class PrivacykgServer:
    """`privacykg serve` on 127.0.0.1 over a new store, with a random write token."""

    def __init__(self, work: Path):
        token = secrets.token_hex(16)
        port = free_port()
        self.log = open(work / "privacykg.log", "wb")  # noqa: SIM115 - closed in stop()
        env = {**os.environ, "PRIVACYKG_TOKEN": token, "PRIVACYKG_QUERY_BUDGET": "0"}
        self.proc = subprocess.Popen(
            [BIN / "privacykg", "--store", work / "store", "serve", "--host", "127.0.0.1",
             "--port", str(port)], stdout=self.log, stderr=subprocess.STDOUT, env=env)
        base = f"http://127.0.0.1:{port}"
        self.endpoint = Endpoint("privacykg", f"{base}/sparql", f"{base}/sparql/update",
                                 {"Authorization": f"Bearer {token}"})
        deadline = time.monotonic() + 60
        while call(f"{base}/sparql?query=ASK%7B%7D", None, {}).status != 200:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("privacykg serve did not start")
            time.sleep(0.2)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# --- comparing answers ---------------------------------------------------------------


def _term(t: object) -> str:
    """A term's text with every blank node `_:b` (labels are each server's own)."""
    if isinstance(t, ox.BlankNode):
        return "_:b"
    if isinstance(t, ox.Triple):
        return f"<<( {_term(t.subject)} {_term(t.predicate)} {_term(t.object)} )>>"
    return "" if t is None else str(t)


def canonical(fmt: str, body: bytes, ordered: bool) -> object:
    """What must be the same in two answers of format `fmt`; ValueError if it does not
    parse."""
    try:
        if fmt == "csv":
            lines = _BNODE_LABEL.sub("_:b", body.decode("utf-8")).splitlines()
            return lines[:1] + sorted(lines[1:])
        if fmt in RESULTS:
            results = ox.parse_query_results(body, RESULTS[fmt])
            if isinstance(results, ox.QueryBoolean):
                return bool(results)
            rows = [tuple(_term(v) for v in s) for s in results]
            return ([v.value for v in results.variables], rows if ordered else sorted(rows))
        return sorted(" ".join(_term(x) for x in (q.subject, q.predicate, q.object))
                      for q in ox.parse(body, GRAPHS[fmt]))
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as e:
        raise ValueError(str(e).splitlines()[0][:160] if str(e) else repr(e)) from e


def _short(x: object, n: int = 90) -> str:
    text = str(x)
    return text if len(text) <= n else text[:n - 3] + "..."


def what_differs(a: object, b: object, unit: str = "rows") -> str:
    """One line on how privacykg's canonical answer `a` differs from Oxigraph's `b`."""
    if isinstance(a, bool) or isinstance(b, bool):
        return f"boolean {a} vs {b}"
    if isinstance(a, tuple) and isinstance(b, tuple) and a[0] != b[0]:
        return f"variables {a[0]} vs {b[0]}"
    ra, rb = (a[1], b[1]) if isinstance(a, tuple) and isinstance(b, tuple) else (a, b)
    if len(ra) != len(rb):
        return f"{len(ra)} vs {len(rb)} {unit}"
    if sorted(ra) == sorted(rb):
        return f"the same {unit} in another order"
    i = next(i for i, (x, y) in enumerate(zip(ra, rb, strict=True)) if x != y)
    return f"{unit[:-1]} {i}: {_short(ra[i])} vs {_short(rb[i])}"


@dataclass
class Answer:
    """One comparison: a format of a test's query, or the load of its data."""
    suite: str
    test: str
    fmt: str
    ours: Reply
    theirs: Reply
    same: bool
    what: str = ""
    cause: str = ""
    intentional: bool = False
    rows: int | None = None  # rows, triples or CSV lines in Oxigraph's parsed answer

    def as_json(self) -> dict:
        return {"suite": self.suite, "test": self.test, "format": self.fmt, "same": self.same,
                "what": self.what, "cause": self.cause, "intentional": self.intentional,
                "rows": self.rows,
                "privacykg": {"status": self.ours.status, "media": self.ours.media,
                              "line": self.ours.line() if self.ours.status != 200 else ""},
                "oxigraph": {"status": self.theirs.status, "media": self.theirs.media,
                             "line": self.theirs.line() if self.theirs.status != 200 else ""}}


def classify(ans: Answer) -> None:
    """Name the difference's cause: one of privacykg's documented refusals, or plain."""
    line = ans.ours.line()
    for heading, fmt, needle in INTENTIONAL:
        if needle in line and (fmt is None or fmt == ans.fmt):
            ans.cause, ans.intentional = heading, True
            return
    o, t = ans.ours.status, ans.theirs.status
    if o != t:
        ans.cause = f"status: privacykg {o}, oxigraph {t}"
    else:
        ans.cause = f"different {ans.fmt} answers"


def _status(fmt: str, reply: Reply, ordered: bool) -> str:
    """A reply in a few words: the status, with the size of a 200 or its message."""
    if fmt == "load" and reply.status // 100 == 2:
        return str(reply.status)
    if reply.status != 200:
        return f"{reply.status} {_short(reply.line(), 80)!r}"
    try:
        got = canonical(fmt, reply.body, ordered)
    except ValueError:
        return f"200 that does not parse: {_short(reply.line(), 60)!r}"
    if isinstance(got, bool):
        return f"200 ({got})"
    n = len(got[1]) if isinstance(got, tuple) else len(got) - (fmt == "csv")
    return f"200 ({n} {'triples' if fmt in GRAPHS else 'rows'})"


def compare(suite: str, test: str, fmt: str, ours: Reply, theirs: Reply,
            ordered: bool = False) -> Answer:
    ans = Answer(suite, test, fmt, ours, theirs, same=False)
    if ours.status != theirs.status:
        ans.what = (f"privacykg {_status(fmt, ours, ordered)} vs oxigraph "
                    f"{_status(fmt, theirs, ordered)}")
    elif ours.status != 200 or fmt == "load":
        ans.same = True  # the same refusal: statuses are compared, messages kept
    else:
        got = []
        for reply in (ours, theirs):
            try:
                got.append(("ok", canonical(fmt, reply.body, ordered)))
            except ValueError as e:
                got.append(("bad", str(e)))
        (ka, a), (kb, b) = got
        if kb == "ok" and not isinstance(b, bool):
            ans.rows = len(b[1]) if isinstance(b, tuple) else len(b) - (fmt == "csv")
        if ka == kb == "ok":
            ans.same = a == b
            unit = "triples" if fmt in GRAPHS else "lines" if fmt == "csv" else "rows"
            ans.what = "" if ans.same else what_differs(a, b, unit)
        elif ka == kb == "bad":
            ans.same = ours.body == theirs.body
            ans.what = "" if ans.same else f"neither parses: {a}"
        else:
            ans.what = (f"privacykg's answer does not parse: {a}" if ka == "bad"
                        else f"oxigraph's answer does not parse: {b}")
    if not ans.same:
        classify(ans)
    return ans


# --- running ---------------------------------------------------------------------


def probe_form(ep: Endpoint, query: str) -> str | None:
    """The query's form from a server's answer: results JSON for SELECT/ASK, Turtle for
    a graph."""
    reply = ep.query(query, "application/sparql-results+json, text/turtle;q=0.9")
    if reply.status != 200:
        return None
    if "turtle" in reply.media:
        return "graph"
    try:
        results = ox.parse_query_results(reply.body, ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError):
        return None
    return "ask" if isinstance(results, ox.QueryBoolean) else "select"


def run_case(case: Case, ours: Endpoint, theirs: Endpoint,
             five: list[dict]) -> list[Answer]:
    """Every comparison of one test, its 5xx answers appended to `five`."""

    def both(send, step: str) -> tuple[Reply, Reply]:
        replies = (send(ours), send(theirs))
        for ep, r in zip((ours, theirs), replies, strict=True):
            if r.status >= 500:
                five.append({"server": ep.name, "suite": case.suite, "test": case.name,
                             "step": step, "status": r.status, "line": r.line()})
        return replies

    inserts = insert_data(case)
    for step, text in [("clear", "DROP SILENT ALL"), *inserts]:
        a, b = both(lambda ep, t=text: ep.update(t), f"load {step}")
        if a.status // 100 != 2 or b.status // 100 != 2:
            return [compare(case.suite, case.name, "load", a, b)]
    query = query_text(case)
    ordered = bool(_ORDER.search(_TERMS.sub(" ", query)))
    form = probe_form(theirs, query) or text_form(query) or "select"
    out = []
    for fmt, accept in FORMATS[form]:
        a, b = both(lambda ep, m=accept: ep.query(query, m), fmt)
        out.append(compare(case.suite, case.name, fmt, a, b, ordered))
    return out


def report(results: dict, elapsed: float) -> None:
    print(f"# w3c_suites {time.strftime('%Y-%m-%d %H:%M')}: {elapsed:.0f} s, "
          f"rdf-tests at {results['root']}")
    print("| suite | tests | answers | same | different | privacykg 5xx | oxigraph 5xx |")
    print("|---|---|---|---|---|---|---|")
    rows = results["summary"]
    for suite, r in rows.items():
        print(f"| {suite} | {r['tests']} | {r['answers']} | {r['same']} | {r['different']} | "
              f"{r['privacykg_5xx']} | {r['oxigraph_5xx']} |")
    skipped = Counter((s["suite"], s["why"]) for s in results["skipped"])
    if skipped:
        print("\nSkipped: " + "; ".join(f"{suite} {n} ({why})"
                                        for (suite, why), n in sorted(skipped.items())))
    diffs = [d for d in results["answers"] if not d["same"]]
    for title, intentional in (("privacykg's intentional differences", True),
                               ("Other differences", False)):
        mine = [d for d in diffs if d["intentional"] == intentional]
        print(f"\n## {title}: {len(mine)}")
        groups: dict[str, list[dict]] = defaultdict(list)
        for d in mine:
            groups[d["cause"]].append(d)
        for cause, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            print(f"\n### {cause} ({len(items)})")
            for d in items:
                print(f"- {d['test']} · {d['format']} · {d['what']}")
    print(f"\n## 5xx answers: {len(results['five_xx'])}")
    for f in results["five_xx"]:
        print(f"- {f['server']}: {f['test']} · {f['step']} · {f['status']} {f['line']!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path, help="the sparql folder of w3c/rdf-tests")
    ap.add_argument("--suites", nargs="+", default=list(SUITES), choices=SUITES)
    ap.add_argument("--only", help="run the tests whose name matches this glob")
    ap.add_argument("--json", type=Path, help="write every answer, skip and 5xx here")
    a = ap.parse_args()
    root = a.root.resolve()
    cases = [c for s in a.suites for c in read_cases(root, s)
             if a.only is None or fnmatch.fnmatch(c.name, a.only)]
    runnable = [c for c in cases if c.skip is None]
    skipped = [{"suite": c.suite, "test": c.name, "why": c.skip} for c in cases if c.skip]
    answers: list[Answer] = []
    five: list[dict] = []
    summary = {s: Counter() for s in a.suites}
    t0 = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="privacykg-w3c-"))
    ours = theirs = None
    try:
        ours = PrivacykgServer(work)
        theirs = OxigraphServer(work / "oxigraph")
        ox_ep = Endpoint("oxigraph", theirs.url, theirs.update_url)
        for i, case in enumerate(runnable, 1):
            try:
                got = run_case(case, ours.endpoint, ox_ep, five)
            except ValueError as e:  # data pyoxigraph cannot read: nothing to compare
                skipped.append({"suite": case.suite, "test": case.name,
                                "why": f"data does not parse: {e}"})
                continue
            if not ours.alive():
                raise SystemExit(f"privacykg serve exited during {case.name}; see "
                                 f"{work / 'privacykg.log'}")
            row = summary[case.suite]
            row["tests"] += 1
            row["answers"] += len(got)
            row["same"] += sum(x.same for x in got)
            row["different"] += sum(not x.same for x in got)
            answers.extend(got)
            if i % 50 == 0:
                print(f"# {i}/{len(runnable)} tests, {sum(not x.same for x in answers)} "
                      f"differences, {time.perf_counter() - t0:.0f} s", file=sys.stderr,
                      flush=True)
    finally:
        if theirs is not None:
            theirs.stop()
        if ours is not None:
            ours.stop()
        shutil.rmtree(work, ignore_errors=True)
    for f in five:
        summary[f["suite"]][f"{f['server']}_5xx"] += 1
    elapsed = time.perf_counter() - t0
    keys = ("tests", "answers", "same", "different", "privacykg_5xx", "oxigraph_5xx")
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "root": str(root),
               "seconds": round(elapsed, 1),
               "summary": {s: {k: summary[s][k] for k in keys} for s in a.suites},
               "answers": [x.as_json() for x in answers], "skipped": skipped,
               "five_xx": five}
    report(results, elapsed)
    if a.json:
        a.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
