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
    trust_proxy: bool = False            # believe one reverse proxy's X-Forwarded-*

    @property
    def minter(self) -> Minter:
        return Minter(self.base)

    def with_(self, **changes) -> Settings:
        """A copy with the given fields changed; None values leave a field as it is."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def from_environment(env: dict[str, str] | None = None) -> Settings:
    """Defaults overridden by PRIVACYKG_STORE, _ENDPOINT, _UPDATE_ENDPOINT, _BASE,
    _TOKEN, _QUERY_TIMEOUT, _RESULT_LIMIT, _QUERY_WORKERS, _RATE_LIMIT, _TRUST_PROXY.

    A value that cannot be read raises ValueError (the CLI prints it in one line)."""
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
    if env.get("PRIVACYKG_TRUST_PROXY"):
        changes["trust_proxy"] = _switch("PRIVACYKG_TRUST_PROXY", env["PRIVACYKG_TRUST_PROXY"])
    return replace(s, **changes)


_ON, _OFF = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


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


def open_configured_store(settings: Settings):
    """The store the settings name: the remote endpoint if set, else the embedded one.

    The choice is made here, above both backends: kg.remote_store builds on kg.store,
    so kg.store cannot pick it without importing it back."""
    if settings.endpoint:
        from kg.remote_store import RemoteStore  # SPARQLWrapper only for remote users

        return RemoteStore(settings.endpoint, settings.update_endpoint, token=settings.token)
    from kg.store import EmbeddedStore

    return EmbeddedStore(settings.store)
