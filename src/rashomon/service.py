"""The one place that wires the stages together; the CLI (and later the API) call only this."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .compare.align import candidate_pairs
from .compare.facts import build_facts
from .compare.judge import CueJudge, Judge, Pair
from .compare.quotes import group_quotes
from .compare.resolve import Gazetteer, entity_index, resolve_entities
from .errors import TooFewArticlesError
from .model import (
    Analysis,
    Article,
    Claim,
    Entity,
    Relation,
    Report,
    SourceCount,
    Sourcing,
)
from .nlp.embed import Embedder, MiniLMEmbedder
from .nlp.pipeline import Analyzer, Result
from .settings import Settings

log = logging.getLogger(__name__)


def make_judge(settings: Settings, embedder: Embedder) -> Judge:
    """The judge the settings name; each loads its model on first use."""
    name = settings.judge
    if name == "cue":
        return CueJudge(embedder)
    if name == "model":
        from .compare.model_judge import ModelJudge

        return ModelJudge(threads=settings.threads, embedder=embedder)
    if name == "chat":
        from .compare.plugin_judges import ChatJudge

        return ChatJudge(settings.judge_url, settings.judge_model, key_env=settings.judge_key_env)
    from .compare.plugin_judges import HFJudge

    return HFJudge(name.removeprefix("hf:"))


@dataclass
class Service:
    """Holds the models (each loaded on first use) and runs analyze / compare / judge."""

    settings: Settings = field(default_factory=Settings)
    _embedder: Embedder | None = None
    _analyzer: Analyzer | None = None
    _judge: Judge | None = None
    _gazetteer: Gazetteer | None = None

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
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer()
        return self._gazetteer

    # -- per article ------------------------------------------------------------
    def analyze(self, articles: Sequence[Article], *, on_error: str = "raise") -> list[Analysis]:
        return [r.analysis for r in self.analyzer.analyze_many(articles, on_error=on_error)]

    # -- across articles --------------------------------------------------------
    def compare(self, articles: Sequence[Article]) -> Report:
        if len(articles) < 2:
            raise TooFewArticlesError(
                f"compare needs two or more articles, got {len(articles)}"
            )
        results = self.analyzer.analyze_many(articles)
        return self.compare_analyses(results)

    def compare_analyses(self, results: Sequence[Result]) -> Report:
        analyses = [r.analysis for r in results]
        articles = [a.article for a in analyses]
        claims: list[Claim] = [c for a in analyses for c in a.claims]
        vectors = (
            np.vstack([r.vectors for r in results if len(r.vectors)])
            if claims
            else np.zeros((0, 384), dtype=np.float32)
        )
        entities = resolve_entities(analyses, self.gazetteer)
        at = entity_index(entities)
        mentions_by_article = defaultdict(list)
        for (art, start), eid in at.items():
            mentions_by_article[art].append((start, eid))
        claim_entities = [
            frozenset(e for s, e in mentions_by_article[c.article] if c.start <= s < c.end)
            for c in claims
        ]
        # Who takes part: people and countries (places and organisations are detail).
        participants = {e.id for e in entities if e.label in {"PERSON", "COUNTRY"}}
        claim_participants = [ents & participants for ents in claim_entities]
        times = {t.id: t for a in analyses for t in a.times}
        claim_anchors = _anchors(analyses, entities, mentions_by_article)
        pairs = candidate_pairs(claims, vectors, claim_entities)
        judgments = self.judge.judge(
            [
                Pair(
                    a=claims[i].text,
                    b=claims[j].text,
                    a_times=tuple(v for t in claims[i].times if (v := times[t].value)),
                    b_times=tuple(v for t in claims[j].times if (v := times[t].value)),
                    a_negated=claims[i].polarity == "negated",
                    b_negated=claims[j].polarity == "negated",
                    a_entities=claim_participants[i],
                    b_entities=claim_participants[j],
                    similarity=sim,
                    a_anchors=claim_anchors[i],
                    b_anchors=claim_anchors[j],
                    a_predicate=claims[i].predicate,
                    b_predicate=claims[j].predicate,
                )
                for i, j, sim in pairs
            ]
        )
        relations = tuple(
            Relation(
                a=claims[i].id,
                b=claims[j].id,
                label=jd.label,
                score=round(sim, 4),
                reason=jd.reason,
                cues=jd.cues,
            )
            for (i, j, sim), jd in zip(pairs, judgments, strict=True)
            if jd.label != "unrelated"
        )
        facts = build_facts(articles, claims, relations, vectors)
        text_of = {a.id: a.text for a in articles}
        quotes = [q for a in analyses for q in a.quotes]
        quote_groups = group_quotes(quotes, text_of, self.embedder)
        return Report(
            articles=tuple(articles),
            entities=entities,
            claims=tuple(claims),
            quotes=tuple(quotes),
            times=tuple(t for a in analyses for t in a.times),
            facts=facts,
            quote_groups=quote_groups,
            relations=relations,
            sourcing=tuple(_sourcing(a) for a in analyses),
            notes=tuple(_notes(articles)),
        )


ANCHOR_LABELS = frozenset({"GPE", "LOC", "FAC", "EVENT"})


def _anchors(
    analyses: Sequence[Analysis],
    entities: Sequence[Entity],
    mentions_by_article: Mapping[str, list[tuple[int, str]]],
) -> list[frozenset[str]]:
    """Per claim, in report order: where and when its sentence is set. Places and named events
    (countries are participants, not settings) and the resolved dates of the sentence; a
    clause split from a longer sentence keeps them ("..., but negotiations broke down")."""
    # "id:name": the id ties the same place across outlets, the name is for reasons shown.
    place = {e.id: f"{e.id}:{e.name}" for e in entities if e.label in ANCHOR_LABELS}
    out: list[frozenset[str]] = []
    for an in analyses:
        aid = an.article.id
        for c in an.claims:
            s, e = an.sentences[c.sentence] if 0 <= c.sentence < len(an.sentences) else (c.start, c.end)
            found = {place[eid] for start, eid in mentions_by_article[aid] if s <= start < e and eid in place}
            found.update(f"date:{t.value}" for t in an.times if t.value and s <= t.start < e)
            out.append(frozenset(found))
    return out


def _sourcing(an: Analysis) -> Sourcing:
    certainty = Counter(c.certainty for c in an.claims)
    sources: Counter[tuple[str, str]] = Counter()
    for c in an.claims:
        at = c.attribution
        name = at.speaker or at.source or (an.article.outlet or "the outlet")
        sources[(name, at.kind)] += 1
    return Sourcing(
        article=an.article.id,
        certainty={k: certainty.get(k, 0) for k in ("asserted", "reported", "hedged", "hearsay")},
        sources=tuple(
            SourceCount(source=name, kind=kind, claims=n)  # type: ignore[arg-type]
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
