"""HAR captures → one observation per host: where data went, how it was protected,
what it carried and who received it. Pure: bytes in, graph out.

Payloads are decoded layer by layer (URL encoding, form data, base64, gzip, JSON)
to find browsing data and device identifiers; secrets (cookies, authorisation
headers, tokens) are never copied into the graph.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.iris import Minter, key
from kg.vocab import PKG, PROV, RDF, RDFS, SCHEMA
from scrapers import netinfo
from scrapers.errors import SourceError

ID_KEYS = {
    "imei": "imei", "meid": "imei", "android_id": "android_id", "androidid": "android_id",
    "aaid": "advertising_id", "gaid": "advertising_id", "adid": "advertising_id",
    "advertising_id": "advertising_id", "idfa": "advertising_id", "oaid": "advertising_id",
    "mac": "mac_address", "mac_address": "mac_address", "wifi_mac": "mac_address",
    "device_id": "device_id", "deviceid": "device_id", "did": "device_id", "uuid": "device_id",
    "udid": "device_id", "distinct_id": "device_id", "client_id": "device_id", "cid": "device_id",
}
URL_KEYS = {"url", "page", "page_url", "href", "referrer", "referer", "visited", "link", "uri",
            "$url", "current_url", "target_url"}
QUERY_KEYS = {"q", "query", "search", "keyword", "keywords", "wd", "search_term", "term"}
SECRET_KEYS = re.compile(r"cookie|authori[sz]ation|token|password|passwd|secret|session|api_?key",
                         re.I)
_URL_VALUE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
STRENGTHS = ("contacted", "identifier_sent", "data_sent", "data_sent_to_third_party")


@dataclass
class HostObservation:
    host: str
    ips: set[str] = field(default_factory=set)
    tls: bool = True
    requests: int = 0
    methods: set[str] = field(default_factory=set)
    encodings: set[str] = field(default_factory=set)
    identifiers: set[str] = field(default_factory=set)
    data: set[str] = field(default_factory=set)
    readable: bool = False       # some payload read as plain text or JSON
    decoded: bool = False        # some payload read only after base64/gzip decoding
    opaque: bool = False         # some payload we could not read at all
    id_values: dict[str, set[str]] = field(default_factory=dict)


def _load(data: bytes, source: str) -> list:
    text = data.decode("utf-8-sig", errors="replace")
    try:
        har = json.loads(text)
    except json.JSONDecodeError as e:
        raise SourceError(source, f"not a HAR file: invalid JSON at line {e.lineno}, "
                                  f"column {e.colno}") from e
    if not isinstance(har, dict) or not isinstance(har.get("log"), dict):
        raise SourceError(source, "not a HAR file: no 'log' object")
    entries = har["log"].get("entries")
    if not isinstance(entries, list):
        raise SourceError(source, "not a HAR file: 'log.entries' is missing or not a list")
    return entries


def _decode_layers(value: str, found: HostObservation, depth: int = 0) -> Iterable[object]:
    """Yield every readable form of a payload string, noting the encodings peeled off."""
    if depth > 4 or not value:
        return
    v = value.strip()
    if v[:1] in "{[":
        try:
            obj = json.loads(v)
        except ValueError:
            obj = None
        if obj is not None:
            found.encodings.add("json")
            yield obj
            return
    if "=" in v and "&" in v or re.fullmatch(r"[\w.$-]+=[^=&]*", v):
        pairs = parse_qsl(v, keep_blank_values=True)
        if pairs:
            found.encodings.add("form")
            yield dict(pairs)
            for _, inner in pairs:
                yield from _decode_layers(inner, found, depth + 1)
            return
    if len(v) >= 16 and re.fullmatch(r"[A-Za-z0-9+/_-]+={0,2}", v):
        try:
            raw = base64.b64decode(v + "=" * (-len(v) % 4), altchars=b"-_" if "-" in v or
                                   "_" in v else None, validate=False)
        except (binascii.Error, ValueError):
            raw = b""
        if raw:
            inner = _bytes_to_text(raw, found)
            if inner is not None:
                found.encodings.add("base64")
                found.decoded = True
                yield from _decode_layers(inner, found, depth + 1)
                return
    yield v


def _bytes_to_text(raw: bytes, found: HostObservation) -> str | None:
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
            found.encodings.add("gzip")
            found.decoded = True
        except (OSError, EOFError, zlib.error):
            return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return text if text and printable / len(text) > 0.95 else None


def _scan(obj: object, found: HostObservation, key_name: str = "") -> None:
    """Walk decoded payloads for identifiers, visited URLs and search queries."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            _scan(v, found, str(k))
        return
    if isinstance(obj, list):
        for v in obj:
            _scan(v, found, key_name)
        return
    if obj is None or isinstance(obj, bool):
        return
    value = str(obj)
    k = key_name.lower()
    if SECRET_KEYS.search(k):
        return
    if k in ID_KEYS and value:
        found.identifiers.add(ID_KEYS[k])
        found.id_values.setdefault(ID_KEYS[k], set()).add(value)
    if k in QUERY_KEYS and value:
        found.data.add("search_queries")
    if (k in URL_KEYS or k.endswith("url")) and _URL_VALUE.match(value):
        found.data.add("browsing_history")
    if isinstance(obj, str) and k not in URL_KEYS:
        for inner in _decode_layers(value, found, 1):
            if not isinstance(inner, str):
                _scan(inner, found, k)


def _payloads(entry: dict) -> list[str]:
    req = entry.get("request") or {}
    out = []
    for q in req.get("queryString") or []:
        if isinstance(q, dict) and not SECRET_KEYS.search(str(q.get("name", ""))):
            out.append(f"{q.get('name', '')}={q.get('value', '')}")
    post = req.get("postData") or {}
    if isinstance(post, dict):
        if post.get("text"):
            text = post["text"]
            if post.get("encoding") == "base64":
                try:
                    text = base64.b64decode(text).decode("utf-8", "replace")
                except (binascii.Error, ValueError):
                    pass
            out.append(text)
        elif post.get("params"):
            out.append("&".join(f"{p.get('name', '')}={p.get('value', '')}"
                                for p in post["params"] if isinstance(p, dict)))
    return out


def _observe(entries: list, source: str, progress) -> dict[str, HostObservation]:
    hosts: dict[str, HostObservation] = {}
    total = len(entries)
    for i, entry in enumerate(entries):
        if progress:
            progress(i + 1, total)
        if not isinstance(entry, dict) or not isinstance(entry.get("request"), dict):
            raise SourceError(f"{source}: entry {i}", "no 'request' object")
        req = entry["request"]
        url = req.get("url")
        if not isinstance(url, str):
            raise SourceError(f"{source}: entry {i}", "request.url is missing")
        method = str(req.get("method") or "GET").upper()
        if url.startswith(("data:", "blob:", "about:", "chrome-extension:")):
            continue
        if method == "CONNECT":
            host = url.split(":")[0]  # a tunnel: says which host, nothing about content
            parts = None
        else:
            parts = urlsplit(url)
            host = parts.hostname
        if not host:
            raise SourceError(f"{source}: entry {i}", f"no host in request.url {url[:80]!r}")
        obs = hosts.setdefault(host.lower(), HostObservation(host.lower()))
        obs.requests += 1
        obs.methods.add(method)
        if parts is not None and parts.scheme == "http":
            obs.tls = False
        ip = entry.get("serverIPAddress")
        if isinstance(ip, str) and ip.strip("[]"):
            obs.ips.add(ip.strip("[]"))
        for payload in _payloads(entry):
            before = (obs.decoded, len(obs.encodings))
            readable_forms = list(_decode_layers(payload, obs))
            for form in readable_forms:
                _scan(form, obs)
            if readable_forms and (obs.decoded, len(obs.encodings)) == before:
                obs.readable = True
            elif not readable_forms:
                obs.opaque = True
    # a value sent again and again under an identifier key is a persistent identifier
    for obs in hosts.values():
        if obs.requests > 1 and any(len(v) == 1 for v in obs.id_values.values()):
            obs.identifiers.add("device_id")
    return hosts


def _strength(obs: HostObservation, third_party: bool) -> str:
    if obs.data and third_party:
        return "data_sent_to_third_party"
    if obs.data:
        return "data_sent"
    if obs.identifiers:
        return "identifier_sent"
    return "contacted"


def read_har(data: bytes, *, source: str, minter: Minter, product: str | None = None,
             vendor: str | None = None, context: Iterable[str] = (), vantage: str | None = None,
             progress: Callable[[int, int], None] | None = None):
    """A HAR capture as a capture resource with one pkg:Observation per host."""
    from scrapers.evidence import EvidenceResult

    entries = _load(data, source)
    hosts = _observe(entries, source, progress)
    g = Graph()
    k = key(data)
    cap = minter.capture(k)
    context = list(context)
    g.add((cap, RDF.type, PKG.Capture))
    g.add((cap, RDF.type, SCHEMA.Dataset))
    g.add((cap, RDF.type, PROV.Entity))
    g.add((cap, PKG.sourceFile, Literal(source.rsplit("/", 1)[-1])))
    g.add((cap, PKG.entries, Literal(len(entries), datatype=XSD.integer)))
    g.add((cap, PKG.ipDatabase, Literal(netinfo.database_version())))
    for c in context:
        g.add((cap, PKG.context, Literal(c)))
    if vantage:
        g.add((cap, PKG.vantage, Literal(vantage)))
    vendor_iri = _org(g, minter, vendor) if vendor else None
    if vendor_iri is not None:
        g.add((cap, PKG.vendor, vendor_iri))
    subject: URIRef | None = vendor_iri
    if product:
        subject = minter.product(product)
        g.add((subject, RDF.type, SCHEMA.Product))
        g.add((subject, SCHEMA.name, Literal(product)))
        if vendor_iri is not None:
            g.add((subject, SCHEMA.manufacturer, vendor_iri))
        g.add((cap, PKG.product, subject))
    own = netinfo.vendor_domains(vendor)
    observations = []
    for host in sorted(hosts):
        obs = hosts[host]
        domain = netinfo.registrable_domain(host)
        infos = [netinfo.lookup_ip(ip) for ip in sorted(obs.ips)]
        countries = sorted({i.country for i in infos if i.country})
        operator = netinfo.operator_for_host(host) or next(
            (i.operator for i in infos if i.operator), None)
        network = next((i.network for i in infos if i.network), None)
        owner = netinfo.tracker_owner(host)
        third_party = bool(owner) or (bool(own) and domain not in own)
        strength = _strength(obs, third_party)
        payload_state = ("opaque" if obs.opaque and not (obs.data or obs.identifiers) else
                         "encoded_only" if obs.decoded else "plain" if obs.readable else None)
        iri = minter.observation(cap, host)
        observations.append({
            "iri": str(iri), "host": host, "domain": domain, "ips": sorted(obs.ips),
            "countries": countries, "operator": operator or network, "tls": obs.tls,
            "requests": obs.requests, "methods": sorted(obs.methods),
            "encodings": sorted(obs.encodings), "identifiers": sorted(obs.identifiers),
            "data": sorted(obs.data), "recipient": owner, "third_party": third_party,
            "strength": strength})
        g.add((iri, RDF.type, PKG.Observation))
        g.add((iri, PROV.wasDerivedFrom, cap))
        if subject is not None:
            g.add((iri, PKG.subject, subject))
        for c in context:
            g.add((iri, PKG.context, Literal(c)))
        g.add((iri, PKG.host, Literal(host)))
        g.add((iri, PKG.domain, Literal(domain)))
        for ip in sorted(obs.ips):
            g.add((iri, PKG.ip, Literal(ip)))
        for c in countries:
            g.add((iri, PKG.country, Literal(c)))
        if operator:
            g.add((iri, PKG.operator, _org(g, minter, operator)))
        g.add((iri, PKG.tls, Literal(obs.tls)))
        g.add((iri, PKG.requests, Literal(obs.requests, datatype=XSD.integer)))
        for m in sorted(obs.methods):
            g.add((iri, PKG.method, Literal(m)))
        for e in sorted(obs.encodings):
            g.add((iri, PKG.encoding, Literal(e)))
        for i in sorted(obs.identifiers):
            g.add((iri, PKG.identifier, Literal(i)))
        for d in sorted(obs.data):
            g.add((iri, PKG.dataCategory, Literal(d)))
        if owner:
            g.add((iri, PKG.recipient, _org(g, minter, owner)))
        g.add((iri, PKG.thirdParty, Literal(third_party)))
        g.add((iri, PKG.strength, Literal(strength)))
        if payload_state:
            g.add((iri, PKG.payloadState, Literal(payload_state)))
        g.add((iri, RDFS.label, Literal(_label(product or vendor or "The app", host, obs,
                                               countries, operator or network, owner))))
    capture = {"iri": str(cap), "file": source.rsplit("/", 1)[-1], "product": product,
               "vendor": vendor, "context": context, "vantage": vantage, "entries": len(entries)}
    return EvidenceResult(g, k, cap, "capture",
                          {"capture": capture, "observations": observations})


def _org(g: Graph, minter: Minter, name: str) -> URIRef:
    iri = minter.organisation(name)
    g.add((iri, RDF.type, SCHEMA.Organization))
    g.add((iri, SCHEMA.name, Literal(name)))
    return iri


def _label(who: str, host: str, obs: HostObservation, countries, operator, owner) -> str:
    what = " and ".join(d.replace("_", " ") for d in sorted(obs.data)) or "requests"
    how = []
    if obs.decoded:
        how.append("only encoded (" + ", ".join(sorted(obs.encodings - {"json", "form"})) + ")")
    if not obs.tls:
        how.append("without TLS")
    ids = (" with " + ", ".join(i.replace("_", " ") for i in sorted(obs.identifiers))
           if obs.identifiers else "")
    where = ", ".join(x for x in [operator, "/".join(countries)] if x)
    to = f"{host}" + (f" ({where})" if where else "") + (f", run for {owner}" if owner else "")
    verb = "sent" if obs.data or obs.identifiers else "contacted"
    if verb == "contacted":
        return f"{who} contacted {to} ({obs.requests} requests)."
    return f"{who} sent {what}{ids}" + (f", {' and '.join(how)}," if how else "") + f" to {to}."
