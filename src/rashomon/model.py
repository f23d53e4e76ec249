"""The records rashomon produces: frozen, slotted, keyword-only dataclasses, no I/O.

Everything found in an article points into ``Article.text`` by character offsets
(``start`` inclusive, ``end`` exclusive), so ``article.text[x.start:x.end] == x.text``
holds for every claim, quote, mention and time expression.
``dataclasses.asdict`` of a record is exactly its JSON (see ``docs/schema.md``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.2"

Verdict = Literal["corroborated", "disputed", "unique"]
Grade = Literal["contradicted", "characterised_differently", "numbers_differ", "dates_differ"]
Label = Literal["agree", "contradict", "neutral", "unrelated"]
Certainty = Literal["asserted", "reported", "hedged", "hearsay"]
Polarity = Literal["positive", "negated"]
SourceKind = Literal["outlet", "named", "anonymous", "media", "document"]

LABELS: tuple[Label, ...] = ("agree", "contradict", "neutral", "unrelated")
CERTAINTIES: tuple[Certainty, ...] = ("asserted", "reported", "hedged", "hearsay")
VERDICTS: tuple[Verdict, ...] = ("corroborated", "disputed", "unique")
GRADES: tuple[Grade, ...] = (
    "contradicted",
    "characterised_differently",
    "numbers_differ",
    "dates_differ",
)


def plain(value: Any) -> Any:
    """``value`` as JSON would give it back: tuples and lists as lists, sets sorted, numpy
    arrays and scalars (anything with ``tolist``) as Python values; mappings recursively."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(plain(item) for item in value)
    tolist = getattr(value, "tolist", None)
    return tolist() if callable(tolist) else value


def make_id(prefix: str, *parts: object) -> str:
    """A deterministic id: ``prefix`` + 12 hex digits of a hash of ``parts``."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:12]}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A marked region of an article's text that later stages skip (caption, byline...)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """An entity mention inside one article."""

    article: str
    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, ...


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    """What the per-article stage found in one article."""

    article: Article
    sentences: tuple[tuple[int, int], ...]
    mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...]
    quotes: tuple[Quote, ...]
    times: tuple[TimeExpr, ...]
    titles: tuple[tuple[int, int, str], ...] = ()  # (mention start, end, title) appositions


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """One real-world entity resolved across outlets."""

    id: str
    name: str
    label: str
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Scores(Mapping[str, float]):
    """A judge's probability of each label, read like a mapping: ``scores["agree"]``."""

    agree: float = 0.0
    contradict: float = 0.0
    neutral: float = 0.0
    unrelated: float = 0.0

    @classmethod
    def of(cls, values: Mapping[str, float]) -> Scores:
        """The scores in ``values`` (a label missing there scores 0; other keys are refused)."""
        unknown = set(values) - set(LABELS)
        if unknown:
            raise KeyError(f"not a label: {', '.join(sorted(unknown))}")
        return cls(**{label: float(values.get(label, 0.0)) for label in LABELS})

    def __getitem__(self, label: str) -> float:
        if label not in LABELS:
            raise KeyError(label)
        value: float = getattr(self, label)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(LABELS)

    def __len__(self) -> int:
        return len(LABELS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Judgment:
    """A judge's answer for one (a, b) pair."""

    label: Label
    scores: Scores
    reason: str
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Side:
    """One version of a disputed fact: the claims that tell it, and their outlets."""

    claims: tuple[str, ...]
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffOp:
    op: Literal["equal", "replace", "insert", "delete"]
    a: str
    b: str


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteVariant:
    article: str
    quotes: tuple[str, ...]
    text: str
    diff: tuple[DiffOp, ...] = ()  # word-level, against the group's first variant


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteGroup:
    id: str
    quotes: tuple[str, ...]
    speaker: str | None
    speaker_conflict: bool
    variants: tuple[QuoteVariant, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceCount:
    source: str
    kind: SourceKind
    claims: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CertaintyCounts(Mapping[str, int]):
    """How many of an article's claims are asserted, reported, hedged or hearsay; read like a
    mapping: ``counts["hearsay"]``."""

    asserted: int = 0
    reported: int = 0
    hedged: int = 0
    hearsay: int = 0

    def __getitem__(self, certainty: str) -> int:
        if certainty not in CERTAINTIES:
            raise KeyError(certainty)
        value: int = getattr(self, certainty)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(CERTAINTIES)

    def __len__(self) -> int:
        return len(CERTAINTIES)


@dataclass(frozen=True, slots=True, kw_only=True)
class Sourcing:
    """How one article backs its claims: by whom and how surely."""

    article: str
    certainty: CertaintyCounts
    sources: tuple[SourceCount, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
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
