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

    @property
    def minter(self) -> Minter:
        return Minter(self.base)

    def with_(self, **changes) -> Settings:
        """A copy with the given fields changed; None values leave a field as it is."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def from_environment(env: dict[str, str] | None = None) -> Settings:
    """Defaults overridden by PRIVACYKG_STORE, _ENDPOINT, _UPDATE_ENDPOINT, _BASE,
    _TOKEN, _QUERY_TIMEOUT, _RESULT_LIMIT, _QUERY_WORKERS, _RATE_LIMIT, and the limits of
    docs/endpoint.md: _QUERY_BUDGET, _CLIENT_QUERIES, _RESULT_BYTES, _MAX_QUERY_BYTES,
    _MAX_UPLOAD_BYTES, _MAX_CONNECTIONS, _CLIENT_CONNECTIONS, _REQUEST_READ_TIMEOUT,
    _MIN_UPLOAD_RATE,
    _IDLE_TIMEOUT."""
    env = os.environ if env is None else env
    s = Settings()
    changes: dict = {}
    if env.get("PRIVACYKG_STORE"):
        changes["store"] = Path(env["PRIVACYKG_STORE"])
    for name in ("endpoint", "update_endpoint", "base", "token"):
        v = env.get(f"PRIVACYKG_{name.upper()}")
        if v:
            changes[name] = v
    for name in ("query_timeout", "query_budget", "request_read_timeout", "idle_timeout"):
        v = env.get(f"PRIVACYKG_{name.upper()}")
        if v:
            changes[name] = float(v)
    for name in ("result_limit", "query_workers", "rate_limit", "result_bytes",
                 "max_query_bytes", "max_upload_bytes", "max_connections",
                 "client_connections", "min_upload_rate", "client_queries"):
        v = env.get(f"PRIVACYKG_{name.upper()}")
        if v:
            changes[name] = int(v)
    return replace(s, **changes)


def open_configured_store(settings: Settings):
    """The store the settings name: the remote endpoint if set, else the embedded one.

    The choice is made here, above both backends: kg.remote_store builds on kg.store,
    so kg.store cannot pick it without importing it back."""
    if settings.endpoint:
        from kg.remote_store import RemoteStore  # SPARQLWrapper only for remote users

        return RemoteStore(settings.endpoint, settings.update_endpoint, token=settings.token)
    from kg.store import EmbeddedStore

    return EmbeddedStore(settings.store)
