"""Where a host is: country and network operator of its IPs from an offline database
(geoip2fast, installed from PyPI with its data files), hosting operators from host
names, and the registrable domain from the public suffix list. No network access."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class IpInfo:
    country: str | None
    network: str | None       # the autonomous system's name as the database has it
    operator: str | None      # normalised hosting operator ("Alibaba Cloud"), if known


@cache
def _hosting() -> dict:
    return json.loads(resources.files("scrapers.data").joinpath("hosting.json").read_text("utf-8"))


@cache
def _trackers() -> dict:
    return json.loads(resources.files("scrapers.data").joinpath("trackers.json").read_text("utf-8"))


@cache
def _geoip():
    import geoip2fast
    from geoip2fast import GeoIP2Fast

    path = os.path.join(os.path.dirname(geoip2fast.__file__), "geoip2fast-asn.dat.gz")
    return GeoIP2Fast(geoip2fast_data_file=path, verbose=False)


def database_version() -> str:
    """Recorded on every capture (pkg:ipDatabase), so a result can be traced to its data."""
    import geoip2fast

    return f"geoip2fast {getattr(geoip2fast, '__version__', 'unknown')} (country + ASN)"


def operator_for_network(network: str | None) -> str | None:
    if not network:
        return None
    low = network.lower()
    for token, name in _hosting()["asn_names"].items():
        if token in low:
            return name
    return None


def lookup_ip(ip: str) -> IpInfo:
    try:
        r = _geoip().lookup(ip)
    except Exception:  # the library raises plain exceptions for malformed addresses
        return IpInfo(None, None, None)
    country = r.country_code if r.country_code and len(r.country_code) == 2 else None
    network = getattr(r, "asn_name", None) or None
    return IpInfo(country, network, operator_for_network(network))


def operator_for_host(host: str) -> str | None:
    for suffix, name in _hosting()["host_suffixes"].items():
        if host == suffix or host.endswith("." + suffix):
            return name
    return None


@cache
def _psl():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def registrable_domain(host: str) -> str:
    return _psl().privatesuffix(host.lower().rstrip(".")) or host.lower()


def tracker_owner(host: str) -> str | None:
    """The analytics/advertising company a host belongs to, if it is a known tracker."""
    for domain, owner in _trackers()["trackers"].items():
        if host == domain or host.endswith("." + domain):
            return owner
    return None


def vendor_domains(vendor: str | None) -> set[str]:
    if not vendor:
        return set()
    for name, domains in _trackers()["vendors"].items():
        if name.lower() == vendor.lower():
            return set(domains)
    return set()
