"""fetch(): limits, redirects and address checks, against a local HTTP server."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scrapers import fetch as fetch_module
from scrapers.errors import SourceError
from scrapers.fetch import MAX_REDIRECTS, Fetched, fetch, is_public_address

PAGE = "<html><head><title>Caf\u00e9 news</title></head><body><p>Hello.</p></body></html>"


class Handler(BaseHTTPRequestHandler):
    """Routes for each behaviour under test; the test names the path."""

    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
              length: bool = True) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/page":
            self._send(200, PAGE.encode("utf-8"), {"Content-Type": "text/html; charset=UTF-8"})
        elif path == "/plain":
            self._send(200, b"just text", {"Content-Type": "text/plain"})
        elif path == "/gzip":
            self._send(200, gzip.compress(PAGE.encode()),
                       {"Content-Type": "text/html", "Content-Encoding": "gzip"})
        elif path == "/bomb":
            self._send(200, gzip.compress(b"a" * 200_000),
                       {"Content-Type": "text/html", "Content-Encoding": "gzip"})
        elif path == "/big":
            self._send(200, b"x" * 5000, {"Content-Type": "text/plain"})
        elif path == "/big-unannounced":
            self._send(200, b"x" * 5000, {"Content-Type": "text/plain"}, length=False)
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            target = "/page" if n == 0 else f"/hop/{n - 1}"
            self._send(302, headers={"Location": target})
        elif path == "/loop":
            self._send(301, headers={"Location": "/loop"})
        elif path == "/to-private":
            self._send(302, headers={"Location": "http://10.20.30.40/secret"})
        elif path == "/to-metadata":
            self._send(307, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/to-file":
            self._send(302, headers={"Location": "file:///etc/passwd"})
        elif path == "/no-location":
            self._send(302)
        elif path == "/missing":
            self._send(404, b"gone", {"Content-Type": "text/plain"})
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, b"late", {"Content-Type": "text/plain"})
        elif path == "/agent":
            self._send(200, self.headers.get("User-Agent", "").encode(),
                       {"Content-Type": "text/plain"})
        else:
            self._send(500, b"no route")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def local_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat 127.0.0.1 (only) as public, so a redirect's own check can be seen."""
    real = fetch_module.is_public_address
    monkeypatch.setattr(fetch_module, "is_public_address",
                        lambda a: a == "127.0.0.1" or real(a))


def test_fetches_a_page(server: str) -> None:
    got = fetch(f"{server}/page", allow_private=True)
    assert isinstance(got, Fetched)
    assert got.status == 200
    assert got.url == f"{server}/page"
    assert got.content_type == "text/html"
    assert got.charset == "utf-8"
    assert got.body.decode("utf-8") == PAGE
    assert got.retrieved.tzinfo is not None


def test_no_charset_when_the_server_gives_none(server: str) -> None:
    got = fetch(f"{server}/plain", allow_private=True)
    assert (got.content_type, got.charset, got.body) == ("text/plain", None, b"just text")


def test_sends_the_user_agent(server: str) -> None:
    assert fetch(f"{server}/agent", allow_private=True, user_agent="tester/1").body == b"tester/1"


def test_decodes_gzip(server: str) -> None:
    assert fetch(f"{server}/gzip", allow_private=True).body == PAGE.encode()


def test_refuses_loopback_without_allow_private(server: str) -> None:
    with pytest.raises(SourceError, match="private or reserved address"):
        fetch(f"{server}/page")


def test_refuses_localhost_by_name(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    with pytest.raises(SourceError, match="private or reserved"):
        fetch(f"http://localhost:{port}/page")


@pytest.mark.parametrize("path", ["/big", "/big-unannounced", "/bomb"])
def test_byte_cap(server: str, path: str) -> None:
    with pytest.raises(SourceError, match="larger than 1000 bytes"):
        fetch(f"{server}{path}", allow_private=True, max_bytes=1000)


def test_byte_cap_allows_exact_size(server: str) -> None:
    assert len(fetch(f"{server}/big", allow_private=True, max_bytes=5000).body) == 5000


def test_follows_redirects(server: str) -> None:
    got = fetch(f"{server}/hop/{MAX_REDIRECTS - 1}", allow_private=True)
    assert got.url == f"{server}/page"
    assert got.status == 200


def test_too_many_redirects(server: str) -> None:
    with pytest.raises(SourceError, match="more than 5 redirects"):
        fetch(f"{server}/hop/{MAX_REDIRECTS}", allow_private=True)
    with pytest.raises(SourceError, match="redirects"):
        fetch(f"{server}/loop", allow_private=True)


@pytest.mark.usefixtures("local_is_public")
@pytest.mark.parametrize(("path", "address"), [("/to-private", "10.20.30.40"),
                                               ("/to-metadata", "169.254.169.254")])
def test_redirect_to_a_private_address_is_refused(server: str, path: str, address: str) -> None:
    assert fetch(f"{server}/page").status == 200  # the first hop itself is allowed
    with pytest.raises(SourceError, match=address) as caught:
        fetch(f"{server}{path}")
    assert caught.value.where.startswith(f"http://{address}/")


@pytest.mark.usefixtures("local_is_public")
def test_redirect_to_another_scheme_is_refused(server: str) -> None:
    with pytest.raises(SourceError, match="only http and https"):
        fetch(f"{server}/to-file")


def test_redirect_without_location(server: str) -> None:
    with pytest.raises(SourceError, match="without a Location"):
        fetch(f"{server}/no-location", allow_private=True)


def test_http_error_status(server: str) -> None:
    with pytest.raises(SourceError, match="HTTP 404") as caught:
        fetch(f"{server}/missing", allow_private=True)
    assert caught.value.where == f"{server}/missing"


def test_timeout(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(SourceError, match="timed out"):
        fetch(f"{server}/slow", allow_private=True, timeout=0.3)
    assert time.monotonic() - start < 1.2


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://example.org/a.txt", "javascript:alert(1)",
    "data:text/html,<p>hi</p>", "gopher://example.org/", "example.org/no-scheme",
])
def test_non_http_schemes(url: str) -> None:
    with pytest.raises(SourceError, match="only http and https") as caught:
        fetch(url)
    assert caught.value.where == url


@pytest.mark.parametrize("url", ["http://", "http://user:pw@example.org/", "http://[::1/"])
def test_malformed_urls(url: str) -> None:
    with pytest.raises(SourceError):
        fetch(url)


def test_unresolvable_host(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(host: str, port: int) -> list[str]:
        raise OSError("no such host")
    monkeypatch.setattr(fetch_module, "_resolve", fail)
    with pytest.raises(SourceError, match="cannot resolve"):
        fetch("https://nowhere.invalid/")


def test_any_private_address_of_a_host_refuses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # A name with one public and one private address must not be fetched:
    # which one we would reach is not ours to choose.
    monkeypatch.setattr(fetch_module, "_resolve", lambda h, p: ["93.184.215.14", "10.0.0.5"])
    with pytest.raises(SourceError, match="10.0.0.5"):
        fetch("https://mixed.example/")


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
    "100.64.0.1", "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255", "192.0.2.1",
    "::1", "::", "fe80::1", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
    "2001:db8::1", "not-an-address",
])
def test_non_public_addresses(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111",
                                     "::ffff:8.8.8.8"])
def test_public_addresses(address: str) -> None:
    assert is_public_address(address)


def test_https_to_a_plain_http_server_fails_cleanly(server: str) -> None:
    # Exercises the pinned HTTPS connection: the handshake fails, as a SourceError.
    with pytest.raises(SourceError, match="TLS failed|cannot connect"):
        fetch(server.replace("http://", "https://") + "/page", allow_private=True, timeout=3)
