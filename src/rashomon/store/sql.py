"""The SQL both backends share: the writes of a batch, the story list, reads by id.

Queries are written with ``?`` placeholders; PostgreSQL's backend turns them into ``%s``.
Backends supply the connection, the transaction, migrations and full-text search.
"""

from __future__ import annotations

import abc
import contextlib
import dataclasses
import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from rashomon.errors import UnknownStoryError
from rashomon.model import Article, Span, make_id
from rashomon.store import codec
from rashomon.store.base import Entry, SearchHit, Store, StoredArticle, StorySummary

log = logging.getLogger(__name__)

_ALL = 2**62  # LIMIT for "no limit", valid in both dialects
_CHUNK = 500  # ids per IN (...) list


def members_key(ids: Iterable[str]) -> str:
    """A key that changes whenever a story's set of (non-duplicate) articles does."""
    return make_id("m", *sorted(ids))


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for lo in range(0, len(items), _CHUNK):
        yield items[lo : lo + _CHUNK]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def search_hits(
    articles: Sequence[Sequence[Any]], claims: Sequence[Sequence[Any]], *, sign: float = 1.0
) -> list[SearchHit]:
    """Search rows as hits, articles first. A row is (article, story, title, outlet, published,
    snippet, rank), a claim's with its claim id last; ``sign`` turns the backend's rank into a
    score where higher is better."""

    def hit(kind: str, r: Sequence[Any]) -> SearchHit:
        return SearchHit(
            kind=kind,
            article=r[0],
            story=r[1],
            title=r[2],
            outlet=r[3],
            published=r[4],
            snippet=r[5],
            score=sign * float(r[6]),
            claim=r[7] if kind == "claim" else None,
        )

    return [hit("article", r) for r in articles] + [hit("claim", r) for r in claims]


class SQLStore(Store):
    """Store methods in portable SQL over a DB-API connection."""

    placeholder = "?"

    # -- backend hooks ------------------------------------------------------------
    @abc.abstractmethod
    def _tx(self) -> contextlib.AbstractContextManager[Any]:
        """A cursor inside one transaction, committed on exit, rolled back on error."""

    @abc.abstractmethod
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def _index(self, cur: Any, entry: Entry) -> None:
        """Full-text index an article and its claims (PostgreSQL does it by itself)."""

    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def _in(self, n: int) -> str:
        return ",".join("?" * n)

    # -- writes -------------------------------------------------------------------
    def add(self, entries: Sequence[Entry], moves: Mapping[str, str] = {}) -> set[str]:
        if not entries and not moves:
            return set()
        now = _now()
        stored: set[str] = set()
        with self._tx() as cur:
            touched: set[str] = set()
            for old_story, new_story, article in self._moves(cur, moves):
                touched |= {old_story, new_story}
                cur.execute(
                    self._sql("UPDATE articles SET story = ? WHERE id = ? OR duplicate_of = ?"),
                    (new_story, article, article),
                )
            for e in entries:
                a = e.article
                if e.duplicate_of is not None:
                    # The original's story as stored now (another ingest may have stored it
                    # first, in the story its own clustering chose), not as this batch saw it.
                    cur.execute(
                        self._sql("SELECT story FROM articles WHERE id = ?"), (e.duplicate_of,)
                    )
                    row = cur.fetchall()
                    if row and row[0][0] != e.story:
                        e = dataclasses.replace(e, story=row[0][0])
                cur.execute(
                    self._sql(
                        "INSERT INTO articles (id, url, outlet, title, published, source, authors,"
                        " skip, text, story, duplicate_of, similarity, added)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING"
                    ),
                    (
                        a.id,
                        a.url,
                        a.outlet,
                        a.title,
                        a.published,
                        a.source,
                        json.dumps(list(a.authors)),
                        json.dumps([[s.start, s.end, s.label] for s in a.skip]),
                        a.text,
                        e.story,
                        e.duplicate_of,
                        e.similarity,
                        now,
                    ),
                )
                if cur.rowcount == 0:
                    # Stored by an earlier run, or by another ingest since this one read the
                    # store: ingesting twice changes nothing, and this call does not count it.
                    continue
                stored.add(a.id)
                touched.add(e.story)
                if e.analysis is not None:
                    vectors = e.vectors if e.vectors is not None else np.zeros((0, 0))
                    dim = int(vectors.shape[1]) if vectors.ndim == 2 else 0
                    cur.execute(
                        self._sql(
                            "INSERT INTO analyses (article, data, vectors, dim) VALUES (?,?,?,?)"
                        ),
                        (a.id, codec.analysis_json(e.analysis), codec.to_blob(vectors), dim),
                    )
                    cur.executemany(
                        self._sql(
                            "INSERT INTO claims (id, article, text) VALUES (?,?,?)"
                            " ON CONFLICT (id) DO NOTHING"
                        ),
                        [(c.id, a.id, c.text) for c in e.analysis.claims],
                    )
                if e.doc is not None:
                    self._put_doc(cur, a, e.doc)
                if e.bands:
                    cur.executemany(
                        self._sql(
                            "INSERT INTO bands (key, article) VALUES (?,?) ON CONFLICT DO NOTHING"
                        ),
                        [(k, a.id) for k in e.bands],
                    )
                self._index(cur, e)
            for story in sorted(touched):  # one order in every writer
                cur.execute(
                    self._sql(
                        "INSERT INTO stories (id, stale, updated) VALUES (?, 1, ?)"
                        " ON CONFLICT (id) DO UPDATE SET stale = 1, updated = excluded.updated"
                    ),
                    (story, now),
                )
            cur.execute(
                "DELETE FROM stories WHERE NOT EXISTS"
                " (SELECT 1 FROM articles WHERE articles.story = stories.id)"
            )
        return stored

    def _put_doc(self, cur: Any, article: Article, doc: Any) -> None:
        vector = np.asarray(doc.vector, dtype=np.float32).reshape(-1)
        cur.execute(
            self._sql("INSERT INTO docs (article, text, vector, dim, meta) VALUES (?,?,?,?,?)"),
            (
                article.id,
                None if doc.text == article.text else doc.text,  # stored once, in articles
                codec.to_blob(vector),
                int(vector.shape[0]),
                codec.doc_meta(doc),
            ),
        )
        self._put_vector(cur, article.id, vector)

    def _put_vector(self, cur: Any, article: str, vector: np.ndarray) -> None:
        """Also index the doc vector (pgvector, where installed)."""

    def _moves(self, cur: Any, moves: Mapping[str, str]) -> list[tuple[str, str, str]]:
        out = []
        ids = list(moves)
        for chunk in _chunks(ids):
            cur.execute(
                self._sql(f"SELECT id, story FROM articles WHERE id IN ({self._in(len(chunk))})"),
                tuple(chunk),
            )
            for article, story in cur.fetchall():
                if story != moves[article]:
                    out.append((story, moves[article], article))
        return out

    def put_report(self, story: str, report: Any, members: str, judge: str = "") -> None:
        verdicts = [f.verdict for f in report.facts]
        with self._tx() as cur:
            # Fresh only if no article joined since the report's articles were read.
            cur.execute(
                self._sql("SELECT id FROM articles WHERE story = ? AND duplicate_of IS NULL"),
                (story,),
            )
            stale = int(members_key(r[0] for r in cur.fetchall()) != members)
            cur.execute(
                self._sql(
                    "UPDATE stories SET report = ?, members = ?, judge = ?, stale = ?,"
                    " n_disputed = ?, n_corroborated = ?, n_unique = ? WHERE id = ?"
                ),
                (
                    codec.dumps(report),
                    members,
                    judge,
                    stale,
                    verdicts.count("disputed"),
                    verdicts.count("corroborated"),
                    verdicts.count("unique"),
                    story,
                ),
            )

    # -- reads --------------------------------------------------------------------
    def known(self, ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(list(ids)):
            rows = self._rows(
                f"SELECT id FROM articles WHERE id IN ({self._in(len(chunk))})", tuple(chunk)
            )
            found.update(r[0] for r in rows)
        return found

    def counts(self) -> dict[str, int]:
        ((articles, duplicates),) = self._rows(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN duplicate_of IS NULL THEN 0 ELSE 1 END), 0)"
            " FROM articles"
        )
        ((stories,),) = self._rows("SELECT COUNT(*) FROM stories")
        return {
            "articles": int(articles) - int(duplicates),
            "duplicates": int(duplicates),
            "stories": int(stories),
        }

    def docs(self) -> list[tuple[dict[str, Any], str]]:
        rows = self._rows(
            "SELECT d.article, COALESCE(d.text, a.text), d.vector, d.dim, d.meta, a.story"
            " FROM docs d JOIN articles a ON a.id = d.article ORDER BY a.seq"
        )
        return [
            (
                {
                    **json.loads(r[4]),
                    "id": r[0],
                    "text": r[1],
                    "vector": codec.from_blob(r[2], r[3])[0],
                },
                r[5],
            )
            for r in rows
        ]

    def story_of(self, ids: Iterable[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(list(ids)):
            rows = self._rows(
                f"SELECT id, story FROM articles WHERE id IN ({self._in(len(chunk))})",
                tuple(chunk),
            )
            out.update({r[0]: r[1] for r in rows})
        return out

    def band_matches(self, keys: Iterable[int]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunks(list(keys)):
            rows = self._rows(
                f"SELECT article, COUNT(*) FROM bands WHERE key IN ({self._in(len(chunk))})"
                " GROUP BY article",
                tuple(chunk),
            )
            for article, n in rows:
                out[article] = out.get(article, 0) + int(n)
        return out

    def texts(self, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        out: dict[str, tuple[str, str | None]] = {}
        for chunk in _chunks(list(ids)):
            rows = self._rows(
                f"SELECT id, text, duplicate_of FROM articles WHERE id IN ({self._in(len(chunk))})",
                tuple(chunk),
            )
            out.update({r[0]: (r[1], r[2]) for r in rows})
        return out

    def stale_stories(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT id FROM stories WHERE stale = 1 ORDER BY id")]

    def story_articles(self, story: str) -> list[StoredArticle]:
        rows = self._rows(
            "SELECT a.id, a.url, a.outlet, a.title, a.published, a.source, a.authors, a.skip,"
            " a.text, a.story, a.duplicate_of, n.data, n.vectors, n.dim"
            " FROM articles a LEFT JOIN analyses n ON n.article = a.id"
            " WHERE a.story = ? ORDER BY a.seq",
            (story,),
        )
        if not rows:
            raise UnknownStoryError(
                f"no story {story!r} in {self.url}; `rashomon stories` lists them"
            )
        out = []
        for r in rows:
            article = Article(
                id=r[0],
                url=r[1],
                outlet=r[2],
                title=r[3],
                published=r[4],
                source=r[5],
                authors=tuple(json.loads(r[6])),
                skip=tuple(Span(start=s, end=e, label=label) for s, e, label in json.loads(r[7])),
                text=r[8],
            )
            analysis = codec.analysis_from_json(article, r[11]) if r[11] is not None else None
            out.append(
                StoredArticle(
                    article=article,
                    story=r[9],
                    duplicate_of=r[10],
                    analysis=analysis,
                    vectors=codec.from_blob(r[12], r[13] or 0),
                )
            )
        return out

    def cached_report(self, story: str) -> tuple[Any, str] | None:
        rows = self._rows("SELECT report, judge FROM stories WHERE id = ? AND stale = 0", (story,))
        if not rows or rows[0][0] is None:
            return None
        return codec.report_from_json(rows[0][0]), rows[0][1] or ""

    def stories(self, *, limit: int | None = None, offset: int = 0) -> list[StorySummary]:
        rows = self._rows(
            "SELECT s.id, s.n_disputed, s.n_corroborated, s.n_unique,"
            " (SELECT t.title FROM articles t WHERE t.story = s.id AND t.duplicate_of IS NULL"
            "  ORDER BY t.seq LIMIT 1),"
            " SUM(CASE WHEN a.duplicate_of IS NULL THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN a.duplicate_of IS NULL THEN 0 ELSE 1 END),"
            " MIN(a.published), MAX(a.published), MAX(a.seq)"
            " FROM stories s JOIN articles a ON a.story = s.id"
            " GROUP BY s.id, s.n_disputed, s.n_corroborated, s.n_unique"
            " ORDER BY (MAX(a.published) IS NULL), MAX(a.published) DESC, MAX(a.seq) DESC"
            " LIMIT ? OFFSET ?",
            (_ALL if limit is None else limit, offset),
        )
        outlets: dict[str, dict[str, int]] = {r[0]: {} for r in rows}
        for chunk in _chunks(list(outlets)):
            for story, outlet, n in self._rows(
                "SELECT story, outlet, COUNT(*) FROM articles"
                f" WHERE duplicate_of IS NULL AND story IN ({self._in(len(chunk))})"
                " GROUP BY story, outlet ORDER BY COUNT(*) DESC, outlet",
                tuple(chunk),
            ):
                outlets[story][outlet or "(unknown outlet)"] = int(n)
        return [
            StorySummary(
                id=r[0],
                disputed=r[1],
                corroborated=r[2],
                unique=r[3],
                title=r[4],
                articles=int(r[5]),
                duplicates=int(r[6]),
                outlets=outlets[r[0]],
                first_published=r[7],
                last_published=r[8],
            )
            for r in rows
        ]

    def nearest(self, vector: np.ndarray, *, limit: int = 10) -> list[tuple[str, float]]:
        rows = self._rows("SELECT article, vector, dim FROM docs")
        if not rows:
            return []
        matrix = np.vstack([codec.from_blob(r[1], r[2]) for r in rows])
        sims = matrix @ np.asarray(vector, dtype=np.float32).reshape(-1)
        order = np.argsort(-sims)[:limit]
        return [(rows[i][0], float(sims[i])) for i in order]
