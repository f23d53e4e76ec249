"""Articles from a file or stdin: picking the format by extension, else by content."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import stat
import sys
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from rashomon.errors import BinaryInputError, InputError, UnknownFormatError
from rashomon.ingest.decode import MAX_BYTES, decode_bytes
from rashomon.ingest.html import article_from_html
from rashomon.ingest.jsonl import MAX_JSON_DEPTH, json_depth, read_jsonl
from rashomon.ingest.text import MAX_ARTICLE_CHARS, article_from_text
from rashomon.model import Article

if TYPE_CHECKING:
    from rashomon.settings import Settings

log = logging.getLogger(__name__)

Format = Literal["text", "html", "jsonl"]

STDIN = "-"
EXTENSIONS: MappingProxyType[str, Format] = MappingProxyType(
    {
        ".txt": "text",
        ".text": "text",
        ".md": "text",
        ".html": "html",
        ".htm": "html",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
    }
)
# Formats people hand over that hold text rashomon cannot get at without other tools.
UNREADABLE_EXTENSIONS = frozenset(
    [
        ".pdf",
        ".doc",
        ".docx",
        ".odt",
        ".rtf",
        ".epub",
        ".xls",
        ".xlsx",
        ".ods",
        ".ppt",
        ".pptx",
        ".odp",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".bmp",
        ".tif",
        ".tiff",
        ".svg",
        ".mp3",
        ".mp4",
        ".wav",
        ".mov",
        ".avi",
        ".zip",
        ".gz",
        ".bz2",
        ".xz",
        ".7z",
        ".tar",
        ".rar",
        ".exe",
        ".bin",
        ".so",
        ".dll",
        ".pyc",
        ".sqlite",
        ".db",
    ]
)
# File signatures of the same kinds, for files whose name does not say.
_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"{\\rtf", "RTF document"),
    (b"\xd0\xcf\x11\xe0", "Microsoft Office document"),
)
READ_FORMATS_HELP = (
    "rashomon reads plain text (.txt, .text, .md), HTML (.html, .htm) and "
    "JSON lines (.jsonl, .ndjson)"
)
_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|article|main|div|p|h1)\b", re.I)


def load_file(
    path: Path | str,
    *,
    outlet: str | None = None,
    published: str | dt.date | None = None,
    title: str | None = None,
    max_bytes: int | None = None,
    settings: Settings | Limits | None = None,
) -> list[Article]:
    """The articles in ``path`` (``"-"`` reads stdin), in the format its extension names.

    ``.txt``/``.text``/``.md`` are text, ``.html``/``.htm`` HTML, ``.jsonl``/``.ndjson``
    JSON lines; any other name is read by content. ``outlet``, ``published`` and ``title``
    override the file's own metadata (``title`` only where the file holds one article).
    ``settings`` gives the limits (max_bytes, max_article_chars, max_json_depth); at most
    ``max_bytes + 1`` bytes are ever read, whatever the file claims its size is.
    """
    limits = Limits.of(settings)
    if max_bytes is None:
        max_bytes = limits.max_bytes
    if str(path) == STDIN:
        source = "<stdin>"
        data = sys.stdin.buffer.read(max_bytes + 1)
        fmt: Format | None = None
    else:
        path = Path(path)
        source = str(path)
        fmt = _format_by_name(path, source=source)
        data = read_bytes(path, source=source, max_bytes=max_bytes)
    if fmt is None:
        _reject_known_binary(data, source=source)
        try:
            text = decode_bytes(data, source=source, max_bytes=max_bytes)
        except BinaryInputError as exc:
            raise UnknownFormatError(
                f"unknown format: binary content ({exc}); {READ_FORMATS_HELP}", source=source
            ) from exc
        fmt = sniff_format(text)
    else:
        text = decode_bytes(data, source=source, max_bytes=max_bytes)
    log.debug("%s: read as %s", source, fmt)
    if fmt == "html":
        return [
            article_from_html(
                text,
                source=source,
                outlet=outlet,
                published=published,
                title=title,
                max_chars=limits.max_article_chars,
            )
        ]
    if fmt == "jsonl":
        articles = list(
            read_jsonl(
                text.split("\n"),
                source=source,
                outlet=outlet,
                published=published,
                title=title,
                max_chars=limits.max_article_chars,
                max_depth=limits.max_json_depth,
            )
        )
        if title is not None and len(articles) > 1:
            raise InputError(
                f"a title names one article, but the file holds {len(articles)}; "
                "give titles in the file's records instead",
                source=source,
            )
        return articles
    return [
        article_from_text(
            text,
            source=source,
            outlet=outlet,
            published=published,
            title=title,
            max_chars=limits.max_article_chars,
        )
    ]


class Limits:
    """The input limits of ``settings`` (the defaults without one), read in one place."""

    __slots__ = ("max_article_chars", "max_bytes", "max_decompressed_bytes", "max_json_depth")

    def __init__(self, settings: Any = None) -> None:
        self.max_bytes: int = getattr(settings, "max_bytes", MAX_BYTES)
        self.max_article_chars: int = getattr(settings, "max_article_chars", MAX_ARTICLE_CHARS)
        self.max_json_depth: int = getattr(settings, "max_json_depth", MAX_JSON_DEPTH)
        self.max_decompressed_bytes: int = getattr(
            settings, "max_decompressed_bytes", 1_000_000_000
        )

    @classmethod
    def of(cls, settings: Any) -> Limits:
        return settings if isinstance(settings, Limits) else cls(settings)


def sniff_format(text: str) -> Format:
    """The format of decoded ``text`` judged by its content: html, jsonl, else text."""
    head = text.lstrip()
    if head.startswith("<") and _HTML_TAG.search(head[:5000]):
        return "html"
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and all(_is_json_object(line) for line in lines[:20]):
        return "jsonl"
    return "text"


def _is_json_object(line: str) -> bool:
    line = line.strip()
    if not (line.startswith("{") and line.endswith("}")):
        return False
    if json_depth(line, stop_at=MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        return True  # an object, too deep to read: read as JSON lines, refused with the reason
    try:
        return isinstance(json.loads(line), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def _format_by_name(path: Path, *, source: str) -> Format | None:
    suffix = path.suffix.lower()
    if suffix in UNREADABLE_EXTENSIONS:
        raise UnknownFormatError(f"cannot read {suffix} files; {READ_FORMATS_HELP}", source=source)
    return EXTENSIONS.get(suffix)


def read_bytes(path: Path, *, source: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of the file, else an InputError: the bytes read are counted,
    not ``st_size`` (0 for /dev/zero, FIFOs and /proc files, which would be read forever)."""
    try:
        with open(path, "rb") as stream:
            info = os.fstat(stream.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise InputError("is a directory, not a file", source=source)
            if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                raise InputError(
                    f"file is {info.st_size:,} bytes, more than the limit of {max_bytes:,} "
                    "bytes; split it into articles or raise max_bytes",
                    source=source,
                )
            data = stream.read(max_bytes + 1)
    except IsADirectoryError as exc:
        raise InputError("is a directory, not a file", source=source) from exc
    except FileNotFoundError as exc:
        raise InputError("no such file", source=source) from exc
    except PermissionError as exc:
        raise InputError("permission denied: cannot read the file", source=source) from exc
    except OSError as exc:  # ELOOP (a symlink loop), EIO, ENXIO, ...
        raise InputError(f"cannot read: {exc.strerror or exc}", source=source) from exc
    if len(data) > max_bytes:
        raise InputError(
            f"more than the limit of {max_bytes:,} bytes were read and the input goes on; "
            "split it into articles or raise max_bytes",
            source=source,
        )
    return data


def _reject_known_binary(data: bytes, *, source: str) -> None:
    for signature, kind in _MAGIC:
        if data.startswith(signature):
            raise UnknownFormatError(
                f"cannot read this file: it looks like a {kind}; {READ_FORMATS_HELP}",
                source=source,
            )
