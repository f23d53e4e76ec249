"""Fit the shipped judge's temperature (the argmax, and so every label, is unchanged) and write
it into src/rashomon/resources/judge/config.json.

Usage: python train/calibrate_judge.py [--fold out/judge/fold.jsonl] [--fnc 1500]
With ``--fold`` (what `make train-judge` does) the temperature is fitted on the held-out fold of
training pairs the model never saw (train/judge_data.py --holdout), so no dev data is touched;
without it, on the dev sets (../shared/data/fnc1, a sample, and claimdiff/dev.jsonl), as the
models before the fold were.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from rashomon.compare.evidence import select_evidence  # noqa: E402
from rashomon.compare.model_judge import (  # noqa: E402
    EVIDENCE_CHARS,
    LABELS,
    ModelJudge,
    default_model_dir,
    evidence_kind,
    softmax,
)

DATA = ROOT.parent / "shared" / "data"
FNC = {
    "agree": ["agree"],
    "disagree": ["contradict"],
    "discuss": ["neutral"],
    "unrelated": ["unrelated"],
}
CD = {"strengthen": ["agree"], "weaken": ["contradict"], "neither": ["neutral", "unrelated"]}


def article_bias(train: Path, alpha: float) -> list[float]:
    """Log-prior correction for long evidence: from the class balance the model was trained on
    (counts times the sqrt inverse-frequency loss weights of train_judge.py) to FNC-1 train's
    natural balance of headline-vs-article stances. Training data only."""
    counts = np.array([0.0] * len(LABELS))
    for line in Path(train).read_text(encoding="utf-8").splitlines():
        counts[LABELS.index(json.loads(line)["label"])] += 1
    eff = counts * np.sqrt(counts.sum() / (len(LABELS) * counts))
    natural = {"agree": 0.0, "contradict": 0.0, "neutral": 0.0, "unrelated": 0.0}
    orig = {
        "agree": "agree",
        "disagree": "contradict",
        "discuss": "neutral",
        "unrelated": "unrelated",
    }
    for line in (
        (DATA / "nli-train" / "fnc1-train" / "stances_all.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    ):
        natural[orig[json.loads(line)["orig_label"]]] += 1
    target = np.array([natural[k] for k in LABELS])
    return [round(float(x), 4) for x in alpha * np.log((target / target.sum()) / (eff / eff.sum()))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fnc", type=int, default=1500, help="FNC-1 dev pairs sampled")
    ap.add_argument("--train", default=str(ROOT / "out" / "judge" / "train.jsonl"))
    ap.add_argument(
        "--alpha", type=float, default=1.0, help="Share of the article prior correction applied"
    )
    ap.add_argument(
        "--fold", help="Calibrate on this held-out fold of training pairs instead of the dev sets."
    )
    args = ap.parse_args()
    cfg_path = default_model_dir() / "config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["bias"] = {
        "article": article_bias(Path(args.train), args.alpha),
        "claim": [0.0] * len(LABELS),
    }
    cfg["temperature"] = 1.0
    cfg_path.write_text(json.dumps(cfg, indent=2) + "\n")
    rng = random.Random(7)
    bodies = {
        json.loads(x)["body_id"]: json.loads(x)["body"]
        for x in (DATA / "fnc1" / "bodies.jsonl").read_text(encoding="utf-8").splitlines()
    }
    fnc = [
        json.loads(x)
        for x in (DATA / "fnc1" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    rng.shuffle(fnc)
    pairs, gold, kinds = [], [], []
    if args.fold:
        held = [json.loads(x) for x in Path(args.fold).read_text(encoding="utf-8").splitlines()]
        rng.shuffle(held)
        news = [r for r in held if r["source"] == "fnc1-train"][: args.fnc]
        rows = [
            (r["a"], r["b"], [r["label"]])
            for r in news + [r for r in held if r["source"] != "fnc1-train"]
        ]
    else:
        rows = [(r["headline"], bodies[r["body_id"]], FNC[r["stance"]]) for r in fnc[: args.fnc]]
        rows += [
            (r["claim_a"], r["claim_b"], CD[r["label"]])
            for r in map(
                json.loads,
                (DATA / "claimdiff" / "dev.jsonl").read_text(encoding="utf-8").splitlines(),
            )
        ]
    for a, b, labels in rows:
        pairs.append((a, select_evidence(a, b, max_chars=EVIDENCE_CHARS)))
        gold.append([LABELS.index(x) for x in labels])
        kinds.append(evidence_kind(b))
    judge = ModelJudge()
    judge._load()
    logits = judge.logits(pairs)
    logits += np.stack([judge.bias[k] for k in kinds])

    def nll(t: float) -> float:
        p = softmax(logits / t)
        return float(-np.mean([np.log(p[i, g].sum() + 1e-9) for i, g in enumerate(gold)]))

    grid = np.round(np.arange(0.5, 3.01, 0.05), 2)
    best = min(grid, key=nll)
    cfg["temperature"] = float(best)
    cfg["calibration"] = {
        "on": "held-out training fold" if args.fold else "dev",
        "pairs": len(pairs),
        "nll_at_1": round(nll(1.0), 4),
        "nll": round(nll(float(best)), 4),
    }
    cfg_path.write_text(json.dumps(cfg, indent=2) + "\n")
    print(json.dumps(cfg["calibration"] | {"temperature": float(best)}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
