"""Commands for the web side of rashomon; `register(app)` adds them to the main CLI.

serve: the web app and REST API (:func:`rashomon.web.create_app`) under uvicorn.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Annotated

import typer

from rashomon.cli.common import err, fail
from rashomon.errors import RashomonError
from rashomon.settings import load_settings

log = logging.getLogger(__name__)


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""

    @app.command()
    def serve(
        db: Annotated[
            str | None,
            typer.Option(
                "--db", help="SQLite file or postgresql:// URL (default: the db setting)."
            ),
        ] = None,
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    ) -> None:
        """Serve the web app and the REST API: stories side by side, compare, ingest."""
        try:
            import uvicorn

            from rashomon.web import create_app, server

            settings = load_settings(db=db)
            web = create_app(settings)
        except ImportError as exc:
            err.print(
                f"[bold red]error:[/] the web app needs FastAPI and uvicorn ({exc.name} is missing)"
            )
            raise typer.Exit(1) from None
        except RashomonError as exc:
            fail(exc)
        if not _loopback(host) and not settings.api_token:
            log.warning(
                "listening on %s without an API token: anyone who can reach it can ingest "
                "(set RASHOMON_API_TOKEN)",
                host,
            )
        err.print(
            f"rashomon: serving {settings.db} on http://{host}:{port}/ (Ctrl-C stops)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        uvicorn.run(
            web,
            host=host,
            port=port,
            log_level="info",
            proxy_headers=False,
            server_header=False,
            timeout_graceful_shutdown=30,
            **server.options(settings),  # h11 with a deadline on request headers (header_timeout)
        )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
