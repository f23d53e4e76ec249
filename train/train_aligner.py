"""Train the aligner (P(two claims tell the same proposition)) on `train/align_data.py` rows and
export it to ONNX for onnxruntime (no scikit-learn at run time).

usage: python train/train_aligner.py ROWS.npz OUT_DIR [--exclude-fold K --folds 5]

With --exclude-fold K the stories of fold K (crc32 of the story id mod --folds) are left out:
`train/align_cv.py` trains one model per fold that way and scores each on its own held-out
stories. The shipped model is trained on all stories.
"""

from __future__ import annotations

import argparse
import json
import zlib
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper
from sklearn.ensemble import HistGradientBoostingClassifier

from rashomon.compare.align import FEATURES

# Chosen by story folds on factbench (train/align_cv.py): deeper or longer ensembles did not
# raise the held-out average precision; min_samples_leaf keeps leaves to ~40 pairs (~1 story).
PARAMS = {
    "max_iter": 300,
    "learning_rate": 0.05,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "random_state": 0,
}


def closest_positives(
    X: np.ndarray, y: np.ndarray, stories: np.ndarray, sentences: np.ndarray
) -> np.ndarray:
    """Labels are by sentence: when two sentences of one gold fact hold several claims (clauses),
    only their closest claim pair (by cosine, column 0) is surely the fact; the other claim pairs
    of that sentence pair are left out of training rather than taught as either."""
    keep = np.ones(len(y), dtype=bool)
    best: dict[tuple[str, str], int] = {}
    for r in np.flatnonzero(y == 1):
        key = (str(stories[r]), str(sentences[r]))
        if key not in best or X[r, 0] > X[best[key], 0]:
            best[key] = int(r)
    chosen = set(best.values())
    for r in np.flatnonzero(y == 1):
        if int(r) not in chosen:
            keep[r] = False
    return keep


def fold_of(story: str, folds: int) -> int:
    return zlib.crc32(story.encode()) % folds


def export(model: HistGradientBoostingClassifier, n_features: int) -> onnx.ModelProto:
    """The fitted ensemble as an ONNX TreeEnsembleRegressor (sum of leaf values plus the
    baseline) followed by a sigmoid: input ``features`` [N, F] float32, output ``probability`` [N].
    (skl2onnx 1.20 fails on this scikit-learn's missing-value attributes; the features here
    are never missing, so the plain tree structure is all the model is.)"""
    attrs: dict[str, list] = {
        k: []
        for k in (
            "nodes_treeids",
            "nodes_nodeids",
            "nodes_featureids",
            "nodes_values",
            "nodes_modes",
            "nodes_truenodeids",
            "nodes_falsenodeids",
            "target_treeids",
            "target_nodeids",
            "target_ids",
            "target_weights",
        )
    }
    for t, (tree,) in enumerate(model._predictors):
        for n, node in enumerate(tree.nodes):
            leaf = bool(node["is_leaf"])
            attrs["nodes_treeids"].append(t)
            attrs["nodes_nodeids"].append(n)
            attrs["nodes_featureids"].append(0 if leaf else int(node["feature_idx"]))
            attrs["nodes_values"].append(0.0 if leaf else float(node["num_threshold"]))
            attrs["nodes_modes"].append("LEAF" if leaf else "BRANCH_LEQ")
            attrs["nodes_truenodeids"].append(0 if leaf else int(node["left"]))
            attrs["nodes_falsenodeids"].append(0 if leaf else int(node["right"]))
            if leaf:
                attrs["target_treeids"].append(t)
                attrs["target_nodeids"].append(n)
                attrs["target_ids"].append(0)
                attrs["target_weights"].append(float(node["value"]))
    baseline = float(np.ravel(model._baseline_prediction)[0])
    trees = helper.make_node(
        "TreeEnsembleRegressor",
        ["features"],
        ["raw"],
        domain="ai.onnx.ml",
        n_targets=1,
        aggregate_function="SUM",
        base_values=[baseline],
        **attrs,
    )
    squeeze_axes = helper.make_tensor("axes", TensorProto.INT64, [1], [1])
    graph = helper.make_graph(
        [
            trees,
            helper.make_node("Sigmoid", ["raw"], ["p"]),
            helper.make_node("Squeeze", ["p", "axes"], ["probability"]),
        ],
        "rashomon_aligner",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [None, n_features])],
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, [None])],
        initializer=[squeeze_axes],
    )
    m = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)]
    )
    m.ir_version = 9
    onnx.checker.check_model(m)
    return m


def check(model: HistGradientBoostingClassifier, onx: onnx.ModelProto, X: np.ndarray) -> None:
    """The exported graph must give scikit-learn's probabilities (float32 rounding aside)."""
    import onnxruntime as ort

    sess = ort.InferenceSession(onx.SerializeToString(), providers=["CPUExecutionProvider"])
    got = sess.run(None, {"features": X.astype(np.float32)})[0]
    want = model.predict_proba(X)[:, 1]
    worst = float(np.abs(got - want).max())
    print(f"export check: max |onnx - sklearn| = {worst:.2e} over {len(X)} rows")
    if worst > 1e-3:
        raise SystemExit("exported aligner disagrees with scikit-learn")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--exclude-fold", type=int, default=None)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        help="more rows (e.g. train/align_ecb.py's), always trained on, never held out",
    )
    ap.add_argument(
        "--extra-weight", type=float, default=1.0, help="sample weight of the extra rows"
    )
    ap.add_argument(
        "--all-positives",
        action="store_true",
        help="keep every claim pair of a gold sentence pair as positive "
        "(default: only the closest)",
    )
    args = ap.parse_args()
    d = np.load(args.rows)
    if tuple(d["features"].tolist()) != FEATURES:
        raise SystemExit("rows were built with other features: re-run train/align_data.py")
    X, y, stories = d["X"].astype(np.float32), d["y"], d["story"]
    keep = np.ones(len(y), dtype=bool)
    if args.exclude_fold is not None:
        keep = np.array([fold_of(s, args.folds) != args.exclude_fold for s in stories])
    if not args.all_positives:
        keep &= closest_positives(X, y, stories, d["sentences"])
    Xt, yt, wt = X[keep], y[keep], np.ones(int(keep.sum()))
    for path in args.extra:
        e = np.load(path)
        if tuple(e["features"].tolist()) != FEATURES:
            raise SystemExit(f"{path} was built with other features")
        Xt = np.vstack([Xt, e["X"].astype(np.float32)])
        yt = np.concatenate([yt, e["y"]])
        wt = np.concatenate([wt, np.full(len(e["y"]), args.extra_weight)])
    model = HistGradientBoostingClassifier(**PARAMS).fit(Xt, yt, sample_weight=wt)
    onx = export(model, X.shape[1])
    check(model, onx, X[: min(len(X), 5000)])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "model.onnx").write_bytes(onx.SerializeToString())
    config = {
        "features": list(FEATURES),
        "params": PARAMS,
        "rows": int(keep.sum()),
        "extra": [f"{p.name}: {len(np.load(p)['y'])} rows" for p in args.extra],
        "positives": int(y[keep].sum()),
        "stories": sorted(set(stories[keep].tolist())),
        "excluded_fold": args.exclude_fold,
        "folds": args.folds,
    }
    (args.out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    print(
        f"{args.out}: {config['rows']} rows, {config['positives']} positive, "
        f"{len(config['stories'])} stories"
    )


if __name__ == "__main__":
    main()
