"""Cross-validate alignment, grouping and verdicts on factbench by story folds, through the real
compare pipeline: for each fold an aligner is trained on the other folds' stories
(`train_aligner.py --exclude-fold K`), every held-out story is compared with it, and the
benchmark's own score.py scores all 54 held-out reports together.

usage: python train/align_cv.py [--rows out/align/rows.npz] [--out out/align/cv] [--link 0.5] ...
Needs `train/align_data.py` first (its analysis cache is reused: no spaCy here).
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from rashomon.compare.align import Aligner
from rashomon.compare.reconcile import ReconcileParams
from rashomon.evaluation import factbench
from rashomon.report.json import to_json
from rashomon.service import Service

sys.path.insert(0, str(Path(__file__).parent))
from train_aligner import fold_of


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=Path, default=Path("out/align/rows.npz"))
    ap.add_argument("--out", type=Path, default=Path("out/align/cv"))
    ap.add_argument("--factbench", type=Path, default=Path("../shared/data/factbench"))
    ap.add_argument("--cache", type=Path, default=Path("out/align/analyses"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--retrain", action="store_true", help="train the fold models even if present")
    ap.add_argument("--link", type=float, default=None)
    ap.add_argument("--restatement", type=float, default=None)
    ap.add_argument("--per-article", type=int, default=None)
    ap.add_argument("--model-contradict", type=float, default=None)
    ap.add_argument("--no-participants", action="store_true")
    ap.add_argument("--said-alike", action="store_true")
    ap.add_argument("--train-args", default="", help="extra arguments for train_aligner.py")
    ap.add_argument("--result", type=Path, default=None, help="also write the summary JSON here")
    args = ap.parse_args()
    params = ReconcileParams()
    g = params.grouping
    g = replace(
        g,
        **{
            k: v
            for k, v in (
                ("link", args.link),
                ("restatement", args.restatement),
                ("per_article", args.per_article),
            )
            if v is not None
        },
    )
    if args.no_participants:
        g = replace(g, participants=False)
    if args.said_alike:
        g = replace(g, said_alike=True)
    v = params.verdicts
    if args.model_contradict is not None:
        v = replace(v, model_contradict=args.model_contradict)
    params = replace(params, grouping=g, verdicts=v)
    reports = args.out / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    base = Service(params=params)
    for k in range(args.folds):
        model_dir = args.out / f"fold{k}"
        if args.retrain or not (model_dir / "model.onnx").exists():
            subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__).parent / "train_aligner.py"),
                    str(args.rows),
                    str(model_dir),
                    "--exclude-fold",
                    str(k),
                    "--folds",
                    str(args.folds),
                    *args.train_args.split(),
                ],
                check=True,
            )
        svc = replace(base, _aligner=Aligner(model_dir))
        for story, _meta in factbench.stories(args.factbench):
            if fold_of(story, args.folds) != k:
                continue
            results = pickle.loads((args.cache / f"{story}.pkl").read_bytes())
            (reports / f"{story}.json").write_text(
                to_json(svc.compare_analyses(results), indent=None), encoding="utf-8"
            )
    summary = factbench.score(args.factbench, reports)
    summary["params"] = {"grouping": g.__repr__(), "verdicts": v.__repr__(), "folds": args.folds}
    print(json.dumps({k: summary[k] for k in summary if k != "totals"}))
    if args.result:
        args.result.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
