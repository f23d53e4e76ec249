"""Commands for the batch side of rashomon; `register(app)` adds them to the main CLI."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
