"""What the story page shows beyond ``rashomon.report.view``: columns, claim details, agreement.

The page reads the same :class:`~rashomon.report.view.ReportView` as the HTML report and
highlights each article with the same :func:`~rashomon.report.html.highlight`; this module
adds what only an interactive page needs: for every claim its counterparts in the other
articles with the judge's label and reason (the JSON the page's script reads when a claim is
clicked), and the outlet × outlet agreement matrix.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from rashomon.model import Report
from rashomon.report.html import Column, highlight
from rashomon.report.view import GRADE_WORDS, VERDICT_ORDER, ReportView, build, describe_attribution


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    """How two articles' claims relate: facts they share and what the judge said of pairs."""

    agree: int  # corroborated facts both take part in
    conflict: int  # disputed facts both take part in
    pairs: dict[str, int]  # judged claim pairs between the two, by label

    @property
    def shared(self) -> int:
        return self.agree + self.conflict

    @property
    def tone(self) -> str:
        """A CSS class: which way the shared facts lean (no inline style under the CSP)."""
        if not self.shared:
            return "tone-none"
        share = self.agree / self.shared
        if share >= 0.75:
            return "tone-agree"
        if share <= 0.25:
            return "tone-conflict"
        return "tone-mixed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Matrix:
    names: tuple[str, ...]  # display names, article order
    ids: tuple[str, ...]
    claims: tuple[int, ...]  # claims per article, for the diagonal
    cells: dict[tuple[str, str], Cell]

    def cell(self, a: str, b: str) -> Cell:
        return self.cells[(a, b)]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryPage:
    view: ReportView
    columns: tuple[Column, ...]
    matrix: Matrix
    claim_data: dict[str, Any]  # claim id -> what the script shows on a click


def story_page(report: Report) -> StoryPage:
    view = build(report)
    return StoryPage(
        view=view,
        columns=tuple(column(view, a.id) for a in report.articles),
        matrix=agreement(view),
        claim_data=claim_details(view),
    )


def column(view: ReportView, article_id: str) -> Column:
    article = view.articles[article_id]
    claims = [c for c in view.report.claims if c.article == article_id]
    quotes = [q for q in view.report.quotes if q.article == article_id]
    counts = dict.fromkeys(VERDICT_ORDER, 0)
    for c in claims:
        verdict = view.verdict_of(c.id)
        if verdict in counts:
            counts[verdict] += 1
    url = (
        article.url
        if article.url and article.url.lower().startswith(("http://", "https://"))
        else None
    )
    return Column(
        article=article,
        outlet=view.outlets[article_id],
        url=url,
        claims=len(claims),
        counts=counts,
        body=highlight(article, claims, quotes, view),
    )


def claim_details(view: ReportView) -> dict[str, Any]:
    """For each claim: its fact, and each counterpart in another article with the judge's word.

    Counterparts are the claims a judged relation links it to (label, score, reason, cues),
    then the other members of its fact that no relation names directly.
    """
    report = view.report
    related: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for rel in report.relations:
        related[rel.a].append((rel.b, rel))
        related[rel.b].append((rel.a, rel))
    out: dict[str, Any] = {}
    for claim in report.claims:
        fact = view.fact_of_claim.get(claim.id)
        members = set(fact.claims) if fact else set()
        seen: set[str] = set()
        counterparts = []
        # The claims of its fact first, then other judged agreements and contradictions.
        ranked = sorted(
            related.get(claim.id, []),
            key=lambda pair: (pair[0] not in members, pair[1].label == "neutral", -pair[1].score),
        )
        for other_id, rel in ranked:
            other = view.claims.get(other_id)
            if other is None or other.article == claim.article or other_id in seen:
                continue
            if other_id not in members and rel.label == "neutral":
                continue  # a neutral pair outside the fact says nothing to the reader
            seen.add(other_id)
            counterparts.append(
                _counterpart(view, other_id, rel.label, rel.score, rel.reason, rel.cues)
            )
        for other_id in sorted(members - seen - {claim.id}):
            other = view.claims.get(other_id)
            if other is None or other.article == claim.article:
                continue
            counterparts.append(_counterpart(view, other_id, None, None, "in the same fact", ()))
        out[claim.id] = {
            "id": claim.id,
            "outlet": view.outlets.get(claim.article, claim.article),
            "text": claim.text,
            "how": f"{claim.certainty} · {describe_attribution(claim.attribution)}",
            "verdict": fact.verdict if fact else None,
            "grade": GRADE_WORDS.get(fact.grade, fact.grade) if fact and fact.grade else None,
            "fact": fact.id if fact else None,
            "summary": fact.summary if fact else None,
            "counterparts": counterparts,
        }
    return out


def _counterpart(
    view: ReportView,
    claim_id: str,
    label: str | None,
    score: float | None,
    reason: str,
    cues: tuple[str, ...],
) -> dict[str, Any]:
    other = view.claims[claim_id]
    return {
        "id": claim_id,
        "outlet": view.outlets.get(other.article, other.article),
        "text": other.text,
        "verdict": view.verdict_of(claim_id),
        "label": label,
        "score": score,
        "reason": reason,
        "cues": list(cues),
    }


def agreement(view: ReportView) -> Matrix:
    """Outlet × outlet: shared corroborated and disputed facts, and judged pairs by label."""
    report = view.report
    ids = tuple(a.id for a in report.articles)
    facts: dict[tuple[str, str], list[int]] = {(a, b): [0, 0] for a in ids for b in ids}
    for fact in report.facts:
        if fact.verdict == "unique":
            continue
        arts = sorted({view.claims[c].article for c in fact.claims if c in view.claims})
        for a, b in combinations(arts, 2):
            for key in ((a, b), (b, a)):
                if key in facts:
                    facts[key][0 if fact.verdict == "corroborated" else 1] += 1
    pairs: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rel in report.relations:
        one, other = view.claims.get(rel.a), view.claims.get(rel.b)
        if one is None or other is None or one.article == other.article:
            continue
        pairs[(one.article, other.article)][rel.label] += 1
        pairs[(other.article, one.article)][rel.label] += 1
    per_article: dict[str, int] = defaultdict(int)
    for c in report.claims:
        per_article[c.article] += 1
    return Matrix(
        names=tuple(view.outlets[a] for a in ids),
        ids=ids,
        claims=tuple(per_article[a] for a in ids),
        cells={
            key: Cell(agree=n[0], conflict=n[1], pairs=dict(pairs.get(key, {})))
            for key, n in facts.items()
        },
    )
