"""Per-client rate limits for the public machine interfaces (/sparql, /query, /id/,
the graph store, VoID, dumps): a token bucket per client address.

`PRIVACYKG_RATE_LIMIT` = N requests per minute per client (0, the default, turns it
off). A client may send N at once, then one every 60/N seconds; past that it gets
429 with `Retry-After` (whole seconds until its next request is allowed). The
client is the connection's address (`REMOTE_ADDR`): behind a reverse proxy, let the
proxy rate-limit, or make it set the address (e.g. werkzeug's ProxyFix) first.
"""

from __future__ import annotations

import math
import threading
import time

from flask import Blueprint, Flask, current_app, request

from web.endpoint import budget_for, error

__all__ = ["RateLimiter", "limited", "attach", "limiter_for", "refusal"]

_MAX_CLIENTS = 100_000  # buckets kept; full (idle) ones are forgotten first


class RateLimiter:
    """Token buckets keyed by client: `per_minute` tokens, refilled continuously."""

    def __init__(self, per_minute: int, clock=time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)
        self._lock = threading.Lock()

    def wait_for(self, client: str) -> float:
        """0 when `client` may go ahead now (a token is spent), else seconds to wait."""
        now = self.clock()
        with self._lock:
            tokens, then = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - then) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                if len(self._buckets) > _MAX_CLIENTS:
                    self._forget(now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _forget(self, now: float) -> None:
        full = [c for c, (t, w) in self._buckets.items()
                if t + (now - w) * self.rate >= self.capacity]
        for c in full or list(self._buckets)[: len(self._buckets) // 2]:
            del self._buckets[c]


def limiter_for(app: Flask) -> RateLimiter | None:
    """The app's limiter, or None when rate limits are off."""
    per_minute = app.config["SETTINGS"].rate_limit
    if per_minute <= 0:
        return None
    limiter = app.extensions.get("privacykg.ratelimit")
    if limiter is None:
        limiter = app.extensions.setdefault("privacykg.ratelimit", RateLimiter(per_minute))
    return limiter


def refusal(app: Flask, client: str | None) -> tuple[str, dict[str, str]] | None:
    """Spend one of `client`'s tokens: None when it may go ahead, else the 429's message
    and headers. (Shared by the Flask hook and web.fast_sparql, so a request is counted
    once whichever path answers it.)"""
    budget = budget_for(app)
    if budget is not None:  # refused before any work (the query itself checks again)
        wait = budget.wait_for(client or "unknown")
        if wait:
            seconds = app.config["SETTINGS"].query_budget
            return (f"this client has used its query time ({seconds:g} s a minute); try "
                    f"again in {wait} s", {"Retry-After": str(wait)})
    limiter = limiter_for(app)
    if limiter is None:
        return None
    wait = limiter.wait_for(client or "unknown")
    if wait <= 0:
        return None
    per_minute = app.config["SETTINGS"].rate_limit
    return (f"too many requests from this client (limit {per_minute} a minute); "
            f"try again in {math.ceil(wait)} s", {"Retry-After": str(max(1, math.ceil(wait)))})


def limited():
    """A 429 answer when the current client is over its rate, else None."""
    if request.method == "OPTIONS":
        return None  # CORS preflights are not requests for data
    refused = refusal(current_app, request.remote_addr)
    if refused is None:
        return None
    return error(429, *refused)


def attach(bp: Blueprint) -> None:
    """Rate-limit every route of `bp`."""
    bp.before_request(limited)
