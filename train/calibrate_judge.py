"""Fit the shipped judge's temperature on dev data (choosing, not training: the argmax, and so
every label, is unchanged) and write it into src/rashomon/resources/judge/config.json.

Usage: python train/calibrate_judge.py [--fnc 1500]
Dev sets: ../shared/data/fnc1 (a sample of pairs) and ../shared/data/claimdiff/dev.jsonl.
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
from rashomon.compare.model_judge import LABELS, ModelJudge, default_model_dir, softmax  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
FNC = {"agree": ["agree"], "disagree": ["contradict"], "discuss": ["neutral"], "unrelated": ["unrelated"]}
CD = {"strengthen": ["agree"], "weaken": ["contradict"], "neither": ["neutral", "unrelated"]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fnc", type=int, default=1500, help="FNC-1 dev pairs sampled")
    args = ap.parse_args()
    rng = random.Random(7)
    bodies = {json.loads(x)["body_id"]: json.loads(x)["body"] for x in open(DATA / "fnc1" / "bodies.jsonl")}
    fnc = [json.loads(x) for x in open(DATA / "fnc1" / "pairs.jsonl")]
    rng.shuffle(fnc)
    pairs, gold = [], []
    for r in fnc[: args.fnc]:
        pairs.append((r["headline"], select_evidence(r["headline"], bodies[r["body_id"]])))
        gold.append([LABELS.index(x) for x in FNC[r["stance"]]])
    for line in open(DATA / "claimdiff" / "dev.jsonl"):
        r = json.loads(line)
        pairs.append((r["claim_a"], select_evidence(r["claim_a"], r["claim_b"])))
        gold.append([LABELS.index(x) for x in CD[r["label"]]])
    judge = ModelJudge()
    logits = judge.logits(pairs)

    def nll(t: float) -> float:
        p = softmax(logits / t)
        return float(-np.mean([np.log(p[i, g].sum() + 1e-9) for i, g in enumerate(gold)]))

    grid = np.round(np.arange(0.5, 3.01, 0.05), 2)
    best = min(grid, key=nll)
    cfg_path = default_model_dir() / "config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["temperature"] = float(best)
    cfg["calibration"] = {"pairs": len(pairs), "nll_at_1": round(nll(1.0), 4), "nll": round(nll(float(best)), 4)}
    cfg_path.write_text(json.dumps(cfg, indent=2) + "\n")
    print(json.dumps(cfg["calibration"] | {"temperature": float(best)}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
