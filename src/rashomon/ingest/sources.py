"""Articles from what a user points at: files, folders, URLs, RSS/Atom feeds, WARC files.

:func:`iter_sources` yields an :class:`Article` per article found and a :class:`Skipped`
(source and reason) for everything that could not be read, so one bad page, feed entry
or record never stops the rest.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rashomon.errors import FetchError, InputError
from rashomon.ingest import jsonl
from rashomon.ingest.feeds import iter_feed, looks_like_feed
from rashomon.ingest.files import EXTENSIONS, Limits, load_file, read_bytes
from rashomon.ingest.items import Item, Skipped
from rashomon.ingest.url import article_from_page
from rashomon.ingest.warc import iter_warc

if TYPE_CHECKING:
    from rashomon.ingest.url import Fetcher
    from rashomon.settings import Settings

log = logging.getLogger(__name__)

FEED_SUFFIXES = (".rss", ".atom", ".rdf", ".xml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_GZ_SUFFIXES = (".jsonl.gz", ".ndjson.gz")


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def iter_sources(
    sources: Iterable[str],
    *,
    fetcher: Fetcher | None = None,
    settings: Settings | Limits | None = None,
) -> Iterator[Item]:
    """Every article in ``sources`` (paths, folders, URLs; ``-`` for stdin), in order.

    A URL is fetched through ``fetcher`` (a feed's entries too); without one, URLs are
    skipped. A folder is read recursively, its files in name order. ``settings`` gives the
    input limits. Whatever goes wrong with one source (or one line of it) is a Skipped with
    a one-line reason; the next source is read all the same.
    """
    limits = Limits.of(settings)
    for source in sources:
        if is_url(source):
            yield from _guard(source, lambda source=source: _url(source, fetcher))
        elif source == "-":
            yield from _guard(source, lambda: load_file("-", settings=limits))
        else:
            path = Path(source)
            try:
                path.stat()  # follows links: a loop (ELOOP) or a dangling link fails here
            except FileNotFoundError:
                yield Skipped(source, "no such file, folder or URL")
                continue
            except OSError as exc:
                yield Skipped(source, f"cannot read: {exc.strerror or exc}")
                continue
            if path.is_dir():
                try:
                    files = sorted(p for p in path.rglob("*") if p.is_file() and _readable(p))
                except OSError as exc:
                    yield Skipped(source, f"cannot read the folder: {exc.strerror or exc}")
                    continue
                if not files:
                    yield Skipped(source, "folder holds no file rashomon reads")
                for p in files:
                    yield from _guard(str(p), lambda p=p: _file(p, fetcher, limits))
            else:
                yield from _guard(source, lambda path=path: _file(path, fetcher, limits))


def _readable(path: Path) -> bool:
    name = path.name.lower()
    return path.suffix.lower() in EXTENSIONS or name.endswith(
        FEED_SUFFIXES + WARC_SUFFIXES + JSONL_GZ_SUFFIXES
    )


def _file(path: Path, fetcher: Fetcher | None, limits: Limits) -> Iterator[Item]:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        yield from iter_warc(path, max_bytes=limits.max_bytes)
    elif name.endswith(FEED_SUFFIXES):
        try:
            data = read_bytes(path, source=str(path), max_bytes=limits.max_bytes)
        except InputError as exc:
            yield Skipped(str(path), exc.reason)
            return
        yield from iter_feed(data, source=str(path), fetcher=fetcher)
    elif name.endswith((".jsonl", ".ndjson", *JSONL_GZ_SUFFIXES)):
        yield from _jsonl(path, limits)
    else:
        yield from _guard(str(path), lambda: load_file(path, settings=limits))


def _jsonl(path: Path, limits: Limits | None = None) -> Iterator[Item]:
    """One article per line, a bad line skipped with its reason (the file may be gzipped).

    Each line is held to max_bytes and, for a compressed file, the whole expansion to
    max_decompressed_bytes: bytes are counted as they are read, before anything is kept.
    """
    limits = limits or Limits()
    gzipped = path.name.lower().endswith(".gz")
    total = 0
    number = 0
    try:
        with open(path, "rb") as raw:
            stream: Any = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
            while True:
                line = stream.readline(limits.max_bytes + 1)
                if not line:
                    break
                number += 1
                total += len(line)
                where = f"{path}:{number}"
                if gzipped and total > limits.max_decompressed_bytes:
                    yield Skipped(
                        where,
                        f"the file expands to more than {limits.max_decompressed_bytes:,} bytes "
                        "(max_decompressed_bytes); the rest of it is not read",
                    )
                    return
                if len(line) > limits.max_bytes and not line.endswith(b"\n"):
                    yield Skipped(
                        where,
                        f"line is more than {limits.max_bytes:,} bytes (max_bytes); "
                        "the rest of the file is not read",
                    )
                    return  # the rest of the line would be read as lines of its own
                if not line.strip():
                    continue
                try:
                    yield jsonl.article_from_line(
                        line,
                        source=where,
                        max_chars=limits.max_article_chars,
                        max_depth=limits.max_json_depth,
                    )
                except InputError as exc:
                    yield Skipped(where, exc.reason)
    except (OSError, EOFError, zlib.error) as exc:
        at = f"{path}:{number + 1}" if number else str(path)
        yield Skipped(at, f"cannot read: {getattr(exc, 'strerror', None) or exc}")


def _url(url: str, fetcher: Fetcher | None) -> Iterator[Item]:
    if fetcher is None:
        yield Skipped(url, "URLs are not fetched here (no fetcher)")
        return
    try:
        page = fetcher.fetch(url)
    except FetchError as exc:
        yield Skipped(url, exc.reason)
        return
    if looks_like_feed(page.body, page.content_type):
        yield from iter_feed(page.body, source=page.url, fetcher=fetcher)
        return
    yield from _guard(url, lambda: [article_from_page(page)])


def _guard(source: str, read: Any) -> Iterator[Item]:
    """What ``read()`` yields; its failure a Skipped, so one source never costs the next.

    Any exception at all: a reader's bug or a library's surprise on hostile input must not
    cost the good sources that follow (it is logged with its traceback, for the developer).
    """
    try:
        yield from read()
    except InputError as exc:
        yield Skipped(source, exc.reason)
    except (RecursionError, MemoryError) as exc:
        yield Skipped(source, f"too large or too deeply nested to read ({type(exc).__name__})")
    except Exception as exc:
        log.warning("%s: unexpected failure while reading", source, exc_info=exc)
        reason = " ".join(str(exc).split())[:200]
        yield Skipped(
            source, f"cannot read: {type(exc).__name__}" + (f": {reason}" if reason else "")
        )
