"""Scoring functions shared by the evaluations: plain Python, no model."""

from __future__ import annotations

from collections.abc import Sequence


def macro_f1(
    gold: Sequence[str], pred: Sequence[str], classes: Sequence[str]
) -> tuple[float, dict[str, float]]:
    """Unweighted mean of per-class F1 over `classes`, and the per-class F1."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels for {len(pred)} predictions")
    per: dict[str, float] = {}
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[c] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return sum(per.values()) / len(classes), per


def fnc_relative(gold: Sequence[str], pred: Sequence[str]) -> float:
    """FNC-1's weighted score over the best possible: 0.25 for related/unrelated right, +0.75 for
    the right stance of a related pair."""
    score = best = 0.0
    for g, p in zip(gold, pred, strict=True):
        best += 0.25 if g == "unrelated" else 1.0
        if (g == "unrelated") == (p == "unrelated"):
            score += 0.25
        if g != "unrelated" and g == p:
            score += 0.75
    return score / best if best else 0.0


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def bcubed(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (Bagga & Baldwin 1998), item-averaged."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels for {len(pred)} predictions")
    if not gold:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    pair: dict[tuple[str, str], int] = {}
    g_size: dict[str, int] = {}
    p_size: dict[str, int] = {}
    for g, p in zip(gold, pred, strict=True):
        pair[(g, p)] = pair.get((g, p), 0) + 1
        g_size[g] = g_size.get(g, 0) + 1
        p_size[p] = p_size.get(p, 0) + 1
    # Each item of cell (g, p) sees pair[(g, p)] correct items in its predicted and gold cluster.
    prec = sum(n * n / p_size[p] for (_, p), n in pair.items()) / len(gold)
    rec = sum(n * n / g_size[g] for (g, _), n in pair.items()) / len(gold)
    return {
        "precision": prec,
        "recall": rec,
        "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
    }


def adjusted_rand(gold: Sequence[str], pred: Sequence[str]) -> float:
    """The adjusted Rand index (Hubert & Arabie 1985): 1 for identical clusterings, ~0 by chance."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels for {len(pred)} predictions")

    def c2(n: int) -> float:
        return n * (n - 1) / 2

    pair: dict[tuple[str, str], int] = {}
    g_size: dict[str, int] = {}
    p_size: dict[str, int] = {}
    for g, p in zip(gold, pred, strict=True):
        pair[(g, p)] = pair.get((g, p), 0) + 1
        g_size[g] = g_size.get(g, 0) + 1
        p_size[p] = p_size.get(p, 0) + 1
    index = sum(c2(n) for n in pair.values())
    a = sum(c2(n) for n in g_size.values())
    b = sum(c2(n) for n in p_size.values())
    total = c2(len(gold))
    if total == 0:
        return 1.0
    expected = a * b / total
    best = (a + b) / 2
    if best == expected:
        return 1.0
    return (index - expected) / (best - expected)
