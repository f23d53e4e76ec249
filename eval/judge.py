"""Evaluate a judge on the dev sets: FNC-1 (relative score, macro-F1) and ClaimDiff (macro-F1).

Usage: python eval/judge.py [fnc1|claimdiff|all] [--limit N]
Writes eval/results/judge_<set>.json. Dev data only: ../shared/data/{fnc1,claimdiff}.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "eval" / "results"

FNC_FROM_LABEL = {"agree": "agree", "contradict": "disagree", "neutral": "discuss", "unrelated": "unrelated"}
CLAIMDIFF_FROM_LABEL = {"agree": "strengthen", "contradict": "weaken", "neutral": "neither", "unrelated": "neither"}


def macro_f1(gold: list[str], pred: list[str], classes: list[str]) -> tuple[float, dict[str, float]]:
    per = {}
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[c] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return sum(per.values()) / len(classes), per


def fnc_relative(gold: list[str], pred: list[str]) -> float:
    score = best = 0.0
    for g, p in zip(gold, pred, strict=True):
        best += 0.25 if g == "unrelated" else 1.0
        if (g == "unrelated") == (p == "unrelated"):
            score += 0.25
        if g != "unrelated" and g == p:
            score += 0.75
    return score / best


def _judge():
    from rashomon.service import Service

    return Service().judge


def _run(judge, pairs, batch: int = 32):
    from rashomon.compare.judge import Pair

    out = []
    for lo in range(0, len(pairs), batch):
        out.extend(judge.judge([Pair(a=a, b=b) for a, b in pairs[lo : lo + batch]]))
    return [j.label for j in out]


def eval_fnc1(limit: int | None = None) -> dict:
    bodies = {}
    with open(DATA / "fnc1" / "bodies.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            bodies[r["body_id"]] = r["body"]
    rows = [json.loads(line) for line in open(DATA / "fnc1" / "pairs.jsonl", encoding="utf-8")]
    rows = rows[:limit] if limit else rows
    t = time.perf_counter()
    labels = _run(_judge(), [(r["headline"], bodies[r["body_id"]]) for r in rows])
    secs = time.perf_counter() - t
    pred = [FNC_FROM_LABEL[x] for x in labels]
    gold = [r["stance"] for r in rows]
    f1, per = macro_f1(gold, pred, ["agree", "disagree", "discuss", "unrelated"])
    return {
        "set": "fnc1 dev", "pairs": len(rows), "judge": "cue",
        "relative_score": round(fnc_relative(gold, pred), 4), "macro_f1": round(f1, 4),
        "per_class_f1": {k: round(v, 4) for k, v in per.items()}, "seconds": round(secs, 1),
    }


def eval_claimdiff(limit: int | None = None) -> dict:
    rows = [json.loads(line) for line in open(DATA / "claimdiff" / "dev.jsonl", encoding="utf-8")]
    rows = rows[:limit] if limit else rows
    t = time.perf_counter()
    labels = _run(_judge(), [(r["claim_a"], r["claim_b"]) for r in rows])
    secs = time.perf_counter() - t
    pred = [CLAIMDIFF_FROM_LABEL[x] for x in labels]
    gold = [r["label"] for r in rows]
    f1, per = macro_f1(gold, pred, ["strengthen", "weaken", "neither"])
    return {
        "set": "claimdiff dev", "pairs": len(rows), "judge": "cue", "macro_f1": round(f1, 4),
        "per_class_f1": {k: round(v, 4) for k, v in per.items()}, "seconds": round(secs, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("which", nargs="?", default="all", choices=["fnc1", "claimdiff", "all"])
    ap.add_argument("--limit", type=int)
    args = ap.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name, fn in (("fnc1", eval_fnc1), ("claimdiff", eval_claimdiff)):
        if args.which in (name, "all"):
            res = fn(args.limit)
            print(json.dumps(res, indent=2))
            if not args.limit:
                (RESULTS / f"judge_{name}.json").write_text(json.dumps(res, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
