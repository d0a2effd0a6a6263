"""The one check of the operator's bearer token (`Authorization: Bearer <token>`).

Every route that writes (`/sparql/update`, the graph store's PUT, POST and DELETE)
asks `bearer_ok`, so the rules are the same everywhere: the scheme is matched without
regard to case (RFC 7235 section 2.1: `bearer`, `BEARER` and `Bearer` are one scheme),
the token itself exactly and in constant time, and nothing passes when the operator
has configured no token.
"""

from __future__ import annotations

import hashlib
import hmac

__all__ = ["bearer_ok"]

SCHEME = "bearer"


def _raw(text: str) -> bytes:
    """The bytes a header value arrived as: WSGI hands header values over decoded as
    Latin-1, so encoding them back gives what the client sent (UTF-8 for a non-ASCII
    token); a value that never came through WSGI is taken as UTF-8."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def bearer_ok(header: str | None, token: str | None) -> bool:
    """True when `header` (an Authorization value) carries the bearer `token`.

    >>> bearer_ok("bearer s3cret-token", "s3cret-token"), bearer_ok("Basic s3cret-token",
    ...                                                             "s3cret-token")
    (True, False)
    >>> bearer_ok("Bearer ", ""), bearer_ok(None, "s3cret-token")
    (False, False)
    """
    if not token or not header:
        return False
    scheme, _, given = header.strip().partition(" ")
    if scheme.lower() != SCHEME or not given.strip():
        return False
    # Digests of both sides, compared in constant time: equal lengths, so the time
    # tells neither the token's content nor its length.
    return hmac.compare_digest(hashlib.sha256(_raw(given.strip())).digest(),
                               hashlib.sha256(token.encode("utf-8")).digest())
