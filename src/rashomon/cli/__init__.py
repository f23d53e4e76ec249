"""The command line: a thin layer over :mod:`rashomon.service`; errors become one line and an
exit code (:data:`rashomon.cli.common.EXIT_CODES`).

Each module adds its commands to :data:`app`: ``articles`` (compare, analyze, judge, version),
``stories`` (ingest, stories, report, search), ``batch`` (cluster, batch), ``web`` (serve) and
``eval`` (the ``rashomon eval`` group). What they share lives in ``common``.
"""

from __future__ import annotations

import logging
import os
import sys

import typer
from rich.markup import escape

from rashomon.cli import articles, batch, stories, web
from rashomon.cli.common import err
from rashomon.cli.eval import eval_app

__all__ = ["app", "main"]

app = typer.Typer(
    name="rashomon",
    help="Reconcile what different news outlets report about the same event.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
articles.register(app)
stories.register(app)
batch.register(app)
web.register(app)
app.add_typer(eval_app, name="eval")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except RecursionError:
        err.print("[bold red]error:[/] the input is nested too deeply to read")
        sys.exit(2)
    except MemoryError:
        err.print(
            "[bold red]error:[/] out of memory: the input is too large (see the input limits)"
        )
        sys.exit(2)
    except Exception as exc:  # a bug: one line, unless RASHOMON_DEBUG asks for the traceback
        if os.environ.get("RASHOMON_DEBUG"):
            raise
        text = " ".join(str(exc).split())[:300]
        err.print(
            f"[bold red]error:[/] internal error ({type(exc).__name__}: {escape(text)}); "
            "set RASHOMON_DEBUG=1 to see where",
            soft_wrap=True,
        )
        sys.exit(1)
