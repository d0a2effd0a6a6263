"""Issue 15: the CLI contract under a hostile tester. For bad input: exit 2, one line on
stderr naming the file (or argument, or store folder) and the problem, no traceback,
nothing stored. Every fence is tried with the real attack: real long arguments, real
symlinks to devices, real named pipes, real store folders damaged on disk."""

from __future__ import annotations

import doctest
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import BNode, Graph, Literal, URIRef

import scrapers.control_chars
import scrapers.local_input
import scrapers.source_url
from kg.cli import MAX_QUERY_FILE_BYTES, cli
from kg.remote_store import RemoteStore
from kg.store import EmbeddedStore, StoreError, graph_as_insert
from scrapers.article import MAX_SOURCE_BYTES, MAX_TEXT_CHARS
from scrapers.control_chars import CONTROL
from scrapers.errors import SourceError
from scrapers.evidence_files import MAX_JSON_BYTES, MAX_JSON_DEPTH
from scrapers.har import MAX_CAPTURE_BYTES, MAX_ENTRY_VALUES
from scrapers.source_url import MAX_URL_CHARS, checked_source_url

ARTICLE = ("Quillpad notes\n\nQuillpad says it keeps all notes of its users on servers in "
           "Norway. Researchers found that the app sent notes to servers in Singapore.\n")
DOCS = Path(__file__).parents[1] / "docs" / "cli.md"
PRIVACYKG = Path(sys.executable).with_name("privacykg")


# --- helpers ---------------------------------------------------------------------------

def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def refused(r: Result, *names: str | Path) -> str:
    """The one stderr line of a bad-input exit, which names each of `names`."""
    assert r.exit_code == 2, (r.exit_code, r.output)
    assert "Traceback" not in r.output
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, r.stderr
    for name in names:
        assert str(name) in lines[0], (name, lines[0])
    return lines[0]


def built_store(tmp_path: Path) -> Path:
    """A real store with one article in it, made by the CLI."""
    store, note = tmp_path / "store", tmp_path / "note.txt"
    note.write_text(ARTICLE, "utf-8")
    r = invoke("--store", store, "ingest", note, "--url", "https://news.example/quillpad")
    assert r.exit_code == 0, r.output
    return store


def graph_count(store: Path) -> int:
    s = EmbeddedStore(store, create=False)
    try:
        return len(s.graph_names())
    finally:
        s.close()


def stored_strings(store: Path) -> list[str]:
    """Every term of every quad in the store, as text."""
    s = EmbeddedStore(store, create=False)
    try:
        return [str(t) for quad in s.quads().quads() for t in quad if t is not None]
    finally:
        s.close()


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@contextmanager
def fast(seconds: float = 2.0) -> Iterator[None]:
    t = time.perf_counter()
    yield
    assert time.perf_counter() - t < seconds, f"took {time.perf_counter() - t:.1f} s"


@contextmanager
def unblocking(fifo: Path, after: float = 3.0) -> Iterator[None]:
    """Bound a test on a named pipe: should a reader wait on it, a writer shows up after
    `after` seconds and leaves at once, so the reader gets EOF instead of waiting for
    ever (and the test fails on its time, not by hanging)."""
    done = threading.Event()

    def rescue() -> None:
        while not done.wait(after):
            with suppress(OSError):  # ENXIO: no reader waiting, nothing to rescue
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    t = threading.Thread(target=rescue, daemon=True)
    t.start()
    try:
        yield
    finally:
        done.set()


def har_bytes(entries: list) -> bytes:
    return json.dumps({"log": {"version": "1.2", "entries": entries}}).encode()


def findings_doc(**top) -> dict:
    return {"title": "Audit", "publisher": "Norvik Lab",
            "findings": [{"aspect": "data_location", "quote": "Notes go to Singapore.",
                          "product": "Quillpad", "values": {"countries": ["SG"]}}], **top}


def registry_doc(**search) -> dict:
    return {"registry": {"certifier": "TrustArc", "searched_holders": ["Quillpad AS"],
                         **search}}


# --- 1. query: file or inline, decided without tripping over the file system ------------

@pytest.mark.parametrize("length", [300, 5000])
def test_long_inline_query_runs(tmp_path, length):
    # over NAME_MAX (255) without a "/", and over PATH_MAX: both were "file name too long"
    store = built_store(tmp_path)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # " + "x" * length
    assert "/" not in query
    r = invoke("--store", store, "query", query, "--format", "json")
    assert r.exit_code == 0, r.output
    assert int(json.loads(r.stdout)["results"]["bindings"][0]["n"]["value"]) > 0


def test_long_inline_query_with_slashes_runs(tmp_path):
    store = built_store(tmp_path)
    query = ("SELECT ?s WHERE { ?s <https://schema.org/url> ?u } " + "# a/b " * 800)
    r = invoke("--store", store, "query", query, "--format", "csv")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("name", ["missing.rq", "sub/missing.sparql", "Top.RQ"])
def test_missing_query_file_is_one_line(tmp_path, name):
    store = built_store(tmp_path)
    line = refused(invoke("--store", store, "query", tmp_path / name), name)
    assert "cannot read the query file" in line


def test_query_file_is_read(tmp_path):
    store = built_store(tmp_path)
    (tmp_path / "count.rq").write_text("ASK { ?s ?p ?o }", "utf-8")
    r = invoke("--store", store, "query", tmp_path / "count.rq", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["boolean"] is True


def test_query_file_that_is_a_pipe_or_a_device_is_refused(tmp_path):
    store = built_store(tmp_path)
    pipe = tmp_path / "q.rq"
    os.mkfifo(pipe)
    with unblocking(pipe), fast():
        assert "not a regular file" in refused(invoke("--store", store, "query", pipe), pipe)
    if os.path.exists("/dev/zero"):
        link = tmp_path / "zero.rq"
        link.symlink_to("/dev/zero")
        with fast():
            assert "not a regular file" in refused(invoke("--store", store, "query", link))


def test_oversized_and_binary_query_files_are_refused(tmp_path):
    store = built_store(tmp_path)
    big, binary = tmp_path / "big.rq", tmp_path / "bin.rq"
    with big.open("wb") as f:
        f.truncate(MAX_QUERY_FILE_BYTES + 1)   # sparse: costs no disk
    binary.write_bytes(b"ASK {}\x00\x01\x02")
    with fast():
        assert "too large" in refused(invoke("--store", store, "query", big), big)
        assert "NUL" in refused(invoke("--store", store, "query", binary), binary)


# --- 2. source URLs: one check wherever a URL enters ------------------------------------

BAD_URLS = ["https://news.example/a b", 'https://news.example/"x"', "https://news.example/<x>",
            "javascript:alert(1)", "data:text/html,<b>hi</b>", "file:///etc/passwd",
            "ftp://news.example/x", "news.example/x", "https://user:pw@news.example/",
            "https:///x", "https://news.example/\x01"]


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_bad_url_flag_is_one_line_and_stores_nothing(tmp_path, command, url):
    note = tmp_path / "note.txt"
    note.write_text(ARTICLE, "utf-8")
    store = tmp_path / "store"
    line = refused(invoke("--store", store, command, note, "--url", url))
    assert line.startswith("privacykg: --url '")
    assert not store.exists()  # nothing stored: not even a store made


@pytest.mark.parametrize("url", ["https://news.example/a b", 'https://news.example/a"b',
                                 "https://news.example/<a>"])
def test_bad_url_source_is_refused_before_any_request(tmp_path, url):
    store = tmp_path / "store"
    with fast():
        line = refused(invoke("--store", store, "ingest", url))
    assert "cannot hold" in line and not store.exists()


def test_checked_source_url_accepts_real_addresses():
    for url in ["https://news.example/quillpad?id=7&x=%20#top", "http://203.0.113.9:8080/a",
                "https://[2001:db8::1]/x", "https://blåbær.example/ære"]:
        assert checked_source_url(url) == url
    assert checked_source_url("HTTPS://news.example/") == "https://news.example/"
    with pytest.raises(SourceError, match="longer than"):
        checked_source_url("https://x.example/" + "a" * MAX_URL_CHARS)


@pytest.mark.parametrize("where, doc", [
    ("'url'", findings_doc(url="javascript:alert(1)")),
    ("findings[0]: 'url'", {**findings_doc(), "findings": [
        {**findings_doc()["findings"][0], "url": "https://a.example/x y"}]}),
    ("registry: 'url'", registry_doc(url="data:text/html,x")),
])
def test_bad_url_in_an_evidence_file_is_one_line(tmp_path, where, doc):
    path = tmp_path / "evidence.json"
    path.write_text(json.dumps(doc), "utf-8")
    store = tmp_path / "store"
    line = refused(invoke("--store", store, "evidence", path), "evidence.json", where)
    assert "URL" in line and not store.exists()


def test_a_page_url_that_is_no_http_url_is_ignored(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><title>Quillpad notes</title>'
        '<meta property="og:url" content="javascript:alert(1)">'
        '<link rel="canonical" href="https://news.example/a&quot;onmouseover=x">'
        f'</head><body><article><p>{ARTICLE}</p></article></body></html>', "utf-8")
    r = invoke("extract", page, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["document"]["url"] is None
    store = tmp_path / "store"
    assert invoke("--store", store, "ingest", page).exit_code == 0
    urls = EmbeddedStore(store, create=False)
    try:
        rows = urls.query("SELECT ?u WHERE { ?d <https://schema.org/url> ?u }").rows
    finally:
        urls.close()
    assert rows == []


def test_stored_source_urls_are_http(tmp_path):
    store = built_store(tmp_path)
    s = EmbeddedStore(store, create=False)
    try:
        rows = s.query("SELECT ?u WHERE { ?d <https://schema.org/url> ?u }").rows
    finally:
        s.close()
    assert [str(r[0]) for r in rows] == ["https://news.example/quillpad"]


# --- 3. JSON inputs nested without end ---------------------------------------------------

DEEP = 200_000


def _deep(n: int = DEEP) -> str:
    return "[" * n + "]" * n


@pytest.mark.parametrize("name, text", [
    ("entry.har", '{"log": {"entries": [{"request": {"url": "http://a.example/", '
                  '"method": ' + _deep() + '}}]}}'),
    ("outline.har", '{"log": {"creator": ' + _deep() + ', "entries": []}}'),
    ("top.har", '{"pages": ' + _deep() + ', "log": {"entries": []}}'),
    ("capture.json", '{"log": {"entries": [' + _deep() + ']}}'),
    ("findings.json", '{"findings": [{"aspect": "collection", "quote": "x", "values": '
                      '{"data": ' + _deep() + '}}]}'),
    ("registry.json", '{"registry": {"certifier": "TrustArc", "x": ' + _deep() + '}}'),
])
def test_deep_json_is_one_line_quickly(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    store = tmp_path / "store"
    with fast():
        line = refused(invoke("--store", store, "evidence", path), name)
    assert f"nested more than {MAX_JSON_DEPTH} levels" in line and not store.exists()


def test_nesting_within_the_limit_still_reads(tmp_path):
    # Chrome's async stack traces: parents of parents, a few dozen deep
    stack: dict = {"callFrames": []}
    for _ in range(40):
        stack = {"callFrames": [{"url": "https://a.example/app.js"}], "parent": stack}
    entry = {"request": {"method": "GET", "url": "https://a.example/x?imei=356938035643809"},
             "_initiator": {"type": "script", "stack": stack}}
    path = tmp_path / "chrome.har"
    path.write_bytes(har_bytes([entry]))
    r = invoke("evidence", path, "--dry-run", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["observations"][0]["identifiers"] == ["imei"]


def test_an_entry_of_too_many_values_is_refused(tmp_path):
    path = tmp_path / "wide.har"
    path.write_text('{"log": {"entries": [{"request": {"url": "http://a.example/"}, "x": ['
                    + "0," * MAX_ENTRY_VALUES + "0]}]}}", "utf-8")
    with fast(4.0):  # a million values go through the builder before the cap says stop
        line = refused(invoke("evidence", path, "--dry-run"), "wide.har", "entry 0")
    assert "values in one entry" in line


# --- 4. local inputs that are no ordinary files ------------------------------------------

KINDS = {"capture.har": har_bytes([]), "findings.json": json.dumps(findings_doc()).encode(),
         "registry.json": json.dumps(registry_doc()).encode()}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_an_evidence_file_that_is_a_named_pipe_is_refused_at_once(tmp_path, name):
    pipe = tmp_path / name
    os.mkfifo(pipe)
    store = tmp_path / "store"
    with unblocking(pipe), fast():
        line = refused(invoke("--store", store, "evidence", pipe), name)
    assert "not a regular file (a named pipe" in line and not store.exists()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("name", sorted(KINDS))
def test_a_link_to_dev_zero_is_refused_at_once(tmp_path, name):
    # in a process of its own with a timeout: were the fence gone, this would read for ever
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    r = subprocess.run([str(PRIVACYKG), "--store", str(tmp_path / "store"), "evidence",
                        str(link)], capture_output=True, text=True, timeout=30)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "not a regular file (a device" in lines[0]
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("name, size, problem", [
    ("huge.har", MAX_CAPTURE_BYTES + 1, "a capture may have"),
    ("huge.json", MAX_CAPTURE_BYTES + 1, "a capture may have"),
    ("big.json", MAX_JSON_BYTES + 1, "a registry or findings file may have"),
])
def test_an_oversized_evidence_file_is_refused_before_reading(tmp_path, name, size, problem):
    path = tmp_path / name
    with path.open("wb") as f:
        f.truncate(size)  # sparse: costs no disk, and all NUL were it ever read
    with fast():
        line = refused(invoke("--store", tmp_path / "store", "evidence", path), name)
    assert "too large" in line and problem in line


def test_a_big_sparse_capture_under_the_cap_is_binary_at_once(tmp_path):
    path = tmp_path / "zeros.har"
    with path.open("wb") as f:
        f.truncate(200_000_000)
    with fast():
        line = refused(invoke("evidence", path, "--dry-run"), "zeros.har")
    assert "NUL bytes" in line


@pytest.mark.parametrize("name", ["noise.har", "noise.json"])
def test_binary_evidence_is_refused_at_once(tmp_path, name):
    import random

    path = tmp_path / name
    path.write_bytes(b'{"log": {"entries": [' + random.Random(15).randbytes(5_000_000))
    with fast():
        refused(invoke("--store", tmp_path / "store", "evidence", path), name)
    assert not (tmp_path / "store").exists()


def test_one_bad_file_among_good_ones_stores_nothing(tmp_path):
    good, bad = tmp_path / "capture.har", tmp_path / "pipe.har"
    good.write_bytes(har_bytes([{"request": {"url": "https://a.example/"}}]))
    os.mkfifo(bad)
    store = built_store(tmp_path)
    before = graph_count(store)
    with unblocking(bad), fast():
        refused(invoke("--store", store, "evidence", good, bad), "pipe.har")
    assert graph_count(store) == before


# --- 5. a damaged store --------------------------------------------------------------

def _damage_current(store: Path) -> None:
    (store / "CURRENT").write_bytes(b"\x00garbage\xff\n")


def _truncate_tables(store: Path) -> None:
    tables = sorted(store.glob("*.sst"))
    assert tables, "the CLI's store has table files once it is closed"
    for sst in tables:
        with sst.open("r+b") as f:
            f.truncate(sst.stat().st_size // 2)


def _flip_bytes(store: Path) -> None:
    # bit rot: sizes unchanged, checksums wrong
    for sst in sorted(store.glob("*.sst")):
        data = bytearray(sst.read_bytes())
        at = len(data) // 4
        data[at:at + 64] = bytes(b ^ 0xFF for b in data[at:at + 64])
        sst.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_damage_current, _truncate_tables, _flip_bytes])
@pytest.mark.parametrize("args", [["query", "ASK { ?s ?p ?o }"], ["export"], ["check"],
                                  ["ingest", "NOTE"]])
def test_a_damaged_store_is_one_line_naming_it(tmp_path, damage, args):
    store = built_store(tmp_path)
    damage(store)
    args = [str(tmp_path / "note.txt") if a == "NOTE" else a for a in args]
    line = refused(invoke("--store", store, *args), store)
    assert "the store is damaged" in line and "Corruption" in line


# --- 6. a folder that is not a store ------------------------------------------------------

@pytest.mark.parametrize("args", [["query", "ASK { ?s ?p ?o }"], ["export"], ["check"],
                                  ["ingest", "NOTE"], ["evidence", "HAR"], ["demo"]])
def test_a_folder_of_other_files_is_never_made_a_store(tmp_path, args):
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("my own notes", "utf-8")
    (home / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    note, har = tmp_path / "note.txt", tmp_path / "capture.har"
    note.write_text(ARTICLE, "utf-8")
    har.write_bytes(har_bytes([]))
    args = [{"NOTE": str(note), "HAR": str(har)}.get(a, a) for a in args]
    before = listing(home)
    line = refused(invoke("--store", home, *args), home)
    assert "not a privacykg store" in line and "notes.txt" in line
    assert listing(home) == before


def test_a_store_with_a_file_of_the_users_beside_it_is_still_a_store(tmp_path):
    store = built_store(tmp_path)
    (store / "README.txt").write_text("the fact-checking desk's store", "utf-8")
    r = invoke("--store", store, "query", "ASK { ?s ?p ?o }", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["boolean"] is True


@pytest.mark.parametrize("args", [["query", "ASK { ?s ?p ?o }"], ["export"],
                                  ["export", "--format", "claimreview"], ["check"]])
@pytest.mark.parametrize("empty", [False, True])
def test_reading_an_absent_or_empty_store_creates_nothing(tmp_path, args, empty):
    store = tmp_path / "store"
    if empty:
        store.mkdir()
    line = refused(invoke("--store", store, *args), store)
    assert "no store here" in line
    assert (store.exists() and not any(store.iterdir())) if empty else not store.exists()


def test_writing_commands_create_a_store_in_an_absent_or_empty_folder(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(ARTICLE, "utf-8")
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "absent" / "deeper", tmp_path / "empty"):
        assert invoke("--store", folder, "ingest", note).exit_code == 0
        assert graph_count(folder) >= 1
    # (a check reads what is there: in a folder without a store it makes none, above)


# --- 7. control characters -----------------------------------------------------------

G = URIRef("https://w3id.org/privacykg/id/graph/doc/t")
S = URIRef("https://example.org/s")
P = URIRef("https://example.org/p")


def _graph(*objects) -> Graph:
    g = Graph()
    for o in objects:
        g.add((S, P, o))
    return g


@pytest.mark.parametrize("bad", [Literal("a\x00b"), Literal("bell\x07"), Literal("esc\x1b[31m"),
                                 Literal("x\x0cy", lang="en"), BNode("b\x01")])
def test_the_store_refuses_control_characters_and_writes_nothing(tmp_path, bad):
    store = EmbeddedStore(tmp_path / "db")
    try:
        store.replace_graph(G, _graph(Literal("kept")))
        with pytest.raises(StoreError, match=r"control character U\+00"):
            store.replace_graph(G, _graph(Literal("new"), bad))
        with pytest.raises(StoreError, match=r"control character U\+00"):
            store.write_graphs({G: list(_graph(Literal("new"), bad))},
                               {URIRef(str(G) + "-e"): list(_graph(Literal("added")))})
        with pytest.raises(StoreError, match=r"control character U\+00"):
            store.load_quads([(S, P, Literal("fine"), G), (S, P, bad, G)])
        assert store.graph_names() == [G]
        assert [str(r[0]) for r in store.query("SELECT ?o WHERE { ?s ?p ?o }").rows] == ["kept"]
    finally:
        store.close()


@pytest.mark.parametrize("update", [
    'INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "a\x01b" } }',
    'INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "a\\u0000b" } }',
    'INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "a\\U0000001bb" } }',
    'INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "a\\bb" } }',
    'INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "a\\\\\\fb" } }',
])
def test_an_update_that_writes_a_control_character_is_refused(update):
    store = EmbeddedStore(None)
    try:
        with pytest.raises(StoreError, match="control character"):
            store.update(update)
        assert store.graph_names() == []
        store.update('INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "tab\\t and \\\\b" } }')
        assert str(store.query("SELECT ?o WHERE { ?s ?p ?o }").rows[0][0]) == "tab\t and \\b"
    finally:
        store.close()


def test_an_insert_is_never_even_written_out():
    with pytest.raises(StoreError, match=r"the literal 'a\\x00b'"):
        graph_as_insert(G, _graph(Literal("a\x00b")))


def test_tab_newline_and_carriage_return_are_stored():
    store = EmbeddedStore(None)
    store.replace_graph(G, _graph(Literal("a\tb\nc\r\nd")))
    assert str(store.query("SELECT ?o WHERE { ?s ?p ?o }").rows[0][0]) == "a\tb\nc\r\nd"


def test_the_remote_store_refuses_before_sending_anything():
    # port 9 (discard) on loopback: had a request been sent, the error would say so
    remote = RemoteStore("http://127.0.0.1:9/sparql", timeout=2)
    with pytest.raises(StoreError, match="control character U\\+0000"):
        remote.replace_graph(G, _graph(Literal("a\x00b")))


def test_stray_control_characters_leave_an_article_but_not_the_store(tmp_path):
    txt, page = tmp_path / "stray.txt", tmp_path / "stray.html"
    txt.write_bytes(("Quillpad\x01 notes\n\n" + ARTICLE.replace("Norway.", "Norway.\x1b\x0c"))
                    .encode())
    page.write_text("<html><head><title>Quill&#12;pad\x02</title>"
                    '<script type="application/ld+json">{"@type": "NewsArticle", '
                    '"headline": "Quill\\u0001pad", "author": {"name": "Ana\\u0007 Lie"}}'
                    f"</script></head><body><article><p>{ARTICLE}&#12;\x03</p></article>"
                    "</body></html>", "utf-8")
    store = tmp_path / "store"
    r = invoke("--store", store, "ingest", txt, page)
    assert r.exit_code == 0, r.output
    strings = stored_strings(store)
    assert any("Norway." in s for s in strings)
    assert not [s for s in strings if CONTROL.search(s)]


def test_a_findings_quote_loses_them_and_a_structured_field_is_refused(tmp_path):
    doc = findings_doc()
    doc["findings"][0]["quote"] = "Notes\x01 go to\x0b Singapore."
    path = tmp_path / "report.json"
    path.write_text(json.dumps(doc), "utf-8")
    r = invoke("evidence", path, "--dry-run", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["findings"][0]["text"] == "Notes go to Singapore."

    doc["findings"][0]["speaker"] = "Ana\x07"
    path.write_text(json.dumps(doc), "utf-8")
    line = refused(invoke("--store", tmp_path / "store", "evidence", path),
                   "report.json: findings[0]", "'speaker'", "U+0007")
    assert "\x07" not in line and not (tmp_path / "store").exists()


@pytest.mark.parametrize("entry, field", [
    ({"request": {"url": "https://a\x01b.example/"}}, "host"),
    ({"request": {"url": "https://a.example/", "method": "GE\x07T"}}, "request.method"),
    ({"request": {"url": "https://a.example/"}, "serverIPAddress": "8.8.8.8\x00"},
     "serverIPAddress"),
])
def test_a_control_character_in_a_capture_field_is_refused(tmp_path, entry, field):
    path = tmp_path / "capture.har"
    path.write_bytes(har_bytes([{"request": {"url": "https://ok.example/"}}, entry]))
    line = refused(invoke("--store", tmp_path / "store", "evidence", path),
                   "capture.har: entry 1", field)
    assert "control character" in line and not (tmp_path / "store").exists()


@pytest.mark.parametrize("flag", ["--product", "--vendor", "--context"])
def test_a_control_character_in_an_evidence_flag_is_refused(tmp_path, flag):
    path = tmp_path / "capture.har"
    path.write_bytes(har_bytes([{"request": {"url": "https://ok.example/"}}]))
    refused(invoke("--store", tmp_path / "store", "evidence", path, flag, "Quill\x1bpad"),
            flag, "U+001B")


@pytest.mark.parametrize("flag", ["--title", "--publisher"])
def test_a_control_character_in_an_article_flag_is_refused(tmp_path, flag):
    note = tmp_path / "note.txt"
    note.write_text(ARTICLE, "utf-8")
    refused(invoke("--store", tmp_path / "store", "ingest", note, flag, "Daily\x00 Ledger"),
            flag, "U+0000")
    assert not (tmp_path / "store").exists()


def test_a_file_name_with_control_characters_stays_on_one_line(tmp_path):
    broken = tmp_path / "cut\nhere\x1b[2J.har"
    broken.write_bytes(b'{"log": {"entries": [')
    line = refused(invoke("evidence", broken, "--dry-run"))
    assert "\\n" in line or "here" in line
    good = tmp_path / "cap\x01ture.har"
    good.write_bytes(har_bytes([{"request": {"url": "https://ok.example/"}}]))
    store = tmp_path / "store"
    assert invoke("--store", store, "evidence", good).exit_code == 0
    assert not [s for s in stored_strings(store) if CONTROL.search(s)]


# --- the limits are documented, the modules' examples hold --------------------------------

def test_every_input_limit_is_in_docs_cli_md():
    page = DOCS.read_text("utf-8")
    section = page.split("## Input limits", 1)[1].split("\n## ", 1)[0]
    for name, value in [("MAX_SOURCE_BYTES", MAX_SOURCE_BYTES), ("MAX_TEXT_CHARS", MAX_TEXT_CHARS),
                        ("MAX_CAPTURE_BYTES", MAX_CAPTURE_BYTES),
                        ("MAX_ENTRY_VALUES", MAX_ENTRY_VALUES),
                        ("MAX_JSON_BYTES", MAX_JSON_BYTES), ("MAX_JSON_DEPTH", MAX_JSON_DEPTH),
                        ("MAX_QUERY_FILE_BYTES", MAX_QUERY_FILE_BYTES),
                        ("MAX_URL_CHARS", MAX_URL_CHARS)]:
        assert name in section and f"{value:,}" in section, name


@pytest.mark.parametrize("module", [scrapers.source_url, scrapers.local_input,
                                    scrapers.control_chars], ids=lambda m: m.__name__)
def test_module_examples(module):
    assert doctest.testmod(module).failed == 0


# --- a query nested deep enough to overflow the engine's stack -------------------------


def test_a_deeply_nested_query_runs_or_is_one_line_never_a_crash(tmp_path):
    # 8,000 levels overflowed the main thread's stack (exit 139); they now run in a thread
    # with room for them, and beyond the limit the command says so
    store = built_store(tmp_path)
    deep = tmp_path / "deep.rq"
    deep.write_text("SELECT * WHERE " + "{" * 8000 + "}" * 8000)
    r = subprocess.run([sys.executable, "-c", "from web.cli import main; main()", "--store",
                        str(store), "query", str(deep)], capture_output=True, text=True,
                       timeout=60, cwd=Path(__file__).parent.parent)
    assert r.returncode == 0, r.stderr
    deep.write_text("SELECT * WHERE { FILTER(" + "(" * 20_000 + "1" + ")" * 20_000 + ") }")
    r = subprocess.run([sys.executable, "-c", "from web.cli import main; main()", "--store",
                        str(store), "query", str(deep)], capture_output=True, text=True,
                       timeout=60, cwd=Path(__file__).parent.parent)
    assert r.returncode == 2
    assert r.stderr.splitlines() == ["privacykg: query: nested 20,002 levels deep; at most "
                                     "10,000 are read"]
