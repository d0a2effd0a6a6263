"""Which stored URLs a page may turn into a link.

A source's URL comes from the store, and whatever wrote there (an import, an update,
a scraped page) may have put a `javascript:`, `data:` or `vbscript:` URL in it: as an
`href` it runs in our origin when a fact-checker clicks it. Templates therefore link an
external URL only through the `web_url` test (`{% if url is web_url %}`) and show
anything else as text. Links to our own pages are site-relative and do not need it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["is_web_url"]


def is_web_url(value: object) -> bool:
    """True only for an absolute http(s) URL with a host, the one kind of stored URL
    that becomes a link.

    Browsers drop tabs and newlines anywhere in a URL and spaces and control characters
    at its ends (`java\\tscript:` is `javascript:`), so a URL with any of them, or with a
    space inside, is refused rather than cleaned.

    >>> is_web_url("https://news.example/a"), is_web_url("javascript:alert(1)")
    (True, False)
    """
    if not isinstance(value, str) or not value:  # URIRef and Literal are str
        return False
    if any(ord(c) <= 0x20 or 0x7F <= ord(c) <= 0x9F for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed "[" of an IPv6 host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
