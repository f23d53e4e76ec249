"""The store interface every backend implements, and the records it takes and gives back.

A store keeps articles, their analyses (with claim vectors), the clustering's story
documents, near-duplicate fingerprints and one cached report per story. Every write of
one batch is a single transaction, so a crash leaves either all of it or none of it.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rashomon.model import Analysis, Article, Report

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One article to store, with what was found in it (``analysis`` None for a duplicate)."""

    article: Article
    story: str
    analysis: Analysis | None = None
    vectors: np.ndarray | None = None  # claim vectors, row i = analysis.claims[i]
    doc: Any = None  # the clustering's StoryDoc (id, text, vector and more fields)
    duplicate_of: str | None = None
    similarity: float | None = None  # to duplicate_of
    bands: tuple[int, ...] = ()  # MinHash LSH band keys


@dataclass(frozen=True, slots=True, kw_only=True)
class StorySummary:
    """A story as listed: its size, outlets and, once its report is built, its fact counts."""

    id: str
    title: str | None
    articles: int  # distinct articles, near-duplicates not counted
    duplicates: int
    outlets: dict[str, int]  # outlet -> articles
    first_published: str | None
    last_published: str | None
    disputed: int | None  # None until the story's report is built
    corroborated: int | None
    unique: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    kind: str  # "article" or "claim"
    article: str
    story: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    claim: str | None = None
    score: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredArticle:
    article: Article
    story: str
    analysis: Analysis | None
    vectors: np.ndarray
    duplicate_of: str | None


class Store(abc.ABC):
    """What the library needs of a database; SQLite and PostgreSQL implement it."""

    url: str

    # -- lifecycle ----------------------------------------------------------------
    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abc.abstractmethod
    def schema_version(self) -> int: ...

    # -- writes ---------------------------------------------------------------------
    @abc.abstractmethod
    def add(self, entries: Sequence[Entry], moves: Mapping[str, str] = {}) -> set[str]:
        """Store ``entries`` and move already stored articles to other stories, in one
        transaction; an article already stored is left as it is. Every touched story is
        marked stale. A near-duplicate joins the story its original is stored in.

        Returns the ids of the articles this call stored: what is new is decided inside the
        write transaction, so two ingests of the same articles at once (two processes, two
        connections) store each once and count it once; the other gets it left out."""

    @abc.abstractmethod
    def put_report(self, story: str, report: Report, members: str, judge: str = "") -> None:
        """Cache ``story``'s report, built by ``judge`` from the articles whose ids hash to
        ``members``; the story stays stale if an article joined it meanwhile."""

    # -- reads ----------------------------------------------------------------------
    @abc.abstractmethod
    def known(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored."""

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """articles, duplicates, stories."""

    @abc.abstractmethod
    def docs(self) -> list[tuple[dict[str, Any], str]]:
        """Every story document's fields, with its story, in the order they were stored."""

    @abc.abstractmethod
    def story_of(self, ids: Iterable[str]) -> dict[str, str]: ...

    @abc.abstractmethod
    def band_matches(self, keys: Iterable[int]) -> dict[str, int]:
        """Stored articles sharing LSH bands with ``keys``: id -> bands shared."""

    @abc.abstractmethod
    def texts(self, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """id -> (text, duplicate_of)."""

    @abc.abstractmethod
    def stale_stories(self) -> list[str]:
        """Stories whose cached report is missing or older than their articles."""

    @abc.abstractmethod
    def story_articles(self, story: str) -> list[StoredArticle]:
        """The story's articles in the order stored; raises UnknownStoryError."""

    @abc.abstractmethod
    def cached_report(self, story: str) -> tuple[Report, str] | None:
        """The cached report of a story that is not stale, and the judge that built it."""

    @abc.abstractmethod
    def stories(self, *, limit: int | None = None, offset: int = 0) -> list[StorySummary]:
        """Stories, newest first (latest publication date, then latest stored)."""

    @abc.abstractmethod
    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search over article titles and texts and over claims, best first."""

    @abc.abstractmethod
    def nearest(self, vector: np.ndarray, *, limit: int = 10) -> list[tuple[str, float]]:
        """Story documents nearest ``vector`` by cosine similarity: (article id, similarity)."""
