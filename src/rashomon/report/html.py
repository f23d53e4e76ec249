"""A Report as one self-contained HTML page: the articles side by side, claims highlighted."""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from itertools import pairwise

import jinja2
from markupsafe import Markup, escape

from rashomon.model import Article, Claim, Quote, Report
from rashomon.report.view import (
    CERTAINTY_WORDS,
    GRADE_WORDS,
    SOURCE_KIND_WORDS,
    VERDICT_ORDER,
    VERDICT_WORDS,
    ReportView,
    build,
    diff_segments,
)

logger = logging.getLogger(__name__)

TEMPLATE = "report.html.j2"
_SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """One article as a column: its header and its highlighted text."""

    article: Article
    outlet: str
    url: str | None  # only http(s) links; anything else is shown as text
    claims: int
    counts: dict[str, int]  # claims per verdict
    body: Markup


def to_html(report: Report) -> str:
    """The whole page as a string: inline CSS, no external resources, no JavaScript."""
    view = build(report)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rashomon", "report/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template(TEMPLATE).render(
        view=view,
        columns=[_column(view, a) for a in report.articles],
        verdicts=VERDICT_ORDER,
        verdict_words=VERDICT_WORDS,
        certainty_words=CERTAINTY_WORDS,
        kind_words=SOURCE_KIND_WORDS,
        diff_segments=diff_segments,
    )


def _column(view: ReportView, article: Article) -> Column:
    claims = [c for c in view.report.claims if c.article == article.id]
    quotes = [q for q in view.report.quotes if q.article == article.id]
    counts = dict.fromkeys(VERDICT_ORDER, 0)
    for c in claims:
        verdict = view.verdict_of(c.id)
        if verdict in counts:
            counts[verdict] += 1
    return Column(
        article=article,
        outlet=view.outlets[article.id],
        url=article.url if article.url and _SAFE_URL.match(article.url) else None,
        claims=len(claims),
        counts=counts,
        body=highlight(article, claims, quotes, view),
    )


def highlight(
    article: Article, claims: list[Claim], quotes: list[Quote], view: ReportView
) -> Markup:
    """``article.text`` as paragraphs, each claim one ``<mark>``, quotes and skips inside.

    The text is cut at every boundary (claim, quote, skip, newline) and every piece is
    escaped on its own, so nothing in the article can open a tag.  A newline inside a
    claim becomes ``<br>``; any other newline ends a paragraph, so a mark never spans two.
    """
    text = article.text
    size = len(text)
    marks = _non_overlapping(claims, size, article.id)
    mark_starts = [c.start for c in marks]
    quote_spans = [(_clamp(q.start, size), _clamp(q.end, size), q) for q in quotes]
    skips = [(_clamp(s.start, size), _clamp(s.end, size), s.label) for s in article.skip]

    cuts = {0, size}
    for c in marks:
        cuts.update((c.start, c.end))
    for start, end, _ in quote_spans + skips:
        cuts.update((start, end))
    for i, ch in enumerate(text):
        if ch == "\n":
            cuts.update((i, i + 1))
    bounds = sorted(cuts)

    paragraphs: list[str] = []
    para: list[str] = []
    keep = False
    open_claim: Claim | None = None
    for a, b in pairwise(bounds):
        i = bisect_right(mark_starts, a) - 1
        claim = marks[i] if i >= 0 and a < marks[i].end else None
        if claim is not open_claim:
            if open_claim is not None:
                para.append("</a></mark>" if view.fact_of_claim.get(open_claim.id) else "</mark>")
            if claim is not None:
                para.append(_open_mark(claim, view))
                keep = True
            open_claim = claim
        piece = text[a:b]
        if piece == "\n" and claim is None:
            if keep:
                paragraphs.append("<p>" + "".join(para) + "</p>")
            para, keep = [], False
            continue
        if piece == "\n":
            para.append("<br>")
            continue
        leaf = str(escape(piece))
        for start, end, q in quote_spans:
            if start <= a < end:
                ident = f' id="quote-{escape(q.id)}"' if a == start else ""
                leaf = (
                    f'<u class="quote quote-{escape(q.kind)}"{ident} '
                    f'data-quote="{escape(q.id)}">{leaf}</u>'
                )
        for start, end, label in skips:
            if start <= a < end:
                tag = f' data-label="{escape(label)}"' if a == start else ""
                leaf = f'<span class="skip"{tag} title="{escape(label)}">{leaf}</span>'
        para.append(leaf)
        keep = keep or bool(piece.strip())
    if open_claim is not None:
        para.append("</a></mark>" if view.fact_of_claim.get(open_claim.id) else "</mark>")
    if keep:
        paragraphs.append("<p>" + "".join(para) + "</p>")
    return Markup("\n".join(paragraphs))


def _open_mark(claim: Claim, view: ReportView) -> str:
    fact = view.fact_of_claim.get(claim.id)
    cid = escape(claim.id)
    if fact is None:
        return f'<mark class="claim verdict-none" id="claim-{cid}" title="not in any fact">'
    title = VERDICT_WORDS.get(fact.verdict, fact.verdict)
    if fact.grade:
        title += "; " + GRADE_WORDS.get(fact.grade, fact.grade)
    title += f"; {claim.certainty}"
    if claim.polarity == "negated":
        title += "; negated"
    return (
        f'<mark class="claim verdict-{escape(fact.verdict)}" id="claim-{cid}" '
        f'data-fact="{escape(fact.id)}" title="{escape(title)}">'
        f'<a href="#fact-{escape(fact.id)}">'
    )


def _non_overlapping(claims: list[Claim], size: int, article: str) -> list[Claim]:
    """Claims in text order, clipped to the text; a claim overlapping an earlier one is dropped."""
    kept: list[Claim] = []
    end = 0
    for c in sorted(claims, key=lambda c: (c.start, c.end)):
        start, stop = _clamp(c.start, size), _clamp(c.end, size)
        if stop <= start or start < end:
            logger.warning("claim %s in article %s cannot be highlighted", c.id, article)
            continue
        if (start, stop) != (c.start, c.end):
            c = replace(c, start=start, end=stop)
        kept.append(c)
        end = stop
    return kept


def _clamp(offset: int, size: int) -> int:
    return max(0, min(offset, size))
