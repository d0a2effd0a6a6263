"""rdflib Graphs of new articles: filled in one go, indexed when first asked.

`Graph.add` costs ~7 µs a triple (it checks the terms, sends an event nobody listens to,
and files the triple under its context one call at a time), and every triple costs
rdflib's Memory store three dicts, which Python's cyclic garbage collector then walks
again and again while `privacykg ingest` holds hundreds of articles' graphs before it
stores them (2-4 ms an article at 300 articles: bench/ingest_bench.py). That path only
ever reads the triples back, so `filled_graph` gives a Graph whose store keeps the list
of triples and files them into its indexes the first time anything uses the store
(any query, `len`, iteration, a change); `triples_of` reads the list without that.

Filing writes the Memory store's private indexes directly, as adding the triples one by
one would leave them (rdflib 6.0 to 7.x). When they are not there (another rdflib),
`filled_graph` adds the triples through the public API instead. tests/test_memgraph.py
compares both with Graphs built by `Graph.add`, triple for triple and query for query.
"""

from __future__ import annotations

import functools
import threading
import types
from collections.abc import Collection, Iterable

from rdflib import BNode, Graph
from rdflib.plugins.stores.memory import Memory
from rdflib.store import Store

_PARTS = ("_Memory__spo", "_Memory__pos", "_Memory__osp", "_Memory__contextTriples",
          "_Memory__context_obj_map", "_Memory__all_contexts", "_Memory__tripleContexts",
          "_Memory__defaultContexts")
_FILING = threading.Lock()


def _context_key(identifier) -> str:
    """How `Memory` names a graph's context (its `__ctx_to_str`)."""
    return f"{identifier.__class__.__name__}:{identifier}"


def _index(index: dict, a, b, c) -> None:
    """index[a][b][c] = 1, as Memory keeps each of its three indexes."""
    inner = index.get(a)
    if inner is None:
        inner = index[a] = {}
    leaf = inner.get(b)
    if leaf is None:
        leaf = inner[b] = {}
    leaf[c] = 1


def _file(store: Memory, graph: Graph, triples: Collection[tuple]) -> None:
    """Put `triples` (no two alike) into an empty Memory store as `Graph.add` would for
    `graph`, a graph over that store."""
    spo, pos, osp = store._Memory__spo, store._Memory__pos, store._Memory__osp
    for s, p, o in triples:
        _index(spo, s, p, o)
        _index(pos, p, o, s)
        _index(osp, o, s, p)
    # what Memory.add leaves when all triples are in one context and none is quoted: each
    # in the default and the graph's set, no per-triple context entries (they all have
    # the default ones)
    ctx = _context_key(graph.identifier)
    store._Memory__context_obj_map[ctx] = graph
    store._Memory__all_contexts.add(graph)
    store._Memory__contextTriples[None] = set(triples)
    store._Memory__contextTriples[ctx] = set(triples)
    store._Memory__defaultContexts = {ctx: False, None: False}


class PreparedMemory(Memory):
    """rdflib's Memory store for one new graph, holding its triples in a list until the
    store is first used: then they are filed into the indexes (under a lock), and from
    there on it is a Memory store like any other."""

    def __init__(self, identifier: BNode, triples: list[tuple]) -> None:
        super().__init__()
        self.pending: list[tuple] | None = triples
        self.identifier = identifier

    def file_pending(self) -> None:
        with _FILING:
            if self.pending is not None:
                _file(self, Graph(store=self, identifier=self.identifier), self.pending)
                self.pending = None


def _filing_first(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if self.pending is not None:
            self.file_pending()
        return method(self, *args, **kwargs)
    return wrapper


# every method of the store's API files the pending triples first
for _name in {*vars(Store), *vars(Memory)} - set(vars(PreparedMemory)):
    _method = getattr(Memory, _name)  # Memory's own, or Store's it inherits
    if isinstance(_method, types.FunctionType) and (
            not _name.startswith("_") or _name in ("__len__", "__getstate__", "__reduce__")):
        setattr(PreparedMemory, _name, _filing_first(_method))


def _internals_known() -> bool:
    store = Memory()
    return all(hasattr(store, a) for a in _PARTS) and store._Memory__defaultContexts is None


_KNOWN = _internals_known()


def filled_graph(triples: Collection[tuple]) -> Graph:
    """A new Graph holding `triples` (rdflib terms, no two alike): the Graph that adding
    them one by one with `Graph.add` gives, without its per-triple cost."""
    if not _KNOWN:
        g = Graph()
        for t in triples:
            g.add(t)
        return g
    identifier = BNode()
    return Graph(store=PreparedMemory(identifier, list(triples)), identifier=identifier)


def triples_of(graph: Graph) -> Iterable[tuple]:
    """The triples of `graph`, as iterating it gives them (same set)."""
    store = graph.store
    if type(graph) is Graph and isinstance(store, Memory) and _KNOWN:
        if isinstance(store, PreparedMemory):
            pending = store.pending
            if pending is not None and store.identifier == graph.identifier:
                return list(pending)
            store.file_pending()
        return list(store._Memory__contextTriples.get(_context_key(graph.identifier), ()))
    return list(graph)
