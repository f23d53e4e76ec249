"""Across articles: align claims, group them into facts, and give each fact its verdict.

The order of work keeps cost linear in claims: embedding neighbours give the candidate pairs,
the aligner (cheap features, a small tree ensemble) scores them all, grouping makes the facts,
and only the cross-article pairs inside a multi-outlet fact go to the judge, whose verdicts
the precision-first checks of `verdict` then turn into disputes with sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rashomon.compare.align import Aligner, CandidateParams, candidate_pairs, pair_features, said_of
from rashomon.compare.claimset import ClaimSet
from rashomon.compare.facts import Dispute, GroupParams, build_facts, group_claims
from rashomon.compare.judge import Judge, Pair
from rashomon.compare.verdict import Conflict, VerdictParams, decide, pair_conflict, widen_sides
from rashomon.model import Fact, Judgment, Label, Relation


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
    candidates = candidate_pairs(cs, params.candidates)
    probs = aligner.probabilities(pair_features(cs, candidates))
    scored = [(i, j, float(p)) for (i, j, _), p in zip(candidates, probs, strict=True)]
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
            claims[i],
            claims[j],
            a_times=cs.claim_times(i),
            b_times=cs.claim_times(j),
            similarity=sim,
            judgment=jd,
            params=params.verdicts,
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


def _widen(
    cs: ClaimSet, groups: list[list[int]], disputes: dict[int, Dispute], params: VerdictParams
) -> tuple[list[list[int]], dict[int, Dispute]]:
    """Disputed groups take in their sides' own restatements (`verdict.widen_sides`)."""
    free = {g[0] for g in groups if len(g) == 1}
    places = [cs.claim_places(i) for i in range(len(cs.claims))]
    text_of = {a.id: a.text for a in cs.articles}
    widened = {
        g_i: widen_sides(d, cs.claims, cs.vectors, text_of, free, params, places)
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
        reason = (
            f"{jd.reason}; below the {params.model_contradict:.2f} a dispute needs, and "
            "no check fires"
        )
    confidence = jd.scores[jd.label]
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
