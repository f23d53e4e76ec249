"""Score judges on the dev sets and write eval/results/judge_<set>_<judge>.json.

Usage: python eval/judge.py [fnc1|claimdiff|claimdiff_compare|all]
                            [--judge model|cue|hf:…|chat] [--limit N]
The same code as `rashomon eval fnc1 DIR` / `rashomon eval claimdiff FILE`; dev data only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rashomon.evaluation.judge import evaluate_claimdiff, evaluate_fnc1, judge_labeller
from rashomon.evaluation.metrics import fnc_relative, macro_f1  # noqa: F401 - re-exported for tests

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "eval" / "results"


def _labeller(judge: str, as_compare: bool = False):  # type: ignore[no-untyped-def]
    from rashomon.service import Service
    from rashomon.settings import load_settings

    svc = Service(settings=load_settings(judge=judge))
    return judge_labeller(svc.judge, embedder=svc.embedder if as_compare else None)


def eval_fnc1(judge: str = "model", limit: int | None = None) -> dict:
    return {"judge": judge, **evaluate_fnc1(DATA / "fnc1", _labeller(judge), limit=limit)}


def eval_claimdiff(judge: str = "model", limit: int | None = None) -> dict:
    return {
        "judge": judge,
        **evaluate_claimdiff(DATA / "claimdiff" / "dev.jsonl", _labeller(judge), limit=limit),
    }


def eval_claimdiff_compare(judge: str = "model", limit: int | None = None) -> dict:
    """ClaimDiff as `rashomon compare` judges claims of one story: with their similarity."""
    res = evaluate_claimdiff(
        DATA / "claimdiff" / "dev.jsonl", _labeller(judge, as_compare=True), limit=limit
    )
    return {"judge": judge, "as": "compare", **res}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "which", nargs="?", default="all", choices=["fnc1", "claimdiff", "claimdiff_compare", "all"]
    )
    ap.add_argument("--judge", default="model")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name, fn in (
        ("fnc1", eval_fnc1),
        ("claimdiff", eval_claimdiff),
        ("claimdiff_compare", eval_claimdiff_compare),
    ):
        if args.which in (name, "all"):
            res = fn(args.judge, args.limit)
            print(json.dumps(res, indent=2))
            if not args.limit:
                tag = args.judge.replace(":", "_").replace("/", "_")
                (RESULTS / f"judge_{name}_{tag}.json").write_text(json.dumps(res, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
