"""A per-client budget of query time, on by default, as Wikidata's query service has.

Counting requests (web.ratelimit) does not stop one client from holding the query
workers: ten requests a minute that each run to the deadline are a hundred seconds of
work. Here each client address has `seconds` of query time a minute: a bucket that
holds at most that much and refills continuously; every public query spends the time
it took (waiting for a worker included). A client whose bucket is empty gets 429 with
`Retry-After` (the seconds until it holds one second again) and costs nothing more.
Small queries (a millisecond each) never come near it.
"""

from __future__ import annotations

import math
import threading
import time

__all__ = ["QueryBudget"]

_MAX_CLIENTS = 100_000


class QueryBudget:
    """Seconds of query time per client and minute, refilled continuously."""

    def __init__(self, seconds: float, clock=time.monotonic) -> None:
        self.capacity = float(seconds)
        self.rate = seconds / 60.0  # seconds of budget gained per second
        self.clock = clock
        self._left: dict[str, tuple[float, float]] = {}  # client -> (seconds, when)
        self._lock = threading.Lock()

    def _now_left(self, client: str, now: float) -> float:
        left, then = self._left.get(client, (self.capacity, now))
        return min(self.capacity, left + (now - then) * self.rate)

    def wait_for(self, client: str) -> int:
        """0 when `client` may run a query now, else whole seconds to wait."""
        now = self.clock()
        with self._lock:
            left = self._now_left(client, now)
        return 0 if left > 0 else max(1, math.ceil((1.0 - left) / self.rate))

    def spend(self, client: str, seconds: float) -> None:
        now = self.clock()
        with self._lock:
            self._left[client] = (self._now_left(client, now) - seconds, now)
            if len(self._left) > _MAX_CLIENTS:
                for c in [c for c in self._left if self._now_left(c, now) >= self.capacity]:
                    del self._left[c]
