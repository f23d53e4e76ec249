"""Articles from JSON lines: one object per line, with its text or its HTML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from rashomon.errors import InputError
from rashomon.ingest.html import article_from_html
from rashomon.ingest.text import MAX_ARTICLE_CHARS, article_from_text, optional_str
from rashomon.model import Article

log = logging.getLogger(__name__)

FIELDS = ("id", "text", "html", "title", "outlet", "url", "published", "authors")
# The default of the max_json_depth setting (see rashomon.settings for what it was chosen on).
MAX_JSON_DEPTH = 32

_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(data: str | bytes, *, stop_at: int | None = None) -> int:
    """How deeply ``data`` (JSON text) nests arrays and objects, brackets in strings aside.

    Made before parsing, which would recurse once per level. With ``stop_at``, the answer is
    exact only past it: at most ``stop_at`` (then it may be the number of brackets, an upper
    bound, when that is all it takes to know), or ``stop_at + 1`` (counting stops there, so a
    100 K-deep line costs one scan).
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if raw.count(b"[") + raw.count(b"{") <= (stop_at or 0):
        return raw.count(b"[") + raw.count(b"{")  # cannot be deeper than its brackets
    raw = _JSON_STRING.sub(b'""', raw)
    depth = deepest = 0
    for match in _JSON_BRACKET.finditer(raw):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_at is not None and deepest > stop_at:
                    break
        else:
            depth -= 1
    return deepest


def loads(line: str | bytes, *, source: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads(line)``, its nesting held to ``max_depth``; every failure an InputError."""
    depth = json_depth(line, stop_at=max_depth)
    if depth > max_depth:
        raise InputError(
            f"JSON nested more than {max_depth} levels deep (max_json_depth); an article "
            "record is an object of strings and a list of authors",
            source=source,
        )
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg} at column {exc.colno}", source=source
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})", source=source
        ) from None
    except RecursionError:
        raise InputError("JSON nested too deeply to read", source=source) from None
    except ValueError as exc:  # Python's own limits, e.g. an integer of more than 4,300 digits
        reason = " ".join(str(exc).split())[:120]
        raise InputError(f"not valid JSON: {reason}", source=source) from None


def read_jsonl(
    lines: Iterable[str],
    *,
    source: str,
    outlet: str | None = None,
    published: str | dt.date | None = None,
    title: str | None = None,
    max_chars: int = MAX_ARTICLE_CHARS,
    max_depth: int = MAX_JSON_DEPTH,
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
        article = article_from_line(
            line,
            source=where,
            outlet=outlet,
            published=published,
            title=title,
            max_chars=max_chars,
            max_depth=max_depth,
        )
        log.debug("%s: article %s", where, article.id)
        yield article


def article_from_line(
    line: str | bytes,
    *,
    source: str,
    outlet: str | None = None,
    published: str | dt.date | None = None,
    title: str | None = None,
    max_chars: int = MAX_ARTICLE_CHARS,
    max_depth: int = MAX_JSON_DEPTH,
) -> Article:
    """The :class:`Article` of one JSON line (see `read_jsonl`); every failure an InputError
    naming ``source``."""
    record = _parse(line, source=source, max_depth=max_depth)
    return _article(
        record, source=source, outlet=outlet, published=published, title=title, max_chars=max_chars
    )


def _parse(line: str | bytes, *, source: str, max_depth: int = MAX_JSON_DEPTH) -> dict[str, Any]:
    record = loads(line, source=source, max_depth=max_depth)
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
    max_chars: int = MAX_ARTICLE_CHARS,
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
        "max_chars": max_chars,
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
