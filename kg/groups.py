"""Company groups, materialised: `?x pkg:inGroup ?org` for every organisation ?org that
?x is, or that ?x rolls up to through `schema:manufacturer` / `schema:parentOrganization`
links (any number of steps).

Every rule pairs a claim with evidence about the same company group. Written as the
property path `(schema:manufacturer|schema:parentOrganization)*` on both sides, that
walk ran once per claim and once per piece of evidence, in every rule: about a third of
a full check at 10^6 triples (bench/README.md). The links between a few thousand
companies and products change rarely, so the walk is done once here, in Python, and kept
in a graph of its own (`Minter.groups_graph`) that the rules join with one triple
pattern. The graph carries a digest of the links it was made from; `refresh_groups`
rewrites it only when they changed, so a check of an unchanged store pays two small
queries. Readable by SPARQL users too: "every product in Xiaomi's group" is
`?p pkg:inGroup <…/org/xiaomi>`.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from kg.review import name_decisions
from kg.store import EmbeddedStore, Store, insert_data
from ontologies.iris import Minter
from ontologies.vocab import PKG, RDF, SCHEMA, sparql_prefixes

_TYPE = ox.NamedNode(str(RDF.type))
_ORGANIZATION = ox.NamedNode(str(SCHEMA.Organization))
_IN_GROUP = ox.NamedNode(str(PKG.inGroup))
_DIGEST_PROPERTY = ox.NamedNode(str(PKG.linksDigest))
# the links a company group follows (kg/incremental.py walks the same ones)
LINK_PROPERTIES = tuple(ox.NamedNode(str(p))
                        for p in (SCHEMA.manufacturer, SCHEMA.parentOrganization))

# every link, and every organisation (an organisation with no link is its own group)
_LINKS = sparql_prefixes() + """
SELECT DISTINCT ?x ?up WHERE {
  { ?x schema:manufacturer|schema:parentOrganization ?up }
  UNION
  { ?x a schema:Organization }
}"""


def company_links(store: Store) -> tuple[set[str], dict[str, set[str]]]:
    """The organisations of the store, and each node's outgoing group links."""
    if isinstance(store, EmbeddedStore):  # the same, without a term conversion per row
        return _company_links_ox(store.oxigraph)
    orgs: set[str] = set()
    up: dict[str, set[str]] = {}
    for x, parent in store.query(_LINKS).rows:
        if parent is None:
            orgs.add(str(x))
        elif isinstance(parent, URIRef):
            up.setdefault(str(x), set()).add(str(parent))
    return orgs, up


def _company_links_ox(ox_store: ox.Store) -> tuple[set[str], dict[str, set[str]]]:
    orgs = {q.subject.value for q in ox_store.quads_for_pattern(None, _TYPE, _ORGANIZATION)
            if isinstance(q.subject, ox.NamedNode)}
    up: dict[str, set[str]] = {}
    for link in LINK_PROPERTIES:
        for q in ox_store.quads_for_pattern(None, link, None):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                up.setdefault(q.subject.value, set()).add(q.object.value)
    return orgs, up


# Words that end a company's name without making it another company: "Norvik Systems" is
# Norvik, "Cyclia Health" is Cyclia (not "Google Cloud", "Korvo India": other arms of a company,
# linked to it by their own facts).
_NAME_TAIL_WORDS = frozenset({
    "systems", "technologies", "technology", "tech", "labs", "lab", "mobile", "health",
    "networks", "network", "software", "digital", "media", "holdings", "electronics",
    "group", "company", "corporation", "corp", "inc", "ltd", "llc", "gmbh", "interactive",
    "apps", "app", "studios", "games", "solutions"})


def name_variants(orgs: set[str]) -> dict[str, set[str]]:
    """Links between organisations that are one company under a longer and a shorter
    name ("…/org/norvik-systems" and "…/org/norvik"), both ways, so that each is in the
    other's group whichever name a document used."""
    links: dict[str, set[str]] = {}
    for org in orgs:
        base, _, name = org.rpartition("/org/")
        if not base:
            continue
        words = name.split("-")
        while len(words) > 1 and words[-1] in _NAME_TAIL_WORDS:
            words = words[:-1]
            shorter = f"{base}/org/{'-'.join(words)}"
            if shorter in orgs:
                links.setdefault(org, set()).add(shorter)
                links.setdefault(shorter, set()).add(org)
                break
    return links


def editors_links(store: Store, minter: Minter, orgs: set[str],
                  up: dict[str, set[str]]) -> None:
    """What editors said of names (`privacykg review merge|split`, kg/review.py): two
    organisations merged are linked both ways; two split lose every direct link between
    them, from the name rules or from a document."""
    merges, splits = name_decisions(store, minter)
    for pair in merges:
        a, b = sorted(pair)
        if a in orgs and b in orgs:
            up.setdefault(a, set()).add(b)
            up.setdefault(b, set()).add(a)
    for pair in splits:
        a, b = sorted(pair)
        up.get(a, set()).discard(b)
        up.get(b, set()).discard(a)


def closure(orgs: set[str], up: dict[str, set[str]]) -> dict[str, set[str]]:
    """For every node: the organisations it is or rolls up to (cycles are harmless)."""
    groups: dict[str, set[str]] = {}
    for start in orgs | up.keys():
        seen, todo = {start}, [start]
        while todo:
            for parent in up.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        if members := seen & orgs:
            groups[start] = members
    return groups


def links_digest(orgs: set[str], up: dict[str, set[str]]) -> str:
    """A digest of the links and organisations, independent of row order."""
    h = hashlib.sha256()
    for org in sorted(orgs):
        h.update(b"o " + org.encode() + b"\n")
    for x in sorted(up):
        for parent in sorted(up[x]):
            h.update(b"l " + x.encode() + b" " + parent.encode() + b"\n")
    return h.hexdigest()


def stored_digest(store: Store, minter: Minter) -> str | None:
    """The digest of the links the groups graph was made from; None when there is none."""
    name = minter.groups_graph
    if isinstance(store, EmbeddedStore):
        graph = ox.NamedNode(str(name))
        found = [q.object.value for q in store.oxigraph.quads_for_pattern(
            graph, _DIGEST_PROPERTY, None, graph)]
    else:
        q = f"SELECT ?d WHERE {{ GRAPH {name.n3()} {{ {name.n3()} {PKG.linksDigest.n3()} ?d }} }}"
        found = [str(r[0]) for r in store.query(q).rows]
    return found[0] if found else None


def stored_pairs(store: Store, minter: Minter) -> set[tuple[str, str]]:
    """The (member, organisation) pairs of the groups graph."""
    name = minter.groups_graph
    if isinstance(store, EmbeddedStore):
        return {(q.subject.value, q.object.value) for q in store.oxigraph.quads_for_pattern(
            None, _IN_GROUP, None, ox.NamedNode(str(name)))}
    q = f"SELECT ?x ?o WHERE {{ GRAPH {name.n3()} {{ ?x {PKG.inGroup.n3()} ?o }} }}"
    return {(str(x), str(o)) for x, o in store.query(q).rows}


def groups_update(minter: Minter, old_digest: str | None, old: set[tuple[str, str]],
                  digest: str, new: set[tuple[str, str]]) -> str:
    """One SPARQL update (one transaction): the pairs that went, the pairs that came, the
    new digest. Adding a product changes a few pairs, not the thousands there are."""
    name = minter.groups_graph

    def lines(pairs: set[tuple[str, str]], digest_: str) -> list[str]:
        return [f"{name.n3()} {PKG.linksDigest.n3()} {Literal(digest_).n3()} .",
                *(f"<{x}> {PKG.inGroup.n3()} <{o}> ." for x, o in sorted(pairs))]

    came = insert_data(name, lines(new - old, digest))
    if old_digest is None:
        return came
    # the same block of triples, deleted
    gone = "DELETE" + insert_data(name, lines(old - new, old_digest)).removeprefix("INSERT")
    return gone + ";\n" + came


def refresh_groups(store: Store, minter: Minter) -> bool:
    """Bring the groups graph up to date with the store's links; True when it changed."""
    orgs, up = company_links(store)
    for org, others in name_variants(orgs).items():
        up.setdefault(org, set()).update(others)
    editors_links(store, minter, orgs, up)
    digest = links_digest(orgs, up)
    old_digest = stored_digest(store, minter)
    if old_digest == digest:
        return False
    new = {(x, org) for x, members in closure(orgs, up).items() for org in members}
    if not isinstance(store, EmbeddedStore):
        # a remote engine takes big writes in chunks (Virtuoso refuses one INSERT DATA
        # of thousands of triples): replace_graph stages them and swaps the graph
        g = Graph()
        g.add((minter.groups_graph, PKG.linksDigest, Literal(digest)))
        for x, org in new:
            g.add((URIRef(x), PKG.inGroup, URIRef(org)))
        store.replace_graph(minter.groups_graph, g)
        return True
    old = stored_pairs(store, minter) if old_digest is not None else set()
    store.update(groups_update(minter, old_digest, old, digest, new))
    return True
