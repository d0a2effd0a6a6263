"""The remote backend against real engines started on 127.0.0.1 by the fixture: an Oxigraph
server (PyPI `oxigraph`, `oxigraph serve`) and OpenLink Virtuoso (Debian
`virtuoso-opensource`, started by scripts/virtuoso.sh with its row cap lowered to 1000).
The same behaviour as the embedded store, the demo's contradictions the same through
`--endpoint`, and no answer cut short without an error.

Virtuoso is skipped only when `virtuoso-t` is not installed and CI is not set; in CI a
missing Virtuoso fails."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.cli import cli
from kg.remote_store import STAGING_PREFIX, RemoteStore
from kg.store import EmbeddedStore, StoreError

ROOT = Path(__file__).parent.parent
OXIGRAPH = shutil.which("oxigraph") or str(ROOT / ".venv/bin/oxigraph")
VIRTUOSO_SH = ROOT / "scripts/virtuoso.sh"
VIRTUOSO_CAP = 1000  # ResultSetMaxRows of the test Virtuoso (stock: 10000)
G1 = URIRef("https://w3id.org/privacykg/id/graph/doc/remote-test")
G2 = URIRef("https://w3id.org/privacykg/id/graph/doc/remote-test-2")
S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")
FIXTURE = ROOT / "tests/fixtures/extraction/bank-ferncrest.txt"
N = 2500  # rows in the "large" answers: more than twice the test Virtuoso's cap


@dataclass
class Endpoint:
    engine: str
    query_url: str
    update_url: str
    cap: int | None  # the row cap the engine cuts answers at, if any

    def raw_select(self, sparql: str) -> tuple[int, dict]:
        """Rows and headers of a SELECT sent straight to the engine, past RemoteStore."""
        body = urllib.parse.urlencode({"query": sparql}).encode()
        req = urllib.request.Request(self.query_url, data=body,
                                     headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            data = json.loads(r.read())
            return len(data["results"]["bindings"]), dict(r.headers)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_oxigraph(location: Path, *, union: bool = True) -> tuple[subprocess.Popen, str]:
    """A real `oxigraph serve` on 127.0.0.1, answering: (its process, its base URL)."""
    if not Path(OXIGRAPH).exists():
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'")
    port = _free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}",
                             *(["--union-default-graph"] if union else [])],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1)
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    pytest.fail("oxigraph serve did not start")


def _oxigraph(tmp_path_factory):
    proc, base = _start_oxigraph(tmp_path_factory.mktemp("ox"))
    yield Endpoint("oxigraph", f"{base}/query", f"{base}/update", None)
    proc.terminate()
    proc.wait(timeout=10)


def _virtuoso():
    if shutil.which("virtuoso-t") is None:
        if os.environ.get("CI"):
            pytest.fail("virtuoso-t is not installed, and CI must test Virtuoso: "
                        "apt-get install -y virtuoso-opensource")
        pytest.skip("virtuoso-t is not installed (apt-get install -y virtuoso-opensource)")
    started = subprocess.run([str(VIRTUOSO_SH), "start"], capture_output=True, text=True,
                             timeout=180,
                             env={**os.environ, "VIRTUOSO_MAX_ROWS": str(VIRTUOSO_CAP)})
    if started.returncode != 0:
        pytest.fail(f"scripts/virtuoso.sh start failed:\n{started.stderr}")
    info = dict(line.split("=", 1) for line in started.stdout.split())
    try:
        url = info["VIRTUOSO_SPARQL"]
        yield Endpoint("virtuoso", url, url, VIRTUOSO_CAP)
    finally:
        subprocess.run([str(VIRTUOSO_SH), "stop", info["VIRTUOSO_DIR"]], timeout=60, check=False)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def endpoint(request, tmp_path_factory):
    if request.param == "oxigraph":
        yield from _oxigraph(tmp_path_factory)
    else:
        yield from _virtuoso()


def _clean(store: RemoteStore) -> None:
    """Drop privacykg's graphs (never DROP ALL: Virtuoso keeps its own schema in graphs)."""
    r = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
    for (g,) in r.rows:
        if str(g).startswith(("https://w3id.org/privacykg/", STAGING_PREFIX)):
            store.drop_graph(g)


@pytest.fixture
def remote(endpoint):
    store = RemoteStore(endpoint.query_url, endpoint.update_url)
    _clean(store)
    return store


def _numbers(n: int) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"https://example.org/n/{i}"), P, Literal(i)))
    return g


def test_replace_graph_and_query_shapes(remote):
    g = Graph()
    g.add((S, P, Literal("old")))
    remote.replace_graph(G1, g)
    g2 = Graph()
    g2.add((S, P, Literal("naïve \"quoted\"", lang="fr")))
    remote.replace_graph(G1, g2)
    # only the test's subject: Virtuoso's union default graph also holds its own schema
    rows = remote.query(f"SELECT ?o WHERE {{ <{S}> ?p ?o }}").rows
    assert rows == [(Literal("naïve \"quoted\"", lang="fr"),)]
    assert remote.query("ASK { ?s ?p ?o }").boolean is True
    assert len(remote.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"
                            ).graph) == 1
    assert remote.graph_names() == [G1]
    bound = remote.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"s": URIRef("urn:none")})
    assert int(bound.rows[0][0]) == 0


def test_bad_query_is_a_store_error(remote):
    with pytest.raises(StoreError):
        remote.query("SELEKT nothing")


def test_demo_through_the_endpoint_matches_the_embedded_store(endpoint, tmp_path):
    runner = CliRunner()
    _clean(RemoteStore(endpoint.query_url, endpoint.update_url))
    flags = ["--endpoint", endpoint.query_url, "--update-endpoint", endpoint.update_url]
    local_flags = ["--store", str(tmp_path / "s")]
    remote = runner.invoke(cli, [*flags, "demo"], catch_exceptions=False)
    assert remote.exit_code == 0, remote.output
    local = runner.invoke(cli, [*local_flags, "demo"], catch_exceptions=False)
    assert remote.stdout == local.stdout
    assert "contradiction(s)" in local.stdout

    def run(args: list[str]) -> str:
        r = runner.invoke(cli, args, catch_exceptions=False)
        assert r.exit_code == 0, r.output
        return r.stdout

    def pairs(out: str) -> set[tuple[str, str, str]]:
        return {(c["rule"], c["claim"]["iri"], c["evidence"]["iri"])
                for c in json.loads(out)["contradictions"]}

    local_pairs = pairs(run([*local_flags, "check", "--format", "json"]))
    assert pairs(run([*flags, "check", "--format", "json"])) == local_pairs
    assert len(local_pairs) > 10

    # export: every quad, more of them than the test Virtuoso's cap, so it is paged there.
    # Compared by value: Oxigraph (embedded and server) stores typed literals in canonical
    # form (xsd:nonNegativeInteger as xsd:integer, "1.50" as "1.5", "+00:00" as "Z"),
    # Virtuoso keeps what was written; the values are the same.
    def quads(out: str) -> set:
        ds = Dataset()
        ds.parse(data=out, format="nquads")
        return {(s, p, _value(o), g) for s, p, o, g in ds.quads((None, None, None, None))}

    local_quads = quads(run([*local_flags, "export", "--format", "nquads"]))
    assert len(local_quads) > VIRTUOSO_CAP
    assert quads(run([*flags, "export", "--format", "nquads"])) == local_quads

    # privacykg's graphs only: Virtuoso also shows its own (schema, DAV) to GRAPH ?g
    count = ('SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } '
             'FILTER(STRSTARTS(STR(?g), "https://w3id.org/privacykg/")) } GROUP BY ?g ORDER BY ?g')
    counts = run([*local_flags, "query", count, "--format", "json"])
    assert json.loads(run([*flags, "query", count, "--format", "json"])) == json.loads(counts)


_INTEGERS = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.negativeInteger,
             XSD.nonPositiveInteger, XSD.long, XSD.int, XSD.short, XSD.byte,
             XSD.unsignedLong, XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte}


def _value(term):
    """A literal's value where XSD gives it one (integers of every derived type as one
    integer, decimals and dateTimes by value), else the term itself."""
    if isinstance(term, Literal) and term.datatype in _INTEGERS:
        return ("integer", int(term))
    if isinstance(term, Literal) and term.datatype in (XSD.decimal, XSD.dateTime, XSD.date):
        return (str(term.datatype), term.toPython())
    return term


def test_literal_values_survive_every_engine(endpoint, remote, tmp_path):
    """The same literals written to the embedded store and to the engine come back with
    the same values (lexical forms may differ: see the export comparison above)."""
    g = Graph()
    values = [Literal("1249", datatype=XSD.nonNegativeInteger), Literal(-3),
              Literal("1.50", datatype=XSD.decimal), Literal("0.9", datatype=XSD.decimal),
              Literal("2020-05-03T00:00:00Z", datatype=XSD.dateTime),
              Literal("2020-05-03T01:30:00+05:30", datatype=XSD.dateTime),
              Literal("2020-05-02", datatype=XSD.date), Literal(True),
              Literal("naïve", lang="fr"), Literal("plain \"text\"\n")]
    for i, v in enumerate(values):
        g.add((URIRef(f"https://example.org/lit/{i}"), P, v))
    local = EmbeddedStore(tmp_path / "l")
    seen = {}
    for name, store in (("embedded", local), (endpoint.engine, remote)):
        store.replace_graph(G1, g)
        rows = store.query(f"SELECT ?s ?o WHERE {{ GRAPH <{G1}> {{ ?s <{P}> ?o }} }}").rows
        seen[name] = {s: _value(o) for s, o in rows}
    assert seen["embedded"] == seen[endpoint.engine]
    assert len(seen["embedded"]) == len(values)


def test_embedded_and_remote_agree_on_graph_names(remote, tmp_path):
    g = Graph()
    g.add((S, P, Literal(1)))
    local = EmbeddedStore(tmp_path / "l")
    for store in (local, remote):
        store.replace_graph(G1, g)
    assert local.graph_names() == remote.graph_names()


def test_a_big_graph_is_written_whole_and_replaced_whole(remote):
    remote.replace_graph(G1, _numbers(N))  # ten requests of 250 triples, then one MOVE
    assert int(remote.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"
                            ).rows[0][0]) == N
    smaller = _numbers(1200)
    remote.replace_graph(G1, smaller)
    back = remote.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}").graph
    assert set(back) == set(smaller)
    assert remote.graph_names() == [G1]  # no staging graph left behind
    assert remote.query(f'ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '
                        f'"{STAGING_PREFIX}")) }}', union=False).boolean is False


def test_large_answers_are_complete(endpoint, remote):
    remote.replace_graph(G1, _numbers(N))
    query = f"SELECT ?s ?o WHERE {{ GRAPH <{G1}> {{ ?s <{P}> ?o }} }}"
    seen, headers = endpoint.raw_select(query)
    if endpoint.cap:  # the engine itself cuts the answer, and says so only in a header
        assert seen == endpoint.cap
        assert headers.get("X-SPARQL-MaxRows") == str(endpoint.cap)
    else:
        assert seen == N
    rows = remote.query(query).rows
    assert len(rows) == N
    assert {int(o) for _, o in rows} == set(range(N))
    # the query's own order survives paging
    ordered = remote.query(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s <{P}> ?o }} }} "
                           "ORDER BY DESC(?o)").rows
    assert [int(o) for (o,) in ordered] == list(range(N - 1, -1, -1))
    # a dataset clause, and a LIMIT above the cap
    limited = remote.query(f"SELECT ?o FROM <{G1}> WHERE {{ ?s <{P}> ?o }} LIMIT 2200").rows
    assert len(limited) == 2200
    # CONSTRUCT, which Virtuoso cuts without any header
    assert len(remote.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"
                            ).graph) == N
    short = remote.query(f"PREFIX ex: <https://example.org/> CONSTRUCT FROM <{G1}> WHERE "
                         "{ ?s ex:p ?o }").graph
    assert len(short) == N


def test_the_cli_query_command_pages(endpoint, remote):
    remote.replace_graph(G1, _numbers(N))
    out = CliRunner().invoke(cli, ["--endpoint", endpoint.query_url, "--update-endpoint",
                                   endpoint.update_url, "query", "--format", "json",
                                   f"SELECT ?s WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"],
                             catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert len(json.loads(out.stdout)["results"]["bindings"]) == N


def test_a_configured_cap_is_paged_on_an_engine_that_does_not_announce_it(endpoint, remote):
    remote.replace_graph(G1, _numbers(N))
    capped = RemoteStore(endpoint.query_url, endpoint.update_url, max_rows=700)
    rows = capped.query(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}").rows
    assert sorted(int(o) for (o,) in rows) == list(range(N))


def test_an_answer_that_cannot_be_proved_complete_is_an_error(endpoint, remote):
    """DESCRIBE is the engine's own and cannot be paged: as large as the cap, it fails."""
    g = Graph()
    for i in range(1500):
        g.add((S, P, Literal(i)))
    remote.replace_graph(G1, g)
    store = RemoteStore(endpoint.query_url, endpoint.update_url,
                        max_rows=endpoint.cap or 1000)
    with pytest.raises(StoreError, match="incomplete"):
        store.query(f"DESCRIBE <{S}>")
    # and a cap of one row leaves no page size to page with
    with pytest.raises(StoreError, match="cannot be paged"):
        RemoteStore(endpoint.query_url, endpoint.update_url, max_rows=1).query(
            f"SELECT ?o WHERE {{ <{S}> ?p ?o }}")


def test_a_failed_big_write_leaves_the_old_graph(endpoint, remote):
    """Chunks go to a staging graph first: when one fails, the document graph is untouched
    and the staging graph is removed."""
    old = _numbers(10)
    remote.replace_graph(G2, old)
    bad = _numbers(N)
    bad.add((S, P, Literal("x", datatype=URIRef("not an iri"))))  # a chunk the engine refuses
    with pytest.raises(StoreError):
        remote.replace_graph(G2, bad)
    back = remote.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G2}> {{ ?s ?p ?o }} }}").graph
    assert set(back) == set(old)
    assert remote.graph_names() == [G2]


def test_the_web_app_over_a_remote_store(endpoint, remote, tmp_path):
    """`privacykg --endpoint … serve`: /sparql, the graph store, VoID and the dump answer
    from the engine, with the public limits applied in the app (threads, not workers)."""
    import gzip

    from kg.settings import Settings
    from web import create_app

    remote.replace_graph(G1, _numbers(30))
    store = RemoteStore(endpoint.query_url, endpoint.update_url)
    app = create_app(Settings(store=tmp_path / "unused", endpoint=endpoint.query_url,
                              token="t", result_limit=20), store)
    client = app.test_client()
    q = f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s <{P}> ?o }} }}"
    assert client.get("/sparql", query_string={"query": q}).status_code == 413  # 30 > 20
    r = client.get("/sparql", query_string={"query": q + " LIMIT 20"})
    assert r.status_code == 200 and len(r.json["results"]["bindings"]) == 20
    assert not app.extensions["privacykg.runner"].pooled
    auth = {"Authorization": "Bearer t"}
    assert client.put("/sparql/graphs", query_string={"graph": str(G2)}, headers=auth,
                      data=b"<https://example.org/s> <https://example.org/p> \"x\" .",
                      content_type="application/n-triples").status_code == 201
    got = client.get("/sparql/graphs", query_string={"graph": str(G2)},
                     headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and b'"x"' in got.data
    void = client.get("/void", headers={"Accept": "application/n-triples"})
    assert void.status_code == 200 and str(G2).encode() in void.data
    dump = gzip.decompress(client.get("/dumps/latest.nq.gz").data)
    assert f"<{G2}> .".encode() in dump and dump.count(f"<{G1}> .".encode()) == 30


def test_company_groups_of_hundreds_of_products_reach_the_engine(remote):
    """The groups graph goes in chunks (Virtuoso refuses one INSERT DATA of thousands of
    triples), and an unchanged store is not written again."""
    from kg.groups import refresh_groups, stored_pairs
    from ontologies.iris import Minter
    from ontologies.vocab import RDF, SCHEMA

    minter = Minter()
    maker = minter.organisation("Quorvex Holdings")
    g = Graph()
    g.add((maker, RDF.type, SCHEMA.Organization))
    for i in range(400):
        g.add((minter.iri(f"product/quorvex-gadget-{i}"), SCHEMA.manufacturer, maker))
    remote.replace_graph(minter.entities_graph, g)
    assert refresh_groups(remote, minter) is True
    assert len(stored_pairs(remote, minter)) == 401
    assert refresh_groups(remote, minter) is False


def test_an_endpoint_without_a_union_default_graph_is_refused_with_one_line(tmp_path):
    """`oxigraph serve` started without --union-default-graph answers every query of
    privacykg with nothing: the CLI says so on first contact (exit 2, one line naming the
    fix) instead of reporting 0 contradictions."""
    proc, base = _start_oxigraph(tmp_path / "ox", union=False)
    try:
        flags = ["--endpoint", f"{base}/query", "--update-endpoint", f"{base}/update"]
        # an empty engine has nothing to miss yet: storing works
        stored = CliRunner().invoke(cli, [*flags, "ingest", str(FIXTURE)])
        assert stored.exit_code == 0, stored.output
        checked = CliRunner().invoke(cli, [*flags, "check"])
        assert checked.exit_code == 2
        line = checked.output.strip().splitlines()
        assert len(line) == 1 and "--union-default-graph" in line[0], checked.output
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_query_url_given_for_updates_is_refused_on_first_contact(tmp_path):
    """Only --endpoint, Oxigraph's /query: a command that writes learns before its first
    write that the URL takes no updates (exit 2, one line naming --update-endpoint),
    instead of a SPARQLWrapper message halfway through; reading commands still work."""
    proc, base = _start_oxigraph(tmp_path / "ox")
    try:
        for args in (["ingest", str(FIXTURE)], ["check"]):
            r = CliRunner().invoke(cli, ["--endpoint", f"{base}/query", *args])
            assert r.exit_code == 2, r.output
            line = r.output.strip().splitlines()
            assert len(line) == 1 and "--update-endpoint" in line[0], r.output
            assert "query must be set" in line[0]  # the engine's own words
        read = CliRunner().invoke(cli, ["--endpoint", f"{base}/query", "query", "ASK {}"])
        assert read.exit_code == 0, read.output
    finally:
        proc.terminate()
        proc.wait(timeout=10)
