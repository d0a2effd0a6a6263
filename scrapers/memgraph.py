"""rdflib Graphs filled and read in one go, for the ingest path.

`Graph.add` costs ~7 µs a triple (it checks the terms, sends an event nobody listens to,
and files the triple under its context one call at a time), and iterating a Graph
another ~3 µs (a generator per triple, asking each triple for its contexts). An article
has a few hundred triples and `privacykg ingest` builds, then reads, every article's
graph, so both are done here directly on the indexes of rdflib's default `Memory` store.

This uses that store's private attributes (the same in rdflib 6.0 to 7.x); when they are
not there (another rdflib, another store), both functions fall back to the public API,
and tests/test_memgraph.py compares them with it, triple for triple.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from rdflib import Graph
from rdflib.plugins.stores.memory import Memory

_PARTS = ("_Memory__spo", "_Memory__pos", "_Memory__osp", "_Memory__contextTriples",
          "_Memory__context_obj_map", "_Memory__all_contexts", "_Memory__tripleContexts")


def _context_key(graph: Graph) -> str:
    """How `Memory` names a graph's context (its `__ctx_to_str`)."""
    return f"{graph.identifier.__class__.__name__}:{graph.identifier}"


def _fresh_memory(graph: Graph) -> bool:
    store = graph.store
    return (type(graph) is Graph and type(store) is Memory and len(store) == 0
            and all(hasattr(store, a) for a in _PARTS)
            and getattr(store, "_Memory__defaultContexts", 0) is None)


def filled_graph(triples: Collection[tuple]) -> Graph:
    """A new Graph holding `triples` (rdflib terms, no two alike): the Graph that adding
    them one by one with `Graph.add` gives, without its per-triple cost."""
    g = Graph()
    if not triples:
        return g
    if not _fresh_memory(g):
        for t in triples:
            g.add(t)
        return g
    store = g.store
    spo, pos, osp = store._Memory__spo, store._Memory__pos, store._Memory__osp
    for s, p, o in triples:
        po = spo.get(s)
        if po is None:
            po = spo[s] = {}
        x = po.get(p)
        if x is None:
            x = po[p] = {}
        x[o] = 1
        os_ = pos.get(p)
        if os_ is None:
            os_ = pos[p] = {}
        x = os_.get(o)
        if x is None:
            x = os_[o] = {}
        x[s] = 1
        sp = osp.get(o)
        if sp is None:
            sp = osp[o] = {}
        x = sp.get(s)
        if x is None:
            x = sp[s] = {}
        x[p] = 1
    # what Memory.add leaves for triples that are all in the graph's context (not quoted):
    # every triple in the default and the graph's context set, no per-triple context
    # entries since all share the default ones
    ctx = _context_key(g)
    store._Memory__context_obj_map[ctx] = g
    store._Memory__all_contexts.add(g)
    store._Memory__contextTriples[None] = set(triples)
    store._Memory__contextTriples[ctx] = set(triples)
    store._Memory__defaultContexts = {ctx: False, None: False}
    return g


def triples_of(graph: Graph) -> Iterable[tuple]:
    """The triples of `graph`, as iterating it gives them (same set)."""
    store = graph.store
    if type(graph) is Graph and type(store) is Memory:
        sets = getattr(store, "_Memory__contextTriples", None)
        if isinstance(sets, dict):
            return list(sets.get(_context_key(graph), ()))
    return list(graph)
