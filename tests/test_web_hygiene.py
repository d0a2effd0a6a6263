"""Issue 15: what a hostile tester found against a real `privacykg serve`.

The HTTP checks drive a real `privacykg serve` subprocess on 127.0.0.1 (a free port,
a store these tests build, stopped at the end); the pure functions have plain tests.

1. odd /id/ paths (NUL, "<", space, quote, bytes that are not UTF-8) are a 404 with
   the error page, never a 500 with a traceback in the log;
2. `serve` refuses a weak token, and PRIVACYKG_TRUST_PROXY makes the editor's cookie
   follow a TLS-terminating proxy (and without it the proxy's headers are ignored);
3. the bearer scheme is case-insensitive;
4. the fetcher refuses IPv6 forms that wrap a private IPv4 address, Teredo,
   site-local and the 6to4 relay anycast;
5. only absolute http(s) URLs from the store become links.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import build_case

from kg.settings import Settings
from kg.store import EmbeddedStore
from ontologies.iris import is_iri_path

ROOT = Path(__file__).parent.parent
TOKEN = "hygiene-write-token-0123"  # long enough for `serve`
START_SECONDS = 30  # a loaded machine (2 shared cores) can take this long to start


# --- a real `privacykg serve` ---------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(store: Path) -> list[str]:
    return [sys.executable, "-c", "from web.cli import main; main()", "--store", str(store)]


def _env(**extra: str) -> dict[str, str]:
    """This process's environment without any PRIVACYKG_* of the caller's, plus `extra`;
    threads instead of query worker processes, to start fast on a shared machine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACYKG_")}
    return {**env, "PRIVACYKG_QUERY_WORKERS": "0", **extra}


@dataclass(frozen=True)
class Served:
    host: str
    port: int
    log_file: Path

    def log(self) -> str:
        """Everything the server wrote to stdout and stderr so far."""
        return self.log_file.read_text("utf-8", errors="replace")

    def get(self, path: str, headers: dict[str, str] | None = None,
            method: str = "GET", body: bytes | None = None) -> tuple[int, dict, str]:
        """(status, headers, body): the path is sent exactly as given (no quoting)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, \
                r.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def post_form(self, path: str, form: str, headers: dict[str, str] | None = None):
        return self.get(path, {"Content-Type": "application/x-www-form-urlencoded",
                               **(headers or {})}, "POST", form.encode())


@contextmanager
def serving(store: Path, **env: str) -> Iterator[Served]:
    """`privacykg serve` over `store` until the block ends (then stopped, always)."""
    port = _free_port()
    log_file = store.parent / f"serve-{port}.log"
    with log_file.open("wb") as out:
        proc = subprocess.Popen([*_cli(store), "serve", "--port", str(port)], cwd=ROOT,
                                env=_env(**env), stdout=out, stderr=subprocess.STDOUT)
        try:
            served = Served("127.0.0.1", port, log_file)
            deadline = time.monotonic() + START_SECONDS
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"privacykg serve exited with {proc.returncode}: "
                                f"{served.log()}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail("privacykg serve did not start")
                    time.sleep(0.05)
            yield served
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


JS_URL = "javascript:alert(document.cookie)//https://news.example/"
OTHER_BAD_URLS = ("JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4K",
                  "vbscript:msgbox(1)", "//evil.example/x", "/relative/path")


def _build_store(folder: Path) -> Path:
    """The hand-built case of conftest, with the article's URL replaced by a
    javascript: URL and more sources whose URLs are not http(s), written straight
    into the store (as a bad import or a careless SPARQL update could)."""
    from rdflib import Graph, Literal, URIRef

    from ontologies.vocab import PKG, RDF, SCHEMA

    settings = Settings(store=folder / "store", token=TOKEN)
    store = EmbeddedStore(settings.store)
    try:
        case = build_case(store, settings)
        store.update(f"""
            PREFIX schema: <{SCHEMA}>
            DELETE {{ GRAPH ?g {{ ?d schema:url ?u }} }}
            INSERT {{ GRAPH ?g {{ ?d schema:url <{JS_URL}> }} }}
            WHERE {{ GRAPH ?g {{ ?d schema:url ?u }} FILTER(?d = <{case.doc}>) }}""")
        for i, url in enumerate(OTHER_BAD_URLS):
            doc = settings.minter.document(f"bad{i}")
            g = Graph()
            g.add((doc, RDF.type, SCHEMA.NewsArticle))
            # an IRI where one can be stored, else a literal: pages read both
            g.add((doc, SCHEMA.url, URIRef(url) if ":" in url else Literal(url)))
            g.add((doc, SCHEMA.headline, Literal(f"Bad URL {i}")))
            g.add((doc, PKG.fullText, Literal("Nothing to see here.")))
            store.replace_graph(settings.minter.document_graph(f"bad{i}"), g)
    finally:
        store.close()
    return settings.store


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    """One server for the tests that need no setting of their own."""
    store = _build_store(tmp_path_factory.mktemp("hygiene"))
    with serving(store, PRIVACYKG_TOKEN=TOKEN) as s:
        yield s


# --- 1. odd /id/ paths ------------------------------------------------------------------

ODD_PATHS = ["a%00b", "a%3Cb", "doc/k1%3E", "a%20b", "a%22b", "a%FFb", "%FF%FE",
             "a%7Bb%7D", "a%5Cb", "a%5E", "a%60", "a%7C", "a%09", "a%0A", "a%7F", "a%C2%80",
             "%EF%BF%BE", "%ED%A0%80", "a%25zz", "a%3Fb", "a%23b", "doc/k1%00.ttl",
             "contradiction/%3C%3E", "doc/k1%20.jsonld"]


@pytest.mark.parametrize("prefix", ["/id/", "/contradictions/", "/sources/doc/",
                                    "/companies/", "/products/", "/certifiers/"])
def test_odd_paths_are_a_plain_404_and_log_nothing(served, prefix):
    for path in ODD_PATHS:
        for accept in ("text/html", "text/turtle"):
            status, headers, body = served.get(prefix + path, {"Accept": accept})
            assert status == 404, (prefix + path, accept, status)
            assert headers["content-type"].startswith("text/html")
            assert "No such page." in body  # the normal error page
    log = served.log()
    assert "privacykg: serving http://" in log  # the log is the server's stderr
    assert "Traceback" not in log and "Exception on" not in log, log


def test_good_paths_still_answer(served):
    assert served.get("/id/doc/k1")[0] == 200
    assert served.get("/id/doc/k1.ttl")[0] == 200
    assert served.get("/sources/doc/k1")[0] == 200
    assert served.get("/companies/xiaomi")[0] == 200
    # a path of IRI characters that names nothing is a 404 like any other
    assert served.get("/id/%C3%A9t%C3%A9/(x)*;=@:~")[0] == 404


def test_iri_paths_are_exactly_what_oxigraph_takes_for_an_iri():
    """Every character of the BMP edges and beyond: the rule lets through only what
    Oxigraph accepts in an IRI, and refuses of that only "?" and "#" (a query or a
    fragment is not a path)."""
    import pyoxigraph as ox

    def oxigraph_takes(path: str) -> bool:
        try:
            ox.NamedNode(f"https://w3id.org/privacykg/id/{path}")
            return True
        except ValueError:
            return False

    points = [*range(0x3000), *range(0xD700, 0xD800), *range(0xE000, 0x10000),
              0x10000, 0x1FFFD, 0x1FFFE, 0xE0FFF, 0xE1000, 0xEFFFD, 0xEFFFE, 0x10FFFF]
    differ = [hex(c) for c in points
              if is_iri_path(f"a{chr(c)}b") != oxigraph_takes(f"a{chr(c)}b")]
    assert differ == ["0x23", "0x3f"]
    for path, ok in (("a%41", True), ("a%4", False), ("a%zz", False), ("", False),
                     ("doc/k1/statement/12-data_location", True), ("a//b", True)):
        assert is_iri_path(path) is ok and (not ok or oxigraph_takes(path)), path


# --- 3. the bearer scheme ---------------------------------------------------------------

@pytest.mark.parametrize("header, ok", [
    (f"Bearer {TOKEN}", True), (f"bearer {TOKEN}", True), (f"BEARER {TOKEN}", True),
    (f"  beArer   {TOKEN}  ", True),
    ("Bearer wrong", False), (f"Bearer {TOKEN}x", False), (f"Bearer {TOKEN[:-1]}", False),
    (f"Basic {TOKEN}", False), (TOKEN, False), (f"Bearer{TOKEN}", False), ("Bearer", False),
    ("Bearer ", False), (f"Bearer {TOKEN} {TOKEN}", False), ("", False), (None, False)])
def test_bearer_ok(header, ok):
    from web.auth import bearer_ok

    assert bearer_ok(header, TOKEN) is ok


def test_bearer_ok_is_false_without_a_configured_token():
    from web.auth import bearer_ok

    for token in (None, ""):
        assert not bearer_ok("Bearer ", token) and not bearer_ok("Bearer x", token)
        assert not bearer_ok("Bearer", token) and not bearer_ok(None, token)


def test_bearer_ok_reads_a_non_ascii_token_as_wsgi_hands_it_over():
    from web.auth import bearer_ok

    token = "jeton-de-l-éditeur-ünd-mehr"
    as_wsgi = "Bearer " + token.encode("utf-8").decode("latin-1")  # PEP 3333 header str
    assert bearer_ok(as_wsgi, token)
    assert not bearer_ok(as_wsgi, token.replace("é", "e"))


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "Bearer"])
def test_writes_take_the_scheme_in_any_case(served, scheme):
    auth = {"Authorization": f"{scheme} {TOKEN}"}
    graph = f"urn:x:hygiene-{scheme}"
    status, _, body = served.post_form("/sparql/update",
                                       f"update=INSERT+DATA+%7B+GRAPH+%3C{graph}%3E+%7B+"
                                       "%3Curn:x:s%3E+%3Curn:x:p%3E+1+%7D+%7D", auth)
    assert status == 204, body
    ttl = {"Content-Type": "text/turtle", **auth}
    url = f"/sparql/graphs?graph={graph}"
    assert served.get(url, ttl, "PUT", b"<urn:x:s> <urn:x:p> 2 .")[0] == 204
    assert served.get(url, auth, "DELETE")[0] == 204
    assert served.get(url, {"Accept": "text/turtle"})[0] == 404


@pytest.mark.parametrize("given", ["Bearer wrong", f"Basic {TOKEN}", TOKEN, "bearer"])
def test_writes_refuse_anything_else(served, given):
    auth = {"Authorization": given}
    status, _, _ = served.post_form("/sparql/update", "update=CLEAR+ALL", auth)
    assert status == 401
    put = {"Content-Type": "text/turtle", **auth}
    body = b"<urn:x:s> <urn:x:p> 3 ."
    assert served.get("/sparql/graphs?graph=urn:x:no", put, "PUT", body)[0] == 401
    assert served.get("/id/doc/k1")[0] == 200  # CLEAR ALL did not run


# --- 2. operator settings: the token ----------------------------------------------------

@pytest.mark.parametrize("token, weak", [
    (None, False), ("0123456789abcdef", False), (TOKEN, False), (" " * 3 + "x" * 16, False),
    ("", True), (" ", True), ("a", True), ("0123456789abcde", True), (" " * 20, True),
    ("  0123456789abcde  ", True), ("\t0123456789abcde\n", True)])
def test_weak_token(token, weak):
    from kg.settings import weak_token

    assert (weak_token(token) is not None) is weak


@pytest.mark.parametrize("token", [" ", "a", "0123456789abcde", "      spaced     "])
def test_serve_refuses_a_weak_token_in_one_line(tmp_path, token):
    r = subprocess.run([*_cli(tmp_path / "store"), "serve", "--port", str(_free_port())],
                       cwd=ROOT, env=_env(PRIVACYKG_TOKEN=token), capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("privacykg: PRIVACYKG_TOKEN is shorter")
    if len(token.strip()) > 3:
        assert token.strip() not in lines[0]  # the token is not echoed
    assert not (tmp_path / "store").exists()  # refused before the store was opened


def test_serve_without_a_token_starts_with_writes_off(tmp_path):
    with serving(tmp_path / "store") as s:
        assert s.get("/sparql?query=ASK%7B%7D")[0] == 200
        assert s.post_form("/sparql/update", "update=CLEAR+ALL",
                           {"Authorization": "Bearer "})[0] == 401


def test_serve_on_a_busy_port_is_one_line_and_no_serving_claim(tmp_path):
    # a real listener holds the port; serve must say so, not announce it serves there
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([*_cli(tmp_path / "store"), "serve", "--port", str(port)],
                              cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"127.0.0.1:{port} is in use" in lines[0] and "--port" in lines[0]
    assert "serving" not in done.stderr


# --- 2. operator settings: behind a TLS-terminating proxy -------------------------------

PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "kg.example",
                 "Origin": "https://kg.example"}


def test_trust_proxy_is_an_on_off_switch():
    from kg.settings import Settings, from_environment

    assert Settings().trust_proxy is False
    for on in ("1", "true", "Yes", " ON "):
        assert from_environment({"PRIVACYKG_TRUST_PROXY": on}).trust_proxy is True
    for off in ("0", "false", "no", "off", ""):
        assert from_environment({"PRIVACYKG_TRUST_PROXY": off}).trust_proxy is False
    with pytest.raises(ValueError, match="PRIVACYKG_TRUST_PROXY='maybe'"):
        from_environment({"PRIVACYKG_TRUST_PROXY": "maybe"})


def test_serve_refuses_an_unreadable_switch_in_one_line(tmp_path):
    r = subprocess.run([*_cli(tmp_path / "store"), "serve", "--port", str(_free_port())],
                       cwd=ROOT, env=_env(PRIVACYKG_TRUST_PROXY="maybe"),
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert r.stderr.splitlines() == ["privacykg: PRIVACYKG_TRUST_PROXY='maybe': use 1 (on) "
                                     "or 0 (off)"]


def _sign_in(s: Served, headers: dict[str, str]) -> tuple[int, str]:
    """(status, Set-Cookie) of the editor's sign-in with the token."""
    status, got, _ = s.post_form("/editor/signin", f"token={TOKEN}", headers)
    return status, got.get("set-cookie", "")


def _client_buckets(s: Served) -> list[int]:
    """Statuses of three queries from each of two clients behind the proxy (the rate
    limit is 2 a minute per client)."""
    statuses = []
    for client in ("203.0.113.1", "203.0.113.2"):
        for _ in range(3):
            # a client-sent X-Forwarded-For first; the proxy appends the address it saw
            xff = {"X-Forwarded-For": f"198.51.100.9, {client}"}
            statuses.append(s.get("/sparql?query=ASK%7B%7D", xff)[0])
    return statuses


def test_the_app_follows_a_trusted_proxy_and_only_then():
    """create_app: with trust_proxy, ProxyFix makes the proxy's scheme, host and
    client address the request's; without it the same headers change nothing."""
    from kg.store import EmbeddedStore
    from web import create_app

    seen = {}
    for trust in (True, False):
        app = create_app(Settings(token=TOKEN, trust_proxy=trust), EmbeddedStore(None))

        @app.get("/test-echo")
        def echo():
            from flask import request

            return f"{request.is_secure} {request.host} {request.remote_addr}"

        client = app.test_client()
        headers = {**PROXY_HEADERS, "X-Forwarded-For": "198.51.100.9, 203.0.113.1"}
        r = client.post("/editor/signin", data={"token": TOKEN}, headers=headers)
        seen[trust] = (r.status_code, "Secure" in r.headers.get("Set-Cookie", ""),
                       client.get("/test-echo", headers=headers).text)
    assert seen[True] == (303, True, "True kg.example 203.0.113.1")
    assert seen[False] == (403, False, "False localhost 127.0.0.1")


# waitress 3 removes X-Forwarded-* from every request unless told otherwise; web.server
# lets them through only with PRIVACYKG_TRUST_PROXY, for ProxyFix in create_app
def test_with_trust_proxy_the_cookie_and_client_follow_the_proxy(tmp_path):
    with serving(tmp_path / "store", PRIVACYKG_TOKEN=TOKEN, PRIVACYKG_TRUST_PROXY="1",
                 PRIVACYKG_RATE_LIMIT="2") as s:
        status, cookie = _sign_in(s, PROXY_HEADERS)
        assert status == 303 and cookie.startswith("privacykg_editor=")
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        # a proxy that says plain http: no Secure flag (the browser would drop it)
        status, cookie = _sign_in(s, {**PROXY_HEADERS, "X-Forwarded-Proto": "http",
                                      "Origin": "http://kg.example"})
        assert status == 303 and "Secure" not in cookie
        # each client behind the proxy has its own bucket
        assert _client_buckets(s) == [200, 200, 429, 200, 200, 429]


def test_without_trust_proxy_the_forwarded_headers_are_ignored(tmp_path):
    with serving(tmp_path / "store", PRIVACYKG_TOKEN=TOKEN, PRIVACYKG_RATE_LIMIT="2") as s:
        # the claimed host is not this server's: the same-origin check refuses
        status, cookie = _sign_in(s, PROXY_HEADERS)
        assert status == 403 and not cookie
        status, cookie = _sign_in(s, {"X-Forwarded-Proto": "https"})
        assert status == 303 and cookie and "Secure" not in cookie
        # every "client" is the one connection's address
        assert _client_buckets(s) == [200, 200, 429, 429, 429, 429]


# --- 4. IPv6 forms that wrap an IPv4 address --------------------------------------------

WRAPPING_LOOPBACK = [  # each reaches 127.0.0.1 (or a private network) some way
    "2002:7f00:1::1", "2002:7F00:0001:0000:0000:0000:0000:0001", "2002:7f00:1::",  # 6to4
    "2002:a00:1::1", "2002:c0a8:101::1", "2002:a9fe:a9fe::1", "2002:c058:6301::1",
    "2001:0::1", "2001::", "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "2001:0:4136:e378:8000:63bf:8080:808",  # Teredo, even to a public client address
    "fec0::1", "fec0:0:0:ffff::1", "feff:ffff::1",  # site-local
    "64:ff9b::7f00:1", "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1",
    "0064:ff9b:0000:0000:0000:0000:c0a8:0101", "64:ff9b:1::a00:1", "64:ff9b:1::808:808",
    "::ffff:127.0.0.1", "::ffff:7f00:1", "0:0:0:0:0:ffff:7f00:1", "::ffff:10.0.0.1",
    "::127.0.0.1", "::7f00:1", "::10.0.0.1", "::ffff:0:127.0.0.1", "::ffff:0:a00:1",
    "::", "::1", "2606:4700:0:1:200:5efe:7f00:1", "2606:4700:0:1:0:5efe:a00:1",  # ISATAP
    "192.88.99.1", "192.88.99.0", "192.88.99.255", "::ffff:192.88.99.1",
    "2002:c058:6301::", "64:ff9b::192.88.99.1", "fe80::1%eth0"]
WRAPPING_PUBLIC = [  # the IPv4 address inside is public, so the address is too
    "2002:808:808::1", "64:ff9b::8.8.8.8", "64:ff9b::808:808", "::ffff:8.8.8.8",
    "::ffff:0:8.8.8.8", "2606:4700:0:1:200:5efe:808:808", "2606:4700:4700::1111",
    "8.8.8.8", "1.1.1.1"]


@pytest.mark.parametrize("address", WRAPPING_LOOPBACK)
def test_wrapped_private_addresses_are_refused(address):
    from scrapers.fetch import is_public_address

    assert not is_public_address(address)


@pytest.mark.parametrize("address", WRAPPING_PUBLIC)
def test_wrapped_public_addresses_are_public(address):
    from scrapers.fetch import is_public_address

    assert is_public_address(address)


@contextmanager
def _listener() -> Iterator[tuple[int, list[str]]]:
    """A real HTTP listener on 127.0.0.1 (its port, and the peers it has accepted)."""
    import threading

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.1)
    accepted: list[str] = []
    done = threading.Event()

    def serve() -> None:
        while not done.is_set():
            try:
                conn, peer = sock.accept()
            except TimeoutError:
                continue
            accepted.append(peer[0])
            with conn:
                conn.settimeout(2)
                conn.recv(4096)
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
                             b"Content-Length: 2\r\n\r\nok")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], accepted
    finally:
        done.set()
        thread.join(5)
        sock.close()


def test_a_fetch_of_a_wrapped_loopback_address_never_connects(monkeypatch):
    """By the address in the URL and by a host name that resolves to it: refused before
    any connection (none is even attempted), and the listener on 127.0.0.1 sees
    nothing; the same listener is reached when private addresses are allowed."""
    from scrapers import fetch as fetch_module
    from scrapers.errors import SourceError

    connects: list[tuple] = []
    real_connect = socket.create_connection

    def recording(address, *args, **kwargs):
        connects.append(address)
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(fetch_module.socket, "create_connection", recording)
    with _listener() as (port, accepted):
        for address in WRAPPING_LOOPBACK:
            if "%" in address:
                continue  # a zone: no URL spelling of it resolves
            host = address if ":" not in address else f"[{address}]"
            with pytest.raises(SourceError, match="private or reserved"):
                fetch_module.fetch(f"http://{host}:{port}/", timeout=2)
        real_resolve = fetch_module._resolve
        monkeypatch.setattr(fetch_module, "_resolve", lambda h, p: (
            ["93.184.215.14", "2002:7f00:1::1"] if h == "mixed.test" else
            ["64:ff9b::7f00:1"] if h == "nat64.test" else real_resolve(h, p)))
        for name in ("mixed.test", "nat64.test"):
            with pytest.raises(SourceError, match="private or reserved"):
                fetch_module.fetch(f"http://{name}:{port}/", timeout=2)
        assert connects == [] and accepted == []
        # the control: the listener is real and reachable
        got = fetch_module.fetch(f"http://127.0.0.1:{port}/", timeout=5, allow_private=True)
        assert got.body == b"ok" and accepted == ["127.0.0.1"]
        assert connects == [("127.0.0.1", port)]


# --- 5. links only to http(s) -----------------------------------------------------------

@pytest.mark.parametrize("value, ok", [
    ("https://news.example/a?b=c#d", True), ("http://news.example", True),
    ("HTTPS://News.Example/x", True), ("https://news.example/x#:~:text=a%20b", True),
    (JS_URL, False), ("JaVaScRiPt:alert(1)", False), (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("\x01javascript:alert(1)", False),
    ("data:text/html,x", False), ("vbscript:x", False), ("file:///etc/passwd", False),
    ("//evil.example/x", False), ("/relative", False), ("https:evil.example", False),
    ("https:///path", False), ("https://", False), ("https://a b.example/", False),
    ("https://news.example/\nx", False), ("http://[::1", False), ("", False),
    (None, False), (42, False)])
def test_is_web_url(value, ok):
    from rdflib import Literal, URIRef

    from web.links import is_web_url

    assert is_web_url(value) is ok
    if isinstance(value, str) and value:
        assert is_web_url(URIRef(value)) is ok and is_web_url(Literal(value)) is ok


def _links(html: str) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return [tag[attr] for attr in ("href", "src", "action", "formaction")
            for tag in soup.find_all(attrs={attr: True})]


def _site_relative(link: str) -> bool:
    return link.startswith(("/", "#", "?")) and not link.startswith("//")


def test_only_http_urls_from_the_store_become_links(served):
    from web.links import is_web_url

    status, _, listing = served.get("/contradictions")
    assert status == 200
    pages = ["/", "/sources", "/id/doc/k1", "/sources/doc/k1", "/claims", "/contradictions",
             "/companies/xiaomi", "/products/mi-browser", "/search?q=India",
             "/hosts/api.example.com",
             "/query?query=SELECT%20%3Fu%20WHERE%20%7B%20%3Fd%20%3Chttps%3A%2F%2Fschema.org"
             "%2Furl%3E%20%3Fu%20%7D",
             *{link for link in _links(listing) if link.startswith("/id/contradiction/")},
             *{link.replace("/id/contradiction/", "/contradictions/")
               for link in _links(listing) if link.startswith("/id/contradiction/")}]
    pages += [f"{prefix}doc/bad{i}" for i in range(len(OTHER_BAD_URLS))
              for prefix in ("/id/", "/sources/")]
    assert sum(p.startswith("/contradictions/") for p in pages) == 2
    seen_js = []
    for page in pages:
        status, _, html = served.get(page)
        assert status == 200, page
        for link in _links(html):
            assert _site_relative(link) or is_web_url(link), (page, link)
            assert "script:" not in link.lower() and not link.startswith("data:"), (page, link)
        if "alert(document.cookie)" in html:
            seen_js.append(page)
    # the stored URL is still shown, as text, where the source's address is shown
    assert {"/sources/doc/k1", "/id/doc/k1", pages[10]} <= set(seen_js)
    # the contradiction pages did get the bad URL (in the ClaimReview, not as a link)
    assert any(p.startswith("/contradictions/") for p in seen_js)


# links the templates build from our own routes (filters and functions of web/)
_OWN_LINKS = ("|local", "|company_url", "|product_url", "|certifier_url", "|host_url",
              "|contradiction_link", "url_for(", "export_url(")
# paths the views build
_OWN_VARIABLES = {"link", "query_link", "sparql", "pager.previous", "pager.next"}


def test_every_template_href_is_ours_or_checked_with_web_url():
    """The grep behind the rule, kept: an `href` made from a value is either a link of
    ours or sits under `{% if <that value> is web_url %}` in the same template."""
    import re

    templates = sorted((ROOT / "web" / "templates").rglob("*.html"))
    unchecked = []
    for path in templates:
        text = path.read_text("utf-8")
        for expr in re.findall(r'(?:href|src|action)="\{\{\s*(.*?)\s*\}\}', text):
            if any(own in expr for own in _OWN_LINKS) or expr in _OWN_VARIABLES:
                continue
            if not re.search(r"\{%[^%]*(?<![\w.])" + re.escape(expr) + r"\s+is\s+web_url\b",
                             text):
                unchecked.append(f"{path.relative_to(ROOT)}: {expr}")
    assert len(templates) > 20 and unchecked == []
