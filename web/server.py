"""Serve the app on waitress, a production WSGI server."""

from __future__ import annotations

import logging
import threading
import time

from kg.settings import Settings
from kg.store import Store

SPARE_THREADS = 2  # beyond the query workers: pages and the like while every worker is busy


def threads_for(settings: Settings) -> int:
    """Waitress threads: the query workers and two more (8 without workers).

    More threads than that only make more of them wait for a worker, and each freed
    worker then passes from one thread to another under the interpreter lock: with 4
    workers on 2 cores, 8 threads gave 1,260-1,420 req/s and a p99 of 100-120 ms at 32
    clients where 4-6 threads gave 1,780-2,250 req/s and 25-35 ms (interleaved runs)."""
    return settings.query_workers + SPARE_THREADS if settings.query_workers > 0 else 8


class OncePerInterval(logging.Filter):
    """Lets one record through per `seconds`, with the count of those held back.

    Waitress warns "Task queue depth is N" for every request that finds all its threads
    busy: under a steady load of more clients than threads that is nearly every
    request, written from the one thread that reads and dispatches all connections
    (measured: 4,227 of 5,901 requests at 32 clients, ~0.1 ms each)."""

    def __init__(self, seconds: float = 60.0, clock=time.monotonic) -> None:
        super().__init__()
        self.seconds, self.clock = seconds, clock
        self._next = float("-inf")
        self._held = 0
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        now = self.clock()
        with self._lock:
            if now < self._next:
                self._held += 1
                return False
            self._next = now + self.seconds
            held, self._held = self._held, 0
        if held:
            record.msg = f"{record.msg} ({held} more such warnings in the last interval)"
        return True


def serve(settings: Settings, store: Store | None = None) -> None:
    """Serve until interrupted. SIGTERM exits like Ctrl-C, so the query workers are
    stopped and their store snapshots removed on the way out."""
    import signal
    import sys

    from waitress import serve as waitress_serve

    from web import create_app

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    logging.getLogger("waitress.queue").addFilter(OncePerInterval())

    waitress_serve(create_app(settings, store), host=settings.host, port=settings.port,
                   threads=threads_for(settings), ident="privacykg")
