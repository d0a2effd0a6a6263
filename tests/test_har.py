"""HAR captures: real exports' shapes, payload decoding, strength, secrets, errors."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal
from shapes_check import assert_conforms

from ontologies.iris import Minter
from ontologies.vocab import PKG, RDFS
from scrapers.errors import SourceError
from scrapers.evidence import read_evidence
from scrapers.har import read_har

FIX = Path(__file__).parent / "fixtures" / "evidence"
DEMO = Path(__file__).parents[1] / "kg" / "demo" / "mi-browser-incognito.har"
M = Minter()
SECRET = "s3cr3t-T0KEN-do-not-store"


def read(name: str, **kw: Any):
    path = FIX / name
    return read_evidence(str(path), path.read_bytes(), minter=M, **kw)


def by_host(result) -> dict[str, dict[str, Any]]:
    return {o["host"]: o for o in result.to_json()["observations"]}


def har(*entries: dict[str, Any]) -> bytes:
    return json.dumps({"log": {"version": "1.2", "entries": list(entries)}}).encode()


def post(url: str, text: str, **extra: Any) -> dict[str, Any]:
    return {"request": {"method": "POST", "url": url, "postData": {"mimeType": "x", "text": text}},
            **extra}


def get(url: str, **extra: Any) -> dict[str, Any]:
    return {"request": {"method": "GET", "url": url}, **extra}


def one(data: bytes, **kw: Any) -> dict[str, Any]:
    [obs] = read_har(data, source="t.har", minter=M, **kw).to_json()["observations"]
    return obs


# --- the demo capture --------------------------------------------------------------

def test_demo_capture_reproduces_the_reported_facts() -> None:
    r = read_evidence(str(DEMO), DEMO.read_bytes(), minter=M, product="Mi Browser",
                      vendor="Xiaomi", context=["incognito mode"], vantage="RO")
    out = r.to_json()
    assert out["capture"]["entries"] == 16 and out["capture"]["vantage"] == "RO"
    hosts = by_host(r)
    tracking = hosts["tracking.intl.miui.com"]
    assert tracking["countries"] == ["SG"] and tracking["operator"] == "Alibaba Cloud"
    assert "base64" in tracking["encodings"] and tracking["payload_state"] == "encoded_only"
    assert tracking["identifiers"] == ["device_id"]
    assert "browsing_history" in tracking["data"] and tracking["strength"] == "data_sent"
    assert hosts["tracking.rus.miui.com"]["countries"] == ["RU"]
    assert "gzip" in hosts["sa.api.intl.miui.com"]["encodings"]
    sensors = hosts["global.sensorsdata.cn"]
    assert sensors["recipient"] == "Sensors Analytics" and sensors["third_party"] is True
    assert sensors["strength"] == "data_sent_to_third_party"
    # the page the user opened is contacted, not a leak of their own navigation
    assert hosts["www.example-news.in"]["strength"] == "contacted"
    assert all(o["tls"] for o in hosts.values())
    assert_conforms(r.graph)


def test_demo_labels_read_as_sentences() -> None:
    r = read_evidence(str(DEMO), DEMO.read_bytes(), minter=M, product="Mi Browser",
                      vendor="Xiaomi")
    obs = M.observation(r.document, "tracking.intl.miui.com")
    assert str(r.graph.value(obs, RDFS.label)) == (
        "Mi Browser sent browsing history and search queries, base64-encoded, with a device "
        "identifier to tracking.intl.miui.com (Alibaba Cloud, Singapore).")


def test_capture_records_provenance() -> None:
    r = read_evidence(str(DEMO), DEMO.read_bytes(), minter=M, product="Mi Browser",
                      vendor="Xiaomi", context=["incognito mode"], vantage="ro")
    g, cap = r.graph, r.document
    assert cap == M.capture(r.key)
    assert g.value(cap, PKG.sourceFile) == Literal("mi-browser-incognito.har")
    assert g.value(cap, PKG.vantage) == Literal("RO")
    assert g.value(cap, PKG.product) == M.product("Mi Browser")
    assert g.value(cap, PKG.vendor) == M.organisation("Xiaomi")
    assert str(g.value(cap, PKG.ipDatabase)).startswith("geoip2fast")
    assert g.value(cap, PKG.entries).toPython() == 16


def test_same_capture_same_iris_and_graph() -> None:
    a = read_har(DEMO.read_bytes(), source="a/x.har", minter=M)
    b = read_har(DEMO.read_bytes(), source="b/x.har", minter=M)
    assert a.key == b.key and a.graph.isomorphic(b.graph)


# --- exports from real tools -----------------------------------------------------

def test_chrome_export() -> None:
    r = read("chrome.har", vendor="Example Vendor")
    hosts = by_host(r)
    # the data: URL never left the device
    assert set(hosts) == {"www.example.org", "graph.facebook.com", "pixel.example.net"}
    fb = hosts["graph.facebook.com"]
    assert fb["ips"] == ["2a03:2880:f12f:83:face:b00c::25de"]          # brackets removed
    assert fb["identifiers"] == ["advertising_id"] and fb["recipient"] == "Meta Platforms"
    assert fb["strength"] == "identifier_sent" and fb["third_party"]
    pixel = hosts["pixel.example.net"]
    assert pixel["tls"] is False and pixel["data"] == ["browsing_history"]
    assert "urlencoded" in pixel["encodings"]
    assert hosts["www.example.org"]["strength"] == "contacted"
    assert_conforms(r.graph)


def test_firefox_export_params_only_post() -> None:
    hosts = by_host(read("firefox.har"))
    ga = hosts["www.google-analytics.com"]
    assert ga["data"] == ["search_queries"] and ga["identifiers"] == ["advertising_id"]
    assert ga["encodings"] == ["form"] and ga["payload_state"] == "plain"
    assert ga["recipient"] == "Google" and ga["strength"] == "data_sent_to_third_party"
    assert hosts["cdn.example.com"]["payload_state"] is None


def test_mitmproxy_export_connect_binary_and_opaque() -> None:
    hosts = by_host(read("mitmproxy.har"))
    api = hosts["api.example.com"]
    assert api["requests"] == 2 and api["methods"] == ["CONNECT", "POST"]
    # the HAR writer's base64 is not the app's encoding; the gzip inside is
    assert api["encodings"] == ["gzip", "json"] and api["payload_state"] == "encoded_only"
    assert api["data"] == ["browsing_history"] and api["identifiers"] == ["device_id"]
    secure = hosts["secure.example.com"]
    assert secure["payload_state"] == "opaque" and secure["strength"] == "contacted"


def test_charles_export_with_bom_nested_base64_and_persistent_id() -> None:
    r = read("charles-bom.har", vendor="Example Vendor")
    hosts = by_host(r)
    log = hosts["log.example-vendor.com"]
    assert log["identifiers"] == ["android_id", "imei"]        # base64 → JSON → base64 → JSON
    assert log["payload_state"] == "encoded_only" and log["third_party"] is False
    # "uid" is no known key, but the same value in three requests is a persistent ID
    for i in range(3):
        assert hosts[f"stats{i}.example-ads.com"]["identifiers"] == ["device_id"]
    assert_conforms(r.graph)


def test_secrets_never_reach_the_graph_or_json() -> None:
    for name in ("chrome.har", "firefox.har"):
        r = read(name)
        assert SECRET not in r.graph.serialize(format="nt")
        assert SECRET not in json.dumps(r.to_json())
    # a token key is never read as an identifier, even when its value repeats
    tok = "tok" + "A1b2C3d4E5" * 2
    entries = [get(f"https://x.example.com/a?access_token={tok}&n={i}") for i in range(4)]
    assert one(har(*entries))["identifiers"] == []


# --- payload decoding ----------------------------------------------------------------

B64 = base64.b64encode(json.dumps({"url": "https://news.example/a", "did": "x"}).encode()).decode()


@pytest.mark.parametrize(("body", "encodings", "state"), [
    (json.dumps({"page_url": "https://news.example/a"}), ["json"], "plain"),
    ("url=https%3A%2F%2Fnews.example%2Fa", ["form", "urlencoded"], "plain"),
    (B64, ["base64", "json"], "encoded_only"),
    ("data=" + B64, ["base64", "form", "json"], "encoded_only"),
    (base64.b64encode(gzip.compress(b'{"href": "https://news.example/a"}')).decode(),
     ["base64", "gzip", "json"], "encoded_only"),
    # base64 of JSON holding base64 of a form
    (base64.b64encode(json.dumps({"p": base64.b64encode(
        b"ref=https%3A%2F%2Fnews.example%2Fa&z=1").decode()}).encode()).decode(),
     ["base64", "form", "json", "urlencoded"], "encoded_only"),
])
def test_payload_layers(body: str, encodings: list[str], state: str) -> None:
    obs = one(har(post("https://t.example.com/c", body)))
    assert obs["data"] == ["browsing_history"]
    assert obs["encodings"] == encodings and obs["payload_state"] == state


def test_search_query_inside_a_visited_url() -> None:
    obs = one(har(post("https://t.example.com/c", json.dumps(
        {"url": "https://search.example.org/?q=loan+apps"}))))
    assert obs["data"] == ["browsing_history", "search_queries"]


def test_plain_text_body_and_non_utf8() -> None:
    obs = one(har(post("https://t.example.com/c", "hello caf\u00e9")))
    assert obs["encodings"] == ["plain"] and obs["strength"] == "contacted"
    raw = {"request": {"method": "POST", "url": "https://t.example.com/c", "postData": {
        "mimeType": "x", "encoding": "base64",
        "text": base64.b64encode("imei=356938035643809&n=caf\u00e9".encode("latin-1")).decode()}}}
    obs = one(har(raw))
    assert obs["identifiers"] == ["imei"] and obs["payload_state"] == "plain"


@pytest.mark.parametrize(("key_name", "category"), [
    ("imei", "imei"), ("android_id", "android_id"), ("gaid", "advertising_id"),
    ("adid", "advertising_id"), ("advertising_id", "advertising_id"), ("mac", "mac_address"),
    ("device_id", "device_id"), ("did", "device_id"), ("uuid", "device_id"),
])
def test_identifier_keys(key_name: str, category: str) -> None:
    obs = one(har(get(f"https://t.example.com/c?{key_name}=v1")))
    assert obs["identifiers"] == [category] and obs["strength"] == "identifier_sent"


def test_one_observation_per_host_aggregates() -> None:
    data = har(get("https://a.example.com/1", serverIPAddress="8.8.8.8"),
               post("http://a.example.com/2", "x=1", serverIPAddress="8.8.4.4"),
               get("data:text/plain,hi"), get("blob:https://a.example.com/uuid"))
    r = read_har(data, source="t.har", minter=M)
    [obs] = r.to_json()["observations"]
    assert obs["requests"] == 2 and obs["methods"] == ["GET", "POST"]
    assert obs["ips"] == ["8.8.4.4", "8.8.8.8"] and obs["tls"] is False
    assert r.to_json()["capture"]["entries"] == 4


def test_progress_is_reported_per_entry_in_bytes() -> None:
    calls: list[tuple[int, int]] = []
    data = har(get("https://a.example.com/"), get("https://b.example.com/"))
    read_har(data, source="t.har", minter=M,
             progress=lambda done, total: calls.append((done, total)))
    # once per entry (bytes read so far, below the total), then (total, total) once
    assert len(calls) == 3 and calls[-1] == (len(data), len(data))
    assert all(0 < done < len(data) and total == len(data) for done, total in calls[:-1])


def test_optional_fields_may_be_missing() -> None:
    obs = one(har({"request": {"url": "https://a.example.com/x"}}))
    assert obs["methods"] == ["GET"] and obs["ips"] == [] and obs["countries"] == []


# --- bad input -----------------------------------------------------------------------

@pytest.mark.parametrize(("name", "message"), [
    ("broken-json.har", "broken-json.har: invalid JSON at line 1"),
    ("no-entries.har", "no-entries.har: not a HAR file: 'log.entries' is missing"),
    ("bad-entry.har", "bad-entry.har: entry 1: request.url missing"),
])
def test_broken_files_name_the_file(name: str, message: str) -> None:
    with pytest.raises(SourceError) as err:
        read(name)
    assert str(err.value).startswith(message)


@pytest.mark.parametrize(("data", "problem"), [
    (b"[]", "no 'log' object"),
    (b'{"log": {"entries": {}}}', "'log.entries' is not a list"),
    (b'{"log": {"entries": [3]}}', "entry 0: not an object"),
    (b'{"log": {"entries": [{"request": {"url": "https://"}}]}}', "entry 0: request.url"),
    (b"\xff\xfe{", "invalid JSON"),           # UTF-16 with a lone byte
    (b"", "invalid JSON at line 1, column 1"),
])
def test_bad_input_is_one_source_error(data: bytes, problem: str) -> None:
    with pytest.raises(SourceError) as err:
        read_evidence("dir/capture.har", data, minter=M)
    assert str(err.value).startswith("capture.har") and problem in str(err.value)


def test_unknown_json_evidence_is_rejected() -> None:
    with pytest.raises(SourceError, match="unknown evidence file"):
        read_evidence("x.json", b'{"something": 1}', minter=M)
