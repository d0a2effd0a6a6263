"""The web app: pages for fact-checkers and the SPARQL 1.1 endpoint.

`create_app(settings)` builds a fresh app (no module-level app); the store is opened
once per app. The app never parses HTML and never writes except through
`/sparql/update` with the operator's bearer token.
"""

from __future__ import annotations

from flask import Flask

from kg.settings import Settings, open_configured_store
from kg.store import Store


def create_app(settings: Settings, store: Store | None = None) -> Flask:
    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    app.config["STORE"] = store if store is not None else open_configured_store(settings)

    from web import pages, query_page, resources, sparql

    app.register_blueprint(pages.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(resources.bp)
    app.register_blueprint(query_page.bp)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'none'; "
            "frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    return app
