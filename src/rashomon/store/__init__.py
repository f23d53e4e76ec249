"""Where stories live: articles, analyses and reports in SQLite (default) or PostgreSQL.

``open_store("news.db")`` opens (or makes) a SQLite file; ``open_store("postgresql://…")``
a PostgreSQL database (the ``[postgres]`` extra). This package knows records and SQL only:
what fills a store and reads it back as reports is :class:`rashomon.service.Library`.
"""

from __future__ import annotations

from rashomon.store.base import (
    Entry,
    SearchHit,
    Store,
    StoredArticle,
    StorySummary,
)

__all__ = [
    "Entry",
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
