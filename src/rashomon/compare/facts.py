"""Facts: aligned claims grouped, with a verdict, a grade for disputes, and independent sources."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from ..model import Article, Claim, Fact, Relation, make_id
from ..nlp.speakers import name_key
from .conflict import characterising_negation

_CONTRAST = re.compile(r"\b(?:but|instead|only|rather|though|although|yet)\b", re.I)
# The positive half continues the same participants: "..., but they did have ...".
_SAME_SUBJECT = re.compile(r"^(?:they|he|she|it|the two|both)\b", re.I)
RESTATEMENT_SIMILARITY = 0.65
COUNTERPART_SIMILARITY = 0.55
_SHINGLE = 5


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


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


def claim_origin(c: Claim, article_origin: dict[str, str]) -> str:
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


def build_facts(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    relations: Sequence[Relation],
    vectors: np.ndarray | None = None,
) -> tuple[Fact, ...]:
    """Group related claims into facts and give each a verdict.

    ``vectors`` (claim embeddings, row i = claims[i]) let a disputed fact take in the
    same article's restatements of its claims ("no substantial meeting" ... "no formal
    talks had occurred").
    """
    index = {c.id: i for i, c in enumerate(claims)}
    outlet = {a.id: a.outlet or a.id for a in articles}
    text_of = {a.id: a.text for a in articles}
    uf = _Union(len(claims))
    rels_of: dict[int, list[int]] = defaultdict(list)
    # Each claim joins only its best counterpart in each other article: a general claim that
    # resembles many ("talks stalled") must not chain unrelated facts into one.
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for r_i, r in enumerate(relations):
        if r.label not in {"agree", "contradict"}:
            continue
        i, j = index[r.a], index[r.b]
        for x, y in ((i, j), (j, i)):
            key = (x, claims[y].article)
            if key not in best or r.score > best[key][0]:
                best[key] = (r.score, r_i)
    kept = sorted({r_i for _, r_i in best.values()})
    for r_i in kept:
        r = relations[r_i]
        i, j = index[r.a], index[r.b]
        uf.union(i, j)
        rels_of[i].append(r_i)
        rels_of[j].append(r_i)
    # "No formal talks had occurred, but they did have a conversation": the positive half
    # of a contrastive sentence is the negating source's own account of the same event.
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(claims)):
        groups[uf.find(i)].append(i)
    alternative: dict[int, int] = {}
    restated: set[int] = set()
    for members in groups.values():
        if not any(relations[r].label == "contradict" for m in members for r in rels_of[m]):
            continue
        for m in members:
            c = claims[m]
            if c.polarity != "negated":
                continue
            for j, d in enumerate(claims):
                if (
                    d.article == c.article
                    and d.sentence == c.sentence
                    and d.start >= c.end
                    and d.polarity == "positive"
                    and _CONTRAST.search(text_of[c.article][c.end : d.start])
                    and _SAME_SUBJECT.match(d.text)
                    and uf.find(j) != uf.find(m)
                    and len(groups[uf.find(j)]) == 1
                ):
                    alternative[j] = m
    for j, m in alternative.items():
        uf.union(j, m)
    if vectors is not None and len(vectors):
        groups = defaultdict(list)
        for i in range(len(claims)):
            groups[uf.find(i)].append(i)
        for members in list(groups.values()):
            if len({claims[m].article for m in members}) < 2:
                continue
            if not any(relations[r].label == "contradict" for m in members for r in rels_of[m]):
                continue
            for m in list(members):
                for j, d in enumerate(claims):
                    if (
                        d.article == claims[m].article
                        and d.polarity == claims[m].polarity
                        and len(groups[uf.find(j)]) == 1
                        and float(vectors[j] @ vectors[m]) >= RESTATEMENT_SIMILARITY
                        and max(
                            float(vectors[j] @ vectors[o])
                            for o in members
                            if claims[o].article != d.article
                        )
                        >= COUNTERPART_SIMILARITY
                    ):
                        uf.union(j, m)
                        restated.add(j)
    groups = defaultdict(list)
    for i in range(len(claims)):
        groups[uf.find(i)].append(i)
    origin = copy_groups(articles)
    facts = []
    for members in groups.values():
        members.sort(key=lambda i: (claims[i].article, claims[i].start))
        cs = [claims[i] for i in members]
        rel_ids = sorted({r for m in members for r in rels_of[m]})
        labels = {relations[r].label for r in rel_ids}
        sources = len({claim_origin(c, origin) for c in cs})
        arts = {c.article for c in cs}
        if "contradict" in labels:
            verdict, grade = "disputed", _grade(cs, [relations[r] for r in rel_ids], bool(alternative.keys() & set(members)))
        elif len(arts) >= 2 and sources >= 2:
            verdict, grade = "corroborated", None
        else:
            verdict, grade = "unique", None
        outlets = tuple(dict.fromkeys(outlet[c.article] for c in cs))
        degree = {m: len(rels_of[m]) for m in members}
        summary = claims[max(members, key=lambda m: (degree[m], claims[m].polarity == "positive", len(claims[m].text)))].text
        facts.append(
            Fact(
                id=make_id("f", *sorted(c.id for c in cs)),
                verdict=verdict,  # type: ignore[arg-type]
                grade=grade,  # type: ignore[arg-type]
                claims=tuple(c.id for c in cs),
                sources=sources,
                outlets=outlets,
                summary=summary,
                relations=tuple(rel_ids),
            )
        )
    order = {"disputed": 0, "corroborated": 1, "unique": 2}
    facts.sort(key=lambda f: (order[f.verdict], -len(f.claims), f.outlets, index[f.claims[0]]))
    return tuple(facts)


def _grade(cs: Sequence[Claim], rels: Sequence[Relation], has_alternative: bool) -> str:
    cues = [c for r in rels if r.label == "contradict" for c in r.cues]
    if any(c.startswith("numbers") for c in cues):
        return "numbers_differ"
    if any(c.startswith("dates") for c in cues):
        return "dates_differ"
    if has_alternative or any(c.polarity == "negated" and characterising_negation(c.text) for c in cs):
        return "characterised_differently"
    return "contradicted"
