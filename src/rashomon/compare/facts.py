"""Facts: claims grouped so that every member tells the same thing as the others, with a verdict.

Grouping is average-link agglomeration over the aligner's probabilities between claims of
different articles (a pair never scored counts as 0), so a hub that resembles many claims
cannot chain them: a group joins another only if its members align *on average* with all of
the other's. Two claims of one article share a group only when they restate each other (their
vectors are close), never merely because both resemble a third claim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rashomon.model import Article, Claim, Fact, Grade, Relation, Side, Verdict, make_id
from rashomon.nlp.speakers import name_key

_SHINGLE = 5


@dataclass(frozen=True, slots=True)
class GroupParams:
    """Chosen on the cross-validated figure of factbench (54 dev stories, 5 story folds through
    the real pipeline: `train/align_cv.py`), precision first. Fact precision / fact recall at
    link 0.3 / 0.4 / 0.5: .68 / .60, .78 / .55, .82 / .51; with ``said_alike`` at 0.4 / 0.45 /
    0.5: .80 / .51, .81 / .49, .83 / .48. Shipped: 0.5 with ``said_alike``, the most precise
    (a reported fact is right five times in six)."""

    # Average aligner probability over the cross-article pairs of two groups to merge them.
    link: float = 0.5
    # Two claims of one article in one group must be at least this close (MiniLM cosine):
    # a restatement, not a second fact the same sentence of another outlet also tells
    # (0.5 and 0.65 scored alike on the folds; per_article 3 gave +.004 fact recall, -.003
    # precision).
    restatement: float = 0.6
    # A group holds at most this many claims of one article.
    per_article: int = 2
    # Two claims of one article that each name a participant (person, country) the other does
    # not, while sharing one, tell of two events ("A met B" / "A met C"): not a restatement.
    # (Across articles the aligner weighs names itself: on the factbench folds the same rule
    # there cost fact recall .548 -> .519 and precision .780 -> .768 at link 0.4.)
    participants: bool = True
    # Two claims that share no word of what they say, once the people they name and the
    # appositions describing them are set aside (`align.said_of`), are not one fact
    # ("Ruiz, the mayor, opened the bridge" / "Ruiz, the city's mayor, spoke on
    # Friday"): they share who someone is, not what happened. On the folds at link 0.5:
    # precision .822 -> .834, fact recall .509 -> .480.
    said_alike: bool = True


def group_claims(
    claims: Sequence[Claim],
    scored: Sequence[tuple[int, int, float]],
    vectors: np.ndarray,
    params: GroupParams = GroupParams(),
    participants: Sequence[frozenset[str]] | None = None,
) -> list[list[int]]:
    """Groups of claim indexes (every claim in exactly one), by average link over ``scored``
    (i, j, probability) pairs of claims from different articles."""
    n = len(claims)
    groups: dict[int, list[int]] = {i: [i] for i in range(n)}
    prob: dict[tuple[int, int], float] = {}
    for i, j, p in scored:
        if claims[i].article != claims[j].article and p > 0:
            prob[(min(i, j), max(i, j))] = p
    # Link sums between groups (only groups that share a scored pair are ever compared).
    sums: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for (i, j), p in prob.items():
        sums[i][j] = sums[i].get(j, 0.0) + p
        sums[j][i] = sums[j].get(i, 0.0) + p

    def cross(a: list[int], b: list[int]) -> int:
        return sum(1 for x in a for y in b if claims[x].article != claims[y].article)

    def swapped(x: int, y: int) -> bool:
        if participants is None or not params.participants:
            return False
        px, py = participants[x], participants[y]
        return bool(px - py) and bool(py - px) and bool(px & py)

    def allowed(a: list[int], b: list[int]) -> bool:
        for x in a:
            for y in b:
                if (
                    claims[x].article == claims[y].article
                    and float(vectors[x] @ vectors[y]) < params.restatement
                ):
                    return False
                if claims[x].article == claims[y].article and swapped(x, y):
                    return False
        counts: dict[str, int] = {}
        for m in (*a, *b):
            counts[claims[m].article] = counts.get(claims[m].article, 0) + 1
        return max(counts.values()) <= params.per_article

    blocked: set[tuple[int, int]] = set()
    while True:
        best: tuple[float, int, int] | None = None
        for a, row in sums.items():
            for b, total in row.items():
                if a >= b or (a, b) in blocked:
                    continue
                link = total / max(1, cross(groups[a], groups[b]))
                if link >= params.link and (best is None or link > best[0]):
                    best = (link, a, b)
        if best is None:
            break
        _, a, b = best
        if not allowed(groups[a], groups[b]):
            blocked.add((a, b))
            continue
        groups[a].extend(groups.pop(b))
        row_b = sums.pop(b)
        for c, total in row_b.items():
            if c == a:
                continue
            sums[c].pop(b, None)
            sums[a][c] = sums[a].get(c, 0.0) + total
            sums[c][a] = sums[c].get(a, 0.0) + total
        sums[a].pop(b, None)
        blocked = {(x, y) for x, y in blocked if a not in (x, y) and b not in (x, y)}
    return [sorted(g) for g in groups.values()]


def _shingles(text: str) -> set[tuple[str, ...]]:
    w = re.findall(r"\w+", text.lower())
    return {tuple(w[i : i + _SHINGLE]) for i in range(max(0, len(w) - _SHINGLE + 1))}


def copy_groups(articles: Sequence[Article], threshold: float = 0.5) -> dict[str, str]:
    """Article id -> origin id: near-duplicates (wire copies, re-publications) share one."""
    sh = {a.id: _shingles(a.text) for a in articles}
    origin = {a.id: a.id for a in articles}
    ids = [a.id for a in articles]
    for x in range(len(ids)):
        for y in range(x + 1, len(ids)):
            a, b = sh[ids[x]], sh[ids[y]]
            if a and b and len(a & b) / min(len(a), len(b)) >= threshold:
                origin[ids[y]] = origin[ids[x]]
    return origin


def claim_origin(c: Claim, article_origin: Mapping[str, str]) -> str:
    """Whose word a claim rests on, for counting independent sources.

    A named person or a news agency quoted by two outlets is one origin; otherwise the
    article (merged with its near-duplicates) is the origin.
    """
    at = c.attribution
    if at.kind in {"named", "media"} and (at.speaker or at.source):
        key = name_key(at.speaker or at.source or "")
        if key:
            return f"src:{key}"
    return f"art:{article_origin[c.article]}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Dispute:
    """What the verdict stage found in one group: the grade, the reason, the two sides."""

    grade: Grade
    reason: str
    sides: tuple[tuple[int, ...], ...]


def build_facts(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    groups: Sequence[Sequence[int]],
    relations: Sequence[Relation],
    disputes: Mapping[int, Dispute],
) -> tuple[Fact, ...]:
    """One fact per group, in reading order: disputed (``disputes`` by group index) first,
    then corroborated (two or more articles and independent sources), then unique."""
    index = {c.id: i for i, c in enumerate(claims)}
    outlet = {a.id: a.outlet or a.id for a in articles}
    origin = copy_groups(articles)
    rels_of: dict[int, list[int]] = {}
    for r_i, r in enumerate(relations):
        rels_of.setdefault(index[r.a], []).append(r_i)
        rels_of.setdefault(index[r.b], []).append(r_i)
    facts = []
    for g, members_ in enumerate(groups):
        members = sorted(members_, key=lambda i: (claims[i].article, claims[i].start))
        cs = [claims[i] for i in members]
        inside = set(members)
        rel_ids = sorted(
            {
                r
                for m in members
                for r in rels_of.get(m, [])
                if index[relations[r].a] in inside and index[relations[r].b] in inside
            }
        )
        sources = len({claim_origin(c, origin) for c in cs})
        arts = {c.article for c in cs}
        dispute = disputes.get(g)
        sides: tuple[Side, ...] = ()
        verdict: Verdict
        grade: Grade | None
        if dispute is not None:
            verdict, grade, reason = "disputed", dispute.grade, dispute.reason
            sides = tuple(
                Side(
                    claims=tuple(claims[i].id for i in side),
                    outlets=tuple(dict.fromkeys(outlet[claims[i].article] for i in side)),
                )
                for side in dispute.sides
            )
        elif len(arts) >= 2 and sources >= 2:
            verdict, grade, reason = "corroborated", None, None
        else:
            verdict, grade, reason = "unique", None, None
        outlets = tuple(dict.fromkeys(outlet[c.article] for c in cs))
        degree = {m: len(rels_of.get(m, [])) for m in members}
        summary = claims[
            max(
                members,
                key=lambda m: (degree[m], claims[m].polarity == "positive", len(claims[m].text)),
            )
        ].text
        facts.append(
            Fact(
                id=make_id("f", *sorted(c.id for c in cs)),
                verdict=verdict,
                grade=grade,
                claims=tuple(c.id for c in cs),
                sources=sources,
                outlets=outlets,
                summary=summary,
                relations=tuple(rel_ids),
                sides=sides,
                reason=reason,
            )
        )
    order = {"disputed": 0, "corroborated": 1, "unique": 2}
    facts.sort(key=lambda f: (order[f.verdict], -len(f.claims), f.outlets, index[f.claims[0]]))
    return tuple(facts)
