"""Evidence says where it comes from (issue 17): who made a capture, with what tool and
when (read from the HAR where it says so), from which country; and evidence written to
reproduce what others reported is a reconstruction everywhere it appears, weighed as
the report it stands for, never as a first-hand capture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from kg.check import RECONSTRUCTION_CAP
from kg.cli import cli
from ontologies.iris import Minter
from ontologies.vocab import PKG
from scrapers.har import read_har

STATEMENT = ("Lumora, the maker of the Lumora Kids tablet app, said in a statement on "
             "Tuesday: \"We never share your data with any third party.\"\n")


def _har(creator: dict | None = None) -> bytes:
    entries = [{"startedDateTime": f"2026-03-0{day}T09:00:00.000Z",
                "request": {"method": "POST", "url": "https://events.adlytic-metrics.io/v1",
                            "postData": {"mimeType": "application/x-www-form-urlencoded",
                                         "params": [{"name": "device_id", "value":
                                                     "c0ffee00-1234-4abc-8def-00000000beef"}]}},
                "response": {"status": 200}} for day in (3, 1, 2)]
    log: dict = {"version": "1.2", "entries": entries}
    if creator is not None:
        log = {"version": "1.2", "creator": creator, "entries": entries}
    return json.dumps({"log": log}).encode()


def test_the_capture_says_who_made_it_with_what_and_when():
    r = read_har(_har({"name": "mitmproxy", "version": "10.1", "comment": "x"}),
                 source="kids.har", minter=Minter(), captured_by="Ledger News lab",
                 vantage="NO")
    cap = r.to_json()["capture"]
    assert cap["tool"] == "mitmproxy 10.1" and cap["captured_by"] == "Ledger News lab"
    assert cap["captured_from"].startswith("2026-03-01") and \
        cap["captured_until"].startswith("2026-03-03")
    assert cap["reconstruction"] is False
    assert (r.document, PKG.captureTool, None) in r.graph
    assert not list(r.graph.objects(r.document, PKG.reconstruction))


def test_a_capture_without_creator_or_times_still_reads():
    data = json.dumps({"log": {"version": "1.2", "entries": [
        {"request": {"method": "GET", "url": "https://a.example/"}}]}}).encode()
    cap = read_har(data, source="bare.har", minter=Minter()).to_json()["capture"]
    assert cap["tool"] is None and cap["captured_from"] is None


@pytest.fixture
def run(tmp_path: Path):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--store", str(tmp_path / "store"), *args],
                             catch_exceptions=False)

    return invoke


@pytest.mark.parametrize("reconstruction", [False, True])
def test_a_reconstruction_is_said_and_weighs_as_a_report(run, tmp_path, reconstruction):
    (tmp_path / "s.txt").write_text(STATEMENT, encoding="utf-8")
    (tmp_path / "kids.har").write_bytes(_har({"name": "HTTP Toolkit", "version": "1.14"}))
    assert run("ingest", str(tmp_path / "s.txt"), "--publisher", "Lumora").exit_code == 0
    flags = ["--reconstruction"] if reconstruction else []
    r = run("evidence", str(tmp_path / "kids.har"), "--vendor", "Lumora", "--product",
            "Lumora Kids", "--captured-by", "Dana Ruiz", *flags)
    assert r.exit_code == 0, r.output
    found = json.loads(run("check", "--format", "json").stdout)["contradictions"]
    assert found
    top = max(c["confidence"] for c in found)
    if reconstruction:
        assert top <= RECONSTRUCTION_CAP
        assert all("reconstruction" in c["explanation"] for c in found)
        assert all("first-hand)" not in c["explanation"] for c in found)
        assert all(c["evidence"]["source"]["reconstruction"] for c in found)
    else:
        assert top > RECONSTRUCTION_CAP
        assert not any("reconstruction" in c["explanation"] for c in found)
    assert all(c["evidence"]["source"]["captured_by"] == "Dana Ruiz" for c in found)


def test_the_demo_evidence_is_a_reconstruction_on_its_pages(tmp_path):
    from kg.demo import build_demo
    from kg.settings import Settings
    from kg.store import EmbeddedStore
    from web import create_app

    store = EmbeddedStore(None)
    settings = Settings()
    found = build_demo(store, settings.minter)
    assert found and max(c.confidence for c in found) <= RECONSTRUCTION_CAP + 0.2
    observed = [c for c in found if "capture" in c.explanation]
    assert observed and all(c.confidence <= RECONSTRUCTION_CAP for c in observed)
    client = create_app(settings, store).test_client()
    home = BeautifulSoup(client.get("/contradictions").data, "html.parser")
    link = home.select_one(".rules a")["href"]
    page = BeautifulSoup(client.get(link).data, "html.parser")
    text = page.get_text(" ")
    assert "reconstruction" in text.lower()
    methods = page.select_one(".methods")
    assert methods is not None and "Romania" in methods.get_text()


def test_a_registry_search_shows_the_certificates_it_found_and_when(tmp_path):
    from kg.check import as_json
    from kg.check import check as run_check
    from kg.demo import build_demo
    from kg.settings import Settings
    from kg.store import EmbeddedStore
    from web import create_app

    store, settings = EmbeddedStore(None), Settings()
    build_demo(store, settings.minter)
    found = as_json(store, run_check(store, settings.minter))["contradictions"]
    searched = [c for c in found if c["evidence"]["kind"] == "registry"]
    assert searched
    ev = searched[0]["evidence"]
    assert ev["certificates"] and all(c["id"] and c["scope"] for c in ev["certificates"])
    assert ev["source"]["retrieved"].startswith("2020-05-03")
    client = create_app(settings, store).test_client()
    page = BeautifulSoup(client.get(searched[0]["iri"].split("/id/", 1)[1].join(
        ["/id/", ""])).data, "html.parser")
    listed = page.select(".side.registry ul.certs li")
    assert len(listed) == len(ev["certificates"])
    assert "Searched" in page.select_one(".side.registry .methods").get_text()
