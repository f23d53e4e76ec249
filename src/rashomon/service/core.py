"""The Service: the models (each loaded on first use) and the stages run in order."""

from __future__ import annotations

import functools
import hashlib
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.compare.align import Aligner, default_aligner_dir
from rashomon.compare.claimset import gather
from rashomon.compare.judge import CueJudge, Judge, Pair, check_text
from rashomon.compare.model_judge import ModelJudge, default_model_dir
from rashomon.compare.plugin_judges import ChatJudge, HFJudge
from rashomon.compare.quotes import group_quotes
from rashomon.compare.reconcile import ReconcileParams, reconcile
from rashomon.compare.resolve import Gazetteer
from rashomon.compare.stories import ClusterParams, StoryDoc, cluster, story_docs
from rashomon.errors import TooFewArticlesError
from rashomon.model import (
    CERTAINTIES,
    SCHEMA_VERSION,
    Analysis,
    Article,
    CertaintyCounts,
    Judgment,
    Report,
    SourceCount,
    SourceKind,
    Sourcing,
)
from rashomon.nlp.embed import Embedder, MiniLMEmbedder
from rashomon.nlp.pipeline import Analyzer, Result
from rashomon.settings import Settings
from rashomon.version import __version__

log = logging.getLogger(__name__)


def make_judge(settings: Settings, embedder: Embedder) -> Judge:
    """The judge the settings name; each loads its model on first use."""
    name = settings.judge
    if name == "cue":
        return CueJudge(embedder)
    if name == "model":
        return ModelJudge(threads=settings.threads, embedder=embedder)
    if name == "chat":
        return ChatJudge(settings.judge_url, settings.judge_model, key_env=settings.judge_key_env)
    return HFJudge(name.removeprefix("hf:"))


@dataclass
class Service:
    """Holds the models (each loaded on first use) and runs analyze / compare / judge."""

    settings: Settings = field(default_factory=Settings)
    # Alignment, grouping and verdict knobs (each value names the data it was chosen on).
    params: ReconcileParams = field(default_factory=ReconcileParams)
    _embedder: Embedder | None = None
    _analyzer: Analyzer | None = None
    _judge: Judge | None = None
    _gazetteer: Gazetteer | None = None
    _aligner: Aligner | None = None
    _reader: Analyzer | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = MiniLMEmbedder(threads=self.settings.threads)
        return self._embedder

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            self._analyzer = Analyzer(embedder=self.embedder, spacy_model=self.settings.spacy_model)
        return self._analyzer

    @property
    def judge(self) -> Judge:
        if self._judge is None:
            self._judge = make_judge(self.settings, self.embedder)
        return self._judge

    @property
    def aligner(self) -> Aligner:
        if self._aligner is None:
            self._aligner = Aligner()
        return self._aligner

    @property
    def report_key(self) -> str:
        """What a stored report was built with (see `report_key`)."""
        return report_key(self.settings.judge, self.aligner.model_dir)

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer()
        return self._gazetteer

    # -- per article ------------------------------------------------------------
    def analyze(self, articles: Sequence[Article], *, on_error: str = "raise") -> list[Analysis]:
        return [r.analysis for r in self.analyzer.analyze_many(articles, on_error=on_error)]

    def read(self, articles: Sequence[Article]) -> list[Analysis]:
        """The analyses without the claim embeddings a comparison needs: quicker, where only
        entities, claims, quotes and dates are wanted (the same spaCy pipeline as analyze)."""
        if self._reader is None:
            self._reader = Analyzer(nlp=self.analyzer.nlp, spacy_model=self.settings.spacy_model)
        return [r.analysis for r in self._reader.analyze_many(articles)]

    # -- pairs ------------------------------------------------------------------
    @staticmethod
    def pair(a: object, b: object) -> Pair:
        """A pair to judge, its texts checked: an InputError names ``a`` or ``b``."""
        return Pair(a=check_text(a, "a"), b=check_text(b, "b"))

    def judge_pairs(self, pairs: Sequence[Pair]) -> list[Judgment]:
        """agree / contradict / neutral / unrelated for each pair, by the configured judge."""
        return list(self.judge.judge(pairs))

    # -- stories ----------------------------------------------------------------
    def story_docs(
        self, articles: Sequence[Article], analyses: Sequence[Analysis] | None = None
    ) -> list[StoryDoc]:
        """What story clustering needs of each article (entities and dates from ``analyses``
        where given, else from capitalised words: quicker, a little less exact)."""
        return story_docs(articles, analyses, self.embedder)

    @staticmethod
    def cluster(docs: Sequence[StoryDoc], params: ClusterParams | None = None) -> list[str]:
        """The story id of each doc, in input order (see ``compare.stories.cluster``)."""
        return cluster(docs, params)

    # -- across articles --------------------------------------------------------
    def compare(self, articles: Sequence[Article]) -> Report:
        if len(articles) < 2:
            raise TooFewArticlesError(f"compare needs two or more articles, got {len(articles)}")
        results = self.analyzer.analyze_many(articles)
        return self.compare_analyses(results)

    def compare_analyses(self, results: Sequence[Result]) -> Report:
        analyses = [r.analysis for r in results]
        articles = [a.article for a in analyses]
        cs = gather(analyses, [r.vectors for r in results], self.gazetteer, self.embedder)
        facts, relations = reconcile(cs, self.aligner, self.judge, self.params)
        text_of = {a.id: a.text for a in articles}
        quotes = [q for a in analyses for q in a.quotes]
        quote_groups = group_quotes(quotes, text_of, self.embedder)
        return Report(
            articles=tuple(articles),
            entities=cs.entities,
            claims=cs.claims,
            quotes=tuple(quotes),
            times=tuple(t for a in analyses for t in a.times),
            facts=facts,
            quote_groups=quote_groups,
            relations=relations,
            sourcing=tuple(_sourcing(a) for a in analyses),
            notes=tuple(_notes(articles)),
        )


@functools.cache
def report_key(judge: str, aligner_dir: Path | None = None) -> str:
    """What a report is built with: the judge and the aligner (by a hash of their model
    files), the report schema and the package version. A stored report built with anything
    else is rebuilt, so an upgrade never serves old facts. Loads no model."""
    if judge == "model":
        judge = f"model:{_file_hash(default_model_dir() / 'model.onnx')}"
    aligner = _file_hash((aligner_dir or default_aligner_dir()) / "model.onnx")
    return f"{judge}|aligner:{aligner}|schema {SCHEMA_VERSION}|rashomon {__version__}"


def _file_hash(path: Path) -> str:
    """The first 12 hex digits of a model file's sha256 ("missing" if it is not there)."""
    if not path.exists():
        return "missing"
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


def _sourcing(an: Analysis) -> Sourcing:
    certainty = Counter(c.certainty for c in an.claims)
    sources: Counter[tuple[str, SourceKind]] = Counter()
    for c in an.claims:
        at = c.attribution
        name = at.speaker or at.source or (an.article.outlet or "the outlet")
        sources[(name, at.kind)] += 1
    return Sourcing(
        article=an.article.id,
        certainty=CertaintyCounts(**{k: certainty.get(k, 0) for k in CERTAINTIES}),
        sources=tuple(
            SourceCount(source=name, kind=kind, claims=n)
            for (name, kind), n in sources.most_common()
        ),
    )


def _notes(articles: Sequence[Article]) -> list[str]:
    notes = []
    for a in articles:
        if not a.published:
            notes.append(
                f"{a.outlet or a.id}: no publication date; relative dates are left unresolved"
            )
    return notes
