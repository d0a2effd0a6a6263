"""A product's own servers are no third party (issue 17): a baby monitor that uploads
its video to its maker's cloud does not contradict "we never share with any third
party". The vendor's domains are those organisations.json lists, those the user names
with --vendor-domain, and any domain that carries the vendor's or the product's name.
The whole pipeline runs here: a company statement, a capture, the check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from scrapers import netinfo

STATEMENT = ("Hushware, the maker of the CradleCam baby monitor, said in a statement on "
             "Monday: \"We never share your recordings, video or any other data with any "
             "third party. Everything stays with Hushware.\"\n")


def _har(*hosts: str) -> bytes:
    entries = [{"request": {"method": "POST", "url": f"https://{h}/v1/upload",
                            "postData": {"mimeType": "application/x-www-form-urlencoded",
                                         "params": [{"name": "device_id", "value":
                                                     "c0ffee00-1234-4abc-8def-00000000beef"},
                                                    {"name": "page", "value":
                                                     "https://cradlecam.example/nursery"}]}},
                "response": {"status": 200}} for h in hosts]
    return json.dumps({"log": {"version": "1.2", "entries": entries}}).encode()


@pytest.fixture
def run(tmp_path: Path):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--store", str(tmp_path / "store"), *args],
                             catch_exceptions=False)

    return invoke


def _third_party_verdicts(run, tmp_path: Path, hosts: tuple[str, ...], *flags: str) -> list:
    statement = tmp_path / "statement.txt"
    statement.write_text(STATEMENT, encoding="utf-8")
    capture = tmp_path / "cradlecam.har"
    capture.write_bytes(_har(*hosts))
    assert run("ingest", str(statement), "--publisher", "Hushware",
               "--url", "https://hushware.example/statement").exit_code == 0
    r = run("evidence", str(capture), "--vendor", "Hushware", "--product", "CradleCam", *flags)
    assert r.exit_code == 0, r.output
    r = run("check", "--format", "json")
    assert r.exit_code == 0, r.output
    return [c for c in json.loads(r.stdout)["contradictions"]
            if c["aspect"] == "third_party_sharing"]


def test_the_products_own_cloud_is_no_third_party(run, tmp_path):
    assert _third_party_verdicts(run, tmp_path, ("api.cradlecam-cloud.com",)) == []


def test_a_real_third_party_still_contradicts_the_claim(run, tmp_path):
    found = _third_party_verdicts(run, tmp_path, ("api.cradlecam-cloud.com",
                                                  "events.adlytic-metrics.io"))
    assert found and all("adlytic" in json.dumps(c).lower() for c in found)


def test_a_domain_named_by_the_user_is_the_vendors(run, tmp_path):
    # "hwstore.net" carries neither name: a third party, until the user says it is theirs
    assert _third_party_verdicts(run, tmp_path, ("media.hwstore.net",),
                                 "--vendor-domain", "hwstore.net") == []


def test_without_the_flag_an_unnamed_domain_is_a_third_party():
    assert netinfo.is_first_party("media.hwstore.net", "Hushware", product="CradleCam") is False
    assert netinfo.is_first_party("media.hwstore.net", "Hushware", product="CradleCam",
                                  own_domains=["hwstore.net"]) is True
    assert netinfo.is_first_party("eu.cradlecam-cloud.com", None, product="CradleCam") is True
    assert netinfo.is_first_party("eu.cradlecam-cloud.com", None) is None


def test_a_bad_vendor_domain_is_one_line_and_exit_2(run, tmp_path):
    capture = tmp_path / "c.har"
    capture.write_bytes(_har("api.cradlecam-cloud.com"))
    r = run("evidence", str(capture), "--vendor-domain", "not a domain")
    assert r.exit_code == 2 and "--vendor-domain" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
