"""Where a host is and who runs it, offline.

A capture says which IPs a device talked to; a fact-check needs countries and
companies. Everything here answers from data installed with the package, never
from the network, so the same capture always gives the same answer:

- IP -> country and network (ASN name): geoip2fast's bundled "country + ASN"
  database (MaxMind GeoLite2 data, IPv4 and IPv6), recorded on every capture as
  `pkg:ipDatabase` so a result can be traced to the data that produced it;
- ASN name or host name -> hosting operator ("Alibaba Cloud"): `data/hosting.json`;
- host -> registrable domain: the public suffix list (`publicsuffixlist`);
- host -> tracker owner, vendor -> its own domains: `data/trackers.json`.

    >>> lookup_ip("161.117.96.23").operator
    'Alibaba Cloud'
    >>> registrable_domain("sa.api.intl.miui.com")
    'miui.com'
"""

from __future__ import annotations

import ipaddress
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ontologies.iris import slug

__all__ = [
    "IpInfo", "lookup_ip", "database_version", "operator_for_network", "operator_for_host",
    "registrable_domain", "tracker_owner", "vendor_domains", "is_first_party",
]

# The data file inside the geoip2fast wheel that carries ASN names as well as
# countries, for IPv4 and IPv6 (the plain geoip2fast.dat.gz has countries only).
_GEOIP_FILE = "geoip2fast-asn-ipv6.dat.gz"


@dataclass(frozen=True)
class IpInfo:
    """What the offline database says about one IP."""

    ip: str
    country: str | None       # ISO 3166-1 alpha-2, None for private or unknown addresses
    network: str | None       # the autonomous system's name as the database has it
    operator: str | None      # normalised operator ("Alibaba Cloud"), when we know the network


def _data(name: str) -> dict:
    return json.loads(resources.files("scrapers.data").joinpath(name).read_text("utf-8"))


@cache
def _hosting() -> dict:
    return _data("hosting.json")


@cache
def _trackers() -> dict:
    return _data("trackers.json")


@cache
def _geoip():  # -> geoip2fast.GeoIP2Fast (untyped library)
    import geoip2fast
    from geoip2fast import GeoIP2Fast

    path = os.path.join(os.path.dirname(geoip2fast.__file__), _GEOIP_FILE)
    return GeoIP2Fast(geoip2fast_data_file=path, verbose=False)


@cache
def database_version() -> str:
    """Name, version and data release of the IP database ("geoip2fast 1.2.2 (…20240618)")."""
    import geoip2fast

    version = getattr(geoip2fast, "__version__", "unknown")
    try:
        source = _geoip().get_database_info().get("source_info", "")
    except Exception:  # noqa: BLE001 - an info call must never break an import
        source = ""
    source = source.split(":", 1)[-1]
    return f"geoip2fast {version}" + (f" ({source})" if source else "")


def operator_for_network(network: str | None) -> str | None:
    """The hosting operator an ASN name belongs to ("AMAZON-02" -> "Amazon Web Services")."""
    if not network:
        return None
    low = network.lower()
    for token, name in _hosting()["asn_names"].items():
        if token in low:
            return name
    return None


@cache
def lookup_ip(ip: str) -> IpInfo:
    """Country, network and operator of an IP; all None when unknown, private or malformed."""
    text = ip.strip().strip("[]")
    try:
        addr = ipaddress.ip_address(text)
    except ValueError:
        return IpInfo(ip, None, None, None)
    if not addr.is_global:
        return IpInfo(str(addr), None, None, None)
    try:
        r = _geoip().lookup(str(addr))
    except Exception:  # noqa: BLE001 - the library raises bare exceptions on odd input
        return IpInfo(str(addr), None, None, None)
    cc = (r.country_code or "").upper()
    country = cc if len(cc) == 2 and cc.isalpha() else None
    network = (getattr(r, "asn_name", "") or "").strip() or None
    if network and network.upper() == "IANA.ORG":
        network = None
    return IpInfo(str(addr), country, network, operator_for_network(network))


def _match_suffix(host: str, table: dict[str, str]) -> str | None:
    """The value for the longest key that is `host` or a parent domain of it."""
    host = host.lower().rstrip(".")
    best: tuple[int, str] | None = None
    for suffix, value in table.items():
        if suffix.startswith("_"):
            continue
        if (host == suffix or host.endswith("." + suffix)) and (
                best is None or len(suffix) > best[0]):
            best = (len(suffix), value)
    return best[1] if best else None


def operator_for_host(host: str) -> str | None:
    """The hosting operator a host name reveals ("x.oss-ap-southeast-1.aliyuncs.com")."""
    return _match_suffix(host, _hosting()["host_suffixes"])


@cache
def _psl():  # -> publicsuffixlist.PublicSuffixList
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def registrable_domain(host: str) -> str:
    """The domain someone registered ("sa.api.intl.miui.com" -> "miui.com"); IPs as they are."""
    h = host.lower().strip().strip("[]").rstrip(".")
    try:
        ipaddress.ip_address(h)
        return h
    except ValueError:
        pass
    return _psl().privatesuffix(h) or h


def tracker_owner(host: str) -> str | None:
    """The analytics/advertising company a host belongs to, if it is a known tracker."""
    return _match_suffix(host, _trackers()["trackers"])


def vendor_domains(vendor: str | None) -> set[str]:
    """The registrable domains a vendor runs itself (empty when we do not know them)."""
    if not vendor:
        return set()
    want = slug(vendor)
    for name, domains in _trackers()["vendors"].items():
        if slug(name) == want:
            return set(domains)
    return set()


def is_first_party(host: str, vendor: str | None, *, product: str | None = None,
                   own_domains: Iterable[str] = ()) -> bool | None:
    """True when the vendor runs `host`, False when someone else does, None when unknown.

    A known tracker owned by someone other than the vendor is third party; otherwise
    the domains the user says are the vendor's (`own_domains`) and those
    organisations.json lists for it, and any registrable domain that carries the
    vendor's or the product's name ("xiaomi" in "xiaomi.net", "cradlecam" in
    "cradlecam-cloud.com"), are first party; with a known list, other domains are not."""
    owner = tracker_owner(host)
    if vendor and owner and slug(owner) == slug(vendor):
        return True
    if owner:
        return False
    if not (vendor or product or own_domains):
        return None
    domain = registrable_domain(host)
    own = vendor_domains(vendor) | {d.lower() for d in own_domains}
    if domain in own or any(domain.endswith("." + d) for d in own):
        return True
    flat = domain.replace("-", "").replace(".", "")
    labels = [slug(n).replace("-", "") for n in (vendor, product) if n]
    if any(label and label in flat for label in labels):
        return True
    if own:
        return False
    return False if vendor else None
