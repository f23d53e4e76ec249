"""Articles from JSON lines: one object per line, with its text or its HTML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from rashomon.errors import InputError
from rashomon.ingest.html import article_from_html
from rashomon.ingest.text import article_from_text, optional_str
from rashomon.model import Article

log = logging.getLogger(__name__)

FIELDS = ("id", "text", "html", "title", "outlet", "url", "published", "authors")


def read_jsonl(
    lines: Iterable[str],
    *,
    source: str,
    outlet: str | None = None,
    published: str | dt.date | None = None,
    title: str | None = None,
) -> Iterator[Article]:
    """One :class:`Article` per non-blank line, each ``source`` being ``"<source>:<line>"``.

    A line is an object with ``text`` or ``html`` and optionally ``id`` (kept as the
    article id), ``title``, ``outlet``, ``url``, ``published`` and ``authors`` (a list or
    a string). ``outlet``, ``published`` and ``title`` override every record's own.
    A bad line raises :class:`InputError` naming ``source:LINE`` and what is wrong.
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        record = _parse(line, source=where)
        article = _article(record, source=where, outlet=outlet, published=published, title=title)
        log.debug("%s: article %s", where, article.id)
        yield article


def _parse(line: str, *, source: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} at column {exc.colno}", source=source) from exc
    if not isinstance(record, dict):
        raise InputError(
            f"expected a JSON object with 'text' or 'html', got a {type(record).__name__}",
            source=source,
        )
    return record


def _article(
    record: dict[str, Any],
    *,
    source: str,
    outlet: str | None,
    published: str | dt.date | None,
    title: str | None,
) -> Article:
    fields = {
        name: optional_str(record.get(name), name=f"field {name!r}", source=source)
        for name in ("text", "html", "title", "outlet", "url", "published")
    }
    record_id = record.get("id")
    if record_id is not None and (
        isinstance(record_id, bool) or not isinstance(record_id, str | int)
    ):
        raise InputError(
            f"field 'id' must be a string or an integer, not {type(record_id).__name__}",
            source=source,
        )
    authors = record.get("authors")
    if authors is not None and not isinstance(authors, str | list):
        raise InputError(
            f"field 'authors' must be a list of names or a string, not {type(authors).__name__}",
            source=source,
        )
    metadata: dict[str, Any] = {
        "source": source,
        "outlet": outlet if outlet is not None else fields["outlet"],
        "published": published if published is not None else fields["published"],
        "title": title if title is not None else fields["title"],
        "url": fields["url"],
        "authors": authors or (),
    }
    if fields["text"] is not None:
        article = article_from_text(fields["text"], **metadata)
    elif fields["html"] is not None:
        article = article_from_html(fields["html"], **metadata)
    else:
        raise InputError(
            f"no 'text' or 'html' field; a line holds one article as an object with "
            f"fields {', '.join(FIELDS)}",
            source=source,
        )
    if record_id is not None and str(record_id).strip():
        article = dataclasses.replace(article, id=str(record_id).strip())
    return article
