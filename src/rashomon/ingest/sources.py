"""Articles from what a user points at: files, folders, URLs, RSS/Atom feeds, WARC files.

:func:`iter_sources` yields an :class:`Article` per article found and a :class:`Skipped`
(source and reason) for everything that could not be read, so one bad page, feed entry
or record never stops the rest.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon.errors import InputError
from rashomon.ingest import jsonl
from rashomon.ingest.files import EXTENSIONS, load_file
from rashomon.model import Article

if TYPE_CHECKING:
    from rashomon.ingest.url import Fetcher

log = logging.getLogger(__name__)

FEED_SUFFIXES = (".rss", ".atom", ".rdf", ".xml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_GZ_SUFFIXES = (".jsonl.gz", ".ndjson.gz")


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something that was not ingested, and why (one line)."""

    source: str
    reason: str


Item = Article | Skipped


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def iter_sources(sources: Iterable[str], *, fetcher: Fetcher | None = None) -> Iterator[Item]:
    """Every article in ``sources`` (paths, folders, URLs; ``-`` for stdin), in order.

    A URL is fetched through ``fetcher`` (a feed's entries too); without one, URLs are
    skipped. A folder is read recursively, its files in name order.
    """
    for source in sources:
        if is_url(source):
            yield from _url(source, fetcher)
        elif source == "-":
            yield from _guard(source, lambda: load_file("-"))
        else:
            path = Path(source)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file() and _readable(p))
                if not files:
                    yield Skipped(source, "folder holds no file rashomon reads")
                for p in files:
                    yield from _file(p, fetcher)
            elif path.exists():
                yield from _file(path, fetcher)
            else:
                yield Skipped(source, "no such file, folder or URL")


def _readable(path: Path) -> bool:
    name = path.name.lower()
    return (
        path.suffix.lower() in EXTENSIONS
        or name.endswith(FEED_SUFFIXES + WARC_SUFFIXES + JSONL_GZ_SUFFIXES)
    )


def _file(path: Path, fetcher: Fetcher | None) -> Iterator[Item]:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        from rashomon.ingest.warc import iter_warc

        yield from iter_warc(path)
    elif name.endswith(FEED_SUFFIXES):
        from rashomon.ingest.feeds import iter_feed

        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Skipped(str(path), f"cannot read: {exc.strerror}")
            return
        yield from iter_feed(data, source=str(path), fetcher=fetcher)
    elif name.endswith((".jsonl", ".ndjson", *JSONL_GZ_SUFFIXES)):
        yield from _jsonl(path)
    else:
        yield from _guard(str(path), lambda: load_file(path))


def _jsonl(path: Path) -> Iterator[Item]:
    """One article per line, a bad line skipped with its reason (the file may be gzipped)."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    record = jsonl._parse(line, source=where)
                    yield jsonl._article(
                        record, source=where, outlet=None, published=None, title=None
                    )
                except InputError as exc:
                    yield Skipped(where, _reason(exc))
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        yield Skipped(str(path), f"cannot read: {exc}")


def _url(url: str, fetcher: Fetcher | None) -> Iterator[Item]:
    if fetcher is None:
        yield Skipped(url, "URLs are not fetched here (no fetcher)")
        return
    from rashomon.errors import FetchError
    from rashomon.ingest.feeds import iter_feed, looks_like_feed
    from rashomon.ingest.url import article_from_page

    try:
        page = fetcher.fetch(url)
    except FetchError as exc:
        yield Skipped(url, _reason(exc))
        return
    if looks_like_feed(page.body, page.content_type):
        yield from iter_feed(page.body, source=page.url, fetcher=fetcher)
        return
    yield from _guard(url, lambda: [article_from_page(page)])


def _guard(source: str, read: object) -> Iterator[Item]:
    try:
        yield from read()  # type: ignore[operator]
    except InputError as exc:
        yield Skipped(source, _reason(exc))


def _reason(exc: InputError) -> str:
    """The message without the source prefix (the source is reported beside it)."""
    text = str(exc)
    if exc.source and text.startswith(f"{exc.source}: "):
        return text[len(exc.source) + 2 :]
    return text
