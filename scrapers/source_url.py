"""The one check a source's URL passes before the graph records it.

A source URL becomes the `schema:url` IRI of a document, registry or report, and the
web pages link to it. It must be an absolute http(s) URL with a host and nothing an
IRI cannot hold: a `javascript:` or `data:` URL would run in a reader's browser, a
`file:` URL points into someone's disk, and a space, `"` or `<` would end the IRI
early in every serialisation that does not escape it. Every place a URL enters (the
`--url` flag, an article's own metadata, a findings or registry file, the web
editor's address field) goes through `checked_source_url`.

    >>> checked_source_url("https://news.example/korvo?id=1#top")
    'https://news.example/korvo?id=1#top'
    >>> is_source_url("javascript:alert(1)"), is_source_url('https://a.example/"x"')
    (False, False)
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapers.errors import SourceError

__all__ = ["checked_source_url", "is_source_url", "MAX_URL_CHARS"]

# Longer than any address a browser bar holds on to; a longer "URL" is something else.
MAX_URL_CHARS = 4096
# What an IRI may not hold (RFC 3987; N-Triples' IRIREF): whitespace, controls, <>"{}|\^`
_NOT_IN_IRI = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`\s]')
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _problem(url: str) -> str | None:
    """What is wrong with `url` as a source URL, or None."""
    if not url:
        return "empty; give an http(s) address"
    if len(url) > MAX_URL_CHARS:
        return f"longer than {MAX_URL_CHARS:,} characters"
    m = _SCHEME.match(url)
    if m is None:
        return "not an absolute URL; give an http(s) address"
    scheme = m.group(1).lower()
    if scheme not in ("http", "https"):
        return f"not an http(s) URL (its scheme is {scheme}:); give an http(s) address"
    bad = _NOT_IN_IRI.search(url)
    if bad is not None:
        ch = bad.group()
        what = {" ": "a space"}.get(ch) or (repr(ch) if ch.isprintable() else
                                            f"the character U+{ord(ch):04X}")
        return f"a URL cannot hold {what} (percent-encode it)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as e:
        return f"not a URL: {e}"
    if not url[m.end():].startswith("//") or not parts.hostname:
        return "has no host"
    if "@" in parts.netloc:
        return "holds a user name or password before its host; give the address without it"
    return None


def is_source_url(url: object) -> bool:
    """Whether `url` may stand for a source: for URLs a page says about itself, which are
    skipped, not refused, when they fail (the page is still an article)."""
    return isinstance(url, str) and _problem(url) is None


def checked_source_url(url: str, *, label: str | None = None) -> str:
    """`url` (its scheme in lower case) when it is an absolute http(s) URL an IRI can
    hold; else a SourceError naming it (after `label`, e.g. "--url", when given) and
    the problem."""
    problem = _problem(url)
    if problem is not None:
        shown = url if len(url) <= 80 else url[:77] + "..."
        raise SourceError(f"{label} {shown!r}" if label else repr(shown), problem)
    scheme, rest = url.split(":", 1)
    return f"{scheme.lower()}:{rest}"
