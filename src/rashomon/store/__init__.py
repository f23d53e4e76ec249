"""Where stories live: articles, analyses and reports in SQLite (default) or PostgreSQL.

``open_store("news.db")`` opens (or makes) a SQLite file; ``open_store("postgresql://…")``
a PostgreSQL database (the ``[postgres]`` extra). :class:`Library` is the service layer on
top: ingest with progress callbacks, the story list, a story's report, search.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rashomon.store.base import (
    Entry,
    SearchHit,
    Store,
    StoredArticle,
    StorySummary,
)

if TYPE_CHECKING:
    from rashomon.store.library import IngestSummary, Library

__all__ = [
    "Entry",
    "IngestSummary",
    "Library",
    "SearchHit",
    "Store",
    "StoredArticle",
    "StorySummary",
    "open_store",
]


def open_store(url: str, *, create: bool = True) -> Store:
    """The store at ``url``: a ``postgresql://`` URL, else a SQLite file path.

    With ``create=False`` a SQLite file that does not exist raises StoreError instead of
    being made (the read-only commands use that).
    """
    if url.startswith(("postgresql://", "postgres://")):
        from rashomon.store.postgres import PostgresStore

        return PostgresStore(url)
    from rashomon.store.sqlite import SQLiteStore

    return SQLiteStore(url, create=create)


def __getattr__(name: str) -> Any:
    if name in {"Library", "IngestSummary"}:
        from rashomon.store import library

        return getattr(library, name)
    raise AttributeError(f"module 'rashomon.store' has no attribute {name!r}")
