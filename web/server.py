"""Serve the app on waitress, a production WSGI server."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from kg.settings import Settings
from kg.store import Store
from web.endpoint import RECEIVED

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




def _guarded_channel(settings: Settings):
    """Waitress's channel with the limits a slow or greedy client must not get round.

    - A request must arrive whole within `request_read_timeout` seconds plus one second
      per `min_upload_rate` bytes of body: a client that trickles a byte at a time
      (each byte resetting waitress's own idle timeout) is cut off.
    - One client address holds at most `client_connections` connections; more are
      closed as they are accepted, so one client cannot use up `max_connections`
      (not behind a trusted proxy, whose address every connection has).
    - Every request records when it had arrived whole, so the query deadline counts
      the time it waited for a thread as well (web.endpoint)."""
    from waitress.channel import HTTPChannel
    from waitress.parser import HTTPRequestParser
    from waitress.task import WSGITask

    class Parser(HTTPRequestParser):
        def __init__(self, adj) -> None:
            super().__init__(adj)
            self.started = time.monotonic()
            self.arrived: float | None = None

        def received(self, data: bytes) -> int:
            n = super().received(data)
            if self.completed and self.arrived is None:
                self.arrived = time.monotonic()
            return n

        def overdue(self, now: float) -> bool:
            allowed = (settings.request_read_timeout +
                       (self.header_bytes_received + self.body_bytes_received) /
                       settings.min_upload_rate)
            return not self.completed and now - self.started > allowed

    class Task(WSGITask):
        def get_environment(self) -> dict:
            environ = super().get_environment()
            environ[RECEIVED] = getattr(self.request, "arrived", None) or time.monotonic()
            return environ

    class Channel(HTTPChannel):
        parser_class = Parser
        task_class = Task

        def __init__(self, server, sock, addr, adj, map=None) -> None:  # noqa: A002
            host = addr[0] if isinstance(addr, tuple) else addr
            same = sum(1 for c in list(server.active_channels.values())
                       if (c.addr[0] if isinstance(c.addr, tuple) else c.addr) == host)
            super().__init__(server, sock, addr, adj, map)
            # behind a proxy every connection is the proxy's: no share to apply
            if same >= settings.client_connections and not settings.trust_proxy:
                self.will_close = True  # closed on the loop's next turn, nothing read

    return Channel


def _maintenance(server, original):
    """Waitress's idle-connection sweep, and connections whose request is overdue."""
    def sweep(now: float) -> None:
        original(now)
        mono = time.monotonic()
        for channel in list(server.active_channels.values()):
            request = channel.request
            if request is not None and hasattr(request, "overdue") and request.overdue(mono):
                channel.will_close = True
    return sweep


def _enough_files(connections: int) -> None:
    """Raise the soft limit of open files so `connections` sockets, the store's files and
    the workers' pipes fit (the hard limit is the ceiling)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = connections + 512
    if soft != resource.RLIM_INFINITY and soft < want:
        top = want if hard == resource.RLIM_INFINITY else min(want, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (top, hard))


def create_guarded_server(app, settings: Settings):
    """The waitress server `serve` runs, with the connection limits of Settings."""
    from waitress import create_server

    _enough_files(settings.max_connections)
    server = create_server(
        app, host=settings.host, port=settings.port, threads=threads_for(settings),
        ident="privacykg", connection_limit=settings.max_connections,
        channel_timeout=settings.idle_timeout, cleanup_interval=1,
        max_request_body_size=settings.max_upload_bytes + 1024 * 1024,
        # the proxy's X-Forwarded-* reach the app (ProxyFix) only when the operator says
        # there is one; otherwise a client could send them itself
        clear_untrusted_proxy_headers=not settings.trust_proxy)
    server.channel_class = _guarded_channel(settings)
    server.maintenance = _maintenance(server, server.maintenance)
    return server


def serve(settings: Settings, store: Store | None = None,
          announce: Callable[[], None] | None = None) -> None:
    """Serve until interrupted. SIGTERM exits like Ctrl-C, so the query workers are
    stopped and their store snapshots removed on the way out. `announce` is called once
    the port is bound; a port that cannot be bound is an OSError before it."""
    import signal
    import sys

    from web import create_app

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    logging.getLogger("waitress.queue").addFilter(OncePerInterval())
    # the web threads' stacks are four times the one a worker checks updates in: an
    # update the worker read and ran without overflowing cannot overflow here
    from web.query_worker import CHECK_STACK

    threading.stack_size(4 * CHECK_STACK)
    server = create_guarded_server(create_app(settings, store), settings)  # binds: OSError
    if announce is not None:
        announce()  # only once the port is ours
    try:
        server.run()
    finally:
        server.close()
