"""Renderers of one Report: plain or rich text, Markdown, self-contained HTML and JSON."""

from __future__ import annotations

from rashomon.errors import UnknownFormatError
from rashomon.model import Report
from rashomon.report.html import to_html
from rashomon.report.json import analysis_dict, schema, to_dict, to_json
from rashomon.report.markdown import to_markdown
from rashomon.report.terminal import to_terminal, to_text

__all__ = [
    "FORMATS",
    "analysis_dict",
    "render",
    "schema",
    "to_dict",
    "to_html",
    "to_json",
    "to_markdown",
    "to_terminal",
    "to_text",
]

FORMATS = ("text", "md", "html", "json")


def render(report: Report, fmt: str) -> str:
    """``report`` in one of ``FORMATS``; anything else raises UnknownFormatError."""
    match fmt:
        case "text":
            return to_text(report)
        case "md":
            return to_markdown(report)
        case "html":
            return to_html(report)
        case "json":
            return to_json(report)
    raise UnknownFormatError(f"unknown report format {fmt!r}; valid formats: {', '.join(FORMATS)}")
