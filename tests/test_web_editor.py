"""Adding sources from the browser: only an editor with the operator's token may, bad
input changes nothing, and what is added goes through the CLI's readers and `check`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import TOKEN

from web import create_app
from web.editor import COOKIE, session_value

FIXTURES = Path(__file__).parent / "fixtures"
PAYLOAD = FIXTURES / "web" / "zentra-payload.txt"


def snapshot(store) -> set:
    """Every quad in the store, to prove a refused request changed nothing."""
    return set(store.quads().quads((None, None, None, None)))


def upload(client, path: Path | None = None, data: bytes | None = None, name: str = "",
           **form):
    fields = dict(form)
    if path is not None or data is not None:
        body = data if data is not None else path.read_bytes()
        fields["file"] = (io.BytesIO(body), name or path.name)
    return client.post("/editor/upload", data=fields, content_type="multipart/form-data")


def sign_in(client) -> None:
    r = client.post("/editor/signin", data={"token": TOKEN})
    assert r.status_code == 303


def soup(r) -> BeautifulSoup:
    return BeautifulSoup(r.data, "html.parser")


def test_editor_page_asks_for_the_token(client):
    html = soup(client.get("/editor"))
    form = html.select_one('form[action="/editor/signin"]')
    assert form["method"] == "post" and form.select_one('input[type="password"]')
    assert not html.select('form[action="/editor/upload"]')


def test_upload_without_a_token_is_401_and_changes_nothing(client, store):
    before = snapshot(store)
    r = upload(client, PAYLOAD, kind="article")
    assert r.status_code == 401 and "Bearer" in r.headers["WWW-Authenticate"]
    assert "Sign in" in soup(r).select_one(".error").get_text()
    assert snapshot(store) == before


def test_upload_with_a_wrong_token_is_403_and_changes_nothing(client, store):
    before = snapshot(store)
    r = upload(client, PAYLOAD, kind="article", token="not-it")
    assert r.status_code == 403
    assert client.post("/editor/signin", data={"token": "not-it"}).status_code == 403
    client.set_cookie(COOKIE, "forged")
    assert upload(client, PAYLOAD, kind="article").status_code == 401
    assert snapshot(store) == before


def test_no_token_set_means_editing_is_off(settings, store, case):
    app = create_app(settings.__class__(store=settings.store), store)
    client = app.test_client()
    before = snapshot(store)
    assert "switched off" in soup(client.get("/editor")).get_text()
    r = upload(client, PAYLOAD, kind="article", token="anything")
    assert r.status_code == 403 and snapshot(store) == before


def test_sign_in_sets_a_strict_httponly_cookie_that_is_not_the_token(client):
    r = client.post("/editor/signin", data={"token": TOKEN})
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}={session_value(TOKEN)};")
    assert TOKEN not in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    html = soup(client.get("/editor"))
    assert len(html.select('form[action="/editor/upload"]')) == 2
    client.post("/editor/signout")
    assert not soup(client.get("/editor")).select('form[action="/editor/upload"]')


def test_a_cross_site_post_is_refused_even_signed_in(client, store):
    sign_in(client)
    before = snapshot(store)
    r = client.post("/editor/upload", data={"kind": "article", "url": "https://a.example/"},
                    headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and snapshot(store) == before
    r = client.post("/editor/upload", data={"kind": "article", "url": "https://a.example/"},
                    headers={"Sec-Fetch-Site": "cross-site", "Origin": "null"})
    assert r.status_code == 403 and snapshot(store) == before


def test_an_editor_adds_an_article_file_and_sees_the_new_contradiction(client, store):
    sign_in(client)
    r = upload(client, PAYLOAD, kind="article", publisher="Daily Ledger",
               published="2021-03-03", source_url="https://news.example/zentra")
    assert r.status_code == 200
    html = soup(r)
    assert html.h1.get_text() == "Added: Zentra Drive uploads files abroad, a researcher says"
    assert "1 new contradiction(s)" in html.select_one(".done").get_text()
    group = html.select_one(".group")
    assert "never leaves Germany" in group.blockquote.get_text()
    assert group.find("a", href="/companies/zentra-cloud")
    source = html.find("a", string="See the source")["href"]
    assert source.startswith("/sources/doc/")
    text = soup(client.get(source)).select_one(".fulltext").get_text()
    assert '<script>alert("zentra")</script>' in text  # shown as text, never run
    # a draft until an editor accepts it (kg/review.py): then it is public
    assert "drafts" in html.select_one(".notice").get_text()
    assert html.select_one('.notice a[href="/editor/review?status=unreviewed"]')
    assert "Zentra Cloud" not in soup(client.get("/contradictions")).get_text()
    [new] = [i for i in soup(client.get("/editor/review")).select(".review-item")
             if "Germany" in i.get_text() and "unreviewed" in i.get_text()]
    r = client.post("/editor/review", data={"action": "accept", "by": "Dana Ruiz",
                                            "target": new.select_one('input[name="target"]')
                                            ["value"]})
    assert r.status_code == 303
    assert "Zentra Cloud" in soup(client.get("/contradictions")).get_text()
    # the same file again: the document's graph is replaced, nothing new appears
    again = soup(upload(client, PAYLOAD, kind="article", source_url="https://news.example/zentra"))
    assert "0 new contradiction(s)" in again.select_one(".done").get_text()


def test_the_token_may_come_with_the_form_instead_of_a_sign_in(client):
    r = upload(client, PAYLOAD, kind="article", token=TOKEN)
    assert r.status_code == 200 and "Added" in soup(r).h1.get_text()


@pytest.mark.parametrize("form, data, name, message", [
    ({"kind": "article"}, None, "", "Give the article's address or choose its file"),
    ({"kind": "article"}, b"%PDF-1.4", "report.pdf", "give a file ending in .html"),
    ({"kind": "article"}, b"", "empty.txt", "the file is empty"),
    ({"kind": "article", "url": "ftp://a.example/x"}, None, "", "give an http(s) address"),
    ({"kind": "article", "url": "javascript:alert(1)"}, None, "", "give an http(s) address"),
    ({"kind": "article", "url": 'https://a.example/x"<y'}, None, "", "cannot hold '\"'"),
    ({"kind": "article", "source_url": "data:text/html,x"}, b"Norvik keeps data in Norway.",
     "a.txt", "not an http(s) URL"),
    ({"kind": "article", "url": "https://a.example/x"}, b"text", "a.txt", "not both"),
    ({"kind": "evidence"}, None, "", "Choose the capture"),
    ({"kind": "evidence"}, b"{}", "notes.txt", "give a file ending in .har, .json"),
    ({"kind": "evidence"}, b'{"log": {"entries": [', "cut.har", "cut.har"),
    ({"kind": "evidence"}, b'{"something": 1}', "what.json", "what.json"),
    ({"kind": "evidence", "vantage": "India"}, b'{"log": {"entries": []}}', "a.har", "two letters"),
    ({"kind": "poem"}, None, "", "unknown kind"),
])
def test_bad_input_is_a_clear_message_and_changes_nothing(client, store, form, data, name,
                                                          message):
    sign_in(client)
    before = snapshot(store)
    r = upload(client, data=data, name=name, **form) if data is not None else \
        upload(client, **form)
    assert r.status_code == 400, r.data[:300]
    assert message in soup(r).select_one(".error").get_text()
    assert snapshot(store) == before


def test_a_private_address_is_not_fetched(client, store):
    sign_in(client)
    before = snapshot(store)
    r = upload(client, kind="article", url="http://127.0.0.1:9/article")
    assert r.status_code == 400
    assert "127.0.0.1" in soup(r).select_one(".error").get_text()
    assert snapshot(store) == before


def test_an_editor_adds_a_registry_file(client):
    sign_in(client)
    r = upload(client, FIXTURES / "evidence" / "registry.json", kind="evidence")
    assert r.status_code == 200
    assert "registry" in soup(r).select_one(".done").get_text()
    certs = soup(client.get("/certificates")).select("table.certificates tbody tr")
    assert [tr.a.get_text() for tr in certs] == ["SW 1001"]


def test_an_editor_adds_a_har_capture(client):
    sign_in(client)
    r = upload(client, FIXTURES / "evidence" / "chrome.har", kind="evidence",
               product="Mi Browser", vendor="Xiaomi", context="incognito mode", vantage="in")
    assert r.status_code == 200, soup(r).get_text()[:300]
    html = soup(r)
    assert "capture" in html.select_one(".done").get_text()
    assert html.find("a", string="See the source")["href"].startswith("/sources/capture/")
    assert soup(client.get("/hosts")).select("table.hosts tbody tr")


def test_an_upload_over_the_size_cap_is_413(client, monkeypatch):
    import web.editor

    monkeypatch.setattr(web.editor, "MAX_UPLOAD", 10)
    sign_in(client)
    assert upload(client, PAYLOAD, kind="article").status_code == 413


def test_the_public_endpoint_sees_an_upload_at_once(client):
    """Public queries read a snapshot of the store in worker processes; an upload must
    make the next query read a new one."""
    ask = ("ASK { ?claim <https://schema.org/text> ?t . "
           'FILTER(CONTAINS(?t, "never leaves Germany")) }')

    def seen() -> bool:
        r = client.get("/sparql", query_string={"query": ask},
                       headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200, r.data
        return r.json["boolean"]

    assert not seen()
    sign_in(client)
    assert upload(client, PAYLOAD, kind="article", publisher="Daily Ledger",
                  published="2021-03-03").status_code == 200
    assert seen()


def test_the_same_text_uploaded_again_without_its_url_is_not_a_second_source(client, store):
    sign_in(client)
    first = upload(client, PAYLOAD, kind="article", source_url="https://ledger.example/zentra")
    assert first.status_code == 200
    before = snapshot(store)
    again = upload(client, PAYLOAD, kind="article")
    assert again.status_code == 200
    assert "already stored" in soup(again).select_one(".notice").get_text()
    assert snapshot(store) == before  # nothing stored twice
