"""The records rashomon produces: frozen, slotted, keyword-only dataclasses, no I/O.

Everything found in an article points into ``Article.text`` by character offsets
(``start`` inclusive, ``end`` exclusive), so ``article.text[x.start:x.end] == x.text``
holds for every claim, quote, mention and time expression.
``dataclasses.asdict`` of a record is exactly its JSON (see ``docs/schema.md``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal, TypeVar, dataclass_transform

SCHEMA_VERSION = "1.2"

Verdict = Literal["corroborated", "disputed", "unique"]
Grade = Literal["contradicted", "characterised_differently", "numbers_differ", "dates_differ"]
Label = Literal["agree", "contradict", "neutral", "unrelated"]
Certainty = Literal["asserted", "reported", "hedged", "hearsay"]
Polarity = Literal["positive", "negated"]
SourceKind = Literal["outlet", "named", "anonymous", "media", "document"]

LABELS: tuple[Label, ...] = ("agree", "contradict", "neutral", "unrelated")
VERDICTS: tuple[Verdict, ...] = ("corroborated", "disputed", "unique")
GRADES: tuple[Grade, ...] = (
    "contradicted",
    "characterised_differently",
    "numbers_differ",
    "dates_differ",
)


def make_id(prefix: str, *parts: object) -> str:
    """A deterministic id: ``prefix`` + 12 hex digits of a hash of ``parts``."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:12]}"


_T = TypeVar("_T")


@dataclass_transform(frozen_default=True, kw_only_default=True)
def _frozen(cls: type[_T]) -> type[_T]:
    return dataclass(frozen=True, slots=True, kw_only=True)(cls)


@_frozen
class Span:
    """A marked region of an article's text that later stages skip (caption, byline...)."""

    start: int
    end: int
    label: str


@_frozen
class Article:
    id: str
    text: str
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    url: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None  # file path or "file:line" it came from
    skip: tuple[Span, ...] = ()  # spans cleaning marked: never rewritten, only skipped


@_frozen
class Mention:
    """An entity mention inside one article."""

    article: str
    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, ...


@_frozen
class Attribution:
    """On whose word a claim or quote rests."""

    kind: SourceKind  # outlet = the article's own voice
    source: str | None = None  # as written: "a former official", "the news agency"
    speaker: str | None = None  # resolved within the article: "Jane Roe"
    cue: str | None = None  # "told", "according to", "said"
    source_start: int | None = None
    source_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None


@_frozen
class TimeExpr:
    """A date expression and its value resolved against the article's publication date."""

    id: str
    article: str
    start: int
    end: int
    text: str
    value: str | None  # ISO: 2019-11-09, 2019-10, 2019, 2019-W45; None if unresolved
    granularity: str | None  # day | week | month | year
    qualifier: str | None = None  # early | mid | late | end | start
    base: str | None = None  # the publication date it was resolved against


@_frozen
class Claim:
    id: str
    article: str
    start: int
    end: int
    text: str
    sentence: int  # index of the sentence in the article
    attribution: Attribution
    certainty: Certainty
    polarity: Polarity
    times: tuple[str, ...] = ()  # TimeExpr ids inside the claim
    quote: str | None = None  # id of the quote the claim is part of
    # The main predicate's lemma with its particle ("break down", "hold"), from the parse.
    predicate: str | None = None


@_frozen
class Quote:
    id: str
    article: str
    start: int  # the content span, quotation marks excluded
    end: int
    text: str
    kind: Literal["direct", "indirect"]
    speaker: str | None  # resolved name, or the mention text for anonymous sources
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    # A direct quote that is a fragment of someone else's sentence ("called it 'a disgrace'").
    partial: bool = False


@_frozen
class Analysis:
    """What the per-article stage found in one article."""

    article: Article
    sentences: tuple[tuple[int, int], ...]
    mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...]
    quotes: tuple[Quote, ...]
    times: tuple[TimeExpr, ...]
    titles: tuple[tuple[int, int, str], ...] = ()  # (mention start, end, title) appositions


@_frozen
class Entity:
    """One real-world entity resolved across outlets."""

    id: str
    name: str
    label: str
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    mentions: tuple[Mention, ...]


@_frozen
class Judgment:
    """A judge's answer for one (a, b) pair."""

    label: Label
    scores: dict[str, float]
    reason: str
    cues: tuple[str, ...] = ()


@_frozen
class Relation:
    """A judged pair of claims from two articles."""

    a: str
    b: str
    label: Label
    score: float  # the embedding similarity (as ``similarity``; kept for 1.0/1.1 readers)
    reason: str
    cues: tuple[str, ...] = ()
    similarity: float | None = None  # cosine of the two claims' MiniLM vectors
    confidence: float | None = None  # the judge's own probability of ``label``
    alignment: float | None = None  # the aligner's probability that both tell one proposition


@_frozen
class Side:
    """One version of a disputed fact: the claims that tell it, and their outlets."""

    claims: tuple[str, ...]
    outlets: tuple[str, ...]


@_frozen
class Fact:
    id: str
    verdict: Verdict
    grade: Grade | None
    claims: tuple[str, ...]
    sources: int  # independent sources
    outlets: tuple[str, ...]
    summary: str
    relations: tuple[int, ...] = ()  # indexes into Report.relations
    # A disputed fact: which claims tell which version, and the reason a reader can check
    # ("12 vs 30 people", "'held a hearing' vs 'no formal hearing'").
    sides: tuple[Side, ...] = ()
    reason: str | None = None


@_frozen
class DiffOp:
    op: Literal["equal", "replace", "insert", "delete"]
    a: str
    b: str


@_frozen
class QuoteVariant:
    article: str
    quotes: tuple[str, ...]
    text: str
    diff: tuple[DiffOp, ...] = ()  # word-level, against the group's first variant


@_frozen
class QuoteGroup:
    id: str
    quotes: tuple[str, ...]
    speaker: str | None
    speaker_conflict: bool
    variants: tuple[QuoteVariant, ...]


@_frozen
class SourceCount:
    source: str
    kind: SourceKind
    claims: int


@_frozen
class Sourcing:
    """How one article backs its claims: by whom and how surely."""

    article: str
    certainty: dict[str, int]
    sources: tuple[SourceCount, ...]


@_frozen
class Report:
    articles: tuple[Article, ...]
    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    quotes: tuple[Quote, ...]
    times: tuple[TimeExpr, ...]
    facts: tuple[Fact, ...]
    quote_groups: tuple[QuoteGroup, ...]
    relations: tuple[Relation, ...]
    sourcing: tuple[Sourcing, ...]
    schema_version: str = SCHEMA_VERSION
    notes: tuple[str, ...] = field(default=())
