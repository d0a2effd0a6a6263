"""HAR import, streamed: every exporter's quirks, broken files, bounded memory, the CLI.

The fixtures imitate what each tool writes (tests/fixtures/evidence/<tool>.har); the
large captures are generated here, entry by entry."""

from __future__ import annotations

import base64
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from shapes_check import assert_conforms

from kg.cli import cli
from ontologies.iris import Minter
from scrapers import har as har_module
from scrapers.errors import SourceError
from scrapers.evidence import read_evidence, read_evidence_file
from scrapers.har import read_har, read_har_file

FIX = Path(__file__).parent / "fixtures" / "evidence"
DEMO = Path(__file__).parents[1] / "kg" / "demo" / "mi-browser-incognito.har"
M = Minter()
SECRET = "s3cr3t-T0KEN-do-not-store"
EXPORTERS = ["chrome.har", "firefox.har", "safari.har", "mitmproxy.har", "charles-bom.har",
             "httptoolkit.har", "fiddler.har", "webpagetest.har"]
OBSERVATION_KEYS = {"iri", "host", "domain", "ips", "countries", "operator", "tls", "requests",
                    "methods", "encodings", "identifiers", "data", "recipient", "third_party",
                    "strength"}


def hosts_of(name: str, **kw: Any) -> dict[str, dict[str, Any]]:
    r = read_evidence_file(FIX / name, minter=M, **kw)
    return {o["host"]: o for o in r.to_json()["observations"]}


def har(entries: list[dict[str, Any]]) -> bytes:
    return json.dumps({"log": {"version": "1.2", "entries": entries}}).encode()


# --- the file and the bytes give the same capture -----------------------------------

@pytest.mark.parametrize("name", EXPORTERS)
def test_file_and_bytes_readers_agree(name: str) -> None:
    path = FIX / name
    a = read_har_file(path, minter=M, vendor="Xiaomi")
    b = read_har(path.read_bytes(), source=str(path), minter=M, vendor="Xiaomi")
    assert a.key == b.key and a.to_json() == b.to_json() and a.graph.isomorphic(b.graph)
    assert set(a.to_json()["observations"][0]) >= OBSERVATION_KEYS
    assert SECRET not in a.graph.serialize(format="nt") and SECRET not in json.dumps(a.to_json())
    assert_conforms(a.graph)


def test_demo_capture_streamed_from_disk() -> None:
    r = read_evidence_file(DEMO, minter=M, product="Mi Browser", vendor="Xiaomi")
    assert r.kind == "capture" and r.to_json()["capture"]["entries"] == 16
    assert r.to_json()["capture"]["file"] == "mi-browser-incognito.har"


# --- exporters' quirks -------------------------------------------------------------

def test_safari_vendor_fields_missing_fields_port_and_blob() -> None:
    hosts = hosts_of("safari.har")
    assert set(hosts) == {"www.example-shop.com", "app-measurement.com"}   # blob: skipped
    assert hosts["www.example-shop.com"]["ips"] == ["93.184.216.34"]       # ":443" dropped
    # a navigation (Sec-Fetch-Mode) is the user's own page load
    assert hosts["www.example-shop.com"]["strength"] == "contacted"
    am = hosts["app-measurement.com"]
    assert am["identifiers"] == ["advertising_id"] and am["recipient"] == "Google"
    assert am["encodings"] == ["json"] and am["strength"] == "identifier_sent"


def test_http_toolkit_stale_content_encoding_base64_body_and_websocket() -> None:
    hosts = hosts_of("httptoolkit.har", vendor="Xiaomi")
    amp = hosts["api2.amplitude.com"]
    # the header still says gzip, the body was written decoded: read as the JSON it is
    assert amp["encodings"] == ["json"] and amp["payload_state"] == "plain"
    assert amp["identifiers"] == ["device_id"] and amp["data"] == ["browsing_history"]
    assert amp["recipient"] == "Amplitude" and amp["strength"] == "data_sent_to_third_party"
    col = hosts["collector.example-vendor.com"]
    # the exporter's base64 is not the app's; the gzip under it is
    assert col["encodings"] == ["gzip", "json"] and col["payload_state"] == "encoded_only"
    assert col["identifiers"] == ["imei"] and col["countries"] == ["SG"]
    assert hosts["push.example-vendor.com"]["tls"] is True                 # wss://


def test_fiddler_bom_connect_over_http_url_and_raw_latin1_body() -> None:
    hosts = hosts_of("fiddler.har", vendor="Xiaomi")
    t = hosts["tracking.intl.miui.com"]
    # the tunnel's "http://host:443" says nothing about TLS; the request inside was https
    assert t["methods"] == ["CONNECT", "POST"] and t["requests"] == 2 and t["tls"] is True
    assert t["identifiers"] == ["android_id"] and t["third_party"] is False
    assert t["ips"] == []                                  # Fiddler wrote no serverIPAddress
    # a body written raw in Latin-1 (not UTF-8) is read, not a reason to stop
    fb = hosts["api.example-vendor.com"]
    assert fb["encodings"] == ["form"] and fb["strength"] == "contacted"


def test_webpagetest_ip_addr_and_request_type() -> None:
    hosts = hosts_of("webpagetest.har")
    page = hosts["www.example-news.com"]
    assert page["ips"] == ["93.184.216.34"]                  # from _ip_addr
    assert page["strength"] == "contacted"                   # _request_type Document: q=flu
    ga = hosts["www.google-analytics.com"]
    assert ga["ips"] == ["8.8.8.8"] and ga["tls"] is False
    assert ga["data"] == ["browsing_history", "search_queries"]
    assert ga["strength"] == "data_sent_to_third_party"


def test_utf16_export_reads_like_utf8() -> None:
    data = DEMO.read_bytes().decode("utf-8")
    utf16 = data.encode("utf-16")                           # with its byte-order mark
    a = read_har(utf16, source="win.har", minter=M, vendor="Xiaomi")
    b = read_har(data.encode("utf-8"), source="win.har", minter=M, vendor="Xiaomi")
    def strip(r) -> list[dict[str, Any]]:       # the IRIs differ: other bytes, other key
        return [{k: v for k, v in o.items() if k != "iri"} for o in r.to_json()["observations"]]

    assert a.key != b.key and strip(a) == strip(b)


def test_addresses_with_brackets_and_ports() -> None:
    data = har([{"request": {"url": f"https://h{i}.example.com/"}, "serverIPAddress": ip}
                for i, ip in enumerate(["[2a03:2880::1]", "[2a03:2880::1]:443", "8.8.8.8:443",
                                        " 8.8.4.4 ", ""])])
    ips = [o["ips"] for o in read_har(data, source="t.har", minter=M).to_json()["observations"]]
    assert ips == [["2a03:2880::1"], ["2a03:2880::1"], ["8.8.8.8"], ["8.8.4.4"], []]


# --- broken files: one SourceError naming the file (and entry) --------------------

@pytest.mark.parametrize(("name", "message"), [
    ("truncated.har", "truncated.har: invalid JSON at line "),
    ("no-request.har", "no-request.har: entry 2: request missing"),
    ("bad-entry.har", "bad-entry.har: entry 1: request.url missing"),
    ("no-entries.har", "no-entries.har: not a HAR file: 'log.entries' is missing"),
    ("broken-json.har", "broken-json.har: invalid JSON at line 1"),
])
def test_broken_files(name: str, message: str) -> None:
    with pytest.raises(SourceError) as err:
        read_evidence_file(FIX / name, minter=M)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_truncated_file_says_after_which_entry() -> None:
    with pytest.raises(SourceError, match=r"\(after entry 0\)$"):
        read_evidence_file(FIX / "truncated.har", minter=M)


def test_large_broken_file_names_the_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    # beyond EXACT_ERRORS_MAX the file is not parsed again for a line number
    monkeypatch.setattr(har_module, "EXACT_ERRORS_MAX", 0)
    data = har([{"request": {"url": "https://a.example.com/"}}] * 3)[:-5] + b"}}}"
    with pytest.raises(SourceError) as err:
        read_har(data, source="big.har", minter=M)
    assert str(err.value).startswith("big.har: invalid JSON before byte ")
    assert str(err.value).endswith("(after entry 2)")


@pytest.mark.parametrize(("data", "problem"), [
    (b'{"version": "1.2"}', "no 'log' object"),
    (b'{"log": [1]}', "no 'log' object"),
    (b'{"log": {"entries": null}}', "'log.entries' is missing"),
    (b'{"log": {"pages": [], "entries": "x"}}', "'log.entries' is not a list"),
    (b'{"log": {"entries": [{"request": "GET /"}]}}', "entry 0: request missing"),
])
def test_outline_errors(data: bytes, problem: str) -> None:
    with pytest.raises(SourceError) as err:
        read_har(data, source="x/c.har", minter=M)
    assert str(err.value).startswith("c.har: ") and problem in str(err.value)


def test_unreadable_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"^missing\.har: "):
        read_evidence_file(tmp_path / "missing.har", minter=M)


# --- recognising a HAR saved as .json without loading it ---------------------------

def test_big_json_capture_is_recognised_by_streaming(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import scrapers.evidence as evidence

    monkeypatch.setattr(evidence, "SNIFF_ABOVE", 0)
    path = tmp_path / "capture.json"
    path.write_bytes(DEMO.read_bytes())
    assert read_evidence_file(path, minter=M).kind == "capture"
    assert read_evidence(str(path), path.read_bytes(), minter=M).kind == "capture"
    assert read_evidence_file(FIX / "registry.json", minter=M).kind == "registry"
    assert read_evidence_file(FIX / "findings.json", minter=M).kind == "findings"


# --- bounded memory --------------------------------------------------------------

def _write_big(path: Path, entries: int, body: int) -> None:
    """A capture of `entries` entries, each with a `body`-byte base64 response."""
    blob = base64.b64encode(bytes(range(256)) * (body // 340 + 1))[:body].decode()
    with path.open("w") as f:
        f.write('{"log": {"version": "1.2", "entries": [')
        for i in range(entries):
            f.write(("," if i else "") + json.dumps({
                "request": {"method": "GET", "url": f"https://h{i % 50}.example.com/x?did=d{i % 7}"
                                                    f"&rid=r{i}x{i * 7919}"},
                "response": {"content": {"encoding": "base64", "text": blob}},
                "serverIPAddress": "8.8.8.8"}))
        f.write("]}}")


def test_memory_stays_bounded_by_one_entry(tmp_path: Path) -> None:
    path = tmp_path / "big.har"
    _write_big(path, 600, 16_000)                           # ~10 MB
    size = path.stat().st_size
    tracemalloc.start()
    try:
        r = read_har_file(path, minter=M)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert r.to_json()["capture"]["entries"] == 600 and len(r.to_json()["observations"]) == 50
    assert size > 9_000_000 and peak < size / 4, (size, peak)
    assert r.key == read_har(path.read_bytes(), source="big.har", minter=M).key


def test_id_table_is_bounded_and_persistent_ids_survive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(har_module, "MAX_CANDIDATES", 20)
    seen: list[int] = []
    real = har_module._forget_rare

    def spy(counts, seen_in) -> None:
        real(counts, seen_in)
        seen.append(len(counts))
        assert len(counts) <= 10 and set(counts) == set(seen_in)

    monkeypatch.setattr(har_module, "_forget_rare", spy)
    # a fresh ID-like request id on every request; one value repeated throughout
    entries = [{"request": {"url": f"https://t.example.com/e?k=zx81k2m9q7w3&r=rq{i:06d}abc"}}
               for i in range(200)]
    [obs] = read_har(har(entries), source="t.har", minter=M).to_json()["observations"]
    assert seen and obs["identifiers"] == ["device_id"]


# --- the command line ------------------------------------------------------------

@pytest.fixture
def run(tmp_path: Path):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--store", str(tmp_path / "store"), *args],
                             catch_exceptions=False)

    return invoke


def _graphs(run) -> int:
    r = run("query", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "--format", "json")
    if r.exit_code == 2 and "no store here" in r.stderr:
        return 0  # nothing ever stored there, and the query created no store
    assert r.exit_code == 0, r.output
    return int(json.loads(r.stdout)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("name", EXPORTERS)
def test_cli_prints_the_contract_shape_for_every_exporter(run, name: str) -> None:
    r = run("evidence", str(FIX / name), "--vendor", "Xiaomi", "--vantage", "ro",
            "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["capture"]["file"] == name and out["capture"]["vantage"] == "RO"
    assert out["observations"] and all(set(o) >= OBSERVATION_KEYS for o in out["observations"])
    assert _graphs(run) == 2  # the capture and the shared entities graph


@pytest.mark.parametrize("name", ["truncated.har", "no-request.har", "bad-entry.har",
                                  "no-entries.har", "broken-json.har"])
def test_cli_broken_capture_exits_2_and_stores_nothing(run, name: str) -> None:
    r = run("evidence", str(FIX / "chrome.har"), str(FIX / name))
    assert r.exit_code == 2
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0]
    assert _graphs(run) == 0
