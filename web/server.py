"""Serve the app on waitress, a production WSGI server."""

from __future__ import annotations

from kg.settings import Settings
from kg.store import Store


def serve(settings: Settings, store: Store | None = None) -> None:
    from waitress import serve as waitress_serve

    from web import create_app

    waitress_serve(create_app(settings, store), host=settings.host, port=settings.port,
                   threads=8, ident="privacykg")
