"""Fit the judge's stance head (rashomon.compare.stance_head) on the held-out fold.

Usage: python train/fit_stance_head.py FOLD.jsonl [--model-dir DIR] [--features CACHE.jsonl]

FOLD.jsonl is written by `train/judge_data.py --holdout F --fold FOLD.jsonl`: FNC-1 training
headlines against whole bodies the cross-encoder was never trained on. The features are what the
shipped judge computes (`ModelJudge.article_features`: the model on the evidence window and on
the best sentences, the embedding similarity, the article's voice), so the head learns how far
to trust the model on unseen articles. The regularisation and class weighting are chosen by
cross-validation over the fold, grouped by body (no dev data is used), and the head is written
to DIR/stance_head.json (default: the shipped judge's directory).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from rashomon.compare.judge import Pair  # noqa: E402
from rashomon.compare.model_judge import (  # noqa: E402
    LABELS,
    JudgeParams,
    ModelJudge,
    default_model_dir,
)
from rashomon.compare.stance_head import FEATURES, StanceHead, vector  # noqa: E402
from rashomon.evaluation.metrics import fnc_relative, macro_f1  # noqa: E402

FNC = {"agree": "agree", "contradict": "disagree", "neutral": "discuss", "unrelated": "unrelated"}


def features(
    rows: list[dict], model_dir: Path, cache: Path | None, chunk: int = 64
) -> list[dict | None]:
    if cache and cache.is_file():
        got = [json.loads(x) for x in cache.open(encoding="utf-8")]
        if len(got) == len(rows):
            return got
    from rashomon.nlp.embed import MiniLMEmbedder

    judge = ModelJudge(model_dir, embedder=MiniLMEmbedder(), params=JudgeParams(stance_head=False))
    out: list[dict | None] = []
    t = time.time()
    for lo in range(0, len(rows), chunk):
        batch = [Pair(a=r["a"], b=r["b"]) for r in rows[lo : lo + chunk]]
        out.extend(judge.article_features(batch))
        print(
            f"features {len(out)}/{len(rows)} ({len(out) / (time.time() - t):.1f} pairs/s)",
            file=sys.stderr,
            flush=True,
        )
    if cache:
        cache.write_text("".join(json.dumps(r) + "\n" for r in out), encoding="utf-8")
    return out


def score(gold: list[str], pred: list[str]) -> tuple[float, float]:
    """FNC-1 relative score and macro-F1."""
    g = [FNC[x] for x in gold]
    p = [FNC[x] for x in pred]
    return fnc_relative(g, p), macro_f1(g, p, list(FNC.values()))[0]


def main() -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    ap = argparse.ArgumentParser()
    ap.add_argument("fold")
    ap.add_argument("--model-dir", default=str(default_model_dir()))
    ap.add_argument("--features", help="Cache the fold's features here (re-fits are then instant).")
    ap.add_argument("--dest", help="Write the head here (default: --model-dir).")
    args = ap.parse_args()
    with open(args.fold, encoding="utf-8") as fh:
        rows = [r for r in map(json.loads, fh) if r["source"] == "fnc1-train"]
    feats = features(rows, Path(args.model_dir), Path(args.features) if args.features else None)
    names = FEATURES
    keep = [i for i, f in enumerate(feats) if f is not None]
    gated = Counter(rows[i]["label"] for i, f in enumerate(feats) if f is None)
    print(
        f"{len(keep)} of {len(rows)} pairs past the gate; held back: {dict(gated)}", file=sys.stderr
    )
    x = np.stack([vector(feats[i], names) for i in keep])
    y = np.asarray([LABELS.index(rows[i]["label"]) for i in keep])
    groups = np.asarray([rows[i]["group"] for i in keep])
    gold = [rows[i]["label"] for i in keep]
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale

    best = None
    model_only = score(
        gold, [LABELS[int(np.argmax([feats[i][f"lp_{lab}"] for lab in LABELS]))] for i in keep]
    )
    print(
        f"the model alone on these pairs: {model_only[0]:.3f} / {model_only[1]:.3f}",
        file=sys.stderr,
    )
    for c in (0.01, 0.03, 0.1, 0.3, 1.0):
        for weight in (None, "balanced", "sqrt"):
            cw = _weights(y, weight)
            pred = np.zeros_like(y)
            for tr, te in GroupKFold(n_splits=5).split(z, y, groups):
                m = LogisticRegression(C=c, class_weight=cw, max_iter=2000).fit(z[tr], y[tr])
                pred[te] = m.predict(z[te])
            rel, f1 = score(gold, [LABELS[k] for k in pred])
            print(f"C={c} weight={weight}: relative {rel:.3f} macro-F1 {f1:.3f}", file=sys.stderr)
            if best is None or rel + f1 > best[0]:
                best = (rel + f1, c, weight, rel, f1)
    assert best is not None
    _, c, weight, rel, f1 = best
    m = LogisticRegression(C=c, class_weight=_weights(y, weight), max_iter=2000).fit(z, y)
    coef = np.zeros((len(LABELS), x.shape[1]))
    intercept = np.zeros(len(LABELS))
    for row, k in enumerate(m.classes_):
        coef[k], intercept[k] = m.coef_[row], m.intercept_[row]
    what = "FNC-1 train pairs of held-out bodies"
    head = StanceHead(
        labels=LABELS,
        features=names,
        mean=mean,
        scale=scale,
        coef=coef,
        intercept=intercept,
        info={
            "fitted_on": f"{len(keep)} {what} (train/judge_data.py --holdout)",
            "model_alone": [round(model_only[0], 4), round(model_only[1], 4)],
            "labels": dict(Counter(gold)),
            "C": c,
            "class_weight": weight,
            "cv_relative": round(rel, 4),
            "cv_macro_f1": round(f1, 4),
        },
    )
    dest = Path(args.dest or args.model_dir) / "stance_head.json"
    head.save(dest)
    print(
        f"chose C={c} weight={weight} (grouped 5-fold: relative {rel:.3f}, "
        f"macro-F1 {f1:.3f}); wrote {dest}",
        file=sys.stderr,
    )
    return 0


def _weights(y: np.ndarray, how: str | None) -> dict[int, float] | str | None:
    if how != "sqrt":
        return how
    counts = np.bincount(y, minlength=len(LABELS))
    return {k: float(np.sqrt(len(y) / (len(LABELS) * max(n, 1)))) for k, n in enumerate(counts)}


if __name__ == "__main__":
    sys.exit(main())
