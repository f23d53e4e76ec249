"""PolNeAR attribution evaluation: direct quotes and all attributions, with their speakers.

Gold: PolNeAR's dev portion as JSON Lines (``article_id``, ``text``, ``attributions`` with
``source``/``cue``/``content`` spans; see ``../shared/data/polnear/README.md``). A predicted
attribution is the content of one cue (the pieces of a split or multi-paragraph quote are
one attribution, as PolNeAR annotates them), its kind and its speaker mention.

Scoring, the same for rashomon and for any peer: a prediction matches a gold attribution
when their content characters overlap by at least half of each (pieces joined, whitespace
and quotation marks not counted); matching is one to one, largest overlap first. Precision,
recall and F1 are reported for direct quotes (gold: content opens with a quotation mark) and
for all attributions. Speaker accuracy is over matched pairs whose gold has a source: right
when the predicted speaker mention overlaps the gold source span, or the resolved name
shares a content word with it.

Two systems' speaker accuracies are over the quotes each matches, which are different sets:
``speaker_outcomes`` keeps, per matched gold direct quote, whether the speaker was right,
and ``common_speaker_accuracy`` compares two systems on the gold quotes both match.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rashomon.evaluation.data import read_rows
from rashomon.evaluation.metrics import prf
from rashomon.ingest.text import build_article
from rashomon.model import Analysis, Article

Spans = tuple[tuple[int, int], ...]
_NOT_COUNTED = frozenset(" \t\n\r\xa0\"'“”‘’«»„")
_WORD = re.compile(r"[A-Za-z0-9]+")
# Words that say nothing about who spoke: a match on "the" or "Mr." is no match.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "you",
        "him",
        "them",
        "us",
        "this",
        "that",
        "these",
        "those",
        "who",
        "which",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "s",
        "jr",
        "sr",
    ]
)


@dataclass(frozen=True, slots=True)
class Attributed:
    """One attribution, gold or predicted: content pieces, kind and the source mention."""

    content: Spans
    direct: bool
    source: Spans = ()
    speaker: str | None = None  # the resolved name (predictions); gold leaves it None


def gold_attributions(row: dict[str, Any]) -> list[Attributed]:
    out = []
    for a in row["attributions"]:
        if not a.get("content"):
            continue
        content = [tuple(s) for s in a["content"]["spans"]]
        if a.get("content2"):
            content += [tuple(s) for s in a["content2"]["spans"]]
        source = tuple(tuple(s) for s in a["source"]["spans"]) if a.get("source") else ()
        out.append(
            Attributed(content=tuple(content), direct=bool(a["is_direct_quote"]), source=source)
        )
    return out


def from_analysis(analysis: Analysis) -> list[Attributed]:
    """rashomon's attributions in an analysis: its quotes, the pieces of one cue joined.

    The pieces of one cue are one attribution, as PolNeAR annotates them: the halves of a
    quote split around its cue and the paragraphs of a long quotation that hang on it. A
    partial quote inside the content of an indirect one ("X said the plan was 'a
    disaster'") is part of that attribution, not one of its own. A quote is direct when
    its content opens with the quotation mark (PolNeAR's definition): a transcript's
    "PENCE: …" is not.
    """
    pieces: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for q in analysis.quotes:
        key = ("cue", q.cue_start, q.kind, q.partial) if q.cue_start is not None else ("q", q.id)
        pieces[key].append(q)
    indirect = [(q.start, q.end) for q in analysis.quotes if q.kind == "indirect"]
    text = analysis.article.text
    out = []
    for qs in pieces.values():
        qs.sort(key=lambda q: q.start)
        q0 = qs[0]
        if q0.partial and all(any(s <= q.start and q.end <= e for s, e in indirect) for q in qs):
            continue
        source: Spans = (
            ((q0.speaker_start, q0.speaker_end),)
            if q0.speaker_start is not None and q0.speaker_end is not None
            else ()
        )
        out.append(
            Attributed(
                content=tuple((q.start, q.end) for q in qs),
                direct=q0.kind == "direct" and not q0.partial and _opens_quote(text, q0.start),
                source=source,
                speaker=q0.speaker,
            )
        )
    return out


def _opens_quote(text: str, start: int) -> bool:
    """PolNeAR's direct quote: the content opens with a quotation mark."""
    before = text[:start].rstrip(" \xa0")
    return bool(before) and before[-1] in "\"“”«„'‘"


def _chars(text: str, spans: Spans) -> set[int]:
    return {i for s, e in spans for i in range(s, e) if text[i] not in _NOT_COUNTED}


def _content_words(text: str) -> set[str]:
    return {
        w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in _FUNCTION_WORDS
    }


def match(
    text: str, gold: Sequence[Attributed], pred: Sequence[Attributed]
) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs overlapping by half of each, largest first."""
    gc = [_chars(text, g.content) for g in gold]
    pc = [_chars(text, p.content) for p in pred]
    cands = []
    for i, g in enumerate(gc):
        for j, p in enumerate(pc):
            if not g or not p:
                continue
            inter = len(g & p)
            if inter >= 0.5 * len(g) and inter >= 0.5 * len(p):
                cands.append((inter / len(g | p), i, j))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def speaker_right(text: str, gold: Attributed, pred: Attributed) -> bool:
    if any(ps < ge and gs < pe for ps, pe in pred.source for gs, ge in gold.source):
        return True
    gold_words = _content_words(" ".join(text[s:e] for s, e in gold.source))
    said = " ".join([pred.speaker or "", *(text[s:e] for s, e in pred.source)])
    return bool(gold_words & _content_words(said))


def score(
    rows: Iterable[dict[str, Any]], predictions: Mapping[str, Sequence[Attributed]]
) -> dict[str, Any]:
    """P/R/F1 and speaker accuracy for direct quotes and for all attributions."""
    counts = {k: {"tp": 0, "pred": 0, "gold": 0, "spk": 0, "spk_n": 0} for k in ("direct", "all")}
    for row in rows:
        text = row["text"]
        gold = gold_attributions(row)
        pred = list(predictions.get(row["article_id"], ()))
        for kind in ("direct", "all"):
            g = [x for x in gold if x.direct] if kind == "direct" else gold
            p = [x for x in pred if x.direct] if kind == "direct" else pred
            c = counts[kind]
            pairs = match(text, g, p)
            c["tp"] += len(pairs)
            c["pred"] += len(p)
            c["gold"] += len(g)
            for i, j in pairs:
                if g[i].source:
                    c["spk_n"] += 1
                    c["spk"] += speaker_right(text, g[i], p[j])
    out: dict[str, Any] = {}
    for kind, c in counts.items():
        res = prf(c["tp"], c["pred"], c["gold"])
        out[kind] = {
            **{k: round(v, 4) for k, v in res.items()},
            "speaker_accuracy": round(c["spk"] / c["spk_n"], 4) if c["spk_n"] else 0.0,
            "matched": c["tp"],
            "predicted": c["pred"],
            "gold": c["gold"],
        }
    return out


def speaker_outcomes(
    rows: Iterable[dict[str, Any]], predictions: Mapping[str, Sequence[Attributed]]
) -> dict[str, bool]:
    """Per gold direct quote with a source that a prediction matches: was its speaker right?

    Keys are ``"<article_id>#<i>"``, ``i`` the quote's index among the article's direct gold
    attributions, so the outcomes of two systems on the same dev file can be intersected.
    """
    out: dict[str, bool] = {}
    for row in rows:
        text = row["text"]
        g = [x for x in gold_attributions(row) if x.direct]
        p = [x for x in predictions.get(row["article_id"], ()) if x.direct]
        for i, j in match(text, g, p):
            if g[i].source:
                out[f"{row['article_id']}#{i}"] = speaker_right(text, g[i], p[j])
    return out


def outcomes_json(outcomes: Mapping[str, bool]) -> dict[str, list[str]]:
    """``speaker_outcomes`` as stored in a result file: the keys right and the keys wrong."""
    return {
        "right": sorted(k for k, v in outcomes.items() if v),
        "wrong": sorted(k for k, v in outcomes.items() if not v),
    }


def outcomes_from_json(stored: Mapping[str, Sequence[str]]) -> dict[str, bool]:
    return {
        **dict.fromkeys(stored.get("wrong", ()), False),
        **dict.fromkeys(stored.get("right", ()), True),
    }


def common_speaker_accuracy(
    ours: Mapping[str, bool], peer: Mapping[str, bool], names: tuple[str, str] = ("ours", "peer")
) -> dict[str, Any]:
    """Speaker accuracy of two systems on the gold direct quotes both of them match."""
    common = ours.keys() & peer.keys()
    n = len(common)

    def acc(o: Mapping[str, bool]) -> float:
        return round(sum(o[k] for k in common) / n, 4) if n else 0.0

    return {"n": n, names[0]: acc(ours), names[1]: acc(peer)}


Extractor = Callable[[Sequence[dict[str, Any]]], dict[str, list[Attributed]]]


def rashomon_extractor(analyze: Callable[[list[Article]], Sequence[Analysis]]) -> Extractor:
    """Run rashomon's per-article stage (``Service.read``, say) over PolNeAR rows (raw text,
    its title marked)."""

    def extract(rows: Sequence[dict[str, Any]]) -> dict[str, list[Attributed]]:
        articles = [
            build_article(
                r["text"],
                source=r["article_id"],
                title=r.get("title"),
                published=r.get("publication_date"),
                outlet=r.get("publisher"),
            )
            for r in rows
        ]
        analyses = analyze(articles)
        return {r["article_id"]: from_analysis(an) for r, an in zip(rows, analyses, strict=True)}

    return extract


def evaluate(
    path: Path, extract: Extractor, *, limit: int | None = None, system: str = "rashomon"
) -> dict[str, Any]:
    rows = read_rows(path)
    rows = rows[:limit] if limit else rows
    t = time.perf_counter()
    predictions = extract(rows)
    secs = time.perf_counter() - t
    return {
        "set": "polnear-dev",
        "system": system,
        "articles": len(rows),
        **score(rows, predictions),
        "seconds": round(secs, 1),
        # For the common-set comparison with a peer (eval/textacy_peer.py --common).
        "matched_direct_speakers": outcomes_json(speaker_outcomes(rows, predictions)),
    }
