"""Benchmark: the shipped judge's throughput (pairs/s at batch 32) and size on disk.

Sentence pairs are the ClaimDiff dev claims (short, like cross-outlet claim pairs); article
pairs are FNC-1 dev headlines against whole bodies (evidence selection included).
Writes bench/results/judge_speed.json. Run: .venv/bin/python bench/judge_speed.py
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(x) for x in fh]


def _rate(judge, pairs, batch: int = 32) -> float:
    from rashomon.compare.judge import Pair

    t = time.perf_counter()
    for lo in range(0, len(pairs), batch):
        judge.judge([Pair(a=a, b=b) for a, b in pairs[lo : lo + batch]])
    return len(pairs) / (time.perf_counter() - t)


def main() -> None:
    from rashomon.compare.model_judge import ModelJudge, PairCache, default_model_dir

    cd = _jsonl(DATA / "claimdiff" / "dev.jsonl")
    sent = [(r["claim_a"], r["claim_b"]) for r in cd][:400]
    bodies = {r["body_id"]: r["body"] for r in _jsonl(DATA / "fnc1" / "bodies.jsonl")}
    fnc = _jsonl(DATA / "fnc1" / "pairs.jsonl")[:300]
    art = [(r["headline"], bodies[r["body_id"]]) for r in fnc]
    judge = ModelJudge(cache=PairCache(size=0))  # no cache: every pair runs the model
    judge.judge([])  # nothing; the first real call loads the model
    _rate(judge, sent[:32])  # warm-up
    runs = [_rate(judge, sent) for _ in range(3)]
    art_rate = _rate(judge, art)
    cached = ModelJudge()
    _rate(cached, sent)
    rerun = _rate(cached, sent)
    d = default_model_dir()
    res = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "sentence_pairs": len(sent),
        "sentence_pairs_per_s": round(max(runs), 1),
        "sentence_pairs_per_s_runs": [round(r, 1) for r in runs],
        "article_pairs": len(art),
        "article_pairs_per_s": round(art_rate, 1),
        "cached_rerun_pairs_per_s": round(rerun, 1),
        "batch": 32,
        "model_mb": round((d / "model.onnx").stat().st_size / 1e6, 1),
    }
    out = ROOT / "bench" / "results" / "judge_speed.json"
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
