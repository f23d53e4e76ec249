"""rashomon: reconcile what different news outlets report about the same event.

The public API: build a :class:`Service`, load articles with :func:`load_file` (or make
:class:`Article` records yourself), then ``Service().compare(articles)`` gives a
:class:`Report`, which :func:`render` turns into text, Markdown, HTML or JSON.
Importing this package loads no model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rashomon.version import __version__

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "Article",
    "Attribution",
    "Claim",
    "Entity",
    "Fact",
    "Quote",
    "QuoteGroup",
    "RashomonError",
    "Report",
    "Service",
    "Settings",
    "TimeExpr",
    "__version__",
    "load_file",
    "load_settings",
    "render",
]

_LAZY = {
    "Service": "rashomon.service",
    "Settings": "rashomon.settings",
    "load_settings": "rashomon.settings",
    "load_file": "rashomon.ingest",
    "render": "rashomon.report",
    "RashomonError": "rashomon.errors",
}
_MODEL = {
    "SCHEMA_VERSION",
    "Analysis",
    "Article",
    "Attribution",
    "Claim",
    "Entity",
    "Fact",
    "Quote",
    "QuoteGroup",
    "Report",
    "TimeExpr",
}

if TYPE_CHECKING:
    from rashomon.errors import RashomonError
    from rashomon.ingest import load_file
    from rashomon.model import (
        SCHEMA_VERSION,
        Analysis,
        Article,
        Attribution,
        Claim,
        Entity,
        Fact,
        Quote,
        QuoteGroup,
        Report,
        TimeExpr,
    )
    from rashomon.report import render
    from rashomon.service import Service
    from rashomon.settings import Settings, load_settings


def __getattr__(name: str) -> Any:
    # Lazy: "import rashomon" stays cheap; spaCy and onnxruntime load only when used.
    import importlib

    if name in _MODEL:
        return getattr(importlib.import_module("rashomon.model"), name)
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rashomon' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
