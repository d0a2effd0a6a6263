"""The whole `privacykg` command: kg's commands (kg.cli) and `serve`, which runs the web
app. kg sits below web and does not import it, so `serve` is added to kg's group here,
at the top; the `privacykg` script is this module's `main`.
"""

from __future__ import annotations

import errno

import click

from kg.cli import BadInput, StoreBusy, cli, main, settings_of, store_of
from kg.settings import weak_token
from web.server import serve as run_server

__all__ = ["cli", "main"]


@cli.command(epilog="\b\nExample:\n  PRIVACYKG_TOKEN=$(openssl rand -hex 24) privacykg serve "
                    "--port 8080")
@click.option("--host", help="Address to listen on [default 127.0.0.1].")
@click.option("--port", type=int, help="Port [default 5000].")
@click.pass_context
def serve(ctx, host, port) -> None:
    """The web pages and the SPARQL endpoint, on a production WSGI server."""
    settings = settings_of(ctx).with_(host=host, port=port)
    problem = weak_token(settings.token)
    if problem:  # before the store is opened or a port taken: one line, exit 2
        raise BadInput(problem)
    store = store_of(ctx)

    def announce() -> None:
        click.echo(f"privacykg: serving http://{settings.host}:{settings.port}/ "
                   f"(SPARQL at /sparql)", err=True)

    try:
        run_server(settings, store, announce=announce)
    except OSError as e:
        if e.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        why = {errno.EADDRINUSE: "is in use by another program",
               errno.EACCES: "needs privileges this user does not have",
               errno.EADDRNOTAVAIL: "is not an address of this machine"}[e.errno]
        raise StoreBusy(f"{settings.host}:{settings.port} {why}; give another --port "
                        "(or --host)") from None


if __name__ == "__main__":
    main()
