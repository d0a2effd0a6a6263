"""The whole `privacykg` command: kg's commands (kg.cli) and `serve`, which runs the web
app. kg sits below web and does not import it, so `serve` is added to kg's group here,
at the top; the `privacykg` script is this module's `main`.
"""

from __future__ import annotations

import click

from kg.cli import BadInput, cli, main, settings_of, store_of
from kg.settings import weak_token
from web.server import serve as run_server

__all__ = ["cli", "main"]


@cli.command()
@click.option("--host", help="Address to listen on [default 127.0.0.1].")
@click.option("--port", type=int, help="Port [default 5000].")
@click.pass_context
def serve(ctx, host, port) -> None:
    """The web pages and the SPARQL endpoint, on a production WSGI server."""
    settings = settings_of(ctx).with_(host=host, port=port)
    problem = weak_token(settings.token)
    if problem:  # before the store is opened or a port taken: one line, exit 2
        raise BadInput(problem)
    click.echo(f"privacykg: serving http://{settings.host}:{settings.port}/ "
               f"(SPARQL at /sparql)", err=True)
    run_server(settings, store_of(ctx))


if __name__ == "__main__":
    main()
