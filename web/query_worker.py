"""Public SPARQL queries with a hard deadline and a size limit.

pyoxigraph cannot cancel a running query, so a thread cannot be stopped at the
deadline. For the embedded on-disk store, queries therefore run in a small pool of
worker processes: each opens a read-only snapshot of the store (a RocksDB checkpoint
made with `Store.backup`, hard links, so the writer never changes files a reader
uses), gets jobs over a pipe and sends back the finished answer (status, media
type, bytes). A worker that misses the deadline is killed and replaced, and the
client gets 503; the other workers keep answering.

After a write (the app calls `mark_dirty`), the next query makes a new snapshot
and each worker reopens it before its next job.

For an in-memory store (tests) or a remote store there is no file to snapshot:
the query runs in a thread and the client still gets 503 at the deadline, but the
thread runs on until the engine returns (a remote engine applies its own timeout).

The result-size limit is checked while the rows are read, so a huge result is
refused (413) without being built; it is never cut and passed off as complete.
"""

from __future__ import annotations

import collections
import contextlib
import gzip
import json
import os
import pickle
import queue
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

from kg.results import NotRepresentable, negotiate, serialize_result
from kg.store import EmbeddedStore, QueryResult, Store, StoreError
from web.query_fence import control_reason, network_reason, update_reason

__all__ = ["Job", "Answer", "QueryRunner", "FORMAT_PARAM", "pick_media", "finish"]

# download links on the query page: ?format=csv and so on
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
                "nt": "application/n-triples", "jsonld": "application/ld+json",
                "rdfxml": "application/rdf+xml"}


@dataclass(frozen=True)
class Job:
    """One public query and how the client wants the answer."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str | None = None
    format: str = ""
    limit: int = 10_000
    union: bool = True  # without default_graphs: the union of all graphs, else the store's own
    max_bytes: int = 32 * 1024 * 1024  # of the answer's body
    received: float | None = None  # when the request had arrived (monotonic): the deadline
    # counts from then, so time spent waiting for a thread or a worker is part of it


@dataclass(frozen=True)
class Answer:
    """What to send back: 200 with a body, or an error status with a one-line message."""

    status: int
    media: str = "text/plain"
    body: bytes = b""
    kind: str = ""
    message: str = ""
    extra: dict = field(default_factory=dict)


def pick_media(kind: str, accept: str | None, fmt: str = "") -> str | None:
    """The answer's media type: a known `format` parameter wins, else the Accept header."""
    wanted = FORMAT_PARAM.get(fmt)
    if wanted and negotiate(wanted, kind):
        return wanted
    return negotiate(accept, kind)


def _over(limit: int, what: str) -> Answer:
    return Answer(413, message=f"the result has more than {limit} {what} (the endpoint's "
                               "result limit); add a LIMIT or narrow the query")


def _too_big(result: QueryResult, limit: int) -> Answer | None:
    if result.kind == "select" and len(result.rows) > limit:
        return _over(limit, "rows")
    if result.kind == "graph" and result.graph is not None and len(result.graph) > limit:
        return _over(limit, "triples")
    return None


def _over_bytes(limit: int) -> Answer:
    return Answer(413, message=f"the result is larger than {limit:,} bytes (the endpoint's "
                               "result size limit); add a LIMIT or select fewer or shorter "
                               "values")


def _term_bytes(result: QueryResult) -> int:
    """A lower bound of any serialisation's size: the characters of the terms' values."""
    if result.kind == "select":
        return sum(len(t) for row in result.rows for t in row if t is not None)
    if result.kind == "graph" and result.graph is not None:
        return sum(len(s) + len(p) + len(o) for s, p, o in result.graph)
    return 0


def finish(result: QueryResult, job: Job) -> Answer:
    """Check the size limits and write the result in the negotiated format."""
    refused = _too_big(result, job.limit)
    if refused:
        return refused
    media = pick_media(result.kind, job.accept, job.format)
    if media is None:
        return Answer(406, message="no acceptable result format for this query")
    if _term_bytes(result) > job.max_bytes:
        return _over_bytes(job.max_bytes)
    try:
        body = serialize_result(result, media)
    except NotRepresentable as e:  # RDF/XML cannot name every predicate
        return Answer(406, message=str(e))
    if len(body) > job.max_bytes:
        return _over_bytes(job.max_bytes)
    return Answer(200, media, body, result.kind)


def _query_error(e: BaseException) -> Answer:
    text = str(e).splitlines()[0] if str(e) else repr(e)
    return Answer(400, message=f"query error: {text}")


# --- inside a worker process -----------------------------------------------------


def _capped_result(raw, limit: int, max_bytes: int) -> QueryResult | Answer:
    """pyoxigraph's answer as a QueryResult, reading at most limit + 1 rows/triples and
    no more than `max_bytes` of values (413 beyond: one huge row is as costly as many)."""
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.store import from_ox

    if isinstance(raw, bool | ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(raw))
    size = 0
    if isinstance(raw, ox.QuerySolutions):
        variables = [v.value for v in raw.variables]
        rows = []
        for sol in raw:
            row = tuple(None if t is None else from_ox(t) for t in sol)
            size += sum(len(t) for t in row if t is not None)
            if size > max_bytes:
                return _over_bytes(max_bytes)
            rows.append(row)
            if len(rows) > limit:
                break
        return QueryResult("select", variables=variables, rows=rows)
    g = Graph()
    for t in raw:
        triple = (from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
        size += sum(map(len, triple))
        if size > max_bytes:
            return _over_bytes(max_bytes)
        g.add(triple)
        if len(g) > limit:
            break
    return QueryResult("graph", graph=g)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term_ox(term) -> dict:
    """A pyoxigraph term as SPARQL JSON, exactly as kg.results writes the rdflib term;
    RDF 1.2's triple terms and base directions as SPARQL 1.2 writes them (as Oxigraph
    does: "type": "triple", "its:dir")."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term_ox(term.subject),
                                            "predicate": _json_term_ox(term.predicate),
                                            "object": _json_term_ox(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
        if term.direction is not None:
            out["its:dir"] = term.direction.value
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


_encode = json.JSONEncoder(ensure_ascii=False).encode
_FRAGMENTS: dict = {}  # pyoxigraph term -> its SPARQL JSON text (IRIs recur across queries)
_FRAGMENTS_MAX = 20_000


def _fragment(term) -> str:
    text = _FRAGMENTS.get(term)
    if text is None:
        text = _encode(_json_term_ox(term))
        if len(_FRAGMENTS) >= _FRAGMENTS_MAX:
            _FRAGMENTS.clear()
        _FRAGMENTS[term] = text
    return text


_OX_RESULT_FORMATS = {"application/sparql-results+xml": "XML", "text/csv": "CSV",
                      "text/tab-separated-values": "TSV"}


def _select_answer(raw, job: Job) -> Answer:
    """A SELECT answered straight from pyoxigraph's terms, never through rdflib (which has
    no RDF 1.2 terms): SPARQL JSON put together here (the common case), every other format
    written by Oxigraph's own results writers from that JSON."""
    import pyoxigraph as ox

    media = pick_media("select", job.accept, job.format)
    if media is None:
        return Answer(406, message="no acceptable result format for this query")
    answer = _select_json(raw, job)
    if answer.status != 200 or media == "application/sparql-results+json":
        return answer
    fmt = getattr(ox.QueryResultsFormat, _OX_RESULT_FORMATS[media])
    body = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON) \
        .serialize(format=fmt) or b""
    if len(body) > job.max_bytes:
        return _over_bytes(job.max_bytes)
    return Answer(200, media, body, "select")


def _graph_answer(raw, job: Job) -> Answer:
    """A CONSTRUCT or DESCRIBE answered from pyoxigraph's triples by Oxigraph's writers."""
    from kg.results import GRAPH_TYPES, write_rdf

    media = pick_media("graph", job.accept, job.format)
    if media is None:
        return Answer(406, message="no acceptable result format for this query")
    triples = []
    size = 0
    for t in raw:
        if len(triples) == job.limit:
            return _over(job.limit, "triples")
        size += len(str(t))
        if size > job.max_bytes:
            return _over_bytes(job.max_bytes)
        triples.append((t.subject, t.predicate, t.object))
    try:
        body = write_rdf(triples, GRAPH_TYPES[media])
    except NotRepresentable as e:  # RDF/XML cannot name every predicate, and so on
        return Answer(406, message=str(e))
    if len(body) > job.max_bytes:
        return _over_bytes(job.max_bytes)
    return Answer(200, media, body, "graph")


def _select_json(raw, job: Job) -> Answer:
    """SELECT as SPARQL JSON straight from pyoxigraph's terms (the bulk of a small query's
    time when it goes through rdflib). The text is put together from each term's JSON,
    kept per term, byte for byte what json.dumps writes for the whole document (and so
    what kg.results writes on the in-process path)."""
    media = "application/sparql-results+json"
    variables = [v.value for v in raw.variables]
    keys = [_encode(v) + ": " for v in variables]
    rows = []
    size = 0
    for sol in raw:
        if len(rows) == job.limit:
            return _over(job.limit, "rows")
        row = "{" + ", ".join([k + _fragment(t) for k, t in zip(keys, sol, strict=True)
                               if t is not None]) + "}"
        size += len(row) + 2
        if size > job.max_bytes:
            return _over_bytes(job.max_bytes)
        rows.append(row)
    body = ('{"head": {"vars": [' + ", ".join(map(_encode, variables)) +
            ']}, "results": {"bindings": [' + ", ".join(rows) + "]}}")
    return Answer(200, media, body.encode("utf-8"), "select")


def _run_on_ox(store, job: Job) -> Answer:
    import pyoxigraph as ox

    kwargs: dict = {}
    if job.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    elif job.union:
        kwargs["use_default_graph_as_union"] = True
    if job.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    refused = network_reason(job.query)
    if refused:
        return Answer(400, message=refused)
    try:
        raw = store.query(job.query, **kwargs)
        if isinstance(raw, ox.QuerySolutions):
            return _select_answer(raw, job)
        if isinstance(raw, ox.QueryTriples):
            return _graph_answer(raw, job)
        result = _capped_result(raw, job.limit, job.max_bytes)
        if isinstance(result, Answer):
            return result
    except SyntaxError as e:
        return _query_error(StoreError(f"SPARQL syntax error: {e}"))
    except (OSError, ValueError, RuntimeError, TypeError) as e:
        return _query_error(e)
    return finish(result, job)


def _result_on_ox(store, job: Job) -> QueryResult | Answer:
    """The query's result itself (for the pages, which render it), under the job's row
    and byte limits; an Answer when it fails."""
    import pyoxigraph as ox

    kwargs: dict = {}
    if job.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    elif job.union:
        kwargs["use_default_graph_as_union"] = True
    if job.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        return _capped_result(store.query(job.query, **kwargs), job.limit, job.max_bytes)
    except SyntaxError as e:
        return _query_error(StoreError(f"SPARQL syntax error: {e}"))
    except (OSError, ValueError, RuntimeError, TypeError) as e:
        return _query_error(e)


def _watch_parent(parent: int) -> None:
    """Exit when the web app's process is gone, even in the middle of a query: a worker
    left running a pathological query would otherwise run for ever. (pyoxigraph lets
    other threads run while it evaluates a query.)"""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


# --- messages over the pipes ---------------------------------------------------------

_HEADER = struct.Struct("!I")


def _send(fd: int, obj) -> None:
    """A message: its length and its pickle, in one write."""
    data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int):
    """The next message; EOFError when the other end is gone. One read for most
    answers (multiprocessing's Connection makes two: the length, then the rest), which
    matters in the web process, where every blocking call is a turn of its one
    interpreter lock. The protocol is one message, one reply, so a read never takes
    bytes of the message after."""
    buf = bytearray()
    need = _HEADER.size
    while len(buf) < need:
        chunk = os.read(fd, max(need - len(buf), 65536))
        if not chunk:
            raise EOFError
        buf += chunk
        if need == _HEADER.size and len(buf) >= need:
            need += _HEADER.unpack_from(buf)[0]
    return pickle.loads(memoryview(buf)[_HEADER.size:need])


def _check_update(text: str, base_iri: str | None = None) -> Answer:
    """Read and run an update on an empty store, here where a crash (the engine's stack
    overflowing on deep nesting) takes down only this worker: the web app runs it on
    the real store only after this answered. SERVICE and LOAD are refused first."""
    import pyoxigraph as ox

    refused = network_reason(text, update=True) or control_reason(text)
    if refused:
        return Answer(400, message=refused)
    try:
        ox.Store().update(text, base_iri=base_iri)
    except SyntaxError as e:
        return Answer(400, message=f"update error: SPARQL syntax error: {e}")
    except (OSError, ValueError, RuntimeError, TypeError):
        pass  # about the data (DROP of a graph an empty store lacks): the real run says
    return Answer(200)


CHECK_STACK = 8 * 1024 * 1024  # a quarter of the web threads' stack (web.server)


def _in_small_stack(fn, *args):
    """`fn(*args)` in a thread with a stack of CHECK_STACK bytes, whatever this process's
    own stack limit is, so what passes here has room to spare in the web process."""
    found: list = []
    previous = threading.stack_size(CHECK_STACK)
    try:
        thread = threading.Thread(target=lambda: found.append(fn(*args)), daemon=True)
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    return found[0] if found else Answer(500, message="the update check failed")


def _worker_main(inp: int, out: int) -> None:
    """A worker process: open the snapshot each job names, answer, repeat until EOF.

    Before the first job it gives up the network for good (web.no_network): whatever a
    query says, this process cannot open a socket other than a Unix one."""
    import pyoxigraph as ox

    from web.no_network import deny_network

    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    why = deny_network()
    if why is not None:
        print(f"privacykg query worker: no network fence ({why}); queries are still "
              "read for SERVICE and LOAD before they run", file=sys.stderr, flush=True)

    store, opened = None, None
    while True:
        try:
            kind, snapshot, payload = _receive(inp)
        except (EOFError, OSError):
            return
        try:
            if snapshot and snapshot != opened:
                store, opened = None, None
                store, opened = ox.Store.read_only(snapshot), snapshot
            if kind == "update":
                answer = _in_small_stack(_check_update, *payload)
            elif kind == "result":
                answer = _result_on_ox(store, payload)
            elif kind == "dump":
                with gzip.open(payload, "wb", compresslevel=6) as file:
                    store.dump(file, ox.RdfFormat.N_QUADS)
                answer = Answer(200)
            else:
                answer = _run_on_ox(store, payload)
        except Exception as e:  # noqa: BLE001 - the worker must answer, never die silently
            answer = Answer(500, message=f"the query worker failed: {e}")
        _send(out, answer)


# --- in the web app ---------------------------------------------------------------


class Busy(Exception):
    """No worker became free before the deadline."""


class _Worker:
    """One worker process (`python -m web.query_worker`) and the two pipes to it.

    A plain subprocess, not multiprocessing's spawn: that re-imports the parent's
    main module, which a WSGI server or a script without a main guard does not allow."""

    def __init__(self) -> None:
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "web.query_worker", str(to_child), str(from_child)],
                pass_fds=(to_child, from_child), stdin=subprocess.DEVNULL, env=env)
        finally:
            os.close(to_child)
            os.close(from_child)
        self.out, self.inp = from_parent, to_parent
        self._ready = select.poll()
        self._ready.register(to_parent, select.POLLIN)

    def ask(self, message: tuple, timeout: float) -> Answer | None:
        """The worker's answer, or None when it missed the deadline (it is killed)."""
        _send(self.out, message)
        if self._ready.poll(max(int(timeout * 1000), 0)):
            return _receive(self.inp)
        self.kill()
        return None

    def kill(self) -> bool:
        """Stop the worker; True when it had died of a crash of its own (the engine
        aborting or faulting: what a stack overflow on deep nesting looks like)."""
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        for fd in (self.out, self.inp):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.out = self.inp = -1
        return self.proc.returncode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS)


def _timeout_answer(seconds: float) -> Answer:
    return Answer(503, message=f"the query did not finish within {seconds:g} s (the endpoint's "
                               "time limit) and was stopped; simplify it or add a LIMIT",
                  extra={"Retry-After": "5"})


class _Waiter:
    """A request waiting for a worker: `ready` is released when `worker` is set."""

    __slots__ = ("ready", "worker")

    def __init__(self) -> None:
        self.ready = threading.Lock()
        self.ready.acquire()
        self.worker: _Worker | None = None


class _DaemonThreads:
    """Reused daemon threads (a thread per query costs more than a small query).
    Not concurrent.futures' pool: it joins its threads at exit, and a query that never
    ends would then keep the process from exiting."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._idle = 0
        self._count = 0
        self._lock = threading.Lock()

    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        with self._lock:
            if self._idle == 0 and self._count < self.limit:
                self._count += 1
                threading.Thread(target=self._loop, daemon=True,
                                 name="privacykg-query").start()
        self._jobs.put((future, fn, args))
        return future

    def _loop(self) -> None:
        while True:
            with self._lock:
                self._idle += 1
            future, fn, args = self._jobs.get()
            with self._lock:
                self._idle -= 1
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn(*args))
                except BaseException as e:  # noqa: BLE001 - handed to the waiting request
                    future.set_exception(e)


def _remove_orphans(parent: Path) -> None:
    """Snapshot folders left by a server that was killed before it could clean up (the
    folder names its process id; a folder whose process is gone is nobody's)."""
    for folder in parent.glob(".privacykg-snapshots-*"):
        pid = folder.name.split("-")[2]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass  # another user's live process


class QueryRunner:
    """Runs public queries with a deadline: in worker processes for an on-disk
    EmbeddedStore when `workers` > 0, else in a thread per query."""

    def __init__(self, store: Store, workers: int, timeout: float) -> None:
        self.store, self.timeout = store, timeout
        path = getattr(store, "path", None)
        self.pooled = isinstance(store, EmbeddedStore) and path is not None and workers > 0
        self.size = workers
        # last in, first out: the most recently used worker has warm caches
        self._idle: list[_Worker] = []
        # requests waiting for a worker, oldest first: a freed worker goes to the oldest
        # (a request arriving just then must not take it, or a waiter can starve)
        self._waiting: collections.deque[_Waiter] = collections.deque()
        self._count = 0
        self._lock = threading.Lock()
        self._snap_lock = threading.Lock()
        self._dirty = True
        self._writes = -1  # the store's write count at the last snapshot
        self._gen = 0
        self._current: Path | None = None
        self._users: dict[Path, int] = {}
        self._dumps: dict[Path, Path] = {}
        self._all: weakref.WeakSet[_Worker] = weakref.WeakSet()
        self._dir: Path | None = None
        self._threads = _DaemonThreads(32)
        if self.pooled:
            parent = Path(path).resolve().parent  # same file system: hard links, not copies
            _remove_orphans(parent)
            self._dir = Path(tempfile.mkdtemp(prefix=f".privacykg-snapshots-{os.getpid()}-",
                                              dir=parent))
        self._finalizer = weakref.finalize(self, QueryRunner._cleanup, self._all, self._dir)

    @staticmethod
    def _cleanup(workers, directory: Path | None) -> None:
        for w in list(workers):
            w.kill()
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)

    def close(self) -> None:
        """Stop the workers and remove the snapshots."""
        self._finalizer()

    def mark_dirty(self) -> None:
        """The store was written: the next query reads a fresh snapshot."""
        self._dirty = True

    def version(self) -> int | None:
        """A number that changes whenever what queries see may have changed (for caches
        of derived answers), or None when that cannot be known (no snapshots)."""
        if not self.pooled or self._dirty or getattr(self.store, "writes", 0) != self._writes:
            return None
        return self._gen

    # snapshots ------------------------------------------------------------------

    def _take_snapshot(self) -> Path:
        with self._snap_lock:
            writes = getattr(self.store, "writes", 0)
            if self._dirty or self._current is None or writes != self._writes:
                self._dirty = False  # before the backup: a write during it marks again
                self._writes = writes
                self._gen += 1
                target = self._dir / f"snapshot-{self._gen}"
                self.store.backup(target)
                self._current = target
                self._users.setdefault(target, 0)
                self._collect()
            self._users[self._current] += 1
            return self._current

    def _release(self, snapshot: Path) -> None:
        with self._snap_lock:
            self._users[snapshot] -= 1
            self._collect()

    def _collect(self) -> None:
        for snap, n in list(self._users.items()):
            if snap != self._current and n == 0:
                del self._users[snap]
                dump = self._dumps.pop(snap, None)
                if dump is not None:
                    dump.unlink(missing_ok=True)
                shutil.rmtree(snap, ignore_errors=True)

    # workers --------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        w = _Worker()
        self._all.add(w)
        return w

    def _acquire(self, deadline: float) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
            grow = self._count < self.size
            if grow:
                self._count += 1
            else:
                waiter = _Waiter()
                self._waiting.append(waiter)
        if grow:
            try:
                return self._spawn()
            except Exception:
                with self._lock:
                    self._count -= 1
                raise
        waiter.ready.acquire(timeout=max(deadline - time.monotonic(), 0.0))
        with self._lock:
            if waiter.worker is None:
                self._waiting.remove(waiter)
                raise Busy
            return waiter.worker

    def _give_back(self, worker: _Worker) -> None:
        """A free worker: to the request that has waited longest, else to the idle ones."""
        with self._lock:
            if self._waiting:
                waiter = self._waiting.popleft()
                waiter.worker = worker
                waiter.ready.release()
            else:
                self._idle.append(worker)

    def _lost(self) -> None:
        """A worker was killed or died: start its replacement in the background."""
        def replace() -> None:
            try:
                self._give_back(self._spawn())
            except Exception:  # noqa: BLE001 - the next query spawns one instead
                with self._lock:
                    self._count -= 1
        threading.Thread(target=replace, daemon=True).start()

    def _ask(self, kind: str, payload, timeout: float) -> Answer:
        deadline = time.monotonic() + timeout
        try:
            worker = self._acquire(deadline)
        except Busy:
            return Answer(503, message=f"every query worker stayed busy for {timeout:g} s; "
                                       "try again later", extra={"Retry-After": "5"})
        if deadline - time.monotonic() <= 0.001:  # got a worker just as time ran out
            self._give_back(worker)
            return _timeout_answer(self.timeout if kind in ("query", "result") else timeout)
        snapshot = self._take_snapshot() if kind != "update" else None
        try:
            answer = worker.ask((kind, str(snapshot or ""), payload),
                                deadline - time.monotonic())
        except (EOFError, OSError, BrokenPipeError):
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.proc.wait(1)  # its pipe closed as it died: let it finish dying
            crashed = worker.kill()
            self._lost()
            if crashed:
                return Answer(400, message=f"the {kind} stopped the engine that read it "
                                           "(its stack ran out: nested too deeply?); "
                                           "nothing was changed")
            return Answer(500, message="the query worker stopped unexpectedly")
        finally:
            if snapshot is not None:
                self._release(snapshot)
        if answer is None:
            self._lost()
            return _timeout_answer(self.timeout if kind in ("query", "result") else timeout)
        self._give_back(worker)
        return answer

    # public ---------------------------------------------------------------------

    def run(self, job: Job) -> Answer:
        """The answer to `job`, within the time limit (counted from `job.received`)."""
        left = self.timeout
        if job.received is not None:
            left -= time.monotonic() - job.received
            if left <= 0:
                return _timeout_answer(self.timeout)
        if self.pooled:
            return self._ask("query", job, left)
        return self._in_thread(job, left)

    def result(self, job: Job, left: float) -> QueryResult | Answer:
        """`job`'s result itself (the pages' queries, written by us: no fence needed,
        only the deadline), within `left` seconds; an Answer when it fails or is late."""
        if self.pooled:
            return self._ask("result", job, left)
        future = self._threads.submit(self._result_here, job)
        try:
            return future.result(left)
        except FutureTimeout:
            return _timeout_answer(self.timeout)

    def _result_here(self, job: Job) -> QueryResult | Answer:
        from rdflib import URIRef

        try:
            return self.store.query(
                job.query, union=job.union and not job.default_graphs,
                default_graphs=[URIRef(g) for g in job.default_graphs] or None,
                named_graphs=[URIRef(g) for g in job.named_graphs] or None)
        except StoreError as e:
            return _query_error(e)

    def check_update(self, text: str, base_iri: str | None = None) -> Answer:
        """200 when `text` may run on the store: it names no SERVICE or LOAD, and it
        parses and runs on an empty store in a worker (so an update that would crash
        the engine crashes a worker, not the web app). Without workers, in a thread."""
        if self.pooled:
            return self._ask("update", (text, base_iri), self.timeout)
        future = self._threads.submit(_check_update, text, base_iri)
        try:
            return future.result(self.timeout)
        except FutureTimeout:
            return _timeout_answer(self.timeout)

    def _work(self, job: Job) -> Answer:
        from rdflib import URIRef

        refused = network_reason(job.query)
        if refused is None and not isinstance(self.store, EmbeddedStore):
            refused = update_reason(job.query)
        if refused:
            return Answer(400, message=refused)
        try:
            result = self.store.query(
                job.query, union=job.union and not job.default_graphs,
                default_graphs=[URIRef(g) for g in job.default_graphs] or None,
                named_graphs=[URIRef(g) for g in job.named_graphs] or None)
            return finish(result, job)
        except StoreError as e:
            return _query_error(e)
        except Exception as e:  # noqa: BLE001 - reported as a status, not a traceback
            return Answer(500, message=f"the query failed: {e}")

    def _in_thread(self, job: Job, left: float) -> Answer:
        """The fallback: a pool thread runs the query; at the deadline the client gets
        503 and the thread runs on (it cannot be stopped)."""
        future = self._threads.submit(self._work, job)
        try:
            return future.result(left)
        except FutureTimeout:
            return _timeout_answer(self.timeout)

    def dump(self, timeout: float = 600.0) -> Path | None:
        """A gzipped N-Quads file of the current snapshot (made once per snapshot), or
        None when there is no pool (the caller dumps from the store itself)."""
        if not self.pooled:
            return None
        snapshot = self._take_snapshot()
        try:
            with self._snap_lock:
                ready = self._dumps.get(snapshot)
            if ready is not None and ready.exists():
                return ready
            target = snapshot.with_name(snapshot.name + ".nq.gz")
            answer = self._ask("dump", str(target), timeout)
            if answer.status != 200:
                raise StoreError(answer.message or "the dump failed")
            with self._snap_lock:
                self._dumps[snapshot] = target
            return target
        finally:
            self._release(snapshot)


if __name__ == "__main__":
    # run the imported module's function, so what it sends pickles as web.query_worker.*
    from web.query_worker import _worker_main as main

    main(int(sys.argv[1]), int(sys.argv[2]))
