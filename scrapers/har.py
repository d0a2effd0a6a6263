"""HAR captures -> one observation per host: where data went, how it was protected,
what it carried and who received it. Pure: bytes (or a file, streamed) in, graph out.

Payloads (URL query, request body, a few telling headers) are decoded layer by
layer — URL encoding, form data, base64 (also nested), gzip/deflate, JSON — to
find browsing data, search queries and device identifiers, and to tell a payload
that was merely *encoded* (anyone can read it back: `pkg:payloadState
"encoded_only"`) from one sent as is (`"plain"`) and one we could not read at all
(`"opaque"`, possibly encrypted). Secrets — cookies, authorisation headers,
tokens, passwords — are skipped, never decoded, never copied into the graph; and
the graph keeps categories ("device_id"), never the values themselves.

    >>> from ontologies.iris import Minter
    >>> har = b'{"log": {"entries": [{"request": {"method": "GET",'
    >>> har += b' "url": "http://t.example/p?imei=356938035643809"}}]}}'
    >>> obs = read_har(har, source="c.har", minter=Minter()).to_json()["observations"][0]
    >>> obs["identifiers"], obs["tls"], obs["strength"]
    (['imei'], False, 'identifier_sent')
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import io
import json
import os
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import IO, Any
from urllib.parse import parse_qsl, unquote_plus, urlsplit

import ijson
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from ontologies.iris import Minter, key
from ontologies.vocab import PKG, PROV, RDF, RDFS, SCHEMA
from scrapers import netinfo
from scrapers.control_chars import refuse_controls
from scrapers.entities import organisation
from scrapers.entities import product as product_node
from scrapers.errors import SourceError
from scrapers.evidence_files import MAX_JSON_DEPTH, EvidenceResult, Progress, file_name
from scrapers.local_input import open_input

__all__ = ["read_har", "read_har_file", "looks_like_har", "STRENGTHS",
           "PERSISTENT_MIN_REQUESTS", "MAX_CAPTURE_BYTES", "MAX_ENTRY_VALUES"]

STRENGTHS = ("contacted", "identifier_sent", "data_sent", "data_sent_to_third_party")
# A value seen in this many requests or more is a persistent identifier, whatever its key.
PERSISTENT_MIN_REQUESTS = 3
# Decoding stops here: deeper nesting is not worth the time, and a zip bomb is not ours.
MAX_DEPTH = 6
MAX_INFLATED = 8 * 1024 * 1024
# Bounded memory: the file is read in chunks of this size, one entry at a time …
CHUNK = 64 * 1024
# … and at most this many distinct ID-like values are counted at once (values seen in only
# one request are forgotten first when the table is full).
MAX_CANDIDATES = 100_000
# Up to this size a broken file is parsed again to say the line and column of the error.
EXACT_ERRORS_MAX = 16 * 1024 * 1024
# What a capture may be. It is streamed, so memory does not grow with it; time does
# (about 20 MB a second on one core, bench/har_import.py: 30 MB in 1.4 s), so the cap
# is under a minute of reading, well above the 100+ MB of a long capture. One entry
# is built whole: at most this many values (a page load's entry holds hundreds).
MAX_CAPTURE_BYTES = 1_000_000_000
MAX_ENTRY_VALUES = 1_000_000

# key (lower case, letters and digits only) -> identifier category
ID_KEYS = {
    "imei": "imei", "meid": "imei", "imsi": "imsi",
    "androidid": "android_id", "ssaid": "android_id",
    "aaid": "advertising_id", "gaid": "advertising_id", "adid": "advertising_id",
    "advertisingid": "advertising_id", "idfa": "advertising_id", "oaid": "advertising_id",
    "mac": "mac_address", "macaddress": "mac_address", "wifimac": "mac_address",
    "bssid": "mac_address", "serial": "serial_number", "serialno": "serial_number",
    "deviceid": "device_id", "did": "device_id", "uuid": "device_id", "udid": "device_id",
    "distinctid": "device_id", "installid": "device_id", "installationid": "device_id",
    "xdeviceid": "device_id", "advertiserid": "advertising_id",
}
URL_KEYS = {"url", "page", "pageurl", "href", "referrer", "referer", "visited", "link", "uri",
            "currenturl", "targeturl", "weburl", "location", "ref", "landingpage",
            "u", "dl", "dr", "pu", "purl", "loc"}
QUERY_KEYS = {"q", "query", "search", "keyword", "keywords", "wd", "word", "kw", "searchterm",
              "searchquery", "term", "text"}
# never decoded, never recorded: credentials and session state
SECRET = re.compile(r"cookie|authori[sz]ation|token|passw|secret|session|api.?key|signature|"
                    r"^sig$|^sign$|csrf|xsrf|nonce|otp", re.I)
# keys whose constant values are settings, not identifiers
NOT_ID = re.compile(r"version|^v$|^ver$|project|channel|event|type|lang|locale|model|^os|sdk|"
                    r"build|^ts$|time|date|app.?key|appid|^app$|package|pkg|region|country|"
                    r"brand|carrier|network|resolution|screen|^lib|method|format", re.I)
_URL = re.compile(r"^(?:https?|wss?)://[^\s/?#]+\.[^\s]*$", re.I)
_B64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$|^[A-Za-z0-9_-]+={0,2}$")
_FORM = re.compile(r"^[^=&\s]+=[^&]*(?:&[^=&\s]*=?[^&]*)*$")
_HEXISH = re.compile(r"^[0-9A-Fa-f-]+$")   # hex strings and UUIDs: identifiers, not base64
_PCT = re.compile(r"%[0-9A-Fa-f]{2}")
_MAC = re.compile(r"^(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$")
_ID_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.-]{6,62}[A-Za-z0-9]$")
_SEARCH_PARAMS = ("q", "query", "wd", "word", "keyword", "search", "text", "p")
# encodings that hide nothing from anyone who looks (as opposed to json/form/plain,
# which are just how data is written): data found under them is "encoded_only"
HIDING = frozenset({"base64", "gzip", "deflate"})
OPAQUE = object()   # a payload we could not read


@dataclass
class _Made:
    """How the capture was made, as the file itself tells: the tool that wrote it
    (`log.creator`, read when it comes before the entries, as exporters write it) and
    the first and last request's `startedDateTime`."""

    tool: str | None = None
    first: str | None = None
    last: str | None = None

    def saw(self, started: object) -> None:
        if isinstance(started, str) and _STARTED.match(started):
            self.first = started if self.first is None else min(self.first, started)
            self.last = started if self.last is None else max(self.last, started)


# an ISO 8601 time as HAR writes startedDateTime: compared as text (all in one file share
# a form), kept only when it reads as one
_STARTED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass
class _Host:
    """Everything the capture shows about one host, as it accumulates entry by entry."""

    host: str
    ips: Counter[str] = field(default_factory=Counter)
    tls: bool = True
    requests: int = 0
    methods: set[str] = field(default_factory=set)
    encodings: set[str] = field(default_factory=set)
    identifiers: set[str] = field(default_factory=set)
    data: set[str] = field(default_factory=set)
    found_plain: bool = False     # data or an identifier read with no decoding at all
    found_hidden: bool = False    # … read only after base64/gzip/deflate
    readable: bool = False        # some payload could be read
    opaque: bool = False          # some payload could not be read
    candidates: dict[str, bool] = field(default_factory=dict)   # id-like value -> hidden?


@dataclass
class _Request:
    """What one entry contributes, before it is merged into its host."""

    index: int
    host: _Host
    candidates: dict[str, bool] = field(default_factory=dict)


# --- decoding -----------------------------------------------------------------------

def _decode_str(v: str, layers: tuple[str, ...], depth: int) -> Iterator[tuple[Any, tuple]]:
    """Every readable form of a payload string, with the encodings peeled to reach it."""
    v = v.strip()
    if not v or depth > MAX_DEPTH:
        return
    if v[0] in "{[":
        try:
            yield json.loads(v), layers + ("json",)
            return
        except (ValueError, RecursionError):
            pass
    if " " in v and len(v) >= 16 and re.fullmatch(r"[A-Za-z0-9+/ ]+={0,2}", v):
        v = v.replace(" ", "+")   # base64 sent unescaped in a form: '+' read back as ' '
    if len(v) >= 12 and _B64.match(v) and not _HEXISH.match(v) and not v.isalpha():
        raw = _b64(v)
        if raw is not None:
            inner = list(_decode_bytes(raw, layers + ("base64",), depth + 1))
            # short strings that decode to noise are tokens, not base64 payloads
            if inner and not (len(inner) == 1 and inner[0][0] is OPAQUE and len(v) < 64):
                yield from inner
                return
    if "=" in v and _FORM.match(v) and not _URL.match(v):
        pairs = parse_qsl(v, keep_blank_values=True)
        if pairs:
            extra = ("urlencoded",) if _PCT.search(v) else ()
            yield {k: val for k, val in pairs}, layers + ("form",) + extra
            return
    if _PCT.search(v) and not _URL.match(v):
        un = unquote_plus(v)
        if un != v:
            yield from _decode_str(un, layers + ("urlencoded",), depth + 1)
            return
    yield v, layers


def _b64(v: str) -> bytes | None:
    try:
        if "-" in v or "_" in v:
            return base64.urlsafe_b64decode(v + "=" * (-len(v) % 4))
        return base64.b64decode(v + "=" * (-len(v) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _inflate(raw: bytes, wbits: int) -> bytes | None:
    d = zlib.decompressobj(wbits)
    try:
        out = d.decompress(raw, MAX_INFLATED)
    except zlib.error:
        return None
    return out if not d.unconsumed_tail else None


def _decode_bytes(raw: bytes, layers: tuple[str, ...],
                  depth: int) -> Iterator[tuple[Any, tuple]]:
    if depth > MAX_DEPTH or not raw:
        return
    if raw[:2] == b"\x1f\x8b":
        out = _inflate(raw, 16 + zlib.MAX_WBITS)
        if out is not None:
            yield from _decode_bytes(out, layers + ("gzip",), depth + 1)
            return
    elif raw[:1] == b"\x78" and raw[1:2] in (b"\x01", b"\x5e", b"\x9c", b"\xda"):
        out = _inflate(raw, zlib.MAX_WBITS)
        if out is not None:
            yield from _decode_bytes(out, layers + ("deflate",), depth + 1)
            return
    text = _as_text(raw)
    if text is None:
        yield OPAQUE, layers
    else:
        yield from _decode_str(text, layers, depth)


def _as_text(raw: bytes) -> str | None:
    """Text when the bytes read as text (UTF-8, else Latin-1 that looks like text)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
        if sum(0x20 <= b < 0x7F or b in (9, 10, 13) for b in raw) < 0.9 * len(raw):
            return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return text if printable >= 0.95 * len(text) else None


# --- scanning -----------------------------------------------------------------------

def _norm(k: str) -> str:
    return re.sub(r"[^a-z0-9]", "", k.lower())


def _scan(obj: Any, layers: tuple[str, ...], req: _Request, key_name: str = "",
          depth: int = 0) -> None:
    """Walk a decoded payload for identifiers, visited URLs and search queries."""
    h = req.host
    if obj is OPAQUE:
        h.opaque = True
        h.encodings.update(x for x in layers if x in HIDING)
        return
    h.readable = True
    h.encodings.update(layers or ("plain",))
    if isinstance(obj, dict):
        for k, v in obj.items():
            if not SECRET.search(str(k)):
                _scan(v, layers, req, str(k), depth)
        return
    if isinstance(obj, list):
        for v in obj:
            _scan(v, layers, req, key_name, depth)
        return
    if obj is None or isinstance(obj, bool):
        return
    value = str(obj).strip()
    if not value:
        return
    k = _norm(key_name)
    hidden = bool(HIDING.intersection(layers))

    def found(category: str | None = None, data: str | None = None) -> None:
        if category:
            h.identifiers.add(category)
        if data:
            h.data.add(data)
        if hidden:
            h.found_hidden = True
        else:
            h.found_plain = True

    if k in ID_KEYS:
        found(category=ID_KEYS[k])
    elif _MAC.match(value) and value.replace(":", "").replace("-", "").strip("0"):
        found(category="mac_address")
    if _URL.match(value):
        if k in URL_KEYS or "url" in k or "page" in k or "referr" in k or "href" in k:
            found(data="browsing_history")
            if _is_search(value):
                found(data="search_queries")
        return
    if k in QUERY_KEYS and not value.isdigit():
        found(data="search_queries")
        return
    if isinstance(obj, str) and depth < MAX_DEPTH:
        forms = list(_decode_str(value, layers, depth + 1))
        if not (len(forms) == 1 and forms[0][0] == value):
            for inner, inner_layers in forms:
                _scan(inner, inner_layers, req, key_name, depth + 1)
            return
    if (_ID_VALUE.match(value) and not NOT_ID.search(key_name)
            and (re.search(r"\d", value) and re.search(r"[A-Za-z]", value)
                 or value.isdigit() and 14 <= len(value) <= 17)):
        req.candidates[value] = req.candidates.get(value, True) and hidden


def _is_search(url: str) -> bool:
    try:
        params = dict(parse_qsl(urlsplit(url).query))
    except ValueError:
        return False
    return any(params.get(p) for p in _SEARCH_PARAMS)


# --- reading entries ----------------------------------------------------------------

class _Stream:
    """A HAR file as the JSON parser reads it: forward only, in chunks, as UTF-8.

    A UTF-8 byte-order mark is dropped, UTF-16 (with its mark, as some Windows tools
    write) is transcoded, and bytes that are not valid UTF-8 (a body an exporter wrote
    raw) become U+FFFD instead of stopping the import. A NUL byte (never in JSON text,
    always in a binary file) stops it at once. The raw bytes are counted (for progress
    and error positions) and, when asked, hashed (the capture's key)."""

    def __init__(self, raw: IO[bytes], *, name: str = "capture", hashed: bool = False) -> None:
        self.raw = raw
        self.name = name
        self.consumed = 0
        self.sha = hashlib.sha256() if hashed else None
        self._head = self._raw_read(4)
        encoding = "utf-16" if self._head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._eof = False

    def _raw_read(self, n: int) -> bytes:
        chunk = self.raw.read(n)
        self.consumed += len(chunk)
        if self.sha is not None:
            self.sha.update(chunk)
        return chunk

    def read(self, n: int = CHUNK) -> bytes:
        if n == 0:          # the parser asks for nothing first, to learn bytes from str
            return b""
        while not self._eof:
            chunk = self._head + self._raw_read(max(n, 4))
            self._head = b""
            text = self._decoder.decode(chunk, final=not chunk)
            self._eof = not chunk
            if "\x00" in text:
                raise SourceError(self.name, "not JSON text: it holds NUL bytes (a binary "
                                             "file?)")
            if text:
                return text.encode("utf-8")
        return b""

    def drain(self) -> None:
        """Read what the parser left (whitespace after the JSON) so the hash covers it all."""
        while self._raw_read(CHUNK):
            pass


Opener = Callable[[], IO[bytes]]
Events = Iterator[tuple[str, Any]]
_OPEN = frozenset({"start_map", "start_array"})
_CLOSE = frozenset({"end_map", "end_array"})


def _too_deep(name: str) -> SourceError:
    return SourceError(name, f"invalid JSON: nested more than {MAX_JSON_DEPTH} levels deep")


def _skip(events: Events, event: str, depth: int, name: str) -> None:
    """Pass over one value whose first event is `event`, at `depth` (the value's own
    depth when it is an array or an object): counted, never built, never recursed."""
    if event not in _OPEN:
        return
    if depth > MAX_JSON_DEPTH:
        raise _too_deep(name)
    inside = 1
    for event, _ in events:
        if event in _OPEN:
            inside += 1
            if depth + inside - 1 > MAX_JSON_DEPTH:
                raise _too_deep(name)
        elif event in _CLOSE:
            inside -= 1
            if not inside:
                return


def _outline(events: Events, name: str, made: _Made | None = None) -> None:
    """Check the outline (`{"log": {… "entries": [`) and stop at the first entry; every
    other value on the way is skipped without being built, but for `log.creator`'s name
    and version (into `made`)."""
    none = (None, None)
    if next(events, none)[0] != "start_map":
        raise SourceError(name, "not a HAR file: no 'log' object at the top level")
    for event, value in events:
        if event == "end_map":
            break
        # event is a top-level key
        event, _ = next(events, none)
        if value != "log":
            _skip(events, event, 2, name)
            continue
        if event != "start_map":
            break
        for event, value in events:
            if event == "end_map":
                raise SourceError(name, "not a HAR file: 'log.entries' is missing")
            event, _ = next(events, none)
            if value == "creator" and event == "start_map" and made is not None:
                made.tool = _creator(events, name)
                continue
            if value != "entries":
                _skip(events, event, 3, name)
                continue
            if event == "start_array":
                return
            if event == "null":
                raise SourceError(name, "not a HAR file: 'log.entries' is missing")
            raise SourceError(name, "not a HAR file: 'log.entries' is not a list")
        break
    raise SourceError(name, "not a HAR file: no 'log' object at the top level")


def _creator(events: Events, name: str) -> str | None:
    """`log.creator` as "name version" (its other members, and anything nested in it,
    skipped): what tool wrote the capture."""
    got: dict[str, str] = {}
    for event, value in events:
        if event == "end_map":
            break
        event, inner = next(events, (None, None))
        if event in ("string", "number") and value in ("name", "version"):
            got[value] = str(inner)[:80]
        else:
            _skip(events, event, 4, name)
    words = " ".join(w for w in (got.get("name"), got.get("version")) if w).strip()
    return refuse_controls(words, name, "log.creator") if words else None


def _entry_values(events: Events, name: str) -> Iterator[Any]:
    """The entries of `log.entries`, each built from the parser's events with an explicit
    stack (no recursion, no path strings: ijson's `items` builds a prefix per event,
    quadratic in the depth), at most MAX_JSON_DEPTH deep and MAX_ENTRY_VALUES large.
    Then the rest of the file is read through, so a broken end is still an error."""
    base = 3                                     # the entries list: {"log": {"entries": [
    stack: list[Any] = []
    keys: list[Any] = []
    count = index = 0
    for event, value in events:
        if event == "map_key":
            keys[-1] = value
            continue
        if event in _CLOSE:
            if not stack:                        # the end of the entries list
                break
            node = stack.pop()
            keys.pop()
            if not stack:
                yield node
                index += 1
                count = 0
            continue
        count += 1
        if count > MAX_ENTRY_VALUES:
            raise SourceError(f"{name}: entry {index}", f"more than {MAX_ENTRY_VALUES:,} "
                                                        "values in one entry")
        node = {} if event == "start_map" else [] if event == "start_array" else value
        if stack:
            top = stack[-1]
            if type(top) is dict:
                top[keys[-1]] = node
            else:
                top.append(node)
        if event in _OPEN:
            stack.append(node)
            keys.append(None)
            if base + len(stack) > MAX_JSON_DEPTH:
                raise _too_deep(name)
        elif not stack:
            yield node                           # an entry that is not an object
            index += 1
            count = 0
    depth = 2                                    # back in the "log" object
    for event, _ in events:
        if event in _OPEN:
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise _too_deep(name)
        elif event in _CLOSE:
            depth -= 1


def looks_like_har(opener: Opener) -> bool:
    """Whether a JSON file has a top-level `log` (read as far as needed, never loaded)."""
    try:
        with opener() as f:
            events = ijson.basic_parse(_Stream(f), buf_size=CHUNK)
            if next(events, (None, None))[0] != "start_map":
                return False
            for event, value in events:
                if event != "map_key":
                    return False
                if value == "log":
                    return True
                event, _ = next(events, (None, None))
                _skip(events, event, 2, "")
    except (ijson.JSONError, SourceError):
        return False
    return False


def _json_problem(err: Exception, stream: _Stream, opener: Opener, size: int, done: int) -> str:
    """'invalid JSON at line L, column C: …' (small files) or '… before byte N: …'."""
    where = None
    if size <= EXACT_ERRORS_MAX:
        with opener() as f:
            s = _Stream(f)
            text = b"".join(iter(s.read, b"")).decode("utf-8")
        try:
            json.loads(text)
        except json.JSONDecodeError as e:
            where = f"at line {e.lineno}, column {e.colno}: {e.msg}"
        except RecursionError:
            where = "nested too deeply"
    if where is None:
        msg = err.args[0] if err.args else type(err).__name__
        if isinstance(msg, bytes):
            msg = msg.decode("utf-8", "replace")
        first = str(msg).strip().splitlines()[0] if str(msg).strip() else "parse error"
        where = f"before byte {stream.consumed}: {first}"
    return f"invalid JSON {where}" + (f" (after entry {done - 1})" if done else "")


def _stream_entries(opener: Opener, size: int, source: str, progress: Progress | None,
                    hashed: bool) -> tuple[dict[str, _Host], int, str | None, _Made]:
    """Observe a HAR file entry by entry, in one pass: (hosts, number of entries,
    SHA-256 if hashed, how it was made).

    Memory holds one entry, the per-host aggregates and a bounded table of ID-like
    values, whatever the file's size. `progress(done, total)` gets bytes: after each
    entry the bytes read so far (always < total), and (total, total) once at the end."""
    name = file_name(source)
    try:
        f = opener()
    except OSError as e:
        raise SourceError(name, e.strerror or str(e)) from e
    with f:
        stream = _Stream(f, name=name, hashed=hashed)
        done = 0
        made = _Made()

        def entries() -> Iterator[Any]:
            nonlocal done
            events = ijson.basic_parse(stream, buf_size=CHUNK, use_float=True)
            try:
                _outline(events, name, made)
                for entry in _entry_values(events, name):
                    done += 1
                    yield entry
            except ijson.JSONError as e:
                raise SourceError(name, _json_problem(e, stream, opener, size, done)) from e
            except OSError as e:
                raise SourceError(name, e.strerror or str(e)) from e

        tick = None
        if progress is not None:
            def tick() -> None:
                progress(min(stream.consumed, max(size - 1, 0)), size)
        hosts = _observe(entries(), source, tick, made)
        try:
            stream.drain()
        except OSError as e:
            raise SourceError(name, e.strerror or str(e)) from e
    if progress is not None:
        progress(size, size)
    return hosts, done, stream.sha.hexdigest()[:16] if stream.sha is not None else None, made


def _host_of(url: str, method: str, where: str) -> tuple[str | None, str | None]:
    """(host, scheme) of a request; (None, None) for URLs that never leave the device."""
    if re.match(r"^(?:data|blob|about|chrome|chrome-extension|moz-extension|file|javascript):",
                url, re.I):
        return None, None
    if method == "CONNECT" and "://" not in url:
        url = "tunnel://" + url          # "host:443", as proxies record a tunnel
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as e:
        raise SourceError(where, f"request.url {url[:80]!r} is not a URL: {e}") from e
    if not host:
        raise SourceError(where, f"request.url {url[:80]!r} has no host")
    refuse_controls(host, where, "request.url's host")
    return host.lower().rstrip("."), parts.scheme.lower()


def _payloads(req: dict[str, Any], url: str, navigation: bool) -> Iterator[Any]:
    """(value, layers) pairs of what a request carried, secrets left out."""
    query = urlsplit(url).query
    if query and not navigation:
        pairs = parse_qsl(query, keep_blank_values=True)
        if pairs:
            yield {k: v for k, v in pairs}, ("urlencoded",)
    elif query:
        # a page the user opened: its own query is not data sent behind their back,
        # but an identifier in it still is
        ids = {k: v for k, v in parse_qsl(query) if _norm(k) in ID_KEYS}
        if ids:
            yield ids, ("urlencoded",)
    for hd in req.get("headers") or []:
        if isinstance(hd, dict) and _norm(str(hd.get("name", ""))) in ID_KEYS:
            yield {_norm(str(hd["name"])).removeprefix("x"): str(hd.get("value", ""))}, ()
    post = req.get("postData")
    if not isinstance(post, dict):
        return
    text = post.get("text")
    if isinstance(text, str) and text:
        if str(post.get("encoding", "")).lower() == "base64":
            # the HAR writer's own base64 (binary bodies), not the app's
            raw = _b64(text.strip())
            if raw is not None:
                yield from _decode_bytes(raw, (), 0)
                return
        if str(post.get("mimeType", "")).lower().startswith("multipart/"):
            yield from _multipart(text)
            return
        raw_bytes = text.encode("latin-1", "ignore") if text[:2] == "\x1f\x8b" else None
        if raw_bytes is not None:
            yield from _decode_bytes(raw_bytes, (), 0)
        elif _as_text(text.encode("utf-8", "surrogatepass")) is None:
            yield OPAQUE, ()
        else:
            yield from _decode_str(text, (), 0)
    elif isinstance(post.get("params"), list):
        params = {str(p.get("name", "")): str(p.get("value", ""))
                  for p in post["params"] if isinstance(p, dict) and "fileName" not in p}
        if params:
            yield params, ("form",)


def _multipart(text: str) -> Iterator[Any]:
    fields = {}
    for m in re.finditer(r'name="([^"]+)"(?:[^\r\n]*\r?\n)+?\r?\n(.*?)\r?\n--', text, re.S):
        fields[m.group(1)] = m.group(2)
    yield (fields, ("form",)) if fields else (text, ())


def _server_ip(entry: dict[str, Any]) -> str | None:
    """The server's address without brackets or port ("[2a03::1]:443" -> "2a03::1");
    WebPagetest writes it as `_ip_addr`."""
    ip = entry.get("serverIPAddress") or entry.get("_ip_addr")
    if not isinstance(ip, str):
        return None
    ip = ip.strip()
    if ip.startswith("["):
        ip = ip[1:].split("]", 1)[0]
    elif ip.count(":") == 1:
        ip = ip.split(":", 1)[0]
    return ip or None


def _navigation(entry: dict[str, Any], req: dict[str, Any]) -> bool:
    # Chrome/HTTP Toolkit write _resourceType, WebPagetest _request_type
    kind = entry.get("_resourceType") or entry.get("_request_type") or ""
    if str(kind).lower() == "document":
        return True
    return any(isinstance(h, dict) and str(h.get("name", "")).lower() == "sec-fetch-mode"
               and str(h.get("value", "")).lower() == "navigate" for h in req.get("headers") or [])


def _observe(entries: Iterable[Any], source: str, tick: Callable[[], None] | None = None,
             made: _Made | None = None) -> dict[str, _Host]:
    name = file_name(source)
    hosts: dict[str, _Host] = {}
    # value -> {host: hidden?}, and in how many requests each value appeared
    seen_in: dict[str, dict[str, bool]] = {}
    counts: Counter[str] = Counter()
    for i, entry in enumerate(entries):
        where = f"{name}: entry {i}"
        if not isinstance(entry, dict):
            raise SourceError(where, "not an object")
        req = entry.get("request")
        if not isinstance(req, dict):
            raise SourceError(where, "request missing")
        if made is not None:
            made.saw(entry.get("startedDateTime"))
        url = req.get("url")
        if not isinstance(url, str) or not url.strip():
            raise SourceError(where, "request.url missing")
        url = url.strip()
        method = refuse_controls(str(req.get("method") or "GET").upper(), where,
                                 "request.method")
        host, scheme = _host_of(url, method, where)
        if host is not None:
            h = hosts.setdefault(host, _Host(host))
            h.requests += 1
            h.methods.add(method)
            # a CONNECT tunnel's scheme says nothing about what travelled inside it
            if scheme in ("http", "ws") and method != "CONNECT":
                h.tls = False
            ip = _server_ip(entry)
            if ip:
                h.ips[refuse_controls(ip, where, "serverIPAddress")] += 1
            if method != "CONNECT":
                r = _Request(i, h)
                for payload, layers in _payloads(req, url, _navigation(entry, req)):
                    _scan(payload, layers, r)
                for value, hidden in r.candidates.items():
                    counts[value] += 1
                    per_host = seen_in.setdefault(value, {})
                    per_host[host] = per_host.get(host, True) and hidden
                if len(counts) > MAX_CANDIDATES:
                    _forget_rare(counts, seen_in)
        if tick is not None:
            tick()
    for value, n in counts.items():
        if n >= PERSISTENT_MIN_REQUESTS:
            for host, hidden in seen_in[value].items():
                h = hosts[host]
                h.identifiers.add("device_id")
                if hidden:
                    h.found_hidden = True
                else:
                    h.found_plain = True
    return hosts


def _forget_rare(counts: Counter[str], seen_in: dict[str, dict[str, bool]]) -> None:
    """Keep the table of ID-like values bounded: forget those seen in one request (then,
    if that is not enough, those below the persistence threshold). A value that recurs
    later starts counting again, so only a value seen exactly a few times, spread across
    a pruning, can be missed."""
    for below in (2, PERSISTENT_MIN_REQUESTS):
        for value in [v for v, n in counts.items() if n < below]:
            del counts[value], seen_in[value]
        if len(counts) <= MAX_CANDIDATES // 2:
            return


# --- the graph ----------------------------------------------------------------------

def _strength(h: _Host, third_party: bool) -> str:
    if h.data:
        return "data_sent_to_third_party" if third_party else "data_sent"
    return "identifier_sent" if h.identifiers else "contacted"


def _payload_state(h: _Host) -> str | None:
    if h.found_plain:
        return "plain"
    if h.found_hidden:
        return "encoded_only"
    if h.opaque:
        return "opaque"
    return "plain" if h.readable and h.encodings - {"plain"} else None


def read_har(data: bytes, *, source: str, minter: Minter, product: str | None = None,
             vendor: str | None = None, context: Iterable[str] = (),
             vantage: str | None = None, own_domains: Iterable[str] = (),
             captured_by: str | None = None, reconstruction: bool = False,
             progress: Callable[[int, int], None] | None = None) -> EvidenceResult:
    """A HAR 1.2 capture as a `pkg:Capture` with one `pkg:Observation` per host.

    `product`/`vendor` say whose traffic it is, `own_domains` which domains are theirs
    (first party: with the domains trackers.json knows for the vendor, and any
    domain that carries the vendor's or the product's name, "cradlecam-cloud.com" for
    CradleCam), `context` how it was made ("incognito mode"), `vantage` from which
    country, `captured_by` who made it; `reconstruction`: a capture written to reproduce
    what others reported, not one observed first-hand (shown as such everywhere, and
    weighed as the report it stands for). The entries are parsed one at a time
    (`read_har_file` does the same from a file, without holding its bytes);
    `progress(done, total)` counts bytes of the file: after each entry the bytes read so
    far (below `total`), then `(total, total)`."""
    name = file_name(source)
    if len(data) > MAX_CAPTURE_BYTES:
        raise SourceError(name, f"too large: {len(data):,} bytes, a capture may have "
                                f"{MAX_CAPTURE_BYTES:,}")
    context = list(context)
    _check_flags(name, product, vendor, context, captured_by)
    hosts, n, _, made = _stream_entries(lambda: io.BytesIO(data), len(data), source, progress,
                                        hashed=False)
    return _capture(hosts, n, key(data), source=source, minter=minter, product=product,
                    vendor=vendor, context=context, vantage=vantage, own_domains=own_domains,
                    made=made, captured_by=captured_by, reconstruction=reconstruction)


def read_har_file(path: str | os.PathLike[str], *, minter: Minter, source: str | None = None,
                  product: str | None = None, vendor: str | None = None,
                  context: Iterable[str] = (), vantage: str | None = None,
                  own_domains: Iterable[str] = (), captured_by: str | None = None,
                  reconstruction: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> EvidenceResult:
    """`read_har` on a file, streamed from disk: memory stays bounded by the largest
    entry, whatever the file's size. Same graph and IRIs as `read_har(bytes)`.
    Only a regular file of at most MAX_CAPTURE_BYTES is read (a pipe, a device or a
    link to one is refused before a byte is read)."""
    source = source or os.fspath(path)
    name = file_name(source)
    context = list(context)
    _check_flags(name, product, vendor, context, captured_by)
    opener = partial(open_input, path, name, limit=MAX_CAPTURE_BYTES, what="capture")
    with opener() as f:
        size = f.size
    hosts, n, k, made = _stream_entries(opener, size, source, progress, hashed=True)
    assert k is not None
    return _capture(hosts, n, k, source=source, minter=minter, product=product,
                    vendor=vendor, context=context, vantage=vantage, own_domains=own_domains,
                    made=made, captured_by=captured_by, reconstruction=reconstruction)


def _check_flags(name: str, product: str | None, vendor: str | None,
                 context: Iterable[str], captured_by: str | None = None) -> None:
    """The words given with a capture go into its graph: no control characters."""
    for field_name, value in (("product", product), ("vendor", vendor),
                              ("captured by", captured_by)):
        if value:
            refuse_controls(value, name, field_name)
    for c in context:
        if c:
            refuse_controls(c, name, "context")


def _capture(hosts: dict[str, _Host], entries: int, k: str, *, source: str, minter: Minter,
             product: str | None, vendor: str | None, context: Iterable[str],
             vantage: str | None, own_domains: Iterable[str] = (), made: _Made | None = None,
             captured_by: str | None = None, reconstruction: bool = False) -> EvidenceResult:
    name = file_name(source)
    contexts = [c.strip() for c in context if c and c.strip()]
    cap = minter.capture(k)
    g = Graph()
    g.add((cap, RDF.type, PKG.Capture))
    g.add((cap, RDF.type, SCHEMA.Dataset))
    g.add((cap, RDF.type, PROV.Entity))
    g.add((cap, PKG.sourceFile, Literal(name)))
    g.add((cap, PKG.entries, Literal(entries, datatype=XSD.integer)))
    g.add((cap, PKG.ipDatabase, Literal(netinfo.database_version())))
    for c in contexts:
        g.add((cap, PKG.context, Literal(c)))
    if vantage:
        g.add((cap, PKG.vantage, Literal(vantage.upper())))
    vendor_iri = organisation(g, minter, vendor) if vendor else None
    if vendor_iri is not None:
        g.add((cap, PKG.vendor, vendor_iri))
    subject = vendor_iri
    if product:
        subject = product_node(g, minter, product, vendor_iri)
        g.add((cap, PKG.product, subject))
    who = product or vendor or "The app"
    own = sorted({netinfo.registrable_domain(d.strip().lower().rstrip(".")) or d.strip().lower()
                  for d in own_domains if d and d.strip()})
    for d in own:
        g.add((cap, PKG.vendorDomain, Literal(d)))
    made = made or _Made()
    # how it was made: who (given), with what and when (as the file says)
    if captured_by:
        g.add((cap, PKG.capturedBy, Literal(captured_by)))
    if made.tool:
        g.add((cap, PKG.captureTool, Literal(made.tool)))
    if made.first:
        g.add((cap, PKG.capturedFrom, Literal(made.first[:19], datatype=XSD.dateTime)))
        g.add((cap, PKG.capturedUntil, Literal(made.last[:19], datatype=XSD.dateTime)))
    if reconstruction:
        g.add((cap, PKG.reconstruction, Literal(True)))
    g.add((cap, RDFS.label, Literal(
        ("Reconstructed capture" if reconstruction else "Capture") + f" of {who}"
        + (f" in {', '.join(contexts)}" if contexts else "")
        + (f", made from {_country_name(vantage.upper())}" if vantage else "")
        + f": {entries} requests to {len(hosts)} hosts.")))

    observations = []
    for host in sorted(hosts):
        h = hosts[host]
        obs, row = _observation(g, minter, cap, h, subject, contexts, vendor, who,
                                party=(product, own))
        observations.append(row)
    capture = {"iri": str(cap), "file": name, "product": product, "vendor": vendor,
               "vendor_domains": own, "captured_by": captured_by, "tool": made.tool,
               "captured_from": made.first, "captured_until": made.last,
               "reconstruction": reconstruction,
               "context": contexts, "vantage": vantage.upper() if vantage else None,
               "entries": entries, "ip_database": netinfo.database_version()}
    return EvidenceResult(g, k, cap, "capture",
                          {"capture": capture, "observations": observations})


def _observation(g: Graph, minter: Minter, cap: URIRef, h: _Host, subject: URIRef | None,
                 contexts: list[str], vendor: str | None, who: str,
                 party: tuple[str | None, list[str]] = (None, [])) -> tuple[URIRef, dict[str, Any]]:
    domain = netinfo.registrable_domain(h.host)
    ips = sorted(h.ips)
    infos = [netinfo.lookup_ip(ip) for ip in ips]
    countries = sorted({i.country for i in infos if i.country})
    # the host name is the operator's own word; the IP's network is the fallback
    by_ip = Counter(i.operator or i.network for i in infos if i.operator or i.network)
    operators = ([netinfo.operator_for_host(h.host)] if netinfo.operator_for_host(h.host)
                 else [op for op, _ in by_ip.most_common()])
    owner = netinfo.tracker_owner(h.host)
    product, own = party
    first = netinfo.is_first_party(h.host, vendor, product=product, own_domains=own)
    third_party = first is False
    recipient = owner if third_party else (vendor if first else owner)
    strength = _strength(h, third_party)
    state = _payload_state(h)

    iri = minter.observation(cap, h.host)
    g.add((iri, RDF.type, PKG.Observation))
    g.add((iri, PROV.wasDerivedFrom, cap))
    if subject is not None:
        g.add((iri, PKG.subject, subject))
    for c in contexts:
        g.add((iri, PKG.context, Literal(c)))
    g.add((iri, PKG.host, Literal(h.host)))
    g.add((iri, PKG.domain, Literal(domain)))
    for ip in ips:
        g.add((iri, PKG.ip, Literal(ip)))
    for c in countries:
        g.add((iri, PKG.country, Literal(c)))
    for op in operators:
        g.add((iri, PKG.operator, organisation(g, minter, op)))
    g.add((iri, PKG.tls, Literal(h.tls)))
    g.add((iri, PKG.requests, Literal(h.requests, datatype=XSD.integer)))
    for m in sorted(h.methods):
        g.add((iri, PKG.method, Literal(m)))
    for e in sorted(h.encodings):
        g.add((iri, PKG.encoding, Literal(e)))
    for i in sorted(h.identifiers):
        g.add((iri, PKG.identifier, Literal(i)))
    for d in sorted(h.data):
        g.add((iri, PKG.dataCategory, Literal(d)))
    if recipient:
        g.add((iri, PKG.recipient, organisation(g, minter, recipient)))
    if first is not None:
        g.add((iri, PKG.thirdParty, Literal(third_party)))
    g.add((iri, PKG.strength, Literal(strength)))
    if state:
        g.add((iri, PKG.payloadState, Literal(state)))
    g.add((iri, RDFS.label, Literal(_label(who, h, countries, operators[:1], owner,
                                           third_party, state))))
    row = {"iri": str(iri), "host": h.host, "domain": domain, "ips": ips,
           "countries": countries, "operator": operators[0] if operators else None,
           "tls": h.tls, "requests": h.requests, "methods": sorted(h.methods),
           "encodings": sorted(h.encodings), "identifiers": sorted(h.identifiers),
           "data": sorted(h.data), "recipient": recipient, "third_party": third_party,
           "strength": strength, "payload_state": state}
    return iri, row


_ID_WORDS = {"device_id": "a device identifier", "advertising_id": "an advertising ID",
             "imei": "the IMEI", "imsi": "the IMSI", "android_id": "the Android ID",
             "mac_address": "a MAC address", "serial_number": "the serial number"}


# ISO names that read oddly in a sentence ("Korea, Republic of")
_SHORT_NAMES = {"RU": "Russia", "KR": "South Korea", "KP": "North Korea", "IR": "Iran",
                "VN": "Vietnam", "TW": "Taiwan", "SY": "Syria", "VE": "Venezuela",
                "BO": "Bolivia", "TZ": "Tanzania", "MD": "Moldova", "LA": "Laos",
                "US": "the United States", "GB": "the United Kingdom", "NL": "the Netherlands",
                "AE": "the United Arab Emirates"}


def _country_name(cc: str) -> str:
    import pycountry

    if cc in _SHORT_NAMES:
        return _SHORT_NAMES[cc]
    c = pycountry.countries.get(alpha_2=cc)
    return getattr(c, "common_name", None) or getattr(c, "name", None) or cc


def _label(who: str, h: _Host, countries: list[str], operators: list[str], owner: str | None,
           third_party: bool, state: str | None) -> str:
    """One sentence a reader understands without the graph."""
    where = ", ".join(operators + [_country_name(c) for c in countries])
    to = h.host + (f" ({where})" if where else "") + _party(owner, third_party)
    if h.data or h.identifiers:
        what = " and ".join(d.replace("_", " ") for d in sorted(h.data))
        ids = " and ".join(_ID_WORDS.get(i, i.replace("_", " ")) for i in sorted(h.identifiers))
        if not what:
            what, ids = ids, ""
        text = f"{who} sent {what}"
        if state == "encoded_only":
            hid = sorted(h.encodings & HIDING)
            text += ", " + " and ".join("gzip-compressed" if e == "gzip" else f"{e}-encoded"
                                        for e in hid) + ","
        if not h.tls:
            text += " over unencrypted HTTP"
        return text + (f" with {ids}" if ids else "") + f" to {to}."
    times = "once" if h.requests == 1 else f"{h.requests} times"
    return f"{who} contacted {h.host} {times}" + (" without TLS" if not h.tls else "") + \
        (f" ({where})" if where else "") + _party(owner, third_party) + "."


def _party(owner: str | None, third_party: bool) -> str:
    if owner:
        return f", run by {owner}" + (", a third party" if third_party else "")
    return ", a third party" if third_party else ""
