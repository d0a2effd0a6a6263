"""The web app: pages for fact-checkers, linked data under /id/ and the SPARQL 1.1
endpoint.

`create_app(settings, store=None)` builds a fresh app (there is no module-level app):
the store is the one given, else the one the settings name, opened once per app.
Blueprints: `pages` (home, contradictions, sources), `resources` (/id/<path>),
`sparql` (/sparql, /sparql/update) and `query` (the query page); plain /sparql
queries are answered by `web.fast_sparql` in front of Flask. The app never
writes except through `/sparql/update` with the operator's bearer token, and never
fetches anything on a client's behalf.
"""

from __future__ import annotations

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from kg.settings import Settings, open_configured_store
from kg.store import Store
from web.headers import SECURITY_HEADERS
from web.links import is_web_url
from web.routing import CONVERTERS

__all__ = ["create_app"]


def create_app(settings: Settings, store: Store | None = None) -> Flask:
    """A new app serving `store` (or the store `settings` configures).

    >>> from kg.store import EmbeddedStore
    >>> app = create_app(Settings(), EmbeddedStore(None))
    >>> app.test_client().get("/sparql", query_string={"query": "ASK {}"}).json
    {'boolean': True, 'head': {}}
    """
    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    app.config["STORE"] = store if store is not None else open_configured_store(settings)
    app.url_map.converters.update(CONVERTERS)  # before the blueprints' rules use them
    app.add_template_test(is_web_url, "web_url")  # the only way a stored URL becomes a link

    from web import endpoint, pages, query_page, resources, sparql

    app.register_blueprint(pages.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(resources.bp)
    app.register_blueprint(query_page.bp)
    from web import browse, editor, review
    app.register_blueprint(browse.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(review.bp)

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    from web.fast_sparql import FastSparql

    app.wsgi_app = FastSparql(app, app.wsgi_app)  # plain /sparql queries skip Flask
    if settings.trust_proxy:
        # Behind one TLS-terminating proxy: its X-Forwarded-Proto/-For/-Host become the
        # request's scheme, client address and host (request.is_secure, so the editor's
        # cookie is Secure; the rate limit's client; the same-origin check). Outermost,
        # so the fast path sees them too. Without the setting a client could send these
        # headers itself, so they are ignored.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        # Machines (the endpoint) get one plain line; people get the error page.
        if request.path.startswith("/sparql"):
            response = endpoint.error(e.code or 500, e.description or e.name)
        else:
            response = Response(render_template("error.html", status=e.code,
                                                message=_MESSAGES.get(e.code, e.description)),
                                status=e.code)
        if e.code == 405:
            response.headers["Allow"] = ", ".join(getattr(e, "valid_methods", None) or [])
        for name, value in e.get_headers():
            if name == "Retry-After":  # a page late or over its client's share (web.endpoint)
                response.headers[name] = value
        return response

    return app


_MESSAGES = {404: "No such page.", 405: "This page does not answer that method."}
