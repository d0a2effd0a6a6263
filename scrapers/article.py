"""A source document (HTML page or plain text) -> its main text and metadata.

HTML metadata is read from the most deliberate source first: schema.org JSON-LD
(what publishers write for search engines), then OpenGraph, then plain meta
tags, then `<title>`. The main text comes from trafilatura, run offline on the
bytes we were given, with BeautifulSoup paragraphs as the fallback; paragraphs
are separated by a blank line. Plain text is kept exactly as it is (only line
endings are normalised) so character offsets into it stay meaningful.

Flags (`url`, `title`, `publisher`, `published`) are the user's word and win
over whatever the source says.

>>> a = read_article("Quillpad notes\\n\\nQuillpad keeps notes in Norway.\\n", source="note.txt")
>>> (a.title, a.text)
('Quillpad notes', 'Quillpad notes\\n\\nQuillpad keeps notes in Norway.\\n')
"""

from __future__ import annotations

import codecs
import functools
import html
import json
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from scrapers.control_chars import strip_controls
from scrapers.errors import SourceError
from scrapers.netinfo import registrable_domain
from scrapers.source_url import checked_source_url, is_source_url
from scrapers.types import Article

__all__ = ["read_article", "parse_date", "decode", "MAX_SOURCE_BYTES", "MAX_TEXT_CHARS"]

# What one document may cost. A page or file larger than this is not an article (the
# fetcher caps downloads at the same size); a main text longer than MAX_TEXT_CHARS would
# take the extractor over ten seconds (bench/extract_bench.py: about 5 ms a KB).
MAX_SOURCE_BYTES = 10_000_000
MAX_TEXT_CHARS = 2_000_000
# Control characters other than tab, newlines and form feed: in text they are noise, in
# a binary file (an image, an archive, random bytes) every hundredth byte or so is one.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_MAX_CONTROL_SHARE = 0.005

_HTML_TYPES = frozenset({"html", "htm", "text/html", "application/xhtml+xml", "xhtml"})
_TEXT_TYPES = frozenset({"text", "txt", "text/plain"})
# (a forum post, a recipe and a review have an author as an article does)
_ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "Posting", "Recipe", "Review")
_META_DATE_NAMES = ("datepublished", "date", "pubdate", "publishdate", "publish-date",
                    "publish_date", "dc.date", "dc.date.issued", "dcterms.date",
                    "dcterms.issued", "citation_publication_date", "article.published",
                    "sailthru.date", "og:published_time", "parsely-pub-date",
                    "article:published")
# what a page puts where an author's name goes when it has none
_NOT_AUTHORS = re.compile(r"(?:no author|unknown|anonymous|admin(?:istrator)?|publisher|"
                          r"editor(?:ial)?(?: (?:staff|team|board|desk))?|"
                          r"(?:[\w-]+ )?staff(?: writer| reporter)?|"
                          # a link's words where the name would be
                          r"(?:alle|all|more|mehr|weitere|tous les) (?:beiträge|artikel|posts|"
                          r"articles|stories|news)|zur \w*übersicht|gesponserte inhalte|"
                          r"sponsored(?: content)?|anzeige|werbung|advertisement|"
                          r"follow|folgen|datum|date|share|teilen|kontakt|contact|profile?|"
                          r"guest|author|redaktion|rédaction|redacción|news ?desk|web ?desk|"
                          r"team|name|human|user|\w*admin\w*|[\w.-]+(?:@|\[at\])[\w.-]+)", re.I)
# byline words around a name: "View all posts by Dana Ruiz", "Von Dana Ruiz", "Autor: …"
_BYLINE_WORDS = re.compile(r"^(?:(?:view all posts|all posts|posted|written|published|"
                           r"articles?|stories|posts?|more|geschrieben|verfasst|"
                           r"veröffentlicht|publiziert|erstellt|gepostet|publié|publicado|"
                           r"escrito|"
                           r"(?:zeige )?alle (?:beiträge|artikel)|mehr|tous les articles) "
                           r"(?:by|von|from|de)|by|von|vom|par|por|di|door|av|af|"
                           r"aut(?:or(?:in|e|a)?|eur|hor)|written by|"
                           r"(?:interview|text|über|about)(?=[:\s]|$))\b[:\s]*", re.I)
# a site's own name written as if it were a person's: "Deutsche Welle (www.dw.com)",
# "LAOLA1.at" (a domain inside the name)
_DOMAIN_IN_NAME = re.compile(r"\b[\w-]+\.(?:com|org|net|de|at|ch|fr|it|es|nl|uk|eu|info|"
                             r"io|pl|cz|be|dk|se|no|fi|pt|ru|in|us|ca|au)\b", re.I)
# ...or a domain written as words, as a byline reader title-cases it: "Ledgerpost De"
_DOMAIN_AS_WORDS = re.compile(r"(?:www )?[\w-]+(?: [\w-]+)? (?:de|at|ch|com|org|net|it|fr|es|"
                              r"pl|io|eu|info|uk|nl)", re.I)
_DOMAIN_RUN = re.compile(r"\(?\s*(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?\s*\)?")
# a picture's credit or a source, not the author: "Foto: Tom Lee", "Quelle: dpa"
_CREDIT = re.compile(r"(?:fotos?|photos?|bild(?:er)?|images?|quelle|source)\b", re.I)
# a commenter, not the author: "Art Edwards says", "Tom said:"
_COMMENTER = re.compile(r"\s(?:says|said|schreibt|sagt|wrote)\s*:?$", re.I)
_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "p", "li", "blockquote")
_SKIP_TAGS = ("head", "title", "script", "style", "noscript", "template", "nav", "footer",
              "header", "aside", "form", "svg")
_MONTH_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y",
                  "%b. %d, %Y")


@functools.cache
def _trafilatura_config() -> Any:
    """Read when the first page is: plain text never pays for importing trafilatura."""
    from trafilatura.settings import use_config

    # trafilatura warns through logging about pages it discards; without a handler of
    # the application's, Python would print those to stderr in the middle of CLI output.
    logging.getLogger("trafilatura").addHandler(logging.NullHandler())
    config = use_config()
    # Company statements are often short; the default would discard them.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    # No alarm signals inside a library call (they only work in the main thread).
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config




# --- decoding ----------------------------------------------------------------

def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes, if Python knows it."""
    head = data[:4096].decode("ascii", "replace")
    match = re.search(r"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", head, re.I)
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1)).name
    except LookupError:
        return None


def decode(data: bytes | str, *, charset: str | None = None, html_page: bool = False) -> str:
    """Bytes to text without ever failing: a BOM, UTF-8, the declared charset
    (`charset` from HTTP, then the page's own meta tag), and finally cp1252 with
    replacement characters for the few bytes it leaves undefined."""
    if isinstance(data, str):
        return data
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = [charset, _declared_charset(data) if html_page else None]
    for name in candidates:
        if not name:
            continue
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", "replace")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- dates -------------------------------------------------------------------

def parse_date(value: str | date | None) -> date | None:
    """A publication date from the forms sources use; None when it is not one.

    Accepts `2020-05-02`, ISO date-times (the date as written, whatever the
    offset), and month names such as `May 02, 2020` or `2 May 2020`.
    """
    found = _parse_date(value)
    # (a CMS's placeholder, "0001-01-01T00:00:00Z", is no day a page was published)
    return found if found is None or found.year >= _FIRST_YEAR else None


_FIRST_YEAR = 1900


def _parse_date(value: str | date | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = " ".join(str(value).split())
    if not text:
        return None
    # 2020-05-02, 2022-1-26, 2020/10/04, 20200316T13:00:00Z (the date as written)
    iso = re.match(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T ])|(\d{4})(\d{2})(\d{2})(?:$|T)",
                   text)
    if iso:
        y, m, d = (int(x) for x in (iso.groups()[:3] if iso.group(1) else iso.groups()[3:]))
        try:
            return date(y, m, d)
        except ValueError:
            return None
    if re.match(r"(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d", text):
        try:  # RFC 2822: "Wed, 04 May 2022 02:41:00 GMT"
            return parsedate_to_datetime(text).date()
        except (TypeError, ValueError):
            return None
    for fmt in _MONTH_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# --- HTML metadata -----------------------------------------------------------

def _clean(value: Any) -> str | None:
    """A metadata string with entities decoded and whitespace collapsed, or None."""
    if not isinstance(value, str):
        return None
    text = " ".join(strip_controls(html.unescape(value)).split())
    return text or None


def _json_ld_objects(soup: BeautifulSoup) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD scripts, @graph members included."""
    for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        raw = script.string or script.get_text()
        raw = re.sub(r"^\s*(<!--|<!\[CDATA\[)|(-->|\]\]>)\s*$", "", raw.strip())
        try:
            data = json.loads(raw)
        except ValueError:
            continue  # a broken script must not lose us the rest of the page
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack[:0] = item["@graph"]


def _types(obj: dict[str, Any]) -> list[str]:
    t = obj.get("@type", [])
    return [str(x).rsplit("/", 1)[-1] for x in (t if isinstance(t, list) else [t])]


def _names(value: Any, by_id: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """Names from a JSON-LD person/organisation value: a string, an object, or a list.
    An object that is only a reference ({"@id": "…#author"}, or the @id as a string, as
    SEO plugins write an article's author) is read from the object of that @id."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        ref = item.get("@id") if isinstance(item, dict) and not item.get("name") else item
        if by_id and isinstance(ref, str) and ref in by_id:
            item = by_id[ref]
        name = _clean(item.get("name")) if isinstance(item, dict) else _clean(item)
        if name and not name.startswith(("http://", "https://")):
            out.append(name)
    return out


def _json_ld(soup: BeautifulSoup) -> dict[str, Any]:
    """Metadata from the first schema.org article object in the page."""
    objects = list(_json_ld_objects(soup))
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and o.get("name")}
    for obj in objects:
        if not any(t.endswith(_ARTICLE_TYPES) for t in _types(obj)):
            continue
        main = obj.get("mainEntityOfPage")
        url = obj.get("url") or (main.get("@id") if isinstance(main, dict) else main)
        language = obj.get("inLanguage")
        return {
            "title": _clean(obj.get("headline")) or _clean(obj.get("name")),
            "published": obj.get("datePublished") or obj.get("dateCreated"),
            "authors": _names(obj.get("author"), by_id),
            # (a publisher by reference is left to og:site_name: the object of its @id is
            # often a company's legal name, a blog's owner or the web agency)
            "publisher": next(iter(_names(obj.get("publisher"))), None),
            "url": _clean(url),
            "language": _clean(language) if isinstance(language, str) else None,
            "description": _clean(obj.get("description")),
        }
    return {}


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    """meta tags by lower-cased property or name; the first of each wins."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        content = _clean(tag.get("content"))
        if isinstance(key, str) and content:
            found.setdefault(key.strip().lower(), content)
    return found


_CREDENTIAL = re.compile(r",\s*(?:Ph\.?D\.?|M\.?D\.?|MBA|MSc|MA|RD|[A-Z]{2,6})\b\.?"
                         r"(?=\s*(?:$|[;|,&]|\s(?:and|und)\s))")


def _split_authors(value: str | None) -> list[str]:
    if not value or value.startswith(("http://", "https://")):
        return []
    value = re.sub(r"^by\s+", "", value, flags=re.I)
    # "Grant Tinsley, PhD", "Rob Picheta, CNN": a credential or an outlet after the name
    value = _CREDENTIAL.sub("", value)
    # (an interview's byline names both: "Dana Ruiz im Gespräch mit Tom Lee")
    parts = [p.strip() for p in re.split(r"\s*[;|]\s*|\s+(?:and|und|et|y|im gespräch mit|"
                                         r"in conversation with)\s+|\s*&\s*", value, flags=re.I)
             if p.strip()]
    # "Dana Ruiz, Tom Lee" is two people; "Ruiz, Dana" (two one-word parts) one
    out = []
    for p in parts:
        pieces = [x.strip() for x in p.split(",") if x.strip()]
        if len(pieces) > 1 and all(1 < len(x.split()) <= 4 for x in pieces):
            out += pieces
        else:
            out.append(p)
    return out


def _people(names: list[str], publisher: str | None, domain: str | None = None,
            also_sites: list[str] = ()) -> list[str]:
    """Authors that are people: not a placeholder ("No Author", "admin", "Staff"), not the
    site or the outlet itself ("Tagesschau De" on tagesschau.de; a blog named after its
    author, wolfgangschmale.eu, keeps "Wolfgang Schmale"), not a link."""
    sites = {_letters(publisher), _letters(domain), *map(_letters, also_sites)} - {""}
    out = []
    for name in names:
        n = _BYLINE_WORDS.sub("", name.strip(" ,.-|")).strip(" ,.-|:")
        if not n or _NOT_AUTHORS.fullmatch(n) or _letters(n) in sites or len(n) > 80 \
                or _DOMAIN_IN_NAME.search(n) or _DOMAIN_AS_WORDS.fullmatch(n) \
                or _COMMENTER.search(n) or _CREDIT.match(n) or "[at]" in n or "@" in n \
                or n.startswith(("http://", "https://")) or not re.search(r"[^\W\d_]", n):
            continue
        out.append(n)
    return list(dict.fromkeys(out))


def _site_names(names: list[str]) -> list[str]:
    """The names that carry a domain are the site's, also without it: "Ledger Wire
    (www.ledgerwire.net)" makes "Ledger Wire" a site name, so a byline read from the
    same field does not bring it back as a person."""
    return [_DOMAIN_RUN.sub("", n).strip(" ()-|,") for n in names if _DOMAIN_IN_NAME.search(n)]


def _letters(text: str | None) -> str:
    """Only the letters, lower case: "Tages-Anzeiger" and "tages anzeiger" are one name."""
    return "".join(c for c in (text or "").casefold() if c.isalpha())


def _site_from_url(url: str | None) -> str | None:
    """The registrable domain of a URL ("news.example.co.uk" -> "example.co.uk")."""
    host = urlsplit(url).hostname if url else None
    return registrable_domain(host) if host else None


def _without_site_suffix(title: str | None, site: str | None) -> str | None:
    """"Korvo sued | The Ledger" -> "Korvo sued" when the part after the last
    separator is the site's name (or its domain's)."""
    if not title:
        return title
    m = re.match(r"(?P<head>.{12,}?)\s+[|–—:·-]\s+(?P<tail>[^|–—·]{2,60})$", title)
    if not m:
        return title
    tail = re.sub(r"\W", "", m.group("tail").casefold())
    names = {re.sub(r"\W", "", x.casefold()) for x in (site or "",) if x}
    if tail and (tail in names or any(tail and (tail in n or n in tail) for n in names if n)):
        return m.group("head").strip()
    return title


def _absolute(url: Any) -> bool:
    """Only a full http(s) URL from a page can stand for the document (one that is not
    is skipped: the page is still an article). A site's home page declared as the
    canonical URL of an article is a wrong one: two articles would be one document."""
    if not is_source_url(url):
        return False
    parts = urlsplit(url)
    return parts.path not in ("", "/") or bool(parts.query)


def _first(*values: Any) -> Any:
    return next((v for v in values if v), None)


def _page_dates(soup: BeautifulSoup) -> list[Any]:
    """Dates a page states outside its article object: any JSON-LD object's (a WebPage's),
    and a `<time>` marked as the publication date."""
    out: list[Any] = [obj.get("datePublished") for obj in _json_ld_objects(soup)
                      if obj.get("datePublished")]
    for tag in soup.find_all("time"):
        if isinstance(tag, Tag) and (tag.get("itemprop") == "datePublished"
                                     or "pubdate" in tag.attrs):
            out.append(tag.get("datetime") or tag.get_text())
    return out


def _htmldate(page: str, url: str | None) -> date | None:
    """htmldate's reading of the page (its meta tags, URL and visible text), the fallback
    when the page states no date in a form read above."""
    import htmldate

    try:
        found = htmldate.find_date(page, url=url, original_date=True)
    except (ValueError, TypeError, AttributeError):
        return None
    return parse_date(found) if found else None


# a day in a URL's path: "/2020/10/04/", "/2020-10-04-", the date the site gives the story
_URL_DAY = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/_.-]|$)")
# a time stamp in UTC: the day it names may not be the day at the publisher
_UTC_STAMP = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}[T ](\d{1,2}):\d{2}(?::\d{2})?(?:\.\d+)?\s*"
                        r"(?:Z|[+-]00:?00|GMT|UTC)$|"
                        r"^(?:\w{3}, )?\d{1,2} \w{3} \d{4} (\d{2}):\d{2}(?::\d{2})? "
                        r"(?:GMT|UTC|[+-]0000)$", re.I)


def _url_day(url: str | None) -> date | None:
    """The day a URL's path names, if it names one."""
    match = _URL_DAY.search(urlsplit(url).path) if url else None
    if not match:
        return None
    try:
        return date(*(int(x) for x in match.groups()))
    except ValueError:
        return None


def _local_day(stated: Any, day: date, page: str, soup: BeautifulSoup,
               url: str | None) -> date:
    """The publisher's own day for a date the metadata states. A time stamp in UTC
    ("2020-02-25T02:25:54Z" for an evening story in New York) is a day off for much of the
    world, so the page's own word on the day next to it wins: the visible text of the
    `<time>` that carries the stamp, the day in the URL's path, or htmldate's reading of
    the page. Only on the side the clock allows: a stamp before 08:00 UTC can be the
    evening before west of UTC, one after 14:00 the next morning east of it."""
    match = _UTC_STAMP.match(" ".join(str(stated).split())) if isinstance(stated, str) else None
    if not match:
        return day
    hour = int(match.group(1) or match.group(2))
    try:
        allowed = {d for d, ok in ((day - timedelta(days=1), hour < 8),
                                   (day + timedelta(days=1), hour >= 14)) if ok}
    except OverflowError:  # the last day of year 9999
        return day
    if not allowed:
        return day
    instant = _instant(stated)
    for tag in soup.find_all("time", attrs={"datetime": True}, limit=50):
        if not isinstance(tag, Tag):
            continue
        written = " ".join(str(tag["datetime"]).split())
        if written == stated.strip():
            shown = _visible_day(tag.get_text(" "))
            if shown:
                return shown if shown in allowed else day
        local = _instant(written)
        # the same moment written in the publisher's own offset: its day as written
        if local and instant and local == instant and local.utcoffset():
            return local.date() if local.date() in allowed else day
    for other in (lambda: _url_day(url), lambda: _htmldate(page, url)):
        if (found := other()) in allowed:
            return found
    return day


def _instant(text: str) -> datetime | None:
    """A time stamp with its offset ("2022-05-03T23:37:37-04:00", RFC 2822), or None."""
    text = " ".join(text.split())
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return moment if moment.tzinfo else None


_NUMERIC_DAY = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b|"
                          r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NAMED_DAY = re.compile(r"\b(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|"
                        r"\d{1,2}\.? [A-Z][a-z]{2,8}\.?,? \d{4})\b")


def _visible_day(text: str) -> date | None:
    """The day a date shown to readers names: "19.10.2019, 05:00", "November 8, 2023"."""
    text = " ".join(text.split())[:200]
    if match := _NUMERIC_DAY.search(text):
        d, m, y = match.groups()[:3] if match.group(1) else reversed(match.groups()[3:])
        try:
            return date(int(y), int(m), int(d))
        except ValueError:
            return None
    if match := _NAMED_DAY.search(text):
        return parse_date(re.sub(r"[.,]", "", match.group(0)))
    return None


def _byline(page: str) -> tuple[list[str], str | None]:
    """trafilatura's metadata of the page: authors from the byline, and the site name."""
    _trafilatura_config()  # (its logging handler first)
    from trafilatura import extract_metadata

    try:
        doc = extract_metadata(page)
    except (ValueError, TypeError, AttributeError):
        return [], None
    if doc is None:
        return [], None
    return _split_authors(doc.author), _clean(doc.sitename)


# class names of the element holding an article's byline: "author", "byline", "by-author",
# "post-author", "article__author-name", "entry-content__authors", "content-left-autor"
_BYLINE_CLASS = re.compile(r"(?:^|[-_])(?:author|authors|autor|autoren|auteur|byline|"
                           r"verfasser)(?:$|[-_])|^(?:by|author|byline)$", re.I)
# ...and the parts of a page where names are not the article's author: comments, teasers of
# other articles, author boxes with a biography, sidebars
_NOT_BYLINE_CONTEXT = re.compile(r"comment|respond|reply|related|teaser|widget|sidebar|"
                                 r"footer|recommend|popular|newsletter|avatar|\bbio|"
                                 r"description|share|social|menu|nav|prep|photo|foto|"
                                 r"credit|caption|image|img", re.I)
_NOT_BYLINE_TAGS = frozenset({"aside", "footer", "nav", "form", "script", "style", "noscript",
                              "template", "select", "option", "button", "label"})
_AUTHOR_HREF = re.compile(r"/(?:author|authors|autor|autoren|auteur|redakteur)/[^/?#]+/?$",
                          re.I)
# what one page's byline search may cost: the tags it looks at, the marks it keeps
_MAX_SCANNED_TAGS = 20_000
_MAX_BYLINE_ELEMENTS = 2000


def _attr_text(tag: Tag) -> str:
    """A tag's class and id, the names markup gives a byline or a comment box."""
    cls = tag.get("class") or []
    return " ".join([*(cls if isinstance(cls, list) else [cls]), str(tag.get("id") or "")])


def _byline_kind(tag: Tag) -> int | None:
    """How surely a tag holds the article's author, 0 (microdata) to 3 (a link to an
    author page), or None when it does not look like a byline at all."""
    if "author" in str(tag.get("itemprop") or "").split():
        return 0
    rel = tag.get("rel") or []
    if tag.name == "a" and "author" in (rel if isinstance(rel, list) else str(rel).split()):
        return 1
    cls = tag.get("class") or []
    if any(_BYLINE_CLASS.search(c) for c in (cls if isinstance(cls, list) else [cls])):
        return 2
    if tag.name == "a" and _AUTHOR_HREF.search(str(tag.get("href") or "")):
        return 3
    return None


def _in_byline_context(tag: Tag) -> bool:
    """Whether none of the tag's ancestors is a comment, a teaser or page chrome."""
    for parent in tag.parents:
        if parent.name in _NOT_BYLINE_TAGS:
            return False
        if parent.name not in ("body", "html", "[document]") \
                and _NOT_BYLINE_CONTEXT.search(_attr_text(parent)):
            return False
    return True


def _byline_text(tag: Tag) -> str:
    """The names a byline element states: its itemprop=name, else its text."""
    name = tag.find(attrs={"itemprop": "name"}) if tag.get("itemprop") else None
    node = name if isinstance(name, Tag) else tag
    return _clean(node.get("content") if node.name == "meta" else node.get_text(" ")) or ""


def _markup_authors(soup: BeautifulSoup) -> list[str]:
    """The byline as the page's markup marks it (itemprop=author, rel=author, a class
    named after the author or the byline, a link to an author page), where JSON-LD and
    meta tags name nobody. The surest kind of mark wins; of those, the first outside
    comments and teasers, with the marks beside it (a byline of several names)."""
    found: list[tuple[int, Tag]] = []
    for tag in soup.find_all(True, limit=_MAX_SCANNED_TAGS):
        kind = _byline_kind(tag)
        if kind is not None and not _NOT_BYLINE_CONTEXT.search(_attr_text(tag)):
            found.append((kind, tag))
            if len(found) >= _MAX_BYLINE_ELEMENTS:
                break
    for wanted in range(4):
        marks = [t for k, t in found if k == wanted]
        # the innermost mark: "<div class=byline>By <a rel=author>…</a></div>"
        marks = [t for t in marks if not any(
            _byline_kind(d) is not None for d in t.find_all(True, limit=50))]
        marks = [t for t in marks if _in_byline_context(t)]
        for first in marks:
            text = _byline_text(first)
            if not _plausible_byline(text):
                continue
            beside = [t for t in marks if t.parent is first.parent]
            names = [n for t in beside for n in _split_authors(_byline_text(t))
                     if _plausible_byline(_byline_text(t))]
            return list(dict.fromkeys(names))
    return []


def _plausible_byline(text: str) -> bool:
    """A byline is a few short names: not a sentence, a date or a biography."""
    text = _BYLINE_WORDS.sub("", text).strip(" ,.-|:")
    words = text.split()
    if _CREDIT.match(text):
        return False
    return 0 < len(text) <= 120 and len(words) <= 12 and not re.search(r"\d.*\s|\s.*\d", text) \
        and not _COMMENTER.search(text) and not re.search(r"[.!?]\s+\w+\s+\w+", text)


# a login name where a name should be: "dana.ruiz", "dana_ruiz", "danaruiz"
_HANDLE = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*")


def _names_for_handles(handles: list[str], names: list[str]) -> list[str]:
    """Declared login names ("dana.ruiz") as the page writes them ("Dana Ruiz"), where
    the byline holds a name of the same letters; a handle without one stays."""
    written = {_letters(n): n for n in names if " " in n}
    return [written.get(_letters(h), h) for h in handles]


def _with_initials_stops(name: str, soup: BeautifulSoup) -> str:
    """"T V Raman" as the page writes it, "T. V. Raman": trafilatura's byline drops the
    full stops after initials."""
    tokens = name.split()
    if len(tokens) < 2 or not any(len(t) == 1 and t.isalpha() for t in tokens):
        return name
    body = soup.body or soup
    pattern = r"\s+".join(re.escape(t) + (r"\.?" if len(t) == 1 else "") for t in tokens)
    match = re.search(r"(?<!\w)" + pattern + r"(?!\w)", body.get_text(" ")[:_MAX_TEXT_SCAN])
    return " ".join(match.group(0).split()) if match else name


_MAX_TEXT_SCAN = 500_000


def _html_metadata(soup: BeautifulSoup, page: str, url: str | None = None) -> dict[str, Any]:
    ld = _json_ld(soup)
    meta = _meta(soup)
    title_tag = soup.find("title")
    canonical = soup.find("link", rel="canonical")
    html_tag = soup.find("html")
    lang = html_tag.get("lang") if isinstance(html_tag, Tag) else None
    og_locale = meta.get("og:locale")
    dates = [ld.get("published"), meta.get("article:published_time"),
             *(meta.get(name) for name in _META_DATE_NAMES), *_page_dates(soup)]
    found_url = _first(*filter(_absolute, (
        ld.get("url"), meta.get("og:url"),
        _clean(canonical.get("href")) if isinstance(canonical, Tag) else None)))
    # trafilatura reads the page again for its byline and site name: only when needed
    byline = functools.cache(lambda: _byline(page))
    publisher = _first(ld.get("publisher"), meta.get("og:site_name"), meta.get("publisher"),
                       meta.get("application-name")) \
        or _first(byline()[1], _site_from_url(url or found_url))
    domain = _site_from_url(url or found_url)
    # each declared source in turn: JSON-LD naming only the site leaves the meta tag's name
    declared_sources = [ld.get("authors") or [], _split_authors(meta.get("article:author")),
                        _split_authors(meta.get("author"))]
    declared = next((d for d in declared_sources if d), [])
    marked = functools.cache(lambda: _people(_markup_authors(soup), publisher, domain,
                                             _site_names(declared)))
    trafilatura_byline = functools.cache(lambda: _people(byline()[0], publisher, domain,
                                                         _site_names(declared)))
    authors = next((p for p in (_people(d, publisher, domain) for d in declared_sources) if p),
                   [])
    if authors and all(_HANDLE.fullmatch(a) for a in authors):
        authors = _names_for_handles(authors, [*marked(), *trafilatura_byline()])
    authors = authors or marked() or trafilatura_byline()
    authors = [_with_initials_stops(a, soup) for a in authors]
    stated = next(((raw, d) for raw in dates if (d := parse_date(raw))), None)
    published = _local_day(*stated, page, soup, url or found_url) if stated \
        else _htmldate(page, url or found_url)
    title = _first(ld.get("title"), meta.get("og:title"), meta.get("title"),
                   _clean(title_tag.get_text()) if title_tag else None)
    return {
        "title": _without_site_suffix(title, publisher),
        "publisher": publisher,
        "published": published,
        "authors": authors,
        "url": found_url,
        "language": _first(ld.get("language"), _clean(lang) if isinstance(lang, str) else None,
                           og_locale.replace("_", "-") if og_locale else None),
        "description": _first(ld.get("description"), meta.get("og:description"),
                              meta.get("description")),
    }


# --- HTML main text ----------------------------------------------------------

# trafilatura's block elements: each is a paragraph of its own, also inside another one
# ("<quote><p>…</p><p>…</p></quote>", "<p>…<p>…</p></p>" from a page's nested markup)
_XML_BLOCKS = frozenset({"p", "head", "quote", "list", "item", "table", "row", "cell", "code",
                         "div", "main", "doc"})


def _line_text(parts: list[str]) -> str:
    """Inline pieces as a block: spaces collapsed, <lb/> line breaks kept."""
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _blocks(element: ET.Element) -> Iterator[str]:
    """The paragraphs of a trafilatura element in reading order: its own text, the text
    of its inline children, and each nested block as a paragraph of its own; text after
    a heading or a quotation but outside any paragraph (the element's tail) too."""
    parts = [element.text or ""]
    for child in element:
        if child.tag in _XML_BLOCKS:
            if text := _line_text(parts):
                yield text
            yield from _blocks(child)
            parts = [child.tail or ""]
            continue
        parts.append("\n" if child.tag == "lb" else _inline_text(child))
        parts.append(child.tail or "")
    if text := _line_text(parts):
        yield text


def _inline_text(element: ET.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _trafilatura_text(page: str) -> str:
    config = _trafilatura_config()
    import trafilatura

    try:
        xml = trafilatura.extract(page, output_format="xml", include_comments=False,
                                  include_tables=False, with_metadata=False, config=config)
    except Exception:  # any extractor failure means: use the fallback
        return ""
    if not xml:
        return ""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        return ""
    main = root.find("main")
    if main is None:
        return ""
    return "\n\n".join(_blocks(main))


def _soup_text(soup: BeautifulSoup) -> str:
    """Paragraph-like blocks of the article (or the body), chrome left out."""
    for tag in soup.find_all(_SKIP_TAGS):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = []
    for tag in root.find_all(_BLOCK_TAGS):
        if tag.find_parent(_BLOCK_TAGS):
            continue  # a <p> inside an <li> is read with its <li>
        text = " ".join(tag.get_text(" ").split())
        if text:
            blocks.append(text)
    if not blocks:
        blocks = [" ".join(line.split()) for line in root.get_text("\n").split("\n")]
    return "\n\n".join(b for b in blocks if b)


# --- entry point -------------------------------------------------------------

def _media_kind(media_type: str, source: str) -> str:
    kind = media_type.split(";", 1)[0].strip().lower()
    if kind in _HTML_TYPES:
        return "html"
    if kind in _TEXT_TYPES:
        return "text"
    raise SourceError(source, f"unsupported media type {media_type!r} (use html or text)")


def _text_title(text: str) -> str | None:
    """A plain text's first line, when it reads as a title: a line without a closing full
    stop, or a short one with more text after it. A long first sentence is the lede
    ("Korvo is sending… , an investigation suggests."), and a one-line text has no title."""
    lines = [" ".join(ln.split()) for ln in text.split("\n") if ln.strip()]
    if not lines:
        return None
    first = lines[0]
    if not re.search(r"[.!?][\"”’']?$", first):
        return first
    return first if len(lines) > 1 and len(first.split()) <= 12 else None


def _refuse_binary(text: str, source: str) -> None:
    """Raise for decoded bytes that are not text: NUL, or control characters and
    undecodable bytes beyond what stray noise in a real page amounts to."""
    if "\x00" in text:
        raise SourceError(source, "not text: it holds NUL bytes (a binary file?)")
    controls = sum(1 for _ in _CONTROL.finditer(text))
    if controls > max(8, len(text) * _MAX_CONTROL_SHARE):
        raise SourceError(source, f"not text: {controls:,} of its {len(text):,} characters are "
                                  "control codes or undecodable bytes (a binary file?)")


def read_article(data: bytes | str, *, source: str, media_type: str = "text",
                 url: str | None = None, title: str | None = None,
                 publisher: str | None = None, published: str | date | None = None,
                 charset: str | None = None) -> Article:
    """Read one source document into an `Article`.

    `source` names the file or URL in errors and in `Article.source`;
    `media_type` is "html" or "text" (MIME types such as "text/html" work too);
    `charset` is a hint from the HTTP header. Raises `SourceError` for a bad
    `published` flag, an unsupported media type, or a document with no text.
    """
    published_flag = parse_date(published)
    if published is not None and not published_flag:
        raise SourceError(source, f"published date {str(published)!r} is not a date "
                                  "(use YYYY-MM-DD)")
    if url is not None:
        url = checked_source_url(url, label="the source URL")
    kind = _media_kind(media_type, source)
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(source, f"too large: {len(data):,} bytes, a document may have "
                                  f"{MAX_SOURCE_BYTES:,}")
    text_in = decode(data, charset=charset, html_page=kind == "html")
    _refuse_binary(text_in, source)
    # a few stray control characters in real text: dropped here, before offsets exist
    text_in = strip_controls(text_in)

    if kind == "text":
        text = _normalise_newlines(text_in)
        found: dict[str, Any] = {"title": _text_title(text)}
    else:
        page = _normalise_newlines(text_in)
        soup = BeautifulSoup(page, "html.parser")
        found = _html_metadata(soup, page, url)
        text = _trafilatura_text(page) or _soup_text(soup)

    # entities (&#12;), JSON-LD escapes and flags can bring control characters back
    text = strip_controls(text)
    if not text.strip():
        raise SourceError(source, "no text found")
    if len(text) > MAX_TEXT_CHARS:
        raise SourceError(source, f"too long: its text has {len(text):,} characters, one "
                                  f"document may have {MAX_TEXT_CHARS:,} (split it)")
    return Article(
        text=text,
        source=source,
        url=url or found.get("url"),
        title=_clean(title) or found.get("title"),
        publisher=_clean(publisher) or found.get("publisher"),
        published=published_flag or found.get("published"),
        authors=found.get("authors") or [],
        language=found.get("language"),
        description=found.get("description"),
    )
