"""Candidate claim pairs across articles: nearest neighbours by embedding, plus shared entities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from ..model import Claim


def candidate_pairs(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    claim_entities: Sequence[frozenset[str]],
    *,
    top_k: int = 4,
    min_similarity: float = 0.35,
    entity_similarity: float = 0.25,
    block: int = 2048,
) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine) of claims from different articles worth judging, i < j.

    Each claim keeps its ``top_k`` most similar claims of every other article above
    ``min_similarity``, and pairs sharing two or more entities above ``entity_similarity``;
    so the judge sees O(claims * k) pairs, not every pair.
    """
    n = len(claims)
    if n == 0:
        return []
    articles = np.array([hash(c.article) for c in claims])
    pairs: dict[tuple[int, int], float] = {}
    for lo in range(0, n, block):
        sims = vectors[lo : lo + block] @ vectors.T
        for r in range(sims.shape[0]):
            i = lo + r
            row = sims[r]
            other = articles != articles[i]
            for art in np.unique(articles[other]):
                idx = np.flatnonzero(articles == art)
                best = idx[np.argsort(-row[idx])[:top_k]]
                for j in best:
                    if row[j] >= min_similarity:
                        key = (min(i, int(j)), max(i, int(j)))
                        pairs[key] = float(row[j])
    # Shared entities: an inverted index, so only claims that share an entity meet.
    by_entity: dict[str, list[int]] = defaultdict(list)
    for i, ents in enumerate(claim_entities):
        for e in ents:
            by_entity[e].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in by_entity.values():
        if len(members) > 200:  # a ubiquitous entity says nothing about alignment
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if claims[i].article != claims[j].article:
                    shared[(i, j)] += 1
    for (i, j), count in shared.items():
        if count >= 2 and (i, j) not in pairs:
            sim = float(vectors[i] @ vectors[j])
            if sim >= entity_similarity:
                pairs[(i, j)] = sim
    return sorted((i, j, s) for (i, j), s in pairs.items())
