"""Judge evaluations: FNC-1 (headline vs body; relative score and macro-F1) and ClaimDiff
(claim vs claim across outlets; macro-F1 over strengthen / weaken / neither)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rashomon.compare.judge import Pair
from rashomon.errors import InputError
from rashomon.evaluation.data import read_rows
from rashomon.evaluation.metrics import fnc_relative, macro_f1

FNC_FROM_LABEL = {
    "agree": "agree",
    "contradict": "disagree",
    "neutral": "discuss",
    "unrelated": "unrelated",
}
CLAIMDIFF_FROM_LABEL = {
    "agree": "strengthen",
    "contradict": "weaken",
    "neutral": "neither",
    "unrelated": "neither",
}
FNC_CLASSES = ["agree", "disagree", "discuss", "unrelated"]
CLAIMDIFF_CLASSES = ["strengthen", "weaken", "neither"]

Labeller = Callable[[Sequence[tuple[str, str]]], list[str]]


def judge_labeller(judge: Any, batch: int = 32, embedder: Any = None) -> Labeller:
    """Adapt a `Judge` to a function from (a, b) pairs to labels. With an ``embedder`` each
    pair carries its embedding similarity, as `rashomon compare` gives it between claims of one
    story (the judge then applies its compare-time bounds)."""

    def label(pairs: Sequence[tuple[str, str]]) -> list[str]:
        out: list[str] = []
        for lo in range(0, len(pairs), batch):
            chunk = pairs[lo : lo + batch]
            sims: list[float | None] = [None] * len(chunk)
            if embedder is not None and chunk:
                va = embedder.embed([a for a, _ in chunk])
                vb = embedder.embed([b for _, b in chunk])
                sims = [float(x) for x in (va * vb).sum(axis=1)]
            out.extend(
                j.label
                for j in judge.judge(
                    [Pair(a=a, b=b, similarity=s) for (a, b), s in zip(chunk, sims, strict=True)]
                )
            )
        return out

    return label


def evaluate_fnc1(directory: Path, label: Labeller, *, limit: int | None = None) -> dict[str, Any]:
    """FNC-1 dev: `pairs.jsonl` ({headline, body_id, stance}) and `bodies.jsonl` ({body_id,
    body})."""
    directory = Path(directory)
    bodies = {r["body_id"]: r["body"] for r in read_rows(directory / "bodies.jsonl")}
    rows = (
        read_rows(directory / "pairs.jsonl")[:limit]
        if limit
        else read_rows(directory / "pairs.jsonl")
    )
    missing = [r["body_id"] for r in rows if r["body_id"] not in bodies]
    if missing:
        raise InputError(
            f"{len(missing)} pairs name a body_id not in bodies.jsonl", source=str(directory)
        )
    t = time.perf_counter()
    pred = [FNC_FROM_LABEL[x] for x in label([(r["headline"], bodies[r["body_id"]]) for r in rows])]
    secs = time.perf_counter() - t
    gold = [r["stance"] for r in rows]
    f1, per = macro_f1(gold, pred, FNC_CLASSES)
    return {
        "set": "fnc1",
        "pairs": len(rows),
        "relative_score": round(fnc_relative(gold, pred), 4),
        "macro_f1": round(f1, 4),
        "per_class_f1": {k: round(v, 4) for k, v in per.items()},
        "seconds": round(secs, 1),
    }


def evaluate_claimdiff(path: Path, label: Labeller, *, limit: int | None = None) -> dict[str, Any]:
    """ClaimDiff dev: lines {claim_a, claim_b, label in strengthen/weaken/neither}."""
    rows = read_rows(Path(path))
    rows = rows[:limit] if limit else rows
    t = time.perf_counter()
    pred = [CLAIMDIFF_FROM_LABEL[x] for x in label([(r["claim_a"], r["claim_b"]) for r in rows])]
    secs = time.perf_counter() - t
    gold = [r["label"] for r in rows]
    f1, per = macro_f1(gold, pred, CLAIMDIFF_CLASSES)
    return {
        "set": "claimdiff",
        "pairs": len(rows),
        "macro_f1": round(f1, 4),
        "per_class_f1": {k: round(v, 4) for k, v in per.items()},
        "seconds": round(secs, 1),
    }
