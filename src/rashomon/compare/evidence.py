"""Evidence selection: the sentences of a long text that best match a short claim.

Pure Python on purpose: the trained judge's training script selects its premises with exactly
this code, so the model sees at inference what it saw in training.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from rashomon.lexicon import HEDGES, STOP_WORDS

_SENT = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"'‘A-Z0-9])|\n+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


# Words by which a text passes a claim on as someone's word rather than asserting it: reported
# speech, attribution and rumour, on top of the hedges.
_REPORTING = re.compile(
    r"\b(?:according to|said|says|say|claim(?:s|ed|ing)?|report(?:s|ed|edly)?|rumou?r(?:s|ed)?"
    r"|alleg(?:e|es|ed|edly|ation|ations)|unconfirmed|unverified|appear(?:s|ed)?|seem(?:s|ed)?)\b"
)


def reporting_cues(text: str) -> list[str]:
    """The words of ``text`` that report, attribute or hedge what it says ("reportedly",
    "according to", "claims", "may"), in order: an article that passes a claim on this way
    discusses it rather than agreeing with it."""
    low = text.lower()
    found = [(m.start(), m.group()) for m in _REPORTING.finditer(low)]
    taken = {pos for pos, _ in found}
    found += [
        (m.start(), m.group())
        for m in _WORD.finditer(low)
        if m.group() in HEDGES and m.start() not in taken
    ]
    return [w for _, w in sorted(found)]


def split_sentences(text: str) -> list[str]:
    """Sentences (and lines) of `text`, stripped; nothing dropped but whitespace."""
    return [s.strip() for s in _SENT.split(text) if s and len(s.strip()) > 1]


def content_words(text: str) -> list[str]:
    """Lower-cased content words with a crude plural/verb suffix stripped."""
    out = []
    for w in _WORD.findall(text.lower()):
        if w in STOP_WORDS or len(w) < 2:
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return out


def rank_sentences(claim: str, sentences: list[str]) -> list[tuple[int, float]]:
    """(index, score) of each sentence, best first: idf-weighted overlap of content words,
    idf taken over the sentences themselves so words every sentence shares count little."""
    q = set(content_words(claim))
    bags = [Counter(content_words(s)) for s in sentences]
    n = len(sentences)
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(set(bag))
    scores = []
    for i, bag in enumerate(bags):
        score = sum(math.log(1 + n / df[w]) for w in q if w in bag)
        # a mild length normalisation: long sentences match more words by chance
        scores.append((i, score / (1 + 0.02 * sum(bag.values()))))
    scores.sort(key=lambda x: (-x[1], x[0]))
    return scores


def select_evidence(claim: str, text: str, *, max_chars: int = 600, max_sentences: int = 3) -> str:
    """The best-matching sentences of `text` for `claim`, in their original order, up to
    `max_chars`; `text` itself when it is short already. The first sentence (a news lead)
    is a tie-breaker only, never forced in."""
    if len(text) <= max_chars:
        return text.strip()
    sents = split_sentences(text)
    if len(sents) <= 1:
        return text[:max_chars].strip()
    picked: list[int] = []
    used = 0
    for i, score in rank_sentences(claim, sents):
        if len(picked) >= max_sentences or (picked and score <= 0):
            break
        if used + len(sents[i]) > max_chars and picked:
            continue
        picked.append(i)
        used += len(sents[i]) + 1
    return " ".join(sents[i] for i in sorted(picked))[: max_chars * 2]
