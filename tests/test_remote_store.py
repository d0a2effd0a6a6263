"""The remote backend against a real Oxigraph server (PyPI `oxigraph`, `oxigraph serve`),
started on 127.0.0.1 by the fixture: the same behaviour as the embedded store, and the
demo's contradictions the same through `--endpoint`."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.cli import cli
from kg.store import EmbeddedStore, RemoteStore, StoreError

OXIGRAPH = shutil.which("oxigraph") or str(Path(__file__).parent.parent / ".venv/bin/oxigraph")
G1 = URIRef("https://w3id.org/privacykg/id/graph/doc/remote-test")
S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    if not Path(OXIGRAPH).exists():
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'")
    port = _free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path_factory.mktemp("ox")),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("oxigraph serve did not start")
    yield f"{base}/query", f"{base}/update"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def remote(oxigraph_server):
    store = RemoteStore(*oxigraph_server)
    store.update("DROP SILENT ALL")
    return store


def test_replace_graph_and_query_shapes(remote):
    g = Graph()
    g.add((S, P, Literal("old")))
    remote.replace_graph(G1, g)
    g2 = Graph()
    g2.add((S, P, Literal("naïve \"quoted\"", lang="fr")))
    remote.replace_graph(G1, g2)
    rows = remote.query("SELECT ?o WHERE { ?s ?p ?o }").rows
    assert rows == [(Literal("naïve \"quoted\"", lang="fr"),)]
    assert remote.query("ASK { ?s ?p ?o }").boolean is True
    assert len(remote.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph) == 1
    assert remote.graph_names() == [G1]
    bound = remote.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"s": URIRef("urn:none")})
    assert int(bound.rows[0][0]) == 0


def test_bad_query_is_a_store_error(remote):
    with pytest.raises(StoreError):
        remote.query("SELEKT nothing")


def test_demo_through_the_endpoint_matches_the_embedded_store(oxigraph_server, tmp_path):
    runner = CliRunner()
    query_url, update_url = oxigraph_server
    RemoteStore(query_url, update_url).update("DROP SILENT ALL")
    remote = runner.invoke(cli, ["--endpoint", query_url, "--update-endpoint", update_url, "demo"],
                           catch_exceptions=False)
    assert remote.exit_code == 0, remote.output
    remote_json = runner.invoke(cli, ["--endpoint", query_url, "--update-endpoint", update_url,
                                      "check", "--format", "json"], catch_exceptions=False)
    local = runner.invoke(cli, ["--store", str(tmp_path / "s"), "demo"], catch_exceptions=False)
    local_json = runner.invoke(cli, ["--store", str(tmp_path / "s"), "check", "--format", "json"],
                               catch_exceptions=False)

    def pairs(out: str) -> set[tuple[str, str, str]]:
        return {(c["rule"], c["claim"]["iri"], c["evidence"]["iri"])
                for c in json.loads(out)["contradictions"]}

    assert pairs(remote_json.stdout) == pairs(local_json.stdout)
    assert len(pairs(local_json.stdout)) > 10
    assert remote.stdout == local.stdout


def test_embedded_and_remote_agree_on_graph_names(remote, tmp_path):
    g = Graph()
    g.add((S, P, Literal(1)))
    local = EmbeddedStore(tmp_path / "l")
    for store in (local, remote):
        store.replace_graph(G1, g)
    assert local.graph_names() == remote.graph_names()
