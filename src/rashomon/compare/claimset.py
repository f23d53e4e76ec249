"""The claims of one story gathered for comparison: vectors, resolved entities, settings.

`gather` is the compare-only set-up that used to live in the service: the claims of every
article in report order with their embeddings, the entities resolved across outlets, each
claim's entities and participants, and where and when each claim's sentence is set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rashomon.compare.resolve import Gazetteer, entity_index, resolve_entities
from rashomon.model import Analysis, Article, Claim, Entity, TimeExpr
from rashomon.nlp.embed import Embedder

ANCHOR_LABELS = frozenset({"GPE", "LOC", "FAC", "EVENT"})
# Who takes part: people and countries (places and organisations are detail).
PARTICIPANT_LABELS = frozenset({"PERSON", "COUNTRY"})
EMBEDDING_SIZE = 384


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimSet:
    analyses: tuple[Analysis, ...]
    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    vectors: np.ndarray  # row i = claims[i], unit length
    entities: tuple[Entity, ...]
    claim_entities: tuple[frozenset[str], ...]
    claim_participants: tuple[frozenset[str], ...]
    claim_anchors: tuple[frozenset[str], ...]
    times: Mapping[str, TimeExpr]
    sentence_counts: Mapping[str, int]
    # The whole sentence of each claim, embedded (a clause split from a longer sentence is
    # aligned by its own words and by its sentence's): row i = claims[i].
    sentence_vectors: np.ndarray

    def claim_places(self, i: int) -> frozenset[str]:
        return places_of(self.claim_anchors[i])

    def claim_times(self, i: int) -> tuple[str, ...]:
        return tuple(v for t in self.claims[i].times if (v := self.times[t].value))


def places_of(anchors: frozenset[str]) -> frozenset[str]:
    """The places among a claim's anchors (its dates left out)."""
    return frozenset(a for a in anchors if not a.startswith("date:"))


def gather(
    analyses: Sequence[Analysis],
    vectors: Sequence[np.ndarray],
    gazetteer: Gazetteer,
    embedder: Embedder,
) -> ClaimSet:
    """``vectors[k]`` holds the claim embeddings of ``analyses[k]`` (row i = its claims[i])."""
    claims = tuple(c for a in analyses for c in a.claims)
    stacked = [v for v in vectors if len(v)]
    matrix = (
        np.vstack(stacked)
        if claims and stacked
        else np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
    )
    sentence_vectors = _sentence_vectors(analyses, claims, matrix, embedder)
    entities = resolve_entities(analyses, gazetteer)
    mentions_by_article: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (art, start), eid in entity_index(entities).items():
        mentions_by_article[art].append((start, eid))
    claim_entities = tuple(
        frozenset(e for s, e in mentions_by_article[c.article] if c.start <= s < c.end)
        for c in claims
    )
    participants = {e.id for e in entities if e.label in PARTICIPANT_LABELS}
    return ClaimSet(
        analyses=tuple(analyses),
        articles=tuple(a.article for a in analyses),
        claims=claims,
        vectors=matrix,
        entities=entities,
        claim_entities=claim_entities,
        claim_participants=tuple(ents & participants for ents in claim_entities),
        claim_anchors=tuple(_anchors(analyses, entities, mentions_by_article)),
        times={t.id: t for a in analyses for t in a.times},
        sentence_counts={a.article.id: len(a.sentences) for a in analyses},
        sentence_vectors=sentence_vectors,
    )


def _sentence_vectors(
    analyses: Sequence[Analysis], claims: Sequence[Claim], vectors: np.ndarray, embedder: Embedder
) -> np.ndarray:
    """Each claim's sentence embedded; a claim that is its whole sentence reuses its vector."""
    out = vectors.copy()
    text_of: dict[tuple[str, int], str] = {}
    for an in analyses:
        for k, (s, e) in enumerate(an.sentences):
            text_of[(an.article.id, k)] = an.article.text[s:e].strip()
    todo: dict[tuple[str, int], list[int]] = {}
    for i, c in enumerate(claims):
        sent = text_of.get((c.article, c.sentence))
        if sent and sent != c.text.strip():
            todo.setdefault((c.article, c.sentence), []).append(i)
    if todo:
        keys = list(todo)
        embedded = embedder.embed([text_of[k] for k in keys])
        for key, row in zip(keys, embedded, strict=True):
            out[todo[key]] = row
    return out


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
            s, e = (
                an.sentences[c.sentence]
                if 0 <= c.sentence < len(an.sentences)
                else (c.start, c.end)
            )
            found = {
                place[eid]
                for start, eid in mentions_by_article[aid]
                if s <= start < e and eid in place
            }
            found.update(f"date:{t.value}" for t in an.times if t.value and s <= t.start < e)
            out.append(frozenset(found))
    return out
