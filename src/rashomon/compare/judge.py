"""Judges: one interface that labels a pair agree / contradict / neutral / unrelated."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from rashomon.compare.conflict import conflict_cues, content_overlap, same_dates
from rashomon.compare.evidence import split_sentences
from rashomon.errors import InputError
from rashomon.model import Judgment, Label, Scores
from rashomon.nlp.embed import Embedder

MAX_CHARS = 200_000


# Verbs that carry little event of their own: two claims sharing one share no happening.
LIGHT_PREDICATES = frozenset(
    [
        "be",
        "have",
        "do",
        "say",
        "tell",
        "make",
        "take",
        "get",
        "give",
        "go",
        "come",
        "become",
        "seem",
        "appear",
        "include",
        "add",
        "report",
        "state",
        "claim",
        "note",
        "remain",
        "continue",
        "want",
        "need",
        "try",
        "use",
        "know",
        "think",
        "believe",
        "see",
        "call",
        "show",
    ]
)


def heavy_predicate(predicate: str | None) -> bool:
    """A main predicate that names a happening ("resign", "break down"), not a light verb."""
    return bool(predicate) and (predicate or "").split(" ", 1)[0] not in LIGHT_PREDICATES


@dataclass(frozen=True, slots=True)
class Pair:
    """What a judge sees: two texts and, where known, their resolved dates."""

    a: str
    b: str
    a_times: tuple[str, ...] = ()
    b_times: tuple[str, ...] = ()
    a_negated: bool | None = None  # polarity of the main predicate, when a parse gave it
    b_negated: bool | None = None
    a_entities: frozenset[str] = frozenset()  # resolved entity ids, when known
    b_entities: frozenset[str] = frozenset()
    similarity: float | None = None  # cosine of a and b, when the caller has the vectors
    # Where and when each claim's sentence is set: places, named events and resolved dates
    # (a split clause keeps its sentence's "in Geneva last month").
    a_anchors: frozenset[str] = frozenset()
    b_anchors: frozenset[str] = frozenset()
    # Each claim's main predicate ("break down"), when a parse gave it.
    a_predicate: str | None = None
    b_predicate: str | None = None

    def shared_anchors(self) -> frozenset[str]:
        return self.a_anchors & self.b_anchors

    def same_event(self) -> bool:
        """Told as one happening: the same main predicate, not a light verb ("broke down" and
        "broke down", not "said" and "said"), with the same polarity, set in the same place or
        on the same date, and with no participant swapped."""
        return (
            heavy_predicate(self.a_predicate)
            and self.a_predicate == self.b_predicate
            and self.a_negated is not None
            and self.a_negated == self.b_negated
            and bool(self.shared_anchors())
            and not self.participants_differ()
        )

    def participants_differ(self) -> bool:
        """Different events, told by who takes part: each side names a participant the other
        does not, and either they share one ("A met B" is no evidence about "A met C") or they
        share nothing and no place or date ties them ("Brussels' offer" and "talks with
        Belgrade" since the same March summit in Vienna are one event, named two ways)."""
        a_only, b_only = self.a_entities - self.b_entities, self.b_entities - self.a_entities
        if not (a_only and b_only):
            return False
        return bool(self.a_entities & self.b_entities) or not self.shared_anchors()


class Judge(Protocol):
    name: str

    def judge(self, pairs: Sequence[Pair]) -> list[Judgment]: ...


def check_text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{field} must be text, got {type(value).__name__}")
    if not value.strip():
        raise InputError(f"{field} is empty")
    if len(value) > MAX_CHARS:
        raise InputError(f"{field} is {len(value):,} characters; the limit is {MAX_CHARS:,}")
    return value


def check_pairs(pairs: Sequence[Pair]) -> None:
    """Every judge's input check: both sides non-empty text within MAX_CHARS."""
    for i, p in enumerate(pairs):
        check_text(p.a, f"pair {i}: a")
        check_text(p.b, f"pair {i}: b")


@dataclass(frozen=True, slots=True)
class CueThresholds:
    """Similarity bands of the cue judge (cosine of MiniLM embeddings), tuned on dev data."""

    unrelated: float = 0.30
    conflict: float = 0.62  # a conflict cue counts only between texts this close ...
    conflict_overlap: float = 0.30  # ... that also share this share of content words
    agree: float = 0.72  # agreement: very close, or
    agree_lexical: float = 0.60  # close and sharing agree_overlap of content words
    agree_overlap: float = 0.45


class CueJudge:
    """The transparent first judge: embedding similarity plus explicit conflict cues.

    Below ``unrelated`` the texts are about different things; a conflict cue (negation,
    denial, antonym, differing numbers or dates) above ``conflict`` makes a contradiction;
    high similarity without a cue is agreement; the band between is neutral.
    """

    name = "cue"

    def __init__(
        self, embedder: Embedder, thresholds: CueThresholds | None = None, *, top_k: int = 3
    ) -> None:
        self.embedder = embedder
        self.t = thresholds or CueThresholds()
        self.top_k = top_k
        # Sentence vectors of recent evidence texts: one article judged against many
        # headlines is split and embedded once.
        self._evidence_cache: dict[str, tuple[list[str], np.ndarray]] = {}

    def judge(self, pairs: Sequence[Pair]) -> list[Judgment]:
        check_pairs(pairs)
        # Long evidence: judge a against b's best-matching sentences, so nothing late is cut.
        todo = [p for p in pairs if p.similarity is None]
        va = self.embedder.embed([p.a for p in todo]) if todo else None
        rows = iter(range(len(todo)))
        evidence = [
            [(p.b, p.similarity)] if p.similarity is not None else self._evidence(p, va[next(rows)])  # type: ignore[index]
            for p in pairs
        ]
        return [self._judge_one(p, ev) for p, ev in zip(pairs, evidence, strict=True)]

    def similarity(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        va = self.embedder.embed(list(a))
        vb = self.embedder.embed(list(b))
        return np.einsum("ij,ij->i", va, vb)

    def _evidence(self, p: Pair, va: np.ndarray) -> list[tuple[str, float]]:
        cached = self._evidence_cache.get(p.b)
        if cached is None:
            sents = split_sentences(p.b)
            if len(sents) <= 1:
                sents = [p.b]
            cached = (sents, self.embedder.embed(sents))
            if len(self._evidence_cache) >= 512:
                self._evidence_cache.pop(next(iter(self._evidence_cache)))
            self._evidence_cache[p.b] = cached
        sents, vb = cached
        sims = (vb @ va).tolist()
        ranked = sorted(zip(sents, sims, strict=True), key=lambda x: -x[1])
        return ranked[: self.top_k]

    def _judge_one(self, p: Pair, evidence: list[tuple[str, float]]) -> Judgment:
        best_text, best = evidence[0]
        label: Label
        cues: list[str] = []
        reason: str
        if best < self.t.unrelated:
            label, reason = "unrelated", f"similarity {best:.2f} below {self.t.unrelated:.2f}"
        elif p.participants_differ() and not (
            best >= self.t.agree_lexical and same_dates(p.a_times, p.b_times)
        ):
            label = "neutral"
            reason = f"similarity {best:.2f}, but each names participants the other does not"
        else:
            label, reason = "neutral", f"similarity {best:.2f}: same topic, no stance"
            single = len(evidence) == 1
            for text, sim in evidence:
                if sim < self.t.conflict or content_overlap(p.a, text) < self.t.conflict_overlap:
                    continue
                found = conflict_cues(
                    p.a,
                    text,
                    p.a_times,
                    p.b_times,
                    a_negated=p.a_negated,
                    b_negated=p.b_negated if single else None,
                )
                if found:
                    cues = found
                    label = "contradict"
                    reason = f"similarity {sim:.2f} with conflict cues: {', '.join(found)}"
                    best_text = text
                    break
            overlap = content_overlap(p.a, best_text)
            opposed = label == "neutral" and conflict_cues(
                p.a,
                best_text,
                p.a_times,
                p.b_times,
                a_negated=p.a_negated,
                b_negated=p.b_negated if single else None,
            )
            if opposed:
                reason = (
                    f"similarity {best:.2f}; a conflict cue ({', '.join(opposed)}) rules "
                    "out agreement"
                )
            elif label == "neutral" and (
                best >= self.t.agree
                or (best >= self.t.agree_lexical and overlap >= self.t.agree_overlap)
            ):
                label = "agree"
                reason = f"similarity {best:.2f}, word overlap {overlap:.2f}, no conflict cue"
        return Judgment(label=label, scores=_scores(best, label), reason=reason, cues=tuple(cues))


def _scores(sim: float, label: Label) -> Scores:
    """A rough distribution for the transparent judge; the chosen label gets the most mass."""
    related = 1 / (1 + math.exp(-12 * (sim - 0.35)))
    base = {
        "unrelated": 1 - related,
        "neutral": related * 0.4,
        "agree": related * 0.3,
        "contradict": related * 0.3,
    }
    base[label] = max(base.values()) + 0.1
    total = sum(base.values())
    return Scores.of({k: round(v / total, 4) for k, v in base.items()})
