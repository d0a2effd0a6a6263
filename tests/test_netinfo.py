"""Offline IP, host and domain facts: the real bundled databases, no network."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from scrapers import netinfo


@pytest.mark.parametrize(("ip", "country", "operator"), [
    ("161.117.96.23", "SG", "Alibaba Cloud"),      # the demo's Singapore host
    ("8.209.12.40", "RU", "Alibaba Cloud"),        # the demo's Russian host
    ("13.232.0.1", "IN", "Amazon Web Services"),   # AWS Mumbai
    ("2400:3200::1", "CN", "Alibaba Cloud"),       # IPv6 works too
])
def test_lookup_ip_country_and_operator(ip: str, country: str, operator: str) -> None:
    info = netinfo.lookup_ip(ip)
    assert (info.country, info.operator) == (country, operator)
    assert info.network  # the raw ASN name is kept for the record


@pytest.mark.parametrize("ip", ["10.0.0.1", "127.0.0.1", "::1", "not-an-ip", "999.1.1.1"])
def test_private_or_malformed_ips_are_unknown(ip: str) -> None:
    info = netinfo.lookup_ip(ip)
    assert (info.country, info.network, info.operator) == (None, None, None)


def test_database_version_names_package_and_data_release() -> None:
    v = netinfo.database_version()
    assert v.startswith("geoip2fast 1.") and "GeoLite2" in v


@pytest.mark.parametrize(("host", "operator"), [
    ("bucket.s3.ap-south-1.amazonaws.com", "Amazon Web Services"),
    ("x.oss-ap-southeast-1.aliyuncs.com", "Alibaba Cloud"),
    ("myapp.appspot.com", "Google Cloud"),
    ("www.example.org", None),
])
def test_operator_for_host(host: str, operator: str | None) -> None:
    assert netinfo.operator_for_host(host) == operator


@pytest.mark.parametrize(("host", "domain"), [
    ("sa.api.intl.miui.com", "miui.com"),
    ("www.bbc.co.uk", "bbc.co.uk"),
    ("foo.github.io", "foo.github.io"),   # a private suffix: each user's own site
    ("161.117.96.23", "161.117.96.23"),
])
def test_registrable_domain(host: str, domain: str) -> None:
    assert netinfo.registrable_domain(host) == domain


def test_trackers_and_first_party() -> None:
    assert netinfo.tracker_owner("global.sensorsdata.cn") == "Sensors Analytics"
    assert netinfo.tracker_owner("graph.facebook.com") == "Meta Platforms"
    assert netinfo.tracker_owner("www.example.org") is None
    assert netinfo.is_first_party("tracking.intl.miui.com", "Xiaomi") is True
    assert netinfo.is_first_party("global.sensorsdata.cn", "Xiaomi") is False
    assert netinfo.is_first_party("app-measurement.com", "Google") is True   # its own tracker
    assert netinfo.is_first_party("api.korvo.io", "Korvo") is True          # name in domain
    assert netinfo.is_first_party("www.example.org", None) is None


@pytest.mark.parametrize("name", ["hosting.json", "trackers.json"])
def test_data_files_note_their_source_and_are_well_formed(name: str) -> None:
    data = json.loads(resources.files("scrapers.data").joinpath(name).read_text("utf-8"))
    assert len(data["_source"]) > 40
    # keys are matched against lower-case host and network names
    for table in ("asn_names", "host_suffixes", "trackers"):
        for k, v in data.get(table, {}).items():
            assert k == k.lower().strip() and v, (name, k)
    for domains in data.get("vendors", {}).values():
        assert all(d == d.lower() for d in domains)
    if name == "trackers.json":
        assert len(data["trackers"]) >= 40
        assert {"xiaomi.com", "miui.com", "mi.com", "xiaomi.net"} <= set(data["vendors"]["Xiaomi"])
