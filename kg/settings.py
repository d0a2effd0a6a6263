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

    @property
    def minter(self) -> Minter:
        return Minter(self.base)

    def with_(self, **changes) -> Settings:
        """A copy with the given fields changed; None values leave a field as it is."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def from_environment(env: dict[str, str] | None = None) -> Settings:
    """Defaults overridden by PRIVACYKG_STORE, _ENDPOINT, _UPDATE_ENDPOINT, _BASE,
    _TOKEN, _QUERY_TIMEOUT, _RESULT_LIMIT, _QUERY_WORKERS, _RATE_LIMIT."""
    env = os.environ if env is None else env
    s = Settings()
    changes: dict = {}
    if env.get("PRIVACYKG_STORE"):
        changes["store"] = Path(env["PRIVACYKG_STORE"])
    for name in ("endpoint", "update_endpoint", "base", "token"):
        v = env.get(f"PRIVACYKG_{name.upper()}")
        if v:
            changes[name] = v
    if env.get("PRIVACYKG_QUERY_TIMEOUT"):
        changes["query_timeout"] = float(env["PRIVACYKG_QUERY_TIMEOUT"])
    for name in ("result_limit", "query_workers", "rate_limit"):
        v = env.get(f"PRIVACYKG_{name.upper()}")
        if v:
            changes[name] = int(v)
    return replace(s, **changes)


def open_configured_store(settings: Settings, *, create: bool = True):
    """The store the settings name: the remote endpoint if set, else the embedded one.
    `create=False` (commands that only read): an absent or empty store folder is a
    BadStore instead of a new store.

    The choice is made here, above both backends: kg.remote_store builds on kg.store,
    so kg.store cannot pick it without importing it back."""
    if settings.endpoint:
        from kg.remote_store import RemoteStore  # SPARQLWrapper only for remote users

        return RemoteStore(settings.endpoint, settings.update_endpoint, token=settings.token)
    from kg.store import EmbeddedStore

    return EmbeddedStore(settings.store, create=create)
