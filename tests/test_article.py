"""read_article(): metadata precedence, main text, decoding and errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import trafilatura

from scrapers.article import decode, parse_date, read_article
from scrapers.errors import SourceError
from scrapers.types import Article

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def read_fixture(name: str, **flags: object) -> Article:
    kind = "html" if name.endswith(".html") else "text"
    return read_article((FIXTURES / name).read_bytes(), source=name, media_type=kind,
                        **flags)  # type: ignore[arg-type]


# --- HTML metadata -----------------------------------------------------------

def test_json_ld_wins_over_opengraph_and_meta() -> None:
    a = read_fixture("jsonld.html")
    assert a.title == "Fenwick Labs says Quillpad notes never leave Norway"
    assert a.publisher == "The Harbour Ledger"
    assert a.published == date(2020, 5, 2)  # the date as written, offset and all
    assert a.authors == ["Ada Brightwater", "Tomas Quill"]
    assert a.url == "https://ledger.example/tech/quillpad-notes"
    assert a.language == "en-GB"
    assert a.description == "The note-taking app's maker answers questions about where data goes."
    assert a.source == "jsonld.html"


def test_json_ld_main_text_leaves_out_page_chrome() -> None:
    text = read_fixture("jsonld.html").text
    paragraphs = text.split("\n\n")
    assert "stored on servers in Norway." in paragraphs[1]
    assert paragraphs[-1] == "Fenwick Labs did not answer further questions about the report."
    assert "\u201cWe do not share note contents with advertisers,\u201d" in text
    for chrome in ("Subscribe now", "Most read", "All rights reserved", "font-family"):
        assert chrome not in text
    assert "\n\n\n" not in text
    assert all(p == p.strip() and p for p in paragraphs)


def test_opengraph_when_there_is_no_json_ld() -> None:
    a = read_fixture("opengraph.html")
    assert a.title == "Orbitel updates its privacy notice for smart speakers"
    assert a.publisher == "Lantern Daily"
    assert a.published == date(2021, 3, 15)
    assert a.url == "https://lantern.example/2021/03/orbitel-speakers"
    assert a.language == "en-US"
    assert a.description == "The speaker maker now says voice clips are deleted after 30 days."
    assert a.authors == []  # article:author is a profile URL, not a name
    last = "A spokesperson said the recordings are kept on servers in Ireland."
    assert a.text.split("\n\n")[-1] == last


def test_meta_tags_and_title_in_a_windows_1252_page() -> None:
    a = read_fixture("meta.html")
    assert a.title == "Caf\u00e9 chain Brewhaven admits loyalty app shared purchase data"
    assert a.authors == ["Lena Marsh"]
    assert a.published == date(2020, 5, 2)
    assert a.description == "Brewhaven\u2019s app sent purchase histories to an ad network."
    assert a.publisher is None and a.url is None
    assert a.language == "en"
    assert "\u201cnever shares purchase data\u201d" in a.text
    assert "\ufffd" not in a.text


def test_flags_override_what_the_page_says() -> None:
    a = read_fixture("jsonld.html", url="https://mirror.example/copy", title="My title",
                     publisher="My Outlet", published="2020-06-01")
    assert (a.url, a.title, a.publisher, a.published) == (
        "https://mirror.example/copy", "My title", "My Outlet", date(2020, 6, 1))
    assert a.authors == ["Ada Brightwater", "Tomas Quill"]  # no flag, page value kept


def test_flags_fill_what_the_page_lacks() -> None:
    a = read_fixture("meta.html", publisher="Brew Weekly", published=date(2020, 5, 3))
    assert (a.publisher, a.published) == ("Brew Weekly", date(2020, 5, 3))


def test_json_ld_shapes_seen_in_the_wild() -> None:
    page = """<html><head>
    <script type="application/ld+json">[{"@type": "BreadcrumbList"},
      {"@type": ["ReportageNewsArticle"], "headline": "Tally &amp; Co fined",
       "author": "Sam Vale", "publisher": "Daily Tally", "datePublished": "July 4, 2022",
       "url": "/relative/only"}]</script>
    <link rel="canonical" href="https://tally.example/fined">
    </head><body>
    <p>Tally &amp; Co was fined for keeping card numbers in plain text.</p></body></html>"""
    a = read_article(page, source="tally.html", media_type="text/html; charset=utf-8")
    assert (a.title, a.authors, a.publisher) == ("Tally & Co fined", ["Sam Vale"], "Daily Tally")
    assert a.published == date(2022, 7, 4)
    assert a.url == "https://tally.example/fined"  # a relative URL is not an identity
    assert a.text == "Tally & Co was fined for keeping card numbers in plain text."


def test_meta_author_list_is_split() -> None:
    page = ('<html><head><meta name="author" content="By Ann Lee and Bo Chen; Cy Dunn">'
            "</head><body><p>Words.</p></body></html>")
    assert read_article(page, source="a.html", media_type="html").authors == [
        "Ann Lee", "Bo Chen", "Cy Dunn"]


def test_fallback_to_beautifulsoup_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)
    a = read_fixture("jsonld.html")
    paragraphs = a.text.split("\n\n")
    assert paragraphs[0] == "Fenwick Labs says Quillpad notes never leave Norway"
    assert paragraphs[-1] == "Fenwick Labs did not answer further questions about the report."
    assert "Subscribe now" not in a.text and "All rights reserved" not in a.text


def test_fallback_when_the_extractor_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> str:
        raise RuntimeError("extractor bug")
    monkeypatch.setattr(trafilatura, "extract", boom)
    assert "Ireland" in read_fixture("opengraph.html").text


def test_short_statement_page_is_kept() -> None:
    page = "<html><body><p>We store data in Chile.</p></body></html>"
    assert read_article(page, source="s.html", media_type="html").text == (
        "We store data in Chile.")


# --- plain text --------------------------------------------------------------

def test_text_file_is_kept_exactly() -> None:
    raw = (FIXTURES / "statement.txt").read_text(encoding="utf-8")
    a = read_fixture("statement.txt")
    assert a.text == raw
    assert a.title == "Statement from Northwind Mobility on rider data"
    sentence = "We do not sell location data to third parties."
    start = a.text.index(sentence)
    assert a.text[start:start + len(sentence)] == sentence


def test_text_line_endings_are_normalised_only() -> None:
    raw = (FIXTURES / "statement.txt").read_text(encoding="utf-8")
    crlf = raw.replace("\n", "\r\n").encode("utf-8")
    assert read_article(crlf, source="s.txt").text == raw
    assert read_article(b"a\rb\r\n\r\nc  ", source="s.txt").text == "a\nb\n\nc  "


def test_text_title_is_first_non_empty_line_or_the_flag() -> None:
    assert read_article("\n  \n  Opening line  \nmore", source="t.txt").title == "Opening line"
    assert read_article("Opening line\nmore", source="t.txt", title="Flag").title == "Flag"


def test_utf8_bom_is_dropped() -> None:
    assert read_article(b"\xef\xbb\xbfHello", source="t.txt").text == "Hello"


# --- decoding ----------------------------------------------------------------

def test_undecodable_bytes_never_crash() -> None:
    high = bytes(range(160, 256)) * 4  # not UTF-8, but every byte a cp1252 letter or sign
    a = read_article(b"Readable start. " + high, source="noise.txt")
    assert a.text.startswith("Readable start. ")
    read_article(b"<p>x" + high + b"</p>", source="noise.html", media_type="html")
    noise = bytes(range(256)) * 4  # control bytes and NUL: binary, refused as bad input
    for source, kind in (("noise.txt", "text"), ("noise.html", "html")):
        with pytest.raises(SourceError, match="not text"):
            read_article(b"Readable start. " + noise, source=source, media_type=kind)


def test_latin1_text_falls_back_to_cp1252() -> None:
    assert read_article("Caf\u00e9 \u201cquoted\u201d".encode("cp1252"),
                        source="t.txt").text == "Caf\u00e9 \u201cquoted\u201d"


def test_charset_hint_is_used_when_utf8_fails() -> None:
    data = "\u041f\u0440\u0438\u0432\u0435\u0442".encode("koi8-r")
    assert decode(data, charset="koi8-r") == "\u041f\u0440\u0438\u0432\u0435\u0442"
    assert decode(data, charset="no-such-charset") == data.decode("cp1252", "replace")


def test_meta_charset_is_read_from_the_page() -> None:
    page = '<meta charset="koi8-r"><p>\u041c\u0438\u0440</p>'.encode("koi8-r")
    assert decode(page, html_page=True).endswith("\u041c\u0438\u0440</p>")


# --- errors ------------------------------------------------------------------

@pytest.mark.parametrize("data", ["", "   \n\t\n", b"\r\n\r\n"])
def test_empty_text_is_an_error(data: str | bytes) -> None:
    with pytest.raises(SourceError, match="no text found") as caught:
        read_article(data, source="empty.txt")
    assert caught.value.where == "empty.txt"


def test_html_without_text_is_an_error() -> None:
    page = "<html><head><title>Only a title</title><script>var x = 1;</script></head></html>"
    with pytest.raises(SourceError, match="no text found"):
        read_article(page, source="blank.html", media_type="html")


@pytest.mark.parametrize("bad", ["yesterday", "2020-13-01", "02/05/2020", ""])
def test_bad_published_flag_is_an_error(bad: str) -> None:
    with pytest.raises(SourceError, match="published") as caught:
        read_article("Some text.", source="x.txt", published=bad)
    assert caught.value.where == "x.txt"


def test_unsupported_media_type() -> None:
    with pytest.raises(SourceError, match="unsupported media type"):
        read_article(b"%PDF-1.4", source="x.pdf", media_type="application/pdf")


# --- dates -------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("2020-05-02", date(2020, 5, 2)),
    ("2020-05-02T23:30:00Z", date(2020, 5, 2)),
    ("2020-05-02T01:00:00+05:30", date(2020, 5, 2)),
    ("2020-05-02 10:00", date(2020, 5, 2)),
    ("May 02, 2020", date(2020, 5, 2)),
    ("May 2, 2020", date(2020, 5, 2)),
    ("Sep 9, 2021", date(2021, 9, 9)),
    ("2 May 2020", date(2020, 5, 2)),
    (date(2020, 5, 2), date(2020, 5, 2)),
    ("2020-02-30", None),
    ("soon", None),
    (None, None),
])
def test_parse_date(value: str | date | None, expected: date | None) -> None:
    assert parse_date(value) == expected


# --- page metadata where pages put it (issue 16) ------------------------------------

_BODY = ("<article><p>Norvik said on Tuesday that the data of its users stays on servers in "
         "Germany, and researchers disputed the claim in a report published this week.</p>"
         "<p>The company did not answer further questions about its analytics partners.</p>"
         "</article>")


def _page(head: str = "", body: str = _BODY) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize("text, day", [
    ("20200316T13:00:00Z", date(2020, 3, 16)), ("Wed, 04 May 2022 02:41:00 GMT", date(2022, 5, 4)),
    ("2022-1-26", date(2022, 1, 26)), ("2020/10/04", date(2020, 10, 4)),
    ("2020-13-40", None), ("20201340", None),
])
def test_date_forms_pages_use(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("head, body, day", [
    ('<title>Norvik and the data</title>', _BODY.replace(
        "<article>", '<article><time itemprop="datePublished" datetime="2021-03-04T10:00:00Z">'
                     "4 March</time>"), date(2021, 3, 4)),
    ('<script type="application/ld+json">{"@type": "WebPage", "datePublished": "2019-07-08"}'
     "</script>", _BODY, date(2019, 7, 8)),
    ('<meta itemprop="datePublished" content="2018-02-03">', _BODY, date(2018, 2, 3)),
    # only in the visible text: htmldate's reading
    ("", "<p class='date'>Published 12 March 2021</p>" + _BODY, date(2021, 3, 12)),
])
def test_published_date_wherever_the_page_states_it(head, body, day):
    a = read_article(_page(head, body), source="p.html", media_type="html")
    assert a.published == day


@pytest.mark.parametrize("author, people", [
    ("No Author", []), ("admin", []), ("The Ledger", []),  # a placeholder, the site itself
    ("Dana Ruiz, Tom Lee", ["Dana Ruiz", "Tom Lee"]), ("View all posts by Dana Ruiz",
                                                      ["Dana Ruiz"]),
    ("Grant Tinsley, PhD", ["Grant Tinsley"]), ("Dana Ruiz und Tom Lee", ["Dana Ruiz", "Tom Lee"]),
    ("dana@ledger.example", []),
    ("Zeige alle Beiträge von Dana Ruiz", ["Dana Ruiz"]), ("Auteur : Dana Ruiz", ["Dana Ruiz"]),
    ("the-ledger", []),  # the site's name written another way
    ("Ledger Wire (www.ledgerwire.net)", []),  # a domain inside the name: a site, not a person
])
def test_authors_are_people(author, people):
    head = (f'<meta name="author" content="{author}">'
            '<meta property="og:site_name" content="The Ledger">')
    assert read_article(_page(head), source="p.html", media_type="html").authors == people


def test_an_author_named_as_the_domain_is_the_site_not_a_person():
    head = '<meta name="author" content="Ledgerpost DE">'
    a = read_article(_page(head), source="p.html", media_type="html",
                     url="https://www.ledgerpost.de/tech/norvik")
    assert a.authors == []


def test_a_forum_post_names_its_author():
    head = ('<script type="application/ld+json">{"@type": "DiscussionForumPosting",'
            ' "headline": "Norvik app phones home", "author": {"@type": "Person",'
            ' "name": "Sam Vale"}}</script>')
    a = read_article(_page(head), source="p.html", media_type="html")
    assert a.authors == ["Sam Vale"]


def test_publisher_falls_back_to_the_registrable_domain():
    a = read_article(_page("<title>Norvik and the data</title>"), source="p.html",
                     media_type="html", url="https://news.ledger.co.uk/tech/norvik")
    assert a.publisher == "ledger.co.uk"


def test_title_loses_the_site_name_suffix():
    head = ('<title>Norvik sued over location data | The Ledger</title>'
            '<meta property="og:site_name" content="The Ledger">')
    a = read_article(_page(head), source="p.html", media_type="html")
    assert a.title == "Norvik sued over location data"


def test_a_home_page_declared_canonical_does_not_name_the_article():
    head = '<link rel="canonical" href="https://ledger.example/">'
    assert read_article(_page(head), source="p.html", media_type="html").url is None
    head = '<link rel="canonical" href="https://ledger.example/2021/norvik">'
    assert read_article(_page(head), source="p.html", media_type="html").url == \
        "https://ledger.example/2021/norvik"


def test_body_text_keeps_loose_text_and_nested_paragraphs_apart():
    # text the extractor places after a heading, outside any paragraph, and paragraphs
    # inside a quotation: each reaches the stored text, as a paragraph of its own
    filler = " It goes on for a while so that the extractor sees an article body here."
    page = ("<html><head><title>Norvik story</title></head><body><article>"
            "<h1>Big story about Norvik</h1><p>The first paragraph." + filler + "</p>"
            "<h2>What the researchers found</h2>Loose text after the heading: the app sends "
            "location data to Adlytic every hour." + filler +
            "<blockquote><p>The scene ends.</p><p>If you agree, the data is shared.</p>"
            "</blockquote><p>The last paragraph." + filler + "</p></article></body></html>")
    text = read_article(page, source="page.html", media_type="html").text
    assert "Loose text after the heading: the app sends location data" in text
    assert "The scene ends.\n\nIf you agree, the data is shared." in text
    assert "ends.If" not in text


# --- bylines and days the metadata does not state plainly -------------------------

def _read(head: str = "", body: str = _BODY, url: str | None = None) -> Article:
    return read_article(_page(head, body), source="p.html", media_type="html", url=url)


def test_json_ld_author_given_by_reference_is_read_from_its_object():
    head = ('<script type="application/ld+json">{"@graph": ['
            '{"@type": "Article", "headline": "Norvik", "author": {"@id": "https://l.example/#dana"}},'
            '{"@type": "Person", "@id": "https://l.example/#dana", "name": "Dana Ruiz"}]}</script>')
    assert _read(head).authors == ["Dana Ruiz"]


def test_json_ld_naming_only_the_site_leaves_the_meta_author():
    head = ('<meta property="og:site_name" content="The Ledger"><meta name="author" '
            'content="Dana Ruiz"><script type="application/ld+json">{"@type": "Article", '
            '"author": {"@type": "Organization", "name": "The Ledger"}}</script>')
    assert _read(head).authors == ["Dana Ruiz"]


@pytest.mark.parametrize("byline, people", [
    ('<a rel="author" href="/people/dana">Dana Ruiz</a>', ["Dana Ruiz"]),
    ('<span itemprop="author" itemscope><span itemprop="name">Dana Ruiz</span></span>',
     ["Dana Ruiz"]),
    ('<div class="post-byline">By Dana Ruiz and Tom Lee</div>', ["Dana Ruiz", "Tom Lee"]),
    ('<span class="article__authors"><a href="/autoren/dana-ruiz">Dana Ruiz</a>, '
     '<a href="/autoren/tom-lee">Tom Lee</a></span>', ["Dana Ruiz", "Tom Lee"]),
    ('<a href="https://l.example/author/dana-ruiz/">Dana Ruiz</a>', ["Dana Ruiz"]),
    ('<div class="entry-author">Veröffentlicht von Dana Ruiz</div>', ["Dana Ruiz"]),
    ('<p class="author">Interview: Dana Ruiz</p>', ["Dana Ruiz"]),
    ('<a rel="author" href="/people/dana">Alle Beiträge</a>', []),  # a link's words
    ('<span class="photo-credit author">Foto: Tom Lee</span>', []),  # a picture's credit
])
def test_the_byline_as_the_markup_marks_it(byline, people):
    assert _read(body=f"<article><p>{byline}</p>{_BODY}</article>").authors == people


def test_names_in_comments_and_teasers_are_not_the_byline():
    body = (_BODY + '<ol class="comment-list"><li><div class="comment-author vcard">'
            '<a rel="author" href="/author/sam">Sam Vale</a> says:</div></li></ol>'
            '<div class="related-posts"><span class="author">Tom Lee</span></div>')
    assert "Tom Lee" not in _read(body=body).authors
    byline = '<span class="byline">by <a rel="author" href="/author/dana">Dana Ruiz</a></span>'
    assert _read(body=body + byline).authors == ["Dana Ruiz"]  # after the comments, too


@pytest.mark.parametrize("author, people", [
    ("Dana Ruiz im Gespräch mit Tom Lee", ["Dana Ruiz", "Tom Lee"]),  # an interview
    ("Ledgerpost De", []), ("Redaktion ledgerpost de", []),  # a domain written as words
    ("Ledgerpost Staff", []), ("Follow", []),
])
def test_more_bylines_that_are_not_people(author, people):
    assert _read(f'<meta name="author" content="{author}">').authors == people


def test_a_declared_login_name_is_read_as_the_byline_writes_it():
    head = '<meta name="author" content="dana.ruiz">'
    body = '<p class="byline">By <a rel="author" href="/u/dana">Dana Ruiz</a></p>' + _BODY
    assert _read(head, body).authors == ["Dana Ruiz"]


def test_initials_keep_their_full_stops_as_the_page_writes_them():
    head = '<meta name="author" content="Dana K Ruiz">'
    assert _read(head, "<p>By Dana K. Ruiz</p>" + _BODY).authors == ["Dana K. Ruiz"]
    assert _read(head).authors == ["Dana K Ruiz"]


@pytest.mark.parametrize("stamp, body, url, day", [
    # an evening story west of UTC: the URL's day is the publisher's
    ("2020-02-25T02:25:54Z", _BODY, "https://l.example/2020/02/24/norvik", date(2020, 2, 24)),
    # ...the <time> that carries the stamp shows the reader's day
    ("2019-10-18T22:04:00Z", '<time datetime="2019-10-18T22:04:00Z">19.10.2019, 00:04</time>'
     + _BODY, None, date(2019, 10, 19)),
    # ...the same moment written in the publisher's own offset
    ("2022-05-04T03:37:37+00:00", '<time datetime="2022-05-03T23:37:37-04:00">3 May</time>'
     + _BODY, None, date(2022, 5, 3)),
    # a stamp with the publisher's offset is its day already, whatever the URL says
    ("2020-02-19T18:37:32+01:00", _BODY, "https://l.example/2020/02/18/norvik",
     date(2020, 2, 19)),
    # at noon UTC no offset in use reaches the day before
    ("2020-01-19T12:25:36Z", _BODY, "https://l.example/2020/01/18/norvik", date(2020, 1, 19)),
])
def test_a_utc_time_stamp_is_read_as_the_publishers_day(stamp, body, url, day):
    head = f'<meta property="article:published_time" content="{stamp}">'
    assert _read(head, body, url).published == day


@pytest.mark.parametrize("stamp", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])
def test_a_placeholder_or_far_date_is_no_crash(stamp):
    head = f'<meta property="article:published_time" content="{stamp}">'
    published = _read(head).published
    assert published is None or published.year == 9999
