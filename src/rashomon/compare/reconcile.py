"""Across articles: align claims, group them into facts, and give each fact its verdict.

The order of work keeps cost linear in claims: embedding neighbours give the candidate pairs,
the aligner (cheap features, a small tree ensemble) scores them all, grouping makes the facts,
and only the cross-article pairs inside a multi-outlet fact go to the judge, whose verdicts
the precision-first checks of `verdict` then turn into disputes with sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Fact, Judgment, Label, Relation
from .align import Aligner, CandidateParams, candidate_pairs, pair_features, said_of
from .claimset import ClaimSet
from .facts import Dispute, GroupParams, build_facts, group_claims
from .judge import Judge, Pair
from .verdict import Conflict, VerdictParams, decide, pair_conflict, widen_sides


@dataclass(frozen=True, slots=True)
class ReconcileParams:
    candidates: CandidateParams = field(default_factory=CandidateParams)
    grouping: GroupParams = field(default_factory=GroupParams)
    verdicts: VerdictParams = field(default_factory=VerdictParams)


def _pair(cs: ClaimSet, i: int, j: int, sim: float) -> Pair:
    a, b = cs.claims[i], cs.claims[j]
    return Pair(
        a=a.text,
        b=b.text,
        a_times=cs.claim_times(i),
        b_times=cs.claim_times(j),
        a_negated=a.polarity == "negated",
        b_negated=b.polarity == "negated",
        a_entities=cs.claim_participants[i],
        b_entities=cs.claim_participants[j],
        similarity=sim,
        a_anchors=cs.claim_anchors[i],
        b_anchors=cs.claim_anchors[j],
        a_predicate=a.predicate,
        b_predicate=b.predicate,
    )


def reconcile(
    cs: ClaimSet,
    aligner: Aligner,
    judge: Judge,
    params: ReconcileParams = ReconcileParams(),
) -> tuple[tuple[Fact, ...], tuple[Relation, ...]]:
    """The facts of a story and the judged relations they rest on."""
    claims = cs.claims
    candidates = candidate_pairs(claims, cs.vectors, cs.claim_entities, params.candidates, cs.sentence_vectors)
    features = pair_features(
        claims, cs.vectors, cs.claim_entities, candidates, dict(cs.sentence_counts), cs.sentence_vectors,
        cs.claim_anchors,
    )
    probs = aligner.probabilities(features)
    scored = [(i, j, float(p)) for (i, j, _), p in zip(candidates, probs, strict=True)]
    if params.grouping.closure:
        scored += _closure(cs, scored, params, aligner)
    if params.grouping.said_alike:
        said = [said_of(c.text) for c in claims]
        scored = [(i, j, p) for i, j, p in scored if said[i] & said[j]]
    groups = group_claims(claims, scored, cs.vectors, params.grouping, cs.claim_participants)
    alignment = {(i, j): p for i, j, p in scored}
    inside: list[tuple[int, int, float]] = []
    for g in groups:
        for x, i in enumerate(g):
            for j in g[x + 1 :]:
                if claims[i].article != claims[j].article:
                    a, b = min(i, j), max(i, j)
                    inside.append((a, b, float(cs.vectors[a] @ cs.vectors[b])))
    judgments = judge.judge([_pair(cs, i, j, sim) for i, j, sim in inside]) if inside else []
    conflicts: dict[tuple[int, int], Conflict] = {}
    for (i, j, sim), jd in zip(inside, judgments, strict=True):
        found = pair_conflict(
            claims[i], claims[j], a_times=cs.claim_times(i), b_times=cs.claim_times(j),
            similarity=sim, judgment=jd, params=params.verdicts,
        )
        if found is not None:
            conflicts[(i, j)] = found
    similarity = {(i, j): sim for i, j, sim in inside}
    disputes: dict[int, Dispute] = {}
    for g_i, g in enumerate(groups):
        if len({claims[m].article for m in g}) >= 2:
            d = decide(g, claims, conflicts, similarity)
            if d is not None:
                disputes[g_i] = d
    if params.verdicts.corroboration_needs_agreement:
        agreed = {(i, j) for (i, j, _), jd in zip(inside, judgments, strict=True) if jd.label == "agree"}
        groups, disputes = _split_unagreed(groups, disputes, agreed)
    if disputes:
        groups, disputes = _widen(cs, groups, disputes, params.verdicts)
    group_of = {m: g_i for g_i, g in enumerate(groups) for m in g}
    relations = tuple(
        _relation(cs, i, j, sim, jd, conflicts.get((i, j)), alignment.get((i, j)), params.verdicts)
        for (i, j, sim), jd in zip(inside, judgments, strict=True)
        if group_of[i] == group_of[j]
    )
    facts = build_facts(cs.articles, claims, groups, relations, disputes)
    return facts, relations


def _split_unagreed(
    groups: list[list[int]], disputes: dict[int, Dispute], agreed: set[tuple[int, int]]
) -> tuple[list[list[int]], dict[int, Dispute]]:
    """Undisputed groups in which no cross-outlet pair was read as agreement, split apart."""
    out_groups: list[list[int]] = []
    out_disputes: dict[int, Dispute] = {}
    for g_i, g in enumerate(groups):
        if g_i in disputes:
            out_disputes[len(out_groups)] = disputes[g_i]
            out_groups.append(g)
        elif len(g) > 1 and not any((min(x, y), max(x, y)) in agreed for x in g for y in g):
            out_groups.extend([m] for m in g)
        else:
            out_groups.append(g)
    return out_groups, out_disputes


def _closure(
    cs: ClaimSet, scored: list[tuple[int, int, float]], params: ReconcileParams, aligner: Aligner
) -> list[tuple[int, int, float]]:
    """The pairs that average linking will weigh but the candidates left out: a-c where a-b
    and b-c both align. Scoring them (rather than counting them as 0) lets three outlets that
    tell one fact meet even when a-c was not among each other's nearest."""
    link = params.grouping.link
    strong: dict[int, set[int]] = {}
    for i, j, p in scored:
        if p >= link:
            strong.setdefault(i, set()).add(j)
            strong.setdefault(j, set()).add(i)
    have = {(i, j) for i, j, _ in scored}
    claims = cs.claims
    extra = sorted(
        {
            (min(a, c), max(a, c))
            for b, near in strong.items()
            for a in near
            for c in near
            if a < c and claims[a].article != claims[c].article and (min(a, c), max(a, c)) not in have
        }
    )
    if not extra:
        return []
    pairs = [(i, j, float(cs.vectors[i] @ cs.vectors[j])) for i, j in extra]
    features = pair_features(
        claims, cs.vectors, cs.claim_entities, pairs, dict(cs.sentence_counts), cs.sentence_vectors,
        cs.claim_anchors,
    )
    from_model = aligner.probabilities(features)
    return [(i, j, float(p)) for (i, j, _), p in zip(pairs, from_model, strict=True)]


def _widen(
    cs: ClaimSet, groups: list[list[int]], disputes: dict[int, Dispute], params: VerdictParams
) -> tuple[list[list[int]], dict[int, Dispute]]:
    """Disputed groups take in their sides' own restatements (`verdict.widen_sides`)."""
    free = {g[0] for g in groups if len(g) == 1}
    text_of = {a.id: a.text for a in cs.articles}
    widened = {
        g_i: widen_sides(d, cs.claims, cs.vectors, text_of, free, params, cs.claim_anchors)
        for g_i, d in disputes.items()
    }
    taken = {m for d in widened.values() for side in d.sides for m in side}
    out_groups: list[list[int]] = []
    out_disputes: dict[int, Dispute] = {}
    for g_i, g in enumerate(groups):
        if g_i in widened:
            out_disputes[len(out_groups)] = widened[g_i]
            out_groups.append(sorted({*g, *(m for side in widened[g_i].sides for m in side)}))
        elif len(g) == 1 and g[0] in taken:
            continue
        else:
            out_groups.append(g)
    return out_groups, out_disputes


def _relation(
    cs: ClaimSet,
    i: int,
    j: int,
    sim: float,
    jd: Judgment,
    conflict: Conflict | None,
    alignment: float | None,
    params: VerdictParams,
) -> Relation:
    label: Label = jd.label
    reason = jd.reason
    if conflict is not None:
        label, reason = "contradict", conflict.reason
    elif label == "contradict":
        # The judge alone, below the bar a dispute needs: no stance is shown.
        label = "neutral"
        reason = f"{jd.reason}; below the {params.model_contradict:.2f} a dispute needs, and no check fires"
    confidence = jd.scores.get(jd.label)
    return Relation(
        a=cs.claims[i].id,
        b=cs.claims[j].id,
        label=label,
        score=round(sim, 4),
        reason=reason,
        cues=(conflict.reason,) if conflict is not None else (),
        similarity=round(sim, 4),
        confidence=round(float(confidence), 4) if confidence is not None else None,
        alignment=round(alignment, 4) if alignment is not None else None,
    )


__all__: Sequence[str] = ("ReconcileParams", "reconcile")
