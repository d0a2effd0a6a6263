"""Settings, read once (flags, then PRIVACYKG_* environment, then defaults) into one
frozen value that is passed down to the store, the CLI and the web app."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from ontologies.iris import DEFAULT_BASE, Minter


@dataclass(frozen=True)
class Settings:
    store: Path = Path("privacykg-data")
    endpoint: str | None = None          # remote SPARQL query URL
    update_endpoint: str | None = None   # remote update URL, when it differs
    base: str = DEFAULT_BASE             # resource IRIs are <base>/id/<path>
    token: str | None = None             # bearer token for writes through the web
    host: str = "127.0.0.1"
    port: int = 5000
    query_timeout: float = 10.0          # seconds a public SPARQL query may run
    result_limit: int = 10_000           # rows a public SPARQL query may return
    query_workers: int = 4               # processes running public queries (0: threads)
    rate_limit: int = 0                  # public requests per minute per client (0: off)
    query_budget: float = 30.0           # seconds of query time a minute per client (0: off)
    client_queries: int = 2              # queries one client may have running at once
    result_bytes: int = 32 * 1024 * 1024  # bytes a public answer may have
    max_query_bytes: int = 1024 * 1024   # a query's body (or query string) at /sparql, /query
    max_upload_bytes: int = 64 * 1024 * 1024  # a body on the token routes (uploads, updates)
    max_connections: int = 1000          # open connections to the server
    client_connections: int = 50         # of them from one client address
    request_read_timeout: float = 20.0   # seconds to send a request, plus ...
    min_upload_rate: int = 64 * 1024     # ... a second per this many bytes of it
    idle_timeout: float = 30.0           # seconds a kept-alive connection may idle
    trust_proxy: bool = False            # believe one reverse proxy's X-Forwarded-*
    reviewer: str = "privacykg"          # who publishes the ClaimReviews (the newsroom)
    reviewer_url: str | None = None      # its web address (default: <base>/)

    @property
    def minter(self) -> Minter:
        return Minter(self.base)

    def with_(self, **changes) -> Settings:
        """A copy with the given fields changed; None values leave a field as it is."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def from_environment(env: dict[str, str] | None = None) -> Settings:
    """Defaults overridden by PRIVACYKG_STORE, _ENDPOINT, _UPDATE_ENDPOINT, _BASE,
    _TOKEN, _QUERY_TIMEOUT, _RESULT_LIMIT, _QUERY_WORKERS, _RATE_LIMIT, _TRUST_PROXY, and
    the limits of docs/endpoint.md: _QUERY_BUDGET, _CLIENT_QUERIES, _RESULT_BYTES,
    _MAX_QUERY_BYTES, _MAX_UPLOAD_BYTES, _MAX_CONNECTIONS, _CLIENT_CONNECTIONS,
    _REQUEST_READ_TIMEOUT, _MIN_UPLOAD_RATE, _IDLE_TIMEOUT.

    A value that cannot be read raises ValueError (the CLI prints it in one line)."""
    env = os.environ if env is None else env
    s = Settings()
    changes: dict = {}
    if env.get("PRIVACYKG_STORE"):
        changes["store"] = Path(env["PRIVACYKG_STORE"])
    for name in ("endpoint", "update_endpoint", "base", "token", "reviewer", "reviewer_url"):
        v = env.get(f"PRIVACYKG_{name.upper()}")
        if v:
            changes[name] = v
    for name in ("query_timeout", "query_budget", "request_read_timeout", "idle_timeout"):
        v = env.get(f"PRIVACYKG_{name.upper()}")
        if v:
            changes[name] = _number(f"PRIVACYKG_{name.upper()}", v, float)
    for name in ("result_limit", "query_workers", "rate_limit", "result_bytes",
                 "max_query_bytes", "max_upload_bytes", "max_connections",
                 "client_connections", "min_upload_rate", "client_queries"):
        v = env.get(f"PRIVACYKG_{name.upper()}")
        if v:
            changes[name] = _number(f"PRIVACYKG_{name.upper()}", v, int)
    if env.get("PRIVACYKG_TRUST_PROXY"):
        changes["trust_proxy"] = _switch("PRIVACYKG_TRUST_PROXY", env["PRIVACYKG_TRUST_PROXY"])
    return replace(s, **changes)


_ON, _OFF = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _number(name: str, value: str, kind: type):
    """A numeric variable, named in the error when it is not one (or is negative)."""
    try:
        number = kind(value)
    except ValueError:
        raise ValueError(f"{name}={value!r}: not {'a whole' if kind is int else 'a'} "
                         "number") from None
    if number < 0:
        raise ValueError(f"{name}={value!r}: must not be negative")
    return number


def _switch(name: str, value: str) -> bool:
    """An on/off variable; anything but the usual spellings is an error, not "off", so
    a typo in a security setting is seen when the server starts."""
    word = value.strip().lower()
    if word in _ON or word in _OFF:
        return word in _ON
    raise ValueError(f"{name}={value!r}: use 1 (on) or 0 (off)")


MIN_TOKEN_LENGTH = 16  # characters, not counting spaces at the ends


def weak_token(token: str | None) -> str | None:
    """Why `token` cannot guard writes through the web, or None when it can.

    `serve` refuses to start with a weak token rather than let a guessable one (" ",
    "a") open the store to anyone; no token at all is fine: writes are then off.

    >>> weak_token(None), weak_token("kq3ZJ8vT1mX0pLr7s2Yw")
    (None, None)
    >>> weak_token(" ").split(":")[0]
    'PRIVACYKG_TOKEN is shorter than 16 characters (not counting spaces at the ends)'
    """
    if token is None or len(token.strip()) >= MIN_TOKEN_LENGTH:
        return None
    return (f"PRIVACYKG_TOKEN is shorter than {MIN_TOKEN_LENGTH} characters (not counting "
            "spaces at the ends): set a longer one (`openssl rand -hex 24`), or unset it "
            "to switch writing through the web off")


def open_configured_store(settings: Settings, *, create: bool = True,
                          writes: bool | None = None):
    """The store the settings name: the remote endpoint if set, else the embedded one.
    `create=False` (commands that only read): an absent or empty store folder is a
    BadStore instead of a new store. A remote engine is checked on first contact: its
    default graph must be the union of its named graphs, and when the command `writes`
    (by default: when it may create), its update URL must take updates.

    The choice is made here, above both backends: kg.remote_store builds on kg.store,
    so kg.store cannot pick it without importing it back."""
    if settings.endpoint:
        from kg.remote_store import RemoteStore  # SPARQLWrapper only for remote users
        from kg.store import BadStore

        remote = RemoteStore(settings.endpoint, settings.update_endpoint, token=settings.token)
        problem = remote.union_problem()  # checked when privacykg first talks to it
        if not problem and (create if writes is None else writes):
            problem = remote.update_problem()
        if problem:
            raise BadStore(problem)
        return remote
    from kg.store import EmbeddedStore

    return EmbeddedStore(settings.store, create=create)
