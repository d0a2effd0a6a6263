"""The one module that touches the network: fetch a URL, carefully.

Everything else in `scrapers` is pure. Fetching is where scraped input can hurt
us (a URL that points at the cloud metadata service, a redirect into the
private network, an endless body), so every limit is enforced here:

- only `http` and `https`, no credentials in the URL;
- the host is resolved by us and every address is checked: private, loopback,
  link-local, multicast, reserved and unspecified addresses, and IPv6 forms that wrap
  such an IPv4 address (6to4, NAT64, IPv4-mapped; Teredo and site-local always), are
  refused unless `allow_private=True`. We then connect to the address we checked, so a second
  DNS answer cannot slip another one in;
- redirects are followed by hand, at most `MAX_REDIRECTS`, each hop checked;
- one deadline (`timeout` seconds) covers the whole fetch, redirects included;
- the body is capped at `max_bytes`, counted while streaming and again after
  gzip/deflate decoding.

Every failure is a `SourceError(url, problem)`.

>>> fetch("file:///etc/passwd")
Traceback (most recent call last):
...
scrapers.errors.SourceError: file:///etc/passwd: only http and https URLs can be fetched
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from urllib.parse import urljoin, urlsplit

from scrapers.errors import SourceError

__all__ = ["Fetched", "fetch", "is_public_address", "MAX_REDIRECTS", "USER_AGENT"]

MAX_REDIRECTS = 5
USER_AGENT = "privacykg/0.1 (+https://w3id.org/privacykg; fact-checking data practices)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class Fetched:
    """A fetched response: the final URL after redirects and the decoded body."""

    url: str
    status: int
    content_type: str            # the media type alone, lower case ("text/html")
    body: bytes                  # after gzip/deflate decoding
    charset: str | None          # from the Content-Type header, when given
    retrieved: datetime = field(default_factory=lambda: datetime.now(UTC))


# Refused whatever this Python's `ipaddress` says of them (its lists change between
# versions, and some of these it calls global).
_REFUSED_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "192.88.99.0/24",  # 6to4 relay anycast (RFC 7526): a relay forwards to any address
    "2001::/32",       # Teredo (RFC 4380): a tunnel whose far end is an IPv4 address
    "fec0::/10",       # site-local (RFC 3879, deprecated): a private network by another name
    "64:ff9b:1::/48",  # local-use NAT64 (RFC 8215): IPv4 addresses of the local network
))
# IPv6 forms that carry an IPv4 address in their last 32 bits; the address is judged
# as that IPv4 address (6to4, 2002::/16, carries it in bits 16-47 instead).
_WRAPPING_NETWORKS = tuple(ipaddress.IPv6Network(n) for n in (
    "::ffff:0:0/96",    # IPv4-mapped (RFC 4291)
    "::/96",            # IPv4-compatible (RFC 4291, deprecated); also :: and ::1
    "::ffff:0:0:0/96",  # IPv4-translated (RFC 2765)
    "64:ff9b::/96",     # NAT64 well-known prefix (RFC 6052)
))
_ISATAP_IDS = (0x00005EFE, 0x02005EFE)  # an interface ID of 0[02]00:5efe:<IPv4> (RFC 5214)


def _wrapped_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address that `ip` reaches through, for the forms that carry one."""
    if ip.sixtofour is not None:
        return ip.sixtofour
    if any(ip in net for net in _WRAPPING_NETWORKS):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if any(ip in net for net in _REFUSED_NETWORKS if net.version == ip.version):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback
                                 or ip.is_link_local or ip.is_private or ip.is_unspecified
                                 or getattr(ip, "is_site_local", False))


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address, the only kind we contact by default.

    An IPv6 address that carries an IPv4 address (IPv4-mapped `::ffff:10.0.0.1`,
    IPv4-compatible, IPv4-translated, 6to4 `2002:7f00:1::1`, NAT64 `64:ff9b::a00:1`)
    is judged as that IPv4 address: a tunnel or translator would deliver it there. An
    ISATAP address needs both its prefix and its IPv4 address public. Teredo,
    site-local, local-use NAT64 and the 6to4 relay anycast are refused outright.

    >>> [is_public_address(a) for a in ("8.8.8.8", "2002:808:808::1", "2002:7f00:1::1")]
    [True, True, False]
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in net for net in _REFUSED_NETWORKS if net.version == 6):
            return False
        wrapped = _wrapped_ipv4(ip)
        if wrapped is not None:
            return _is_public(wrapped)
        if (int(ip) >> 32) & 0xFFFFFFFF in _ISATAP_IDS and not _is_public(
                ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)):
            return False
    return _is_public(ip)


def _resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (a seam tests can replace)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _Deadline:
    """One clock for the whole fetch, so slow redirects cannot add up."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self, url: str) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise SourceError(url, "timed out")
        return remaining


def _pinned_connection(scheme: str, host: str, address: str, port: int,
                       timeout: float) -> http.client.HTTPConnection:
    """A connection to `address` that still speaks to `host` (Host header, TLS SNI
    and certificate check), so the address we checked is the one we reach."""

    if scheme == "https":
        context = ssl.create_default_context()

        class _HTTPS(http.client.HTTPSConnection):
            def connect(self) -> None:
                raw = socket.create_connection((address, port), self.timeout)
                self.sock = self.pinned = context.wrap_socket(raw, server_hostname=host)

        return _HTTPS(host, port, timeout=timeout, context=context)

    class _HTTP(http.client.HTTPConnection):
        def connect(self) -> None:
            self.sock = self.pinned = socket.create_connection((address, port), self.timeout)

    return _HTTP(host, port, timeout=timeout)


def _target(url: str, allow_private: bool) -> tuple[str, str, int, list[str]]:
    """Check a URL before any connection: scheme, host, and every address it has."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise SourceError(url, f"not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise SourceError(url, "only http and https URLs can be fetched")
    if parts.username is not None or parts.password is not None:
        raise SourceError(url, "URLs with a user name or password are not fetched")
    host = parts.hostname
    if not host:
        raise SourceError(url, "the URL has no host")
    port = port or (443 if scheme == "https" else 80)
    try:
        addresses = _resolve(host, port)
    except (OSError, UnicodeError) as exc:
        raise SourceError(url, f"cannot resolve host {host!r} ({exc})") from None
    if not addresses:
        raise SourceError(url, f"cannot resolve host {host!r}")
    if not allow_private:
        refused = [a for a in addresses if not is_public_address(a)]
        if refused:
            raise SourceError(
                url, f"host {host!r} has a private or reserved address ({refused[0]}); "
                     "refused without allow_private")
    return scheme, host, port, addresses


def _read_body(response: http.client.HTTPResponse, url: str, max_bytes: int,
               deadline: _Deadline, sock: socket.socket | None) -> bytes:
    """Stream the body, decoding gzip/deflate, never holding more than `max_bytes`."""
    too_big = f"the response is larger than {max_bytes} bytes"
    length = response.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise SourceError(url, too_big)
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise SourceError(url, f"unsupported Content-Encoding {encoding!r}")
    # wbits 47 reads gzip or zlib headers; raw deflate is tried below.
    decoder = None if encoding == "identity" else zlib.decompressobj(47)
    raw_seen = 0
    out = bytearray()
    while True:
        left = deadline.left(url)
        if sock is not None:
            sock.settimeout(left)
        chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
        if not chunk:
            break
        raw_seen += len(chunk)
        if raw_seen > max_bytes:
            raise SourceError(url, too_big)
        if decoder is None:
            out += chunk
        else:
            try:
                out += decoder.decompress(chunk, max_bytes + 1 - len(out))
            except zlib.error as exc:
                if encoding == "deflate" and not out and raw_seen == len(chunk):
                    decoder = zlib.decompressobj(-zlib.MAX_WBITS)
                    out += decoder.decompress(chunk, max_bytes + 1 - len(out))
                else:
                    raise SourceError(url, f"cannot decode {encoding} body ({exc})") from None
            if decoder.unconsumed_tail:
                raise SourceError(url, too_big)
        if len(out) > max_bytes:
            raise SourceError(url, too_big)
    if decoder is not None:
        out += decoder.flush()
        if len(out) > max_bytes:
            raise SourceError(url, too_big)
    return bytes(out)


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    msg = Message()
    msg["Content-Type"] = header
    charset = msg.get_content_charset()
    return msg.get_content_type().lower(), charset


def fetch(url: str, *, timeout: float = 20, max_bytes: int = 10_000_000,
          allow_private: bool = False, user_agent: str = USER_AGENT) -> Fetched:
    """GET `url` within the limits above and return the final response.

    `timeout` is the whole budget in seconds; `max_bytes` caps the decoded body.
    Responses with status 400 or more are errors: there is no article to read.
    """
    deadline = _Deadline(timeout)
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, addresses = _target(current, allow_private)
        parts = urlsplit(current)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        conn: http.client.HTTPConnection | None = None
        last_error: OSError | None = None
        for address in addresses:
            conn = _pinned_connection(scheme, host, address, port, deadline.left(current))
            try:
                conn.putrequest("GET", path, skip_accept_encoding=True)
                conn.putheader("User-Agent", user_agent)
                conn.putheader("Accept", _ACCEPT)
                conn.putheader("Accept-Encoding", "gzip, deflate")
                conn.putheader("Connection", "close")
                conn.endheaders()
                response = conn.getresponse()
                break
            except TimeoutError:
                conn.close()
                raise SourceError(current, "timed out") from None
            except ssl.SSLError as exc:
                conn.close()
                raise SourceError(current, f"TLS failed ({exc.reason or exc})") from None
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                last_error = exc if isinstance(exc, OSError) else OSError(str(exc))
                conn = None
        if conn is None:
            raise SourceError(current, f"cannot connect ({last_error})")
        try:
            status = response.status
            if status in _REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise SourceError(current, f"HTTP {status} redirect without a Location")
                current = urljoin(current, location.strip())
                continue
            if status >= 400:
                raise SourceError(current, f"HTTP {status} {response.reason}".rstrip())
            content_type, charset = _media_type(response.getheader("Content-Type"))
            try:
                body = _read_body(response, current, max_bytes, deadline,
                                  getattr(conn, "pinned", None))
            except TimeoutError:
                raise SourceError(current, "timed out") from None
            except (OSError, http.client.HTTPException) as exc:
                raise SourceError(current, f"the connection failed while reading ({exc})") from None
            return Fetched(url=current, status=status, content_type=content_type,
                           body=body, charset=charset)
        finally:
            response.close()
            conn.close()
    raise SourceError(url, f"more than {MAX_REDIRECTS} redirects")
