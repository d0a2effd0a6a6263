"""The remote backend: any SPARQL 1.1 engine, through SPARQLWrapper.

Engines differ in ways that lose data silently (row caps, queries never answered
in some request forms); this module pages, chunks and fails loudly instead.
"""

from __future__ import annotations

import contextlib
import re
import warnings

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Variable

from kg.store import (
    _COMMENT_LINE,
    QueryResult,
    StoreError,
    Term,
    _nt,
    insert_data,
    refuse_control_terms,
    refuse_control_update,
    result_from_json,
    with_values,
)

# --- remote -----------------------------------------------------------------

# Graphs an engine keeps for itself, seen through GRAPH ?g but never privacykg's: Virtuoso's
# schema and quad-map graph, its LDP vocabulary, and the graphs it names after its own
# /sparql and /DAV/ URLs.
_SYSTEM_GRAPH = re.compile(
    r"^(?:http://www\.openlinksw\.com/schemas/virtrdf#|http://www\.w3\.org/ns/ldp#"
    r"|https?://[^/]+/(?:sparql|DAV/))$")
_SYSTEM_GRAPH_FILTER = (
    'FILTER(!REGEX(STR(?g), "^(http://www[.]openlinksw[.]com/schemas/virtrdf#'
    '|http://www[.]w3[.]org/ns/ldp#|https?://[^/]+/(sparql|DAV/))$"))')
# where a document graph is assembled when it is too big for one update request
STAGING_PREFIX = "urn:privacykg:staging:"


class RemoteStore:
    """Any SPARQL 1.1 endpoint, through SPARQLWrapper.

    Queries go as POST forms (every engine we tested answers those; Virtuoso never
    answers a direct POST). The remote engine is expected to query the union of its
    named graphs as the default graph (Virtuoso does; start Oxigraph with
    `--union-default-graph`).

    No silent truncation: an engine that cuts a SELECT at a row cap (Virtuoso says so in
    an `X-SPARQL-MaxRows` header; for other engines give `max_rows`, the engine's cap) is
    paged through with LIMIT/OFFSET over an ordered subquery, in pages smaller than the
    cap; a page that is still cut, or a partial (timed-out) answer, is a StoreError.
    CONSTRUCT is answered through the same paged SELECT and the template is filled in
    here, so it is complete too. DESCRIBE is the engine's own; it is refused when it is as
    large as a known cap.

    Big graphs are written in several requests of at most `chunk_triples` triples
    (Virtuoso refuses an INSERT DATA of ~1500 triples and compiles many operations in
    one request in quadratic time): into a staging graph, then one `MOVE` onto the real
    name, so the document graph itself changes in one operation."""

    def __init__(self, query_url: str, update_url: str | None = None,
                 timeout: float = 60.0, token: str | None = None, *,
                 max_rows: int | None = None, page_size: int = 10_000,
                 chunk_triples: int = 250, chunk_bytes: int = 256_000) -> None:
        from SPARQLWrapper import SPARQLWrapper  # imported here: only remote users pay

        self.query_url = query_url
        self.update_url = update_url or query_url
        self.timeout = timeout
        self.token = token  # sent as a bearer token with updates (privacykg serve wants one)
        self.max_rows = max_rows  # the engine's row cap, when it does not announce it
        self.page_size = page_size
        self.chunk_triples = chunk_triples
        self.chunk_bytes = chunk_bytes
        self.cap: int | None = max_rows  # the cap seen or given
        self.engine: str | None = None  # the Server header of the last answer
        self._wrapper = SPARQLWrapper

    def union_problem(self) -> str | None:
        """None when the engine reads its default graph as the union of its named graphs,
        which every query of privacykg relies on; else one line saying what to change.
        Asked of one stored triple: is it in the default graph too? (An empty engine
        passes: there is nothing to miss yet.)"""
        sample = self.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                            "FILTER(!isBlank(?s) && !isBlank(?o)) } LIMIT 1", union=False).rows
        if not sample:
            return None
        s, p, o = sample[0]
        if self.query(f"ASK {{ {s.n3()} {p.n3()} {o.n3()} }}").boolean:
            return None
        return (f"{self.query_url}: the endpoint's default graph is not the union of its named "
                "graphs, so privacykg would find none of the documents stored there; start "
                "Oxigraph with `oxigraph serve --union-default-graph` (Virtuoso reads it so "
                "already)")

    def update_problem(self) -> str | None:
        """None when the update URL takes updates; else one line saying what to change.
        Asked with an update that changes nothing (`INSERT DATA {}`), before a command that
        writes sends its first real one: a query URL given for both (Oxigraph's /query)
        fails here, not halfway through an ingest."""
        try:
            self.update("INSERT DATA {}")
        except StoreError as e:
            # the engine's own words, when SPARQLWrapper quotes them ("Response: b'…'")
            said = re.search(r"Response:(?:\s|\\n)*b?(['\"])(.*)\1\s*$", str(e), re.S)
            answer = said.group(2).replace("\\n", " ").strip() if said else \
                str(e).removeprefix(f"{self.update_url}: ")
            return (f"{self.update_url}: the engine takes no updates there (it answered: "
                    f"{answer[:160]}); give its update URL with --update-endpoint (Oxigraph: "
                    "…/update; privacykg serve: …/sparql/update, with PRIVACYKG_TOKEN)")
        return None

    def _client(self, url: str):
        w = self._wrapper(url)
        w.setMethod("POST")
        w.setTimeout(int(self.timeout))
        return w

    # -- writes --

    def replace_graph(self, name: URIRef, graph: Graph) -> None:
        refuse_control_terms([(name, graph)])  # before the first request: nothing half sent
        chunks = _chunks(graph, self.chunk_triples, self.chunk_bytes)
        if len(chunks) <= 1:
            # one request: DROP + INSERT together, atomic wherever a request is a transaction
            self.update(f"DROP SILENT GRAPH {_nt(name)};\n"
                        + insert_data(name, chunks[0] if chunks else []))
            return
        staging = staging_graph(name)
        try:
            self.update(f"DROP SILENT GRAPH {_nt(staging)}")
            for chunk in chunks:
                self.update(insert_data(staging, chunk))
            # MOVE is one operation: the document graph goes from old to new in one step
            self.update(f"MOVE SILENT {_nt(staging)} TO {_nt(name)}")
        except StoreError:
            with contextlib.suppress(StoreError):  # the first error is the one to report
                self.update(f"DROP SILENT GRAPH {_nt(staging)}")
            raise

    def drop_graph(self, name: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {_nt(name)}")

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        refuse_control_update(sparql)
        if base_iri:
            sparql = f"BASE <{base_iri}>\n{sparql}"
        w = self._client(self.update_url)
        w.setQuery(sparql)
        w.setMethod("POST")
        if self.token:
            w.addCustomHttpHeader("Authorization", f"Bearer {self.token}")
        try:
            w.query()
        except Exception as e:
            raise StoreError(f"{self.update_url}: {_short(e)}") from e

    # -- reads --

    def graph_names(self) -> list[URIRef]:
        r = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return sorted(row[0] for row in r.rows if isinstance(row[0], URIRef)
                      and not _SYSTEM_GRAPH.match(row[0])
                      and not row[0].startswith(STAGING_PREFIX))

    def quads(self) -> Dataset:
        r = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                       f'{_SYSTEM_GRAPH_FILTER} FILTER(!STRSTARTS(STR(?g), "{STAGING_PREFIX}")) }}',
                       union=False)
        ds = Dataset()
        for s, p, o, g in r.rows:
            ds.graph(g).add((s, p, o))
        return ds

    def query(self, sparql, bindings=None, *, union=True, default_graphs=None,
              named_graphs=None) -> QueryResult:
        if bindings:
            sparql = with_values(sparql, bindings)
        # SPARQLWrapper guesses the query form from the text, and a comment that says
        # "deleted" makes it send a SELECT as an update: give it the query without comments
        sparql = _COMMENT_LINE.sub("", sparql)
        dataset = (default_graphs, named_graphs)
        form = _query_form(sparql)
        if form == "CONSTRUCT":
            return self._construct(sparql, dataset)
        if form == "DESCRIBE":
            if self._is_virtuoso():
                # Virtuoso's own DESCRIBE finds nothing in named graphs; CBD is what the
                # embedded store gives (the resource's triples, blank nodes followed)
                sparql = 'DEFINE sql:describe-mode "CBD"\n' + sparql
            g = self._graph(sparql, dataset)
            if self.cap is not None and len(g) >= self.cap:
                raise StoreError(f"{self.query_url}: DESCRIBE gave {len(g)} triples and the "
                                 f"engine cuts results at {self.cap}: the answer may be "
                                 "incomplete; ask with SELECT or CONSTRUCT instead")
            return QueryResult("graph", graph=g)
        return self._select(sparql, dataset)

    def _is_virtuoso(self) -> bool:
        if self.engine is None:
            self._send("ASK {}", (None, None), "json")  # learn the engine from its Server header
        return (self.engine or "").startswith("Virtuoso")

    def _send(self, sparql: str, dataset, fmt: str):
        """One query request; (body, headers)."""
        from SPARQLWrapper import JSON, TURTLE

        w = self._client(self.query_url)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns on forms it cannot guess; the server judges
            w.setQuery(sparql)
        default_graphs, named_graphs = dataset
        for g in default_graphs or []:
            w.addDefaultGraph(str(g))
        for g in named_graphs or []:
            w.addNamedGraph(str(g))
        try:
            if fmt == "turtle":
                w.setReturnFormat(TURTLE)
                w.addParameter("Accept", "text/turtle")
            else:
                w.setReturnFormat(JSON)
            res = w.query()
            headers = res.info()
            body = res.response.read()
        except Exception as e:  # SPARQLWrapper raises many unrelated types
            raise StoreError(f"{self.query_url}: {_short(e)}") from e
        self.engine = headers.get("server") or self.engine
        if headers.get("x-sql-state"):
            # Virtuoso's "anytime" answer: what it found before a time limit, sent with 200
            raise StoreError(f"{self.query_url}: the engine sent a partial answer "
                             f"({headers.get('x-sql-state')}: {headers.get('x-sql-message')})")
        return body, headers

    def _cut_at(self, headers, n: int) -> int | None:
        """The cap this answer may have been cut at, or None when it is known complete."""
        announced = headers.get("x-sparql-maxrows")
        if announced is not None:
            try:
                cap = int(announced)
            except ValueError:
                cap = n
            self.cap = cap if self.cap is None else min(self.cap, cap)
            return cap
        if self.max_rows is not None and n >= self.max_rows:
            return self.max_rows
        return None

    def _select(self, sparql: str, dataset) -> QueryResult:
        body, headers = self._send(sparql, dataset, "json")
        try:
            first = result_from_json(body)
        except (ValueError, KeyError, TypeError) as e:
            raise StoreError(f"{self.query_url}: not a SPARQL JSON result: {e}") from e
        cap = self._cut_at(headers, len(first.rows))
        if first.kind != "select" or cap is None:
            return first
        # a page below every cap we know of is never cut
        size = min(self.page_size, cap - 1, *([self.max_rows - 1] if self.max_rows else []))
        if size < 1 or not first.variables:
            raise StoreError(f"{self.query_url}: the answer was cut at {cap} rows and "
                             "cannot be paged")
        rows: list[tuple[Term | None, ...]] = []
        offset = 0
        while True:
            page_query = paged(sparql, first.variables, size, offset)
            body, headers = self._send(page_query, dataset, "json")
            page = result_from_json(body)
            if self._cut_at(headers, len(page.rows)) is not None or len(page.rows) > size:
                raise StoreError(f"{self.query_url}: a page of {size} rows was cut too; "
                                 "the answer would be incomplete")
            index = [page.variables.index(v) for v in first.variables]
            rows.extend(tuple(r[i] for i in index) for r in page.rows)
            if len(page.rows) < size:
                break
            offset += size
        if len(rows) < len(first.rows):
            raise StoreError(f"{self.query_url}: the store changed while paging through "
                             "the answer; try again")
        return QueryResult("select", variables=first.variables, rows=rows)

    def _graph(self, sparql: str, dataset) -> Graph:
        body, _ = self._send(sparql, dataset, "turtle")
        try:
            return Graph().parse(data=body, format="turtle")
        except Exception as e:  # noqa: BLE001 - any parser failure means a bad answer
            raise StoreError(f"{self.query_url}: not Turtle: {_short(e)}") from e

    def _construct(self, sparql: str, dataset) -> QueryResult:
        """CONSTRUCT as a (paged) SELECT of its WHERE part, the template filled in here:
        an engine that cuts CONSTRUCT answers (Virtuoso, without saying so) cannot cut
        this one unnoticed."""
        parts = split_construct(sparql)
        if parts is None:
            g = self._graph(sparql, dataset)
            if self.cap is not None and len(g) >= self.cap:
                raise StoreError(f"{self.query_url}: CONSTRUCT gave {len(g)} triples and the "
                                 f"engine cuts results at {self.cap}")
            return QueryResult("graph", graph=g)
        prologue, template, datasets, pattern, modifiers = parts
        triples = _template(prologue, template)
        names = sorted({str(t) for triple in triples for t in triple if isinstance(t, Variable)})
        projection = " ".join(f"?{v}" for v in names) if names else "*"
        select = (f"{prologue}SELECT {projection} {' '.join(datasets)} WHERE {pattern} "
                  f"{modifiers}")
        result = self._select(select, dataset)
        g = Graph()
        for row in result.dicts():
            fresh: dict[BNode, BNode] = {}
            for triple in triples:
                terms = []
                for t in triple:
                    if isinstance(t, Variable):
                        t = row.get(str(t))
                    elif isinstance(t, BNode):
                        t = fresh.setdefault(t, BNode())
                    terms.append(t)
                s, p, o = terms
                if s is None or p is None or o is None or isinstance(s, Literal) \
                        or not isinstance(p, URIRef):
                    continue  # what SPARQL says: such triples are left out
                g.add((s, p, o))
        return QueryResult("graph", graph=g)

    def close(self) -> None:
        pass


def staging_graph(name: URIRef) -> URIRef:
    """Where a big graph is put together before it is moved onto `name`."""
    from urllib.parse import quote

    return URIRef(STAGING_PREFIX + quote(str(name), safe=""))


def _chunks(graph: Graph, max_triples: int, max_bytes: int) -> list[list[str]]:
    """The graph's triples as N-Triples lines, in chunks of at most `max_triples` lines and
    about `max_bytes`. Triples sharing a blank node stay in one chunk: a blank node label
    means one node only within one request."""
    groups: dict[object, list[str]] = {}
    parent: dict[BNode, BNode] = {}

    def root(b: BNode) -> BNode:
        while parent.get(b, b) != b:
            b = parent[b]
        return b

    triples = list(graph)
    for s, _, o in triples:
        bnodes = [t for t in (s, o) if isinstance(t, BNode)]
        for b in bnodes:
            parent.setdefault(b, b)
        if len(bnodes) == 2:
            parent[root(bnodes[0])] = root(bnodes[1])
    plain: list[str] = []
    for s, p, o in triples:
        line = f"{_nt(s)} {_nt(p)} {_nt(o)} ."
        b = s if isinstance(s, BNode) else o if isinstance(o, BNode) else None
        if b is None:
            plain.append(line)
        else:
            groups.setdefault(root(b), []).append(line)
    units = [[line] for line in plain] + list(groups.values())
    chunks: list[list[str]] = []
    current: list[str] = []
    size = 0
    for unit in units:
        unit_size = sum(len(x) + 1 for x in unit)
        if current and (len(current) + len(unit) > max_triples or size + unit_size > max_bytes):
            chunks.append(current)
            current, size = [], 0
        current.extend(unit)
        size += unit_size
    if current:
        chunks.append(current)
    return chunks


def _short(e: Exception, limit: int = 500) -> str:
    """An engine's error without the whole echoed request (Virtuoso repeats the query)."""
    text = str(e)
    return text if len(text) <= limit else text[:limit] + " …"


# --- query text -------------------------------------------------------------

_PROLOGUE = re.compile(r"\A(?:\s*(?:BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>))*\s*", re.I)
_DATASET = re.compile(r"\bFROM\s+(?:NAMED\s+)?(?:<[^>\s]*>|[\w.-]*:[\w.-]*)", re.I)
_FORM = re.compile(r"\A(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)
_ORDER_BY = re.compile(r"\bORDER\s+BY\s+(.*?)(?=\bLIMIT\b|\bOFFSET\b|\bVALUES\b|\Z)",
                       re.I | re.S)


def _split_prologue(sparql: str) -> tuple[str, str]:
    m = _PROLOGUE.match(sparql)
    return sparql[:m.end()], sparql[m.end():]


def _query_form(sparql: str) -> str:
    m = _FORM.match(_split_prologue(sparql)[1])
    return m.group(1).upper() if m else "SELECT"


def _group_end(text: str, start: int) -> int:
    """Index just after the `}` closing the `{` at `start` (strings skipped), or -1."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c in "\"'":
            long = text.startswith(c * 3, i)
            quote = c * 3 if long else c
            i += len(quote)
            while i < len(text) and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def paged(sparql: str, variables: list[str], limit: int, offset: int) -> str:
    """One page of a SELECT: the query as a subquery, ordered by its own ORDER BY and then
    every variable (a total order, so pages neither overlap nor skip), LIMIT/OFFSET outside.
    The ORDER BY sits inside and the LIMIT outside because Virtuoso refuses to sort for an
    OFFSET beyond its cap otherwise."""
    prologue, body = _split_prologue(sparql)
    brace = body.find("{")
    datasets = _DATASET.findall(body[:brace]) if brace >= 0 else []
    if datasets:
        body = _DATASET.sub(" ", body[:brace]) + body[brace:]
    order = ""
    end = _last_group_end(body)
    if end >= 0:
        m = _ORDER_BY.search(body[end:])
        order = m.group(1).strip() + " " if m else ""
    names = " ".join(f"?{v}" for v in variables)
    return (f"{prologue}SELECT {names} {' '.join(datasets)} WHERE {{\n"
            f"{{ SELECT {names} WHERE {{ {{ {body} }} }} ORDER BY {order}{names} }}\n"
            f"}} LIMIT {limit} OFFSET {offset}")


def _last_group_end(body: str) -> int:
    """Index after the query's outermost WHERE group (where solution modifiers begin)."""
    brace = body.find("{")
    if brace < 0:
        return -1
    return _group_end(body, brace)


def split_construct(sparql: str):
    """(prologue, template, dataset clauses, WHERE group, modifiers) of a CONSTRUCT, or
    None when the text has a shape this does not know."""
    prologue, body = _split_prologue(sparql)
    m = re.match(r"CONSTRUCT\s*", body, re.I)
    if not m:
        return None
    rest = body[m.end():]
    template = None
    if rest.startswith("{"):
        end = _group_end(rest, 0)
        if end < 0:
            return None
        template, rest = rest[:end], rest[end:]
    brace = rest.find("{")
    if brace < 0:
        return None
    head = rest[:brace]
    datasets = _DATASET.findall(head)
    if re.sub(r"\bWHERE\b", "", _DATASET.sub("", head), flags=re.I).strip():
        return None
    end = _group_end(rest, brace)
    if end < 0:
        return None
    pattern, modifiers = rest[brace:end], rest[end:]
    return prologue, template or pattern, datasets, pattern, modifiers


def _template(prologue: str, template: str) -> list[tuple]:
    """The template's triples (rdflib terms and Variables), parsed by rdflib."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        q = prepareQuery(f"{prologue}CONSTRUCT {template} WHERE {{}}")
    except Exception as e:  # noqa: BLE001 - pyparsing errors of every kind
        raise StoreError(f"SPARQL syntax error in the CONSTRUCT template: {e}") from e
    return list(q.algebra.template or [])


