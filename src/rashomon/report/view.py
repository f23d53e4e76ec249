"""What every renderer reads off one Report: lookups, the reading order and the words."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from types import MappingProxyType

from rashomon.model import (
    Article,
    Attribution,
    Claim,
    DiffOp,
    Entity,
    Fact,
    Quote,
    QuoteGroup,
    Relation,
    Report,
    SourceCount,
    Sourcing,
    TimeExpr,
)

VERDICT_ORDER = ("disputed", "corroborated", "unique")
VERDICT_WORDS = MappingProxyType(
    {
        "disputed": "the sources disagree",
        "corroborated": "independent sources agree",
        "unique": "one source only",
    }
)
GRADE_WORDS = MappingProxyType(
    {
        "contradicted": "contradicted: the outlets say opposite things",
        "characterised_differently": (
            "characterised differently: the same event, told in other terms"
        ),
        "numbers_differ": "the numbers differ",
        "dates_differ": "the dates differ",
    }
)
CERTAINTY_WORDS = MappingProxyType(
    {
        "asserted": "asserted as fact",
        "reported": "reported, attributed to a source",
        "hedged": "hedged (may, reportedly, appears)",
        "hearsay": "hearsay, second-hand",
    }
)
SOURCE_KIND_WORDS = MappingProxyType(
    {
        "outlet": "the outlet's own voice",
        "named": "named source",
        "anonymous": "anonymous source",
        "media": "other media",
        "document": "document",
    }
)
TOP_SOURCES = 5

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_QUALIFIED = MappingProxyType(
    {
        "early": "early {}",
        "mid": "mid-{}",
        "late": "late {}",
        "end": "end of {}",
        "start": "start of {}",
    }
)
_CLOSING = ",.;:!?%)]}”’"
_OPENING = "([{“‘"
_CLOSE_SPACE = re.compile(r"\s+([,.;:!?%)\]}”’])")
_OPEN_SPACE = re.compile(r"([(\[{“‘])\s+")
_SENTENCE_END = re.compile(r"[.!?][”’\"')]*(?=\s)|\n")
_ABBREVIATION = re.compile(r"^[A-Z][a-z]{0,2}$")  # Mr, Mrs, Dr, St, an initial
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimLine:
    """One claim as a reader sees it: who said it, how surely, when."""

    claim: Claim
    outlet: str
    certainty: str
    attribution: str
    dates: tuple[str, ...]
    negated: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SideView:
    """One version of a disputed fact, as a reader sees it: "Version 1 · Outlet A"."""

    label: str
    outlets: tuple[str, ...]
    claims: tuple[ClaimLine, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FactView:
    fact: Fact
    verdict: str
    grade: str | None
    claims: tuple[ClaimLine, ...]
    why: tuple[str, ...]
    outlets: tuple[str, ...]
    # A disputed fact: its versions, and the reason in words a reader checks against them.
    sides: tuple[SideView, ...] = ()
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UniqueGroup:
    """Facts with one source: "Only in Reuters", or one source carried by several outlets."""

    heading: str
    outlets: tuple[str, ...]
    facts: tuple[FactView, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class VariantView:
    outlet: str
    article: str
    text: str
    quotes: tuple[str, ...]
    diff: tuple[DiffOp, ...]
    changed: bool  # the wording differs from the group's first variant


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteGroupView:
    id: str
    speaker: str
    speaker_conflict: bool
    base_outlet: str
    variants: tuple[VariantView, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityView:
    entity: Entity
    outlets: tuple[str, ...]
    mentions: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SourcingView:
    article: str
    outlet: str
    counts: tuple[tuple[str, int], ...]  # (certainty, claims) in CERTAINTIES order
    total: int
    top: tuple[SourceCount, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineEntry:
    time: TimeExpr
    when: str
    outlet: str
    claim: Claim | None  # the claim the expression sits in, if any
    context: str  # that claim's text, else the sentence around the expression


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportView:
    """A Report indexed and put in reading order, shared by every renderer."""

    report: Report
    outlets: dict[str, str]  # article id -> display name, unique within the report
    articles: dict[str, Article]
    claims: dict[str, Claim]
    quotes: dict[str, Quote]
    times: dict[str, TimeExpr]
    fact_of_claim: dict[str, Fact]
    disputed: tuple[FactView, ...]
    corroborated: tuple[FactView, ...]
    unique: tuple[UniqueGroup, ...]  # one per outlet in article order, then shared ones
    quote_groups: tuple[QuoteGroupView, ...]
    entities: tuple[EntityView, ...]
    sourcing: tuple[SourcingView, ...]
    timeline: tuple[TimelineEntry, ...]

    @property
    def title(self) -> str:
        names = list(dict.fromkeys(self.outlets.values()))
        return " vs ".join(names) if names else "no articles"

    @property
    def counts(self) -> dict[str, int]:
        return {
            "disputed": len(self.disputed),
            "corroborated": len(self.corroborated),
            "unique": sum(len(group.facts) for group in self.unique),
        }

    def verdict_of(self, claim_id: str) -> str | None:
        fact = self.fact_of_claim.get(claim_id)
        return fact.verdict if fact else None


def build(report: Report) -> ReportView:
    """Index ``report`` and derive everything the renderers show."""
    outlets = outlet_names(report.articles)
    articles = {a.id: a for a in report.articles}
    claims = {c.id: c for c in report.claims}
    times = {t.id: t for t in report.times}
    fact_of_claim = {cid: f for f in report.facts for cid in f.claims}
    order = {a.id: i for i, a in enumerate(report.articles)}

    def claim_line(claim: Claim) -> ClaimLine:
        return ClaimLine(
            claim=claim,
            outlet=outlets.get(claim.article, claim.article),
            certainty=claim.certainty,
            attribution=describe_attribution(claim.attribution),
            dates=tuple(
                f"{times[t].text} = {date_label(times[t])}" for t in claim.times if t in times
            ),
            negated=claim.polarity == "negated",
        )

    def fact_view(fact: Fact) -> FactView:
        members = sorted(
            (claims[c] for c in fact.claims if c in claims),
            key=lambda c: (order.get(c.article, len(order)), c.start),
        )
        lines = tuple(claim_line(c) for c in members)
        names = tuple(dict.fromkeys(line.outlet for line in lines)) or fact.outlets
        why = []
        for i in fact.relations:
            if 0 <= i < len(report.relations):
                rel = report.relations[i]
                why.append(_relation_words(rel))
        sides = tuple(
            SideView(
                label=f"Version {n}",
                outlets=side.outlets,
                claims=tuple(
                    claim_line(c)
                    for c in sorted(
                        (claims[x] for x in side.claims if x in claims),
                        key=lambda c: (order.get(c.article, len(order)), c.start),
                    )
                ),
            )
            for n, side in enumerate(fact.sides, 1)
        )
        return FactView(
            fact=fact,
            verdict=fact.verdict,
            grade=GRADE_WORDS.get(fact.grade, fact.grade) if fact.grade else None,
            claims=lines,
            why=tuple(why),
            outlets=names,
            sides=sides,
            reason=fact.reason,
        )

    views = [fact_view(f) for f in report.facts]
    unique: dict[tuple[str, ...], list[FactView]] = {(name,): [] for name in outlets.values()}
    for v in views:
        if v.verdict == "unique":
            unique.setdefault(v.outlets or ("unknown outlet",), []).append(v)
    return ReportView(
        report=report,
        outlets=outlets,
        articles=articles,
        claims=claims,
        quotes={q.id: q for q in report.quotes},
        times=times,
        fact_of_claim=fact_of_claim,
        disputed=tuple(v for v in views if v.verdict == "disputed"),
        corroborated=tuple(v for v in views if v.verdict == "corroborated"),
        unique=tuple(
            UniqueGroup(heading=_unique_heading(names), outlets=names, facts=tuple(fs))
            for names, fs in unique.items()
            if fs
        ),
        quote_groups=tuple(_quote_group(g, outlets) for g in report.quote_groups),
        entities=_entities(report.entities, outlets, order),
        sourcing=tuple(_sourcing(s, outlets) for s in report.sourcing),
        timeline=_timeline(report, outlets, order),
    )


def _relation_words(rel: Relation) -> str:
    """ "agree (judge 0.91, similarity 0.74, aligned 0.88): model: agree (0.91)"."""
    numbers = []
    if rel.confidence is not None:
        numbers.append(f"judge {rel.confidence:.2f}")
    numbers.append(f"similarity {rel.similarity if rel.similarity is not None else rel.score:.2f}")
    if rel.alignment is not None:
        numbers.append(f"aligned {rel.alignment:.2f}")
    return f"{rel.label} ({', '.join(numbers)}): {rel.reason}"


def _unique_heading(outlets: tuple[str, ...]) -> str:
    if len(outlets) == 1:
        return f"Only in {outlets[0]}"
    listed = ", ".join(outlets[:-1]) + f" and {outlets[-1]}"
    return f"One source, carried by {listed}"


def outlet_names(articles: tuple[Article, ...]) -> dict[str, str]:
    """A display name per article id; two articles of one outlet get (1), (2)."""
    base = {a.id: (a.outlet or a.title or a.id).strip() or a.id for a in articles}
    seen = Counter(base.values())
    nth: Counter[str] = Counter()
    names = {}
    for a in articles:
        name = base[a.id]
        if seen[name] > 1:
            nth[name] += 1
            name = f"{name} ({nth[name]})"
        names[a.id] = name
    return names


def describe_attribution(attr: Attribution) -> str:
    """``named source Jane Roe, “a former official” (told)``."""
    if attr.kind == "outlet":
        return SOURCE_KIND_WORDS["outlet"]
    who = attr.speaker or attr.source or "unnamed"
    if attr.speaker and attr.source and attr.source != attr.speaker:
        who = f"{attr.speaker}, “{attr.source}”"
    cue = f" ({attr.cue})" if attr.cue else ""
    return f"{SOURCE_KIND_WORDS.get(attr.kind, attr.kind)} {who}{cue}"


def date_label(time: TimeExpr) -> str:
    """A resolved date in words: ``Sat 9 Nov 2019``, ``early Oct 2019``, ``week of 4 Nov 2019``."""
    value = time.value
    if value is None:
        return "unresolved"
    start = period_start(value)
    if start is None:
        words = value
    elif _DAY.match(value):
        words = f"{start:%a} {start.day} {_MONTHS[start.month - 1]} {start.year}"
    elif _MONTH.match(value):
        words = f"{_MONTHS[start.month - 1]} {start.year}"
    elif _WEEK.match(value):
        words = f"week of {start.day} {_MONTHS[start.month - 1]} {start.year}"
    else:
        words = str(start.year)
    if time.qualifier:
        template = _QUALIFIED.get(time.qualifier)
        words = template.format(words) if template else f"{time.qualifier} {words}"
    return words


def period_start(value: str) -> dt.date | None:
    """The first day of an ISO day, week, month or year; None if it is none of those."""
    period = _period(value)
    return period[0] if period else None


def anchor(time: TimeExpr) -> dt.date | None:
    """Where a date sits on a timeline: its period's start, or later for mid, late, end."""
    period = _period(time.value or "")
    if period is None:
        return None
    first, last = period
    share = {"mid": 0.5, "late": 0.75, "end": 1.0}.get(time.qualifier or "", 0.0)
    return first + dt.timedelta(days=round((last - first).days * share))


def _period(value: str) -> tuple[dt.date, dt.date] | None:
    try:
        if m := _DAY.match(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _MONTH.match(value):
            first = dt.date(int(m[1]), int(m[2]), 1)
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        if m := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6)
        if m := _YEAR.match(value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def diff_is_change(diff: tuple[DiffOp, ...]) -> bool:
    return any(op.op != "equal" for op in diff)


def diff_segments(diff: tuple[DiffOp, ...]) -> tuple[tuple[str, str, str], ...]:
    """A word diff as ``(kind, gap, text)`` pieces to print in order.

    ``kind`` is equal, delete or insert (a replace gives a delete then an insert); ``gap`` is
    the space to print before ``text``. DiffOp sides are tokens joined by spaces ("time ,"),
    so spaces before closing and after opening punctuation are taken out again.
    """
    out: list[tuple[str, str, str]] = []
    for op in diff:
        sides = [("equal", op.a)] if op.op == "equal" else [("delete", op.a), ("insert", op.b)]
        for kind, words in sides:
            text = _OPEN_SPACE.sub(r"\1", _CLOSE_SPACE.sub(r"\1", words.strip()))
            if not text:
                continue
            tight = not out or text[0] in _CLOSING or out[-1][2][-1] in _OPENING
            out.append((kind, "" if tight else " ", text))
    return tuple(out)


def _quote_group(group: QuoteGroup, outlets: dict[str, str]) -> QuoteGroupView:
    variants = tuple(
        VariantView(
            outlet=outlets.get(v.article, v.article),
            article=v.article,
            text=v.text,
            quotes=v.quotes,
            diff=v.diff,
            changed=i > 0 and diff_is_change(v.diff),
        )
        for i, v in enumerate(group.variants)
    )
    return QuoteGroupView(
        id=group.id,
        speaker=group.speaker or "unknown speaker",
        speaker_conflict=group.speaker_conflict,
        base_outlet=variants[0].outlet if variants else "",
        variants=variants,
    )


def _entities(
    entities: tuple[Entity, ...], outlets: dict[str, str], order: dict[str, int]
) -> tuple[EntityView, ...]:
    views = []
    for e in entities:
        arts = sorted({m.article for m in e.mentions}, key=lambda a: order.get(a, len(order)))
        views.append(
            EntityView(
                entity=e,
                outlets=tuple(outlets.get(a, a) for a in arts),
                mentions=len(e.mentions),
            )
        )
    # Names that several outlets share are the ones worth reconciling: show them first.
    return tuple(sorted(views, key=lambda v: (-len(v.outlets), -v.mentions)))


def _sourcing(sourcing: Sourcing, outlets: dict[str, str]) -> SourcingView:
    counts = list(sourcing.certainty.items())
    top = sorted(sourcing.sources, key=lambda s: -s.claims)[:TOP_SOURCES]
    return SourcingView(
        article=sourcing.article,
        outlet=outlets.get(sourcing.article, sourcing.article),
        counts=tuple(counts),
        total=sum(n for _, n in counts),
        top=tuple(top),
    )


def _timeline(
    report: Report, outlets: dict[str, str], order: dict[str, int]
) -> tuple[TimelineEntry, ...]:
    claim_of_time = {t: c for c in report.claims for t in c.times}
    texts = {a.id: a.text for a in report.articles}
    resolved = [t for t in report.times if t.value]
    far = dt.date.max

    def key(t: TimeExpr) -> tuple[dt.date, str, int, int]:
        return (anchor(t) or far, t.value or "", order.get(t.article, len(order)), t.start)

    return tuple(
        TimelineEntry(
            time=t,
            when=date_label(t),
            outlet=outlets.get(t.article, t.article),
            claim=claim_of_time.get(t.id),
            context=(
                claim_of_time[t.id].text
                if t.id in claim_of_time
                else sentence_around(texts.get(t.article, ""), t.start, t.end)
            ),
        )
        for t in sorted(resolved, key=key)
    )


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``[start, end)``, found by punctuation and newlines.

    Good enough for context in a timeline; "Mr." and "U.S." do not end a sentence.
    """
    if not 0 <= start <= end <= len(text):
        return ""
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if _ends_sentence(text, m)]
    first = max((e for e in ends if e <= start), default=0)
    last = min((e for e in ends if e >= end), default=len(text))
    return text[first:last].strip()


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    if match[0] == "\n" or not match[0].startswith("."):
        return True
    words = text[: match.start()].split()
    word = words[-1] if words else ""
    return not (_ABBREVIATION.match(word) or "." in word)
