"""The default store: one SQLite file in WAL mode, FTS5 search, versioned migrations."""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from rashomon.errors import InputError, StoreError
from rashomon.store.base import SCHEMA_VERSION, Entry, SearchHit
from rashomon.store.sql import SQLStore, search_hits

log = logging.getLogger(__name__)

# Each migration runs once, in one transaction, and records its number in schema_version.
MIGRATIONS: dict[int, str] = {
    1: """
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    url TEXT, outlet TEXT, title TEXT, published TEXT, source TEXT,
    authors TEXT NOT NULL, skip TEXT NOT NULL, text TEXT NOT NULL,
    story TEXT NOT NULL,
    duplicate_of TEXT REFERENCES articles (id),
    similarity REAL,
    added TEXT NOT NULL
);
CREATE INDEX articles_story ON articles (story);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of);
CREATE TABLE analyses (
    article TEXT PRIMARY KEY REFERENCES articles (id),
    data TEXT NOT NULL, vectors BLOB NOT NULL, dim INTEGER NOT NULL
);
CREATE TABLE claims (
    id TEXT PRIMARY KEY, article TEXT NOT NULL REFERENCES articles (id), text TEXT NOT NULL
);
CREATE INDEX claims_article ON claims (article);
CREATE TABLE docs (
    article TEXT PRIMARY KEY REFERENCES articles (id),
    text TEXT, vector BLOB NOT NULL, dim INTEGER NOT NULL, meta TEXT NOT NULL
);
CREATE TABLE bands (
    key INTEGER NOT NULL, article TEXT NOT NULL REFERENCES articles (id),
    PRIMARY KEY (key, article)
) WITHOUT ROWID;
CREATE TABLE stories (
    id TEXT PRIMARY KEY, stale INTEGER NOT NULL DEFAULT 1, updated TEXT,
    members TEXT, judge TEXT, report TEXT,
    n_disputed INTEGER, n_corroborated INTEGER, n_unique INTEGER
);
CREATE INDEX stories_stale ON stories (stale);
CREATE VIRTUAL TABLE articles_fts USING fts5 (article UNINDEXED, title, text);
CREATE VIRTUAL TABLE claims_fts USING fts5 (claim UNINDEXED, article UNINDEXED, text);
""",
}
assert max(MIGRATIONS) == SCHEMA_VERSION


def fts_query(query: str) -> str:
    """A user's words as an FTS5 query: each word quoted (no operators), all required."""
    words = re.findall(r"\w+", query)
    if not words:
        raise InputError(f"search query {query!r} has no words to look for")
    return " ".join(f'"{w}"' for w in words)


class SQLiteStore(SQLStore):
    """Articles, analyses, stories and reports in one SQLite file."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self.url = str(self.path)
        self._lock = threading.RLock()
        if not self.path.exists() and not create:
            raise StoreError(
                f"no database at {self.path}; `rashomon ingest SOURCE --db {self.path}` makes one"
            )
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder; give a database file")
        if not self.path.parent.is_dir():
            raise StoreError(f"cannot make a database at {self.path}: no folder {self.path.parent}")
        try:
            # One connection, shareable across threads (a web server's pool): a lock serialises it.
            self.conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=30, check_same_thread=False
            )
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across a crash
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(Exception):
                self.conn.close()
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})") from exc

    # -- schema -------------------------------------------------------------------
    def _migrate(self) -> None:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
        if tables and "schema_version" not in tables:
            raise StoreError(f"{self.path} is a SQLite database, but not rashomon's")
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TEXT)"
        )
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {current}, newer than this rashomon's "
                f"{SCHEMA_VERSION}; upgrade rashomon"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                # Read again under the write lock: another process (a second ingest started
                # at the same time) may have run this migration since.
                if self.schema_version() < version:
                    log.info("%s: migrating to schema version %d", self.path, version)
                    for statement in _statements(MIGRATIONS[version]):
                        self.conn.execute(statement)
                    self.conn.execute(
                        "INSERT INTO schema_version VALUES (?, datetime('now'))", (version,)
                    )
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        (version,) = self.conn.execute(
            "SELECT COALESCE(MAX(version), 0) FROM schema_version"
        ).fetchone()
        return int(version)

    def close(self) -> None:
        self.conn.close()

    # -- SQLStore hooks -------------------------------------------------------------
    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            cur = self.conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self.conn.execute(sql, tuple(params)).fetchall()

    def _index(self, cur: Any, entry: Entry) -> None:
        a = entry.article
        cur.execute(
            "INSERT INTO articles_fts (article, title, text) VALUES (?,?,?)",
            (a.id, a.title or "", a.text),
        )
        if entry.analysis is not None:
            cur.executemany(
                "INSERT INTO claims_fts (claim, article, text) VALUES (?,?,?)",
                [(c.id, a.id, c.text) for c in entry.analysis.claims],
            )

    # -- search ---------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        match = fts_query(query)
        articles = self._rows(
            "SELECT f.article, a.story, a.title, a.outlet, a.published,"
            " snippet(articles_fts, 2, '[', ']', '…', 16), bm25(articles_fts)"
            " FROM articles_fts f JOIN articles a ON a.id = f.article"
            " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?",
            (match, limit),
        )
        claims = self._rows(
            "SELECT f.article, a.story, a.title, a.outlet, a.published, f.text,"
            " bm25(claims_fts), f.claim"
            " FROM claims_fts f JOIN articles a ON a.id = f.article"
            " WHERE claims_fts MATCH ? ORDER BY bm25(claims_fts) LIMIT ?",
            (match, limit),
        )
        return search_hits(articles, claims, sign=-1.0)  # bm25: lower is better


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
