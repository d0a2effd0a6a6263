"""The store: one small interface, two backends (embedded Oxigraph here, remote SPARQL 1.1
in kg.remote_store, which builds on this module). kg.settings picks one of the two.

Every source document is one named graph. `replace_graph` swaps a graph's content
in one transaction (one SPARQL update request), so the store never holds half a
document and ingesting the same source twice changes nothing. The one exception is a
large batch of new documents on disk, which goes through Oxigraph's bulk loader
(`EmbeddedStore.write_graphs` says what that does and does not guarantee).

Query results come back as a backend-neutral `QueryResult` of rdflib terms, so the
CLI, the rules and the web app never see which engine answered.

Two fences stand at the embedded store's door. A folder is opened only when it is a
store, absent or empty (`store_folder_state`): a folder of someone's own files is never
turned into a database, and a command that only reads creates nothing. And no term
holding NUL or another C0 control character (tab, newline and carriage return aside)
is ever written (`refuse_control_terms`), whichever backend and whatever the caller.

    StoreError              the store could not do what was asked (exit 1 in the CLI)
     └── BadStore           the folder given is no usable store (exit 2: bad input)
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral
from typing import Protocol

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from scrapers.control_chars import CONTROL

Term = URIRef | BNode | Literal


class StoreError(Exception):
    """The store could not do what was asked (bad query, unreachable endpoint, …)."""


class BadStore(StoreError):
    """The folder given as the store cannot be one: absent or empty for a command that
    only reads, holding other files, or damaged. The path is the user's input, so this
    is bad input (the CLI exits 2), not a failure of the store."""


@dataclass
class QueryResult:
    """A SPARQL result independent of the engine: rows for SELECT, a boolean for
    ASK, a graph for CONSTRUCT/DESCRIBE."""

    kind: TypingLiteral["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def dicts(self) -> list[dict[str, Term]]:
        """Rows as {variable: term}, unbound variables left out."""
        return [
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]


class Store(Protocol):
    """What every backend offers. Graph names and bindings are rdflib terms."""

    def replace_graph(self, name: URIRef, graph: Graph) -> None: ...
    def drop_graph(self, name: URIRef) -> None: ...
    def graph_names(self) -> list[URIRef]: ...
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        union: bool = True,
        default_graphs: list[URIRef] | None = None,
        named_graphs: list[URIRef] | None = None,
    ) -> QueryResult: ...
    def update(self, sparql: str, base_iri: str | None = None) -> None: ...
    def quads(self) -> Dataset: ...
    def close(self) -> None: ...


# --- term conversion --------------------------------------------------------


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


class NoRdflibTerm(TypeError):
    """An RDF 1.2 term (a triple term, a literal with a base direction) that rdflib, and
    so every reader of a QueryResult, has no form for."""


_NO_RDFLIB_TERM = ("the answer holds RDF 1.2 terms (a triple term or a text direction), "
                   "which only the SPARQL endpoint writes: ask `privacykg serve`'s /sparql "
                   "for JSON, XML, TSV or Turtle")


def from_ox(term) -> Term:
    if isinstance(term, ox.Triple) or isinstance(term, ox.Literal) and \
            term.direction is not None:
        raise NoRdflibTerm(_NO_RDFLIB_TERM)
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        # keep the lexical form exactly: rdflib would normalise "1.0"^^xsd:decimal
        return Literal(term.value, datatype=URIRef(dt), normalize=False)
    raise TypeError(f"not an Oxigraph term: {term!r}")


def _nt(term: Node) -> str:
    return term.n3()


class OxTerms:
    """rdflib terms as Oxigraph terms, with IRIs converted once: an article's triples
    repeat a few dozen IRIs (types, predicates, organisations) hundreds of times."""

    def __init__(self) -> None:
        self.iris: dict[URIRef, ox.NamedNode] = {}

    def __call__(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        kind = type(term)
        if kind is URIRef:
            node = self.iris.get(term)
            if node is None:
                if len(self.iris) > 100_000:
                    self.iris.clear()
                node = self.iris[term] = ox.NamedNode(term)
            return node
        if kind is Literal and term.language is None:  # the common case, without isinstance
            dt = term.datatype
            if dt is None:
                return ox.Literal(term)
            return ox.Literal(term, datatype=self(dt))
        return to_ox(term)


def insert_data(name: URIRef, lines: list[str], verb: str = "INSERT") -> str:
    """`INSERT DATA { GRAPH <name> { … } }` (or DELETE DATA) of N-Triples lines."""
    return f"{verb} DATA {{ GRAPH " + _nt(name) + " {\n" + "\n".join(lines) + "\n} }"


def graph_as_insert(name: URIRef, graph: Graph | Iterable[tuple[Node, Node, Node]],
                    verb: str = "INSERT") -> str:
    """`INSERT DATA { GRAPH <name> { … } }` with every triple (of a graph, or a list of
    triples) serialised by rdflib; a term holding a control character is refused before
    any text is made. `verb="DELETE"`: the DELETE DATA of those triples."""
    graph = graph if isinstance(graph, Graph) else list(graph)
    refuse_control_terms([(name, graph)])
    return insert_data(name, [f"{_nt(s)} {_nt(p)} {_nt(o)} ." for s, p, o in graph], verb)


# --- what may be written ----------------------------------------------------


def refuse_control_terms(graphs: Iterable[tuple[Node, Iterable[tuple[Node, Node, Node]]]]
                         ) -> None:
    """A StoreError naming the first term (and its graph) that holds NUL or a C0 control
    character other than tab, newline and carriage return; checked before any write,
    so nothing is half written. Readers check their input earlier and say where in the
    file; this is the door every writer goes through."""
    search = CONTROL.search
    for name, triples in graphs:
        for triple in triples:
            for term in triple:
                m = search(term)
                if m is not None:
                    raise StoreError(_control_problem(name, term, m.start()))
        m = search(name)
        if m is not None:
            raise StoreError(_control_problem(name, name, m.start()))


# In SPARQL text a control character is written raw, as \uXXXX / \UXXXXXXXX (escapes
# read before parsing) or, in a string, as \b or \f (after an even run of backslashes:
# a match starts at a run's first backslash, and \b or \f counts when the run is odd).
# Two searches that each start from a literal character are 3x faster than one with
# alternatives tried at every position (an incremental check writes ~50 KB of updates).
_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPED_CONTROL = re.compile(
    r"(?<!\\)(?P<run>\\+)(?:(?P<escape>u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])"
    r"|U000000(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]))|(?P<string>[bf]))")


def refuse_control_update(sparql: str) -> None:
    """A StoreError when a SPARQL update's text writes a control character that is never
    stored (raw or escaped): the door for writes that come as text, not as terms."""
    m = _RAW_CONTROL.search(sparql)
    if m is not None:
        raise StoreError(_refused_update(f"U+{ord(m.group()):04X}", m.start()))
    if "\\" not in sparql:
        return
    for m in _ESCAPED_CONTROL.finditer(sparql):
        if m.group("escape") or len(m.group("run")) % 2:
            shown = "\\" + (m.group("escape") or m.group("string"))
            raise StoreError(_refused_update(f"{shown} (escaped)",
                                             m.end("run") - 1))


def _refused_update(shown: str, at: int) -> str:
    return (f"refused the update: it holds the control character {shown} (at character "
            f"{at}); NUL and control characters other than tab, newline and carriage return "
            "are never stored")


def _control_problem(name: Node, term: Node, at: int) -> str:
    kind = "literal" if isinstance(term, Literal) else "IRI" if isinstance(term, URIRef) \
        else "blank node"
    shown = str(term) if len(term) <= 60 else str(term)[:57] + "..."
    return (f"refused to store the {kind} {shown!r} in graph <{name!s:.200}>: it holds the "
            f"control character U+{ord(term[at]):04X} at character {at}; NUL and control "
            "characters other than tab, newline and carriage return are never stored")


# --- which folders are stores ------------------------------------------------

# What Oxigraph's RocksDB writes into its folder; CURRENT names the live manifest.
_ROCKSDB_FILE = re.compile(r"^(?:CURRENT|IDENTITY|LOCK|LOG(?:\.old\.\d+)?|MANIFEST-\d+|"
                           r"OPTIONS-\d+|\d+\.(?:sst|log|blob)|[^/]*\.dbtmp)$")
FolderState = TypingLiteral["absent", "empty", "store", "other"]


def store_folder_state(path: str | Path) -> FolderState:
    """What a folder given as the store is: absent, empty, a store (only RocksDB's files,
    or its CURRENT and MANIFEST files among others) or other (anything else: someone's
    own files). A path that is a file is a BadStore."""
    p = Path(path)
    if not p.exists():
        return "absent"
    if not p.is_dir():
        raise BadStore(f"{p}: the store must be a folder, and this is a file")
    try:
        names = os.listdir(p)
    except OSError as e:
        raise BadStore(f"{p}: cannot read the store folder: {e.strerror or e}") from e
    if not names:
        return "empty"
    if all(_ROCKSDB_FILE.match(n) for n in names) or (
            (p / "CURRENT").is_file() and any(n.startswith("MANIFEST-") for n in names)):
        return "store"  # the second: a store with something of the user's beside it
    return "other"


def _opened(path: Path, create: bool) -> ox.Store:
    """The Oxigraph store in `path`, after recognising the folder (see `store_folder_state`):
    created only when `create` and the folder is absent or empty."""
    state = store_folder_state(path)
    if state == "other":
        names = sorted(os.listdir(path))
        sample = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        raise BadStore(f"{path}: not a privacykg store: the folder holds other files "
                       f"({sample}); give --store a new or empty folder")
    if state != "store" and not create:
        how = "does not exist" if state == "absent" else "is empty"
        raise BadStore(f"{path}: no store here (the folder {how}); `privacykg ingest`, "
                       "`evidence` or `demo` builds one, or give --store the store's folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except (OSError, RuntimeError) as e:
        raise _open_failure(path, e) from e


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0].strip() if text else type(e).__name__


def _damaged(e: BaseException) -> bool:
    """Whether an error from RocksDB says its files are damaged (rather than busy)."""
    return isinstance(e, RuntimeError) or "corrupt" in str(e).lower() or (
        isinstance(e, FileNotFoundError) and "lock" not in str(e).lower())


def _open_failure(path: Path, e: BaseException) -> StoreError:
    if _damaged(e):
        return BadStore(f"{path}: the store is damaged ({_first_line(e)}); restore the folder "
                        "from a backup, or build the store again in a new folder")
    return StoreError(f"{path}: cannot open the store: {_first_line(e)}")


# --- embedded ---------------------------------------------------------------

# From this many quads on, new graphs go into an on-disk store through Oxigraph's bulk
# loader instead of one transaction (EmbeddedStore.write_graphs). Measured on one core
# (~316-quad articles, fresh store and one holding 300 articles): per article, `extend`
# 3.7-4.2 ms at 1-8 articles a call, 4.4-6.5 ms at 16-300; `bulk_extend` 11-18 ms for
# one article (its fixed cost), 3.7-5.9 at 4, 2.6-3.9 at 8, 2.0-2.7 at 16, 1.7-1.8 at
# 300. Even at ~2,500 quads; from 4,000 (~13 articles) it is clearly cheaper.
BULK_MIN_QUADS = 4000


class EmbeddedStore:
    """Oxigraph on disk (or in memory with path=None): the default backend.

    On disk, `path` must be a store folder, or absent or empty (then it is created,
    unless `create` is false: a command that only reads makes no store); a folder
    holding other files, or a damaged store, is a BadStore."""

    def __init__(self, path: str | Path | None, *, create: bool = True) -> None:
        # held from "does the graph exist" to the write in `write_graphs`, and by updates
        self._write_lock = threading.RLock()
        self._terms = OxTerms()
        self._store = ox.Store() if path is None else _opened(Path(path), create)
        self.path = path
        # counts the calls that may have written: readers of snapshots (the web app's
        # query workers) take a new one when it has moved, and only then
        self.writes = 0

    def _failure(self, e: BaseException) -> StoreError:
        """The StoreError for an error while reading or writing: damage found late (a
        checksum that fails on read) names the folder, like damage found on opening."""
        if self.path is not None and "corrupt" in str(e).lower():
            return BadStore(f"{self.path}: the store is damaged ({_first_line(e)}); restore "
                            "the folder from a backup, or build the store again in a new "
                            "folder")
        return StoreError(str(e))

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store itself, for code that needs its API (kg.incremental);
        counted as a write, since such code may write."""
        self.writes += 1
        return self._store

    def replace_graph(self, name: URIRef, graph: Graph) -> None:
        # One update request is one transaction in Oxigraph: readers see the old
        # graph or the new one, never a mix. A graph that is not there (`check` drops the
        # contradictions graph before the rules run) goes in as quads, without writing
        # and parsing a SPARQL text: 0.4 s of 0.8 s for 17,000 triples on disk.
        refuse_control_terms([(name, graph)])
        if not self._store.contains_named_graph(self._terms(name)):
            self.write_graphs({name: graph}, {})
            return
        self.update(f"DROP SILENT GRAPH {_nt(name)};\n" + graph_as_insert(name, graph))

    def drop_graph(self, name: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {_nt(name)}")

    def graph_names(self) -> list[URIRef]:
        try:
            return sorted(URIRef(g.value) for g in self._store.named_graphs()
                          if isinstance(g, ox.NamedNode))
        except (OSError, RuntimeError) as e:
            raise self._failure(e) from e

    def query(self, sparql, bindings=None, *, union=True, default_graphs=None,
              named_graphs=None) -> QueryResult:
        kwargs = {}
        if default_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(str(g)) for g in default_graphs]
        elif union:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(str(g)) for g in named_graphs]
        if bindings:
            sparql = with_values(sparql, bindings)
        unreadable = None
        try:
            result = self._store.query(sparql, **kwargs)
            return _result_from_ox(result)  # solutions are read lazily: damage shows here
        except SyntaxError as e:
            raise StoreError(f"SPARQL syntax error: {e}") from e
        except NoRdflibTerm as e:
            unreadable = str(e)
        except (OSError, ValueError, RuntimeError) as e:
            raise self._failure(e) from e
        # (raised out here, with the solutions let go: pyoxigraph's iterator must be
        # dropped on the thread that made it, not wherever the traceback ends up)
        del result
        raise StoreError(unreadable)

    def write_graphs(self, replace: Mapping[URIRef, Iterable[tuple[Node, Node, Node]]],
                     add: Mapping[URIRef, Iterable[tuple[Node, Node, Node]]]) -> None:
        """Replace the named graphs in `replace` and add triples to those in `add`.

        Every term is checked (converted for Oxigraph) before anything is written, so
        bad input writes nothing. Then:

        - When some graph to replace exists, or there is a blank node (INSERT DATA gives
          them fresh names, `extend` would not): one SPARQL update, one transaction.
        - Otherwise there is nothing to drop, and the quads go in through `extend`, one
          transaction too, skipping writing and parsing a SPARQL text.
        - Unless they are many (at least `BULK_MIN_QUADS`, on disk): then through
          Oxigraph's bulk loader (`bulk_extend`), which writes sorted files and adds them
          to the database whole, 2-3x cheaper a quad than a transaction of that size but
          with a fixed cost that loses below ~2,500 quads (see `BULK_MIN_QUADS`).
          It is not a transaction: readers may see the quads arrive in parts, and a
          failure while writing (disk full, I/O error, the process killed) can leave part
          of the batch in the store. Nothing that was there is removed or changed (the
          graphs replaced did not exist; adding to the others is idempotent), and storing
          the same documents again replaces whatever part of them got in.
        """
        replace = {n: list(ts) for n, ts in replace.items()}
        add = {n: list(ts) for n, ts in add.items()}
        refuse_control_terms([*add.items(), *replace.items()])
        conv = self._terms
        self.writes += 1
        with self._write_lock:
            if not any(self._store.contains_named_graph(conv(n)) for n in replace):
                try:
                    quads = self._quads([*add.items(), *replace.items()])
                except ValueError as e:  # not an IRI, a bad language tag, …
                    raise StoreError(str(e)) from e
                if quads is not None:
                    bulk = self.path is not None and len(quads) >= BULK_MIN_QUADS
                    try:
                        (self._store.bulk_extend if bulk else self._store.extend)(quads)
                    except (OSError, ValueError, RuntimeError) as e:
                        raise self._failure(e) from e
                    return
            operations = [insert_data(n, [f"{_nt(s)} {_nt(p)} {_nt(o)} ." for s, p, o in ts])
                          for n, ts in add.items() if ts]
            for name, triples in replace.items():
                operations.append(f"DROP SILENT GRAPH {_nt(name)}")
                operations.append(insert_data(name, [f"{_nt(s)} {_nt(p)} {_nt(o)} ."
                                                     for s, p, o in triples]))
            if operations:
                self.update(" ;\n".join(operations))

    def _quads(self, graphs: list[tuple[URIRef, list[tuple[Node, Node, Node]]]]
               ) -> list[ox.Quad] | None:
        """The graphs as Oxigraph quads; None when there is a blank node.

        IRIs seen before come from the converter's table without a call: types,
        predicates, organisations and each statement's own IRI repeat in an article."""
        conv, quad, uri, blank = self._terms, ox.Quad, URIRef, ox.BlankNode
        iris = conv.iris
        quads: list[ox.Quad] = []
        append = quads.append
        for name, triples in graphs:
            g = conv(name)
            for s, p, o in triples:
                s = (iris.get(s) or conv(s)) if type(s) is uri else conv(s)
                o = (iris.get(o) or conv(o)) if type(o) is uri else conv(o)
                if type(s) is blank or type(o) is blank:
                    return None
                append(quad(s, iris.get(p) or conv(p), o, g))
        return quads

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        """Run a SPARQL update; relative IRIs in it resolve against `base_iri`."""
        refuse_control_update(sparql)
        self.writes += 1
        try:
            with self._write_lock:
                self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as e:
            raise StoreError(f"SPARQL syntax error: {e}") from e
        except (OSError, ValueError, RuntimeError) as e:
            raise self._failure(e) from e

    def quads(self) -> Dataset:
        ds = Dataset()
        try:
            for q in self._store.quads_for_pattern(None, None, None, None):
                g = q.graph_name
                ctx = ds.default_graph if isinstance(g, ox.DefaultGraph) \
                    else ds.graph(from_ox(g))
                ctx.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        except (OSError, RuntimeError) as e:
            raise self._failure(e) from e
        return ds

    def load_quads(self, quads: Iterable[tuple]) -> None:
        """Bulk load (benchmarks, restores): no transaction, no dedup across calls."""
        quads = list(quads)
        refuse_control_terms((g, [(s, p, o)]) for s, p, o, g in quads)
        self.writes += 1
        self._store.bulk_extend(
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in quads
        )

    def flush(self) -> None:
        self._store.flush()

    def backup(self, target: str | Path) -> None:
        """A consistent copy of the on-disk store in the new folder `target` (hard links
        where possible) that other processes may open read-only while this one writes:
        the web app's query workers read such snapshots."""
        try:
            self._store.backup(str(target))
        except (OSError, ValueError) as e:
            raise StoreError(f"{target}: cannot back up the store: {e}") from e

    def close(self) -> None:
        self.flush() if self.path is not None else None
        del self._store


def text_rows(store: Store, sparql: str) -> list[tuple[str | None, ...]]:
    """A SELECT's rows as the text of each value (None when unbound), for readers that
    want strings: on the embedded store without making an rdflib term of each value
    (a claim repeated in 10^4 articles has as many appearances to list)."""
    if isinstance(store, EmbeddedStore):
        try:
            solutions = store._store.query(sparql, use_default_graph_as_union=True)
            return [tuple(None if t is None else t.value for t in sol) for sol in solutions]
        except SyntaxError as e:
            raise StoreError(f"SPARQL syntax error: {e}") from e
        except (OSError, ValueError, RuntimeError) as e:
            raise store._failure(e) from e
    return [tuple(None if t is None else str(t) for t in row) for row in store.query(sparql).rows]


def _result_from_ox(result) -> QueryResult:
    if isinstance(result, bool):
        return QueryResult("ask", boolean=result)
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [tuple(None if t is None else from_ox(t) for t in sol) for sol in result]
        return QueryResult("select", variables=variables, rows=rows)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    g = Graph()
    for t in result:
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return QueryResult("graph", graph=g)


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
_COMMENT_LINE = re.compile(r"^[ \t]*#[^\n]*\n?", re.M)


def with_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """Bind variables with a VALUES block of rdflib-serialised terms placed first in the
    outermost WHERE group (values are never pasted into the query text itself).

    Inside the group, not after the query: a trailing VALUES is joined after
    aggregation, so it would not constrain a COUNT."""
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(_nt(v) for v in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    m = _WHERE.search(sparql)
    if m is None:
        m = re.search(r"\{", sparql)
    if m is None:
        raise StoreError("cannot bind values: the query has no WHERE group")
    return sparql[:m.end()] + block + sparql[m.end():]


def term_from_json(t: dict | None) -> Term | None:
    """A term of the W3C SPARQL 1.1 Query Results JSON format, as rdflib."""
    if t is None:
        return None
    kind = t["type"]
    if kind == "uri":
        return URIRef(t["value"])
    if kind == "bnode":
        return BNode(t["value"])
    lang = t.get("xml:lang")
    dt = t.get("datatype")
    return Literal(t["value"], lang=lang, datatype=URIRef(dt) if dt and not lang else None)


def result_from_json(data: dict | str | bytes) -> QueryResult:
    if isinstance(data, str | bytes):
        data = json.loads(data)
    if "boolean" in data:
        return QueryResult("ask", boolean=bool(data["boolean"]))
    variables = list(data["head"].get("vars", []))
    rows = [tuple(term_from_json(b.get(v)) for v in variables)
            for b in data["results"]["bindings"]]
    return QueryResult("select", variables=variables, rows=rows)


__all__ = ["Store", "EmbeddedStore", "QueryResult", "StoreError", "BadStore", "Identifier",
           "store_folder_state", "refuse_control_terms", "refuse_control_update"]
