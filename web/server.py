"""Serve the app on waitress, a production WSGI server."""

from __future__ import annotations

from kg.settings import Settings
from kg.store import Store


def serve(settings: Settings, store: Store | None = None) -> None:
    """Serve until interrupted. SIGTERM exits like Ctrl-C, so the query workers are
    stopped and their store snapshots removed on the way out."""
    import signal
    import sys

    from waitress import serve as waitress_serve

    from web import create_app

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    waitress_serve(create_app(settings, store), host=settings.host, port=settings.port,
                   threads=8, ident="privacykg")
