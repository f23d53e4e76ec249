"""Articles from WARC files (warcio), as Common Crawl's CC-NEWS ships them.

Only ``response`` records with an HTTP 200 and an HTML content type become articles;
every other record (warcinfo, request, metadata, resource, revisit, a 404, an image) is
skipped with its reason, so the caller can count it.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterator
from pathlib import Path

from rashomon.errors import InputError
from rashomon.ingest.decode import MAX_BYTES
from rashomon.ingest.items import Item, Skipped
from rashomon.ingest.url import HTML_TYPES, Page, article_from_page, charset_of

log = logging.getLogger(__name__)


def iter_warc(path: Path | str, *, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """An Article per HTML response record of the WARC (or ARC) file at ``path``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    path = Path(path)
    try:
        if not _has_warc_header(path):
            yield Skipped(str(path), "not a WARC file (it does not open with a WARC/1.x header)")
            return
        stream = path.open("rb")
    except (OSError, EOFError) as exc:
        yield Skipped(str(path), f"cannot read: {exc}")
        return
    with stream:
        number = 0
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                uri = record.rec_headers.get_header("WARC-Target-URI")
                where = uri or f"{path}#{number}"
                reason = _not_html(record)
                if reason is not None:
                    log.debug("%s: record %d skipped: %s", path, number, reason)
                    yield Skipped(where, reason)
                    continue
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield Skipped(where, f"page is more than {max_bytes:,} bytes")
                    continue
                content_type, _, params = record.http_headers.get_header("Content-Type").partition(
                    ";"
                )
                page = Page(
                    url=uri or str(path),
                    requested=uri or str(path),
                    status=200,
                    content_type=content_type.strip().lower(),
                    charset=charset_of(params),
                    body=body,
                )
                try:
                    yield article_from_page(page)
                except InputError as exc:
                    yield Skipped(where, exc.reason)
        except ArchiveLoadFailed as exc:
            yield Skipped(f"{path}#{number + 1}", f"not a readable WARC record: {exc}")
        except (OSError, EOFError, ValueError) as exc:  # gzip or stream cut short
            yield Skipped(f"{path}#{number + 1}", f"WARC file cut short or corrupt: {exc}")


def _has_warc_header(path: Path) -> bool:
    """warcio reads almost any text as records; a WARC (or ARC) file says what it is."""
    with path.open("rb") as raw:
        head = raw.read(2)
        raw.seek(0)
        if head == b"\x1f\x8b":
            with gzip.open(raw) as unzipped:
                head = unzipped.read(16)
        else:
            head = raw.read(16)
    return head.startswith((b"WARC/", b"filedesc://"))


def _not_html(record: object) -> str | None:
    rec_type = record.rec_type  # type: ignore[attr-defined]
    if rec_type != "response":
        return f"WARC {rec_type} record, not a response"
    headers = record.http_headers  # type: ignore[attr-defined]
    if headers is None:
        return "response record without HTTP headers"
    status = headers.get_statuscode()
    if status != "200":
        return f"HTTP {status} response"
    content_type = (headers.get_header("Content-Type") or "").partition(";")[0].strip().lower()
    if content_type not in HTML_TYPES:
        return f"not HTML (content type {content_type or 'missing'})"
    return None
