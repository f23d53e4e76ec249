"""The server store: PostgreSQL through psycopg 3 (the ``[postgres]`` extra).

The same tables as SQLite; full-text search by generated ``tsvector`` columns with GIN
indexes; story vectors also in a pgvector column where the extension can be created, so
``nearest`` runs in the database.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from rashomon.errors import InputError, StoreError
from rashomon.store.base import SCHEMA_VERSION, SearchHit
from rashomon.store.sql import SQLStore, search_hits

log = logging.getLogger(__name__)

# Text beyond this is left out of the search index (a tsvector holds at most 1 MB).
_FTS_CHARS = 200_000

MIGRATIONS: dict[int, list[str]] = {
    1: [
        f"""CREATE TABLE articles (
            seq BIGSERIAL PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            url TEXT, outlet TEXT, title TEXT, published TEXT, source TEXT,
            authors TEXT NOT NULL, skip TEXT NOT NULL, text TEXT NOT NULL,
            story TEXT NOT NULL,
            duplicate_of TEXT REFERENCES articles (id),
            similarity DOUBLE PRECISION,
            added TEXT NOT NULL,
            tsv tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('english', coalesce(title, '')), 'A')
                || setweight(to_tsvector('english', left(text, {_FTS_CHARS})), 'B')
            ) STORED
        )""",
        "CREATE INDEX articles_story ON articles (story)",
        "CREATE INDEX articles_duplicate_of ON articles (duplicate_of)",
        "CREATE INDEX articles_tsv ON articles USING GIN (tsv)",
        """CREATE TABLE analyses (
            article TEXT PRIMARY KEY REFERENCES articles (id),
            data TEXT NOT NULL, vectors BYTEA NOT NULL, dim INTEGER NOT NULL
        )""",
        """CREATE TABLE claims (
            id TEXT PRIMARY KEY, article TEXT NOT NULL REFERENCES articles (id),
            text TEXT NOT NULL,
            tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
        )""",
        "CREATE INDEX claims_article ON claims (article)",
        "CREATE INDEX claims_tsv ON claims USING GIN (tsv)",
        """CREATE TABLE docs (
            article TEXT PRIMARY KEY REFERENCES articles (id),
            text TEXT, vector BYTEA NOT NULL, dim INTEGER NOT NULL, meta TEXT NOT NULL
        )""",
        """CREATE TABLE bands (
            key BIGINT NOT NULL, article TEXT NOT NULL REFERENCES articles (id),
            PRIMARY KEY (key, article)
        )""",
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY, stale INTEGER NOT NULL DEFAULT 1, updated TEXT,
            members TEXT, judge TEXT, report TEXT,
            n_disputed INTEGER, n_corroborated INTEGER, n_unique INTEGER
        )""",
        "CREATE INDEX stories_stale ON stories (stale)",
    ],
}
assert max(MIGRATIONS) == SCHEMA_VERSION
_LOCK = 0x7261_7368  # advisory lock: one process migrates at a time
# Advisory lock held by every write transaction: one writer at a time, as SQLite's BEGIN
# IMMEDIATE makes it there. Two ingests of overlapping sources would otherwise insert the
# same ids in different orders and could deadlock; writes are short (analysis runs outside).
_WRITE_LOCK = 0x7261_7369


class _Cursor:
    """A psycopg cursor that takes the shared ``?`` placeholders."""

    def __init__(self, cur: Any) -> None:
        self._cur = cur

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._cur.execute(sql.replace("?", "%s"), tuple(params) or None)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            self._cur.executemany(sql.replace("?", "%s"), rows)

    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self._cur.fetchall())

    @property
    def rowcount(self) -> int:
        return int(self._cur.rowcount)


class PostgresStore(SQLStore):
    placeholder = "%s"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(
                "a postgresql:// store needs psycopg: pip install 'rashomon[postgres]'"
            ) from exc
        self.url = _redact(url)
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {self.url}: {str(exc).strip()}") from exc
        self._psycopg = psycopg
        self.pgvector = False
        try:
            self._migrate()
            self._enable_pgvector()
        except psycopg.Error as exc:
            self.conn.close()
            raise StoreError(f"{self.url}: {str(exc).strip()}") from exc

    # -- schema -------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            cur.execute(
                "SELECT to_regclass('schema_version') IS NOT NULL,"
                " to_regclass('articles') IS NOT NULL"
            )
            has_version, has_articles = cur.fetchone() or (False, False)
            if has_articles and not has_version:
                raise StoreError(f"{self.url} has an articles table, but is not rashomon's")
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                " applied TIMESTAMPTZ DEFAULT now())"
            )
            cur.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version")
            current = int((cur.fetchone() or (0,))[0])
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.url} has schema version {current}, newer than this rashomon's "
                    f"{SCHEMA_VERSION}; upgrade rashomon"
                )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                log.info("%s: migrating to schema version %d", self.url, version)
                for statement in MIGRATIONS[version]:
                    cur.execute(statement)
                cur.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))

    def _enable_pgvector(self) -> None:
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                cur.execute("CREATE EXTENSION IF NOT EXISTS vector")
                cur.execute("ALTER TABLE docs ADD COLUMN IF NOT EXISTS embedding vector")
            self.pgvector = True
        except self._psycopg.Error as exc:
            log.info("%s: pgvector not available (%s); vectors stay blobs", self.url, exc)

    def schema_version(self) -> int:
        (version,) = self._rows("SELECT COALESCE(MAX(version), 0) FROM schema_version")[0]
        return int(version)

    def close(self) -> None:
        self.conn.close()

    # -- SQLStore hooks -------------------------------------------------------------
    @contextlib.contextmanager
    def _tx(self) -> Iterator[_Cursor]:
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            yield _Cursor(cur)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.conn.cursor() as cur:
            cur.execute(sql.replace("?", "%s"), tuple(params) or None)
            return [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                for r in cur.fetchall()
            ]

    def _put_vector(self, cur: Any, article: str, vector: np.ndarray) -> None:
        if self.pgvector:
            cur.execute(
                "UPDATE docs SET embedding = ?::vector WHERE article = ?",
                (_vector_literal(vector), article),
            )

    # -- search and neighbours ----------------------------------------------------------
    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        words = re.findall(r"\w+", query)
        if not words:
            raise InputError(f"search query {query!r} has no words to look for")
        plain = " ".join(words)
        articles = self._rows(
            "SELECT a.id, a.story, a.title, a.outlet, a.published,"
            " ts_headline('english', left(a.text, 20000), q,"
            "  'StartSel=[, StopSel=], MaxWords=30, MinWords=12, MaxFragments=1'),"
            " ts_rank_cd(a.tsv, q)"
            " FROM articles a, plainto_tsquery('english', ?) q WHERE a.tsv @@ q"
            " ORDER BY ts_rank_cd(a.tsv, q) DESC, a.seq LIMIT ?",
            (plain, limit),
        )
        claims = self._rows(
            "SELECT c.article, a.story, a.title, a.outlet, a.published, c.text,"
            " ts_rank_cd(c.tsv, q), c.id"
            " FROM claims c JOIN articles a ON a.id = c.article,"
            " plainto_tsquery('english', ?) q WHERE c.tsv @@ q"
            " ORDER BY ts_rank_cd(c.tsv, q) DESC, c.id LIMIT ?",
            (plain, limit),
        )
        return search_hits(articles, claims)

    def nearest(self, vector: np.ndarray, *, limit: int = 10) -> list[tuple[str, float]]:
        if not self.pgvector:
            return super().nearest(vector, limit=limit)
        literal = _vector_literal(np.asarray(vector, dtype=np.float32).reshape(-1))
        rows = self._rows(
            "SELECT article, 1 - (embedding <=> ?::vector) FROM docs"
            " WHERE embedding IS NOT NULL ORDER BY embedding <=> ?::vector LIMIT ?",
            (literal, literal, limit),
        )
        return [(r[0], float(r[1])) for r in rows]


def _vector_literal(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.7g}" for x in vector.tolist()) + "]"


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)
