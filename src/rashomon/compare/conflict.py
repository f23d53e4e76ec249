"""Structured conflict checks between two statements: negation, denial, antonyms, numbers, dates."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rashomon.lexicon import (
    ANTONYM_PAIRS,
    CHARACTERISING_ADJECTIVES,
    CLAIM_STOP_WORDS,
    DENIAL_VERBS,
    NEGATORS,
    TALLY_NOUNS,
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_NEG = re.compile(
    r"\b(?:" + "|".join(sorted(w for w in NEGATORS if "'" not in w)) + r")\b|n[’']t\b", re.I
)
# "any" scopes a negation ("did not sign any deal"): not a content word of either side.
_NEGATORS = NEGATORS | {"any"}
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12}


def tokens(text: str) -> list[str]:
    """A claim's lowercased word and number tokens: numbers whole ("1,200", "3.5"), hyphened
    words whole ("pro-government"), quotes stripped at the ends."""
    return [w.lower().strip("’'") for w in _WORD.findall(text)]


_IRREGULAR = {
    "rose": "rise",
    "risen": "rise",
    "fell": "fall",
    "fallen": "fall",
    "won": "win",
    "lost": "lose",
    "began": "begin",
    "begun": "begin",
    "ended": "end",
    "grew": "grow",
    "shrank": "shrink",
    "left": "leave",
    "came": "come",
    "went": "go",
    "gone": "go",
    "held": "hold",
    "met": "meet",
    "told": "tell",
    "said": "say",
    "found": "find",
    "brought": "bring",
    "fought": "fight",
    "kept": "keep",
    "sold": "sell",
    "bought": "buy",
}


@functools.lru_cache(maxsize=65536)
def stem(w: str) -> str:
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ured") or w.endswith("ored"):
        return w[:-1]  # injured -> injure, not injur
    for suf in ("ing", "ied", "ies", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)] + ("y" if suf in {"ied", "ies"} else "")
    return w


def negated(text: str) -> bool:
    return bool(_NEG.search(text))


_SCOPE_SKIP = frozenset(
    [
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "yet",
        "any",
        "ever",
        "even",
        "so",
        "such",
        "really",
        "actually",
        "formally",
        "officially",
    ]
)


def negation_scope(text: str) -> set[str]:
    """The stems a negator denies: the first two content words after each "not", "no",
    "never", ... ("have not defined the scope" -> define, scope; "no formal talks" -> formal,
    talk)."""
    out: set[str] = set()
    for m in _NEG.finditer(text):
        taken = 0
        for w in tokens(text[m.end() :])[:5]:
            if w in CLAIM_STOP_WORDS or w in _SCOPE_SKIP or w in _NEGATORS:
                continue
            out.add(stem(w))
            taken += 1
            if taken == 2:
                break
    return out


def negation_meets(negative: str, positive: str) -> bool:
    """Whether the negative statement denies something the positive one says: the denied words
    appear in it ("no meeting" against "held a meeting"), not merely a negation somewhere
    ("have not defined the scope" says nothing against "has described the talks as a win").
    Where no negator word is found (a denial verb, a parse-only negation) it counts."""
    scope = negation_scope(negative)
    if not scope:
        return True
    return bool(scope & {stem(w) for w in tokens(positive)})


@functools.cache
def _denial_stems() -> frozenset[str]:
    return frozenset(stem(d) for d in DENIAL_VERBS)


def denial(text: str) -> bool:
    stems = _denial_stems()
    return any(stem(w) in stems for w in tokens(text))


def characterising_negation(text: str) -> bool:
    """ "no formal talks", "no substantial meeting": denies a description, not the event."""
    ws = tokens(text)
    for i, w in enumerate(ws[:-1]):
        if w in {"no", "not", "any"} and ws[i + 1] in CHARACTERISING_ADJECTIVES:
            return True
        if w in {"no", "not", "any"} and i + 2 < len(ws) and ws[i + 2] in CHARACTERISING_ADJECTIVES:
            return True
    return False


@functools.cache
def _antonym_stems() -> tuple[tuple[str, str], ...]:
    return tuple((stem(x), stem(y)) for x, y in ANTONYM_PAIRS)


def antonyms(a: str, b: str) -> list[str]:
    sa, sb = {stem(w) for w in tokens(a)}, {stem(w) for w in tokens(b)}
    found = []
    for x, y in _antonym_stems():
        if (x in sa and y in sb and y not in sa and x not in sb) or (
            y in sa and x in sb and x not in sa and y not in sb
        ):
            found.append(f"{x}/{y}")
    return found


def quantities(text: str) -> dict[str, float]:
    """Numbers keyed by the noun they count: "23 short-range missile launches" -> {launch: 23}."""
    # "five-minute" counts minutes: split number-unit compounds first.
    ws = [part for w in tokens(text) for part in (w.split("-", 1) if _num_compound(w) else [w])]
    out: dict[str, float] = {}
    for i, w in enumerate(ws):
        value: float | None = None
        if w[0].isdigit():
            try:
                value = float(w.replace(",", "").rstrip("."))
            except ValueError:
                continue
        elif w in _NUMBER_WORDS:
            value = float(_NUMBER_WORDS[w])
        if value is None:
            continue
        # The counted noun: the next content word within three words.
        for nxt in ws[i + 1 : i + 5]:
            if nxt in CLAIM_STOP_WORDS or nxt[0].isdigit():
                continue
            key = stem(nxt)
            if key in {"percent", "per", "%"}:
                key = "percent"
            out.setdefault(key, value)
            if nxt.endswith("s") or i + 2 >= len(ws) or ws[i + 2] in CLAIM_STOP_WORDS:
                break
    return out


_MAGNITUDE = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "dozen": 12.0,
}
# Words before a number that make it approximate or a bound: "nearly two dozen" agrees with 23,
# "more than 5,000" with 5,200.
_ABOUT = frozenset(
    [
        "about",
        "around",
        "roughly",
        "nearly",
        "almost",
        "approximately",
        "some",
        "estimated",
        "close",
    ]
)
_ABOVE = frozenset(["more", "over", "least", "above", "exceeding"])  # more than, at least
_BELOW = frozenset(
    ["less", "fewer", "under", "most", "below", "up", "many"]
)  # up to, at most, as many as
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


_TALLY = re.compile(
    r"\b(\d{1,4})\s?(?:[-–—]|-to-|\s+to\s+)\s?(\d{1,4})\s+([a-z]+)\b", re.IGNORECASE
)


def tallies(text: str) -> dict[str, frozenset[tuple[int, int]]]:
    """The tallies ``text`` tells, by the noun they are of: "a 7-2 vote" and "a vote of ... 2-7"
    read alike ({"vote": {(7, 2)}}); a range ("10-15 people") is no tally."""
    out: dict[str, set[tuple[int, int]]] = {}
    for m in _TALLY.finditer(text):
        noun = m.group(3).lower()
        if noun in TALLY_NOUNS:
            x, y = int(m.group(1)), int(m.group(2))
            out.setdefault(noun.rstrip("s") if noun != "loss" else noun, set()).add(
                (max(x, y), min(x, y))
            )
    return {k: frozenset(v) for k, v in out.items()}


@dataclass(frozen=True, slots=True)
class Count:
    """A number counting something: "nearly two dozen executive actions" -> action, 24, about."""

    noun: str
    value: float
    bound: str  # "exact", "about", "above" or "below"

    def compatible(self, other: Count, tolerance: float = 0.15) -> bool:
        """Whether the two could be the same count ("about 24" and 23; "more than 5,000" and
        5,200)."""
        lo, hi = sorted((self.value, other.value))
        if lo == hi:
            return True
        for x, y in ((self, other), (other, self)):
            if x.bound == "about" and abs(x.value - y.value) <= tolerance * max(x.value, y.value):
                return True
            if x.bound == "above" and y.value >= x.value:
                return True
            if x.bound == "below" and y.value <= x.value:
                return True
        return False


def counts(text: str) -> list[Count]:
    """Counts stated in ``text``, strictly: the counted noun must follow the number directly
    (an adjective or a magnitude word between them at most), so "15 of the 19 hijackers" counts
    19 hijackers only, "Al Gore's 2000 ticket" counts nothing (a year is a date, not a count),
    and "$1.4 billion for the wall" counts nothing. Used by the dispute checks, where a wrong
    count is a false "numbers differ" a reader would see; `quantities` is the judge's looser
    reading."""
    ws = tokens(text)
    out: list[Count] = []
    for i, w in enumerate(ws):
        head, _, tail = w.partition("-")
        value: float | None = None
        if head[:1].isdigit():
            if _YEAR.match(head.replace(",", "")) and "," not in head:
                continue
            try:
                value = float(head.replace(",", "").rstrip("."))
            except ValueError:
                continue
        elif head in _NUMBER_WORDS and head != "one":  # "one" is as often a pronoun
            value = float(_NUMBER_WORDS[head])
        if value is None:
            continue
        rest = ([tail] if tail else []) + ws[i + 1 : i + 4]
        while rest and rest[0] in _MAGNITUDE:
            value *= _MAGNITUDE[rest.pop(0)]
        if rest and rest[0] in _NUMBER_WORDS:
            continue  # "two three-hour meetings": the second number counts
        noun = next(
            (x for x in rest[:2] if x not in CLAIM_STOP_WORDS and not x[:1].isdigit()), None
        )
        if noun is None or (rest and rest[0] in CLAIM_STOP_WORDS):
            continue
        before = set(ws[max(0, i - 3) : i])
        bound = (
            "about"
            if before & _ABOUT
            else "above"
            if before & _ABOVE
            else "below"
            if before & _BELOW
            else "exact"
        )
        out.append(Count(noun=stem(noun), value=value, bound=bound))
    return out


def numbers(text: str) -> set[float]:
    """The numbers a text states, however written: "nineteen" and "19" are one number."""
    out: set[float] = set()
    for w in tokens(text):
        if w[0].isdigit():
            try:
                out.add(float(w.replace(",", "").rstrip(".")))
            except ValueError:
                continue
        elif w in _NUMBER_WORDS:
            out.add(float(_NUMBER_WORDS[w]))
    return out


def _num_compound(w: str) -> bool:
    head = w.split("-", 1)[0]
    return "-" in w and (head in _NUMBER_WORDS or head.replace(",", "").isdigit())


def figure(value: float) -> str:
    """A number as a reader writes it: 12,000,000 and 3.5, never 1.2e+07."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def numbers_differ(a: str, b: str) -> list[str]:
    qa, qb = quantities(a), quantities(b)
    return [
        f"{k}: {figure(qa[k])} vs {figure(qb[k])}" for k in qa.keys() & qb.keys() if qa[k] != qb[k]
    ]


def _compatible(x: str, y: str) -> bool:
    # 2019-10 and 2019-10-05 are compatible; weeks and weekends are loose.
    if "W" in x or "W" in y:
        return True
    return x.startswith(y) or y.startswith(x)


def same_dates(a_times: Sequence[str], b_times: Sequence[str]) -> bool:
    """Both name a date, and the dates agree: a sign they tell of the same happening."""
    return any(
        _compatible(x, y) and "W" not in x + y and len(min(x, y, key=len)) >= 7
        for x in a_times
        for y in b_times
    )


def dates_differ(a_times: Sequence[str], b_times: Sequence[str]) -> list[str]:
    if not a_times or not b_times:
        return []
    if any(_compatible(x, y) for x in a_times for y in b_times):
        return []
    return [f"{', '.join(a_times)} vs {', '.join(b_times)}"]


def content_stems(
    text: str, *, drop: frozenset[str] = CLAIM_STOP_WORDS, numbers: bool = True
) -> set[str]:
    """The stems of a claim's content words: its tokens of three characters or more that are
    not in ``drop``; without ``numbers``, a token that starts with a digit is left out too."""
    return {
        stem(w)
        for w in tokens(text)
        if w not in drop and len(w) > 2 and (numbers or not w[0].isdigit())
    }


_CONTENT_DROP = CLAIM_STOP_WORDS | _NEGATORS


def content_overlap(a: str, b: str) -> float:
    """Share of the shorter text's content words (stemmed) that the other text also has."""
    sa, sb = content_stems(a, drop=_CONTENT_DROP), content_stems(b, drop=_CONTENT_DROP)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def conflict_cues(
    a: str,
    b: str,
    a_times: Sequence[str] = (),
    b_times: Sequence[str] = (),
    *,
    a_negated: bool | None = None,
    b_negated: bool | None = None,
) -> list[str]:
    """Reasons to think ``a`` and ``b`` conflict, as short tags ("negation", "numbers: ...").

    ``a_negated``/``b_negated`` come from the parse when known (negation of the main
    predicate); otherwise any negator in the text counts.
    """
    cues = []
    na = negated(a) if a_negated is None else a_negated
    nb = negated(b) if b_negated is None else b_negated
    if na != nb and negation_meets(a if na else b, b if na else a):
        cues.append("negation")
    if denial(a) != denial(b):
        cues.append("denial")
    cues.extend(f"antonym: {x}" for x in antonyms(a, b))
    cues.extend(f"numbers: {x}" for x in numbers_differ(a, b))
    cues.extend(f"dates: {x}" for x in dates_differ(a_times, b_times))
    return cues
