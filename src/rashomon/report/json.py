"""The JSON twin of a Report (``dataclasses.asdict`` with tuples as lists) and its schema; the JSON
of one article's Analysis, as ``rashomon analyze`` and the batch jobs write it."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from typing import Any

from rashomon.model import Analysis, Report, plain

SCHEMA_RESOURCE = "report.schema.json"


def to_dict(report: Report) -> dict[str, Any]:
    """``dataclasses.asdict(report)`` as JSON would give it back: tuples become lists.

    ``json.loads(to_json(report)) == to_dict(report)`` holds, so the dict is what the
    API returns and what ``report.schema.json`` describes.
    """
    return plain(dataclasses.asdict(report))


def to_json(report: Report, *, indent: int | None = 2) -> str:
    """The report as JSON text, non-ASCII kept as is; NaN or infinite scores raise ValueError."""
    return json.dumps(to_dict(report), indent=indent, ensure_ascii=False, allow_nan=False)


def analysis_dict(an: Analysis) -> dict[str, Any]:
    """One article's analysis as JSON: its id and metadata, entities, claims, quotes, dates and
    the spans marked as noise."""
    a = an.article
    return plain(
        {
            "id": a.id,
            "outlet": a.outlet,
            "title": a.title,
            "published": a.published,
            "entities": [dataclasses.asdict(m) for m in an.mentions],
            "claims": [dataclasses.asdict(c) for c in an.claims],
            "quotes": [dataclasses.asdict(q) for q in an.quotes],
            "times": [dataclasses.asdict(t) for t in an.times],
            "skip": [dataclasses.asdict(s) for s in a.skip],
        }
    )


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every ``to_dict`` result validates against."""
    text = resources.files("rashomon").joinpath("resources", SCHEMA_RESOURCE).read_text("utf-8")
    result: dict[str, Any] = json.loads(text)
    return result
