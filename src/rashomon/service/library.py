"""A store and the Service that fills it: ingest with progress, the story list, reports, search.

Ingest reads sources, links
near-duplicates, analyses new articles in batches, puts each into its story (the online
:class:`~rashomon.compare.stories.StoryIndex`, rebuilt from the stored docs) and writes each
batch in one transaction; then it rebuilds the reports of the stories that changed. An
article already stored is skipped before any work, so a re-run after a crash completes
what was cut short and a second ingest of the same sources changes nothing. Two ingests at
once (two processes, two connections) may both analyse an article, but the write transaction
decides which one stores it: it is stored once and counted new once.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from rashomon.compare.stories import StoryDoc, StoryIndex, story_docs
from rashomon.errors import InputError, RashomonError, StageError
from rashomon.ingest.dedup import DedupIndex, Fingerprint, fingerprint, near_duplicate
from rashomon.ingest.items import Item, Skipped
from rashomon.ingest.sources import iter_sources
from rashomon.ingest.url import Fetcher
from rashomon.model import Analysis, Article, Report
from rashomon.nlp.pipeline import Result
from rashomon.service.core import Service, report_key
from rashomon.settings import Settings
from rashomon.store import codec, open_store
from rashomon.store.base import Entry, SearchHit, Store, StorySummary
from rashomon.store.sql import members_key

log = logging.getLogger(__name__)

BATCH = 16


@dataclass(frozen=True, slots=True)
class Progress:
    """One step of a long call: ``stage`` is read, store or report."""

    stage: str
    done: int
    total: int | None = None
    source: str | None = None


ProgressCallback = Callable[[Progress], None]


@dataclass
class IngestSummary:
    """What an ingest did: counts of this run and the store's totals after it."""

    added: int = 0  # new distinct articles
    duplicates: int = 0  # new near-duplicates, linked to their original
    unchanged: int = 0  # already stored: nothing done
    failures: list[Skipped] = field(default_factory=list)
    stories_touched: set[str] = field(default_factory=set)
    reports: int = 0  # story reports rebuilt
    totals: dict[str, int] = field(default_factory=dict)  # articles, duplicates, stories

    def reasons(self) -> Counter[str]:
        return Counter(f.reason for f in self.failures)


@dataclass
class _Batch:
    articles: list[Article] = field(default_factory=list)
    prints: dict[str, Fingerprint] = field(default_factory=dict)


class Library:
    """A store plus the models that fill it. Cheap to build; models load on first use."""

    def __init__(
        self,
        store: Store,
        service: Service | None = None,
        *,
        settings: Settings | None = None,
        fetcher: Fetcher | None = None,
        batch_size: int = BATCH,
    ) -> None:
        self.store = store
        self._service = service
        self._settings = settings
        self.fetcher = fetcher
        self.batch_size = batch_size
        self._index: StoryIndex | None = None

    @classmethod
    def open(
        cls,
        settings: Settings | None = None,
        *,
        db: str | None = None,
        create: bool = True,
        service: Service | None = None,
    ) -> Library:
        """The library of ``db`` (else ``settings.db``) with ``service`` (else a Service built
        from ``settings`` when first needed)."""
        settings = settings or (service.settings if service else Settings())
        return cls(open_store(db or settings.db, create=create), service, settings=settings)

    def close(self) -> None:
        if self.fetcher is not None:
            self.fetcher.close()
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def service(self) -> Service:
        """The Service, built on first use (a read of stored reports needs none)."""
        if self._service is None:
            self._service = Service(settings=self._settings or Settings())
        return self._service

    @property
    def settings(self) -> Settings:
        if self._service is not None:
            return self._service.settings
        if self._settings is None:
            self._settings = Settings()
        return self._settings

    # -- ingest -------------------------------------------------------------------
    def ingest(
        self, sources: Iterable[str], *, progress: ProgressCallback | None = None
    ) -> IngestSummary:
        """Read ``sources`` (files, folders, URLs, feeds, WARC files) into the store."""
        if self.fetcher is None:
            self.fetcher = Fetcher.from_settings(self.settings)
        items = iter_sources(sources, fetcher=self.fetcher, settings=self.settings)
        return self.ingest_items(items, progress=progress)

    def ingest_items(
        self, items: Iterable[Item], *, progress: ProgressCallback | None = None
    ) -> IngestSummary:
        """Store articles (``Skipped`` items are counted as failures), then rebuild reports."""
        summary = IngestSummary()
        batch = _Batch()
        for read, item in enumerate(items, start=1):
            if isinstance(item, Skipped):
                log.info("skipped %s: %s", item.source, item.reason)
                summary.failures.append(item)
            elif item.id in batch.prints or self.store.known([item.id]):
                summary.unchanged += 1
            else:
                batch.articles.append(item)
                batch.prints[item.id] = fingerprint(item.text)
            if progress:
                progress(Progress("read", read, None, item.source))
            if len(batch.articles) >= self.batch_size:
                self._store_batch(batch, summary)
                batch = _Batch()
        self._store_batch(batch, summary)
        summary.reports = self.refresh(progress=progress)
        summary.totals = self.store.counts()
        return summary

    def _store_batch(self, batch: _Batch, summary: IngestSummary) -> None:
        # Stored by another ingest since this one read them: no work (the write decides too).
        if batch.articles and (meanwhile := self.store.known(batch.prints)):
            summary.unchanged += len(meanwhile)
            batch.articles = [a for a in batch.articles if a.id not in meanwhile]
        if not batch.articles:
            return
        originals: list[Article] = []
        duplicates: dict[str, tuple[str, float]] = {}
        local = DedupIndex()
        for a in batch.articles:
            fp = batch.prints[a.id]
            found = local.match(fp) or self._stored_duplicate(fp)
            if found is not None:
                duplicates[a.id] = found
            else:
                originals.append(a)
            local.remember(a.id, fp, original=found[0] if found else a.id)
        analysed = self._analyse(originals, summary)
        ok = [a for a in originals if a.id in analysed]
        index, moves = self._story_index()
        docs = story_docs(ok, [analysed[a.id][0] for a in ok], self.service.embedder) if ok else []
        story: dict[str, str] = {}
        for doc in docs:
            story[doc.id] = index.add(doc)
        entries = []
        for doc, a in zip(docs, ok, strict=True):
            analysis, vectors = analysed[a.id]
            entries.append(
                Entry(
                    article=a,
                    story=story[a.id],
                    analysis=analysis,
                    vectors=vectors,
                    doc=doc,
                    bands=batch.prints[a.id].bands,
                )
            )
        unresolved = [orig for orig, _ in duplicates.values() if orig not in story]
        stored_story = self.store.story_of(unresolved) if unresolved else {}
        for a in batch.articles:
            if a.id not in duplicates:
                continue
            original, sim = duplicates[a.id]
            sid = story.get(original) or stored_story.get(original)
            if sid is None:
                summary.failures.append(
                    Skipped(a.source or a.id, f"near-duplicate of {original}, which failed")
                )
                continue
            entries.append(
                Entry(
                    article=a,
                    story=sid,
                    duplicate_of=original,
                    similarity=round(sim, 4),
                    bands=batch.prints[a.id].bands,
                )
            )
        try:
            stored = self.store.add(entries, moves)
        except BaseException:
            self._index = None  # it holds docs that were not stored: rebuild it from the store
            raise
        summary.stories_touched.update(moves.values())
        moves.clear()
        for e in entries:
            if e.article.id not in stored:
                summary.unchanged += 1  # another ingest stored it first
            elif e.duplicate_of:
                summary.duplicates += 1
            else:
                summary.added += 1
        summary.stories_touched.update(self.store.story_of(stored).values())
        if len(stored) < len(entries):
            log.info(
                "%d of %d articles were stored by another ingest meanwhile",
                len(entries) - len(stored),
                len(entries),
            )
            # The index placed them as this run saw them, the store holds the other ingest's
            # placement: rebuild it from the store and move what this batch put elsewhere.
            self._index = None
            _, again = self._story_index()
            self.store.add([], again)
            summary.stories_touched.update(again.values())
            again.clear()

    def _stored_duplicate(self, fp: Fingerprint) -> tuple[str, float] | None:
        shared = self.store.band_matches(fp.bands)
        if not shared:
            return None
        best: tuple[str, float] | None = None
        for other, (text, duplicate_of) in self.store.texts(shared).items():
            sim = near_duplicate(fp.shingles, fingerprint(text).shingles)
            if sim is not None and (best is None or sim > best[1]):
                best = (duplicate_of or other, sim)
        return best

    def _analyse(
        self, articles: Sequence[Article], summary: IngestSummary
    ) -> dict[str, tuple[Analysis, np.ndarray]]:
        if not articles:
            return {}
        analyzer = self.service.analyzer
        try:
            results = analyzer.analyze_many(articles)
        except Exception:  # a stage, the parser's own limit, or a library's surprise
            results = []
            for a in articles:  # find which one failed, and keep the others
                try:
                    results.extend(analyzer.analyze_many([a]))
                except Exception as exc:
                    cause = exc.cause if isinstance(exc, StageError) else exc
                    log.warning(
                        "analysis failed on %s: %s",
                        a.source or a.id,
                        cause,
                        exc_info=not isinstance(exc, RashomonError),
                    )
                    reason = (
                        exc.reason if isinstance(exc, InputError) else f"analysis failed: {cause}"
                    )
                    summary.failures.append(Skipped(a.source or a.id, reason))
        return {r.analysis.article.id: (r.analysis, r.vectors) for r in results}

    def _story_index(self) -> tuple[StoryIndex, dict[str, str]]:
        """The online index, rebuilt once per Library from the stored docs in stored order.

        Returns the index and the stored articles it places in another story than the store
        says (only after the clustering changed); they move with the next write."""
        moves: dict[str, str] = {}
        if self._index is None:
            index = StoryIndex()
            for fields, stored in self.store.docs():
                sid = index.add(codec.build(StoryDoc, fields))
                if sid != stored:
                    moves[fields["id"]] = sid
            if moves:
                log.info("%d stored articles change story under the current clustering", len(moves))
            self._index = index
        return self._index, moves

    # -- reports --------------------------------------------------------------------
    def refresh(self, *, progress: ProgressCallback | None = None) -> int:
        """Rebuild the report of every story that changed; returns how many."""
        stale = self.store.stale_stories()
        for n, story in enumerate(stale, start=1):
            self._build(story)
            if progress:
                progress(Progress("report", n, len(stale), story))
        return len(stale)

    def report(self, story: str) -> Report:
        """The compare report of a stored story: cached, rebuilt (from the stored analyses)
        if an article joined the story since, or it was built with another judge, aligner, report
        schema or rashomon version (`Service.report_key`)."""
        cached = self.store.cached_report(story)
        if cached is not None and cached[1] == self._report_key():
            return cached[0]
        return self._build(story)

    def _report_key(self) -> str:
        # Without a Service yet (a read of stored reports), no model need load to know it.
        if self._service is not None:
            return self._service.report_key
        return report_key(self.settings.judge)

    def _build(self, story: str) -> Report:
        members = self.store.story_articles(story)
        originals = [m for m in members if m.duplicate_of is None and m.analysis is not None]
        results = [Result(m.analysis, m.vectors) for m in originals if m.analysis is not None]
        report = self.service.compare_analyses(results)
        names = {m.article.id: _name(m.article) for m in members}
        notes = [
            f"{names[m.article.id]}: a near-duplicate of "
            f"{names.get(m.duplicate_of, m.duplicate_of)}"
            " (a wire copy or re-publication), counted once"
            for m in members
            if m.duplicate_of is not None
        ]
        if len(originals) == 1:
            notes.insert(0, "only one article covers this story so far: every fact is unique")
        if notes:
            report = dataclasses.replace(report, notes=(*report.notes, *notes))
        self.store.put_report(
            story, report, members_key(m.article.id for m in originals), self._report_key()
        )
        return report

    # -- reads ----------------------------------------------------------------------
    def stories(self, *, limit: int | None = None, offset: int = 0) -> list[StorySummary]:
        return self.store.stories(limit=limit, offset=offset)

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        return self.store.search(query, limit=limit)


def _name(article: Article) -> str:
    return article.outlet or article.title or article.id
