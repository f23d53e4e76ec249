"""Clustering scores (B-cubed, adjusted Rand) and the ECB+ baseline, without models."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon.evaluation.ecbplus import average_link, evaluate, tfidf_baseline
from rashomon.evaluation.metrics import adjusted_rand, bcubed
from tests.conftest import shared_path


def test_bcubed_perfect_split_and_lumped():
    gold = ["a", "a", "b", "b"]
    assert bcubed(gold, ["x", "x", "y", "y"])["f1"] == 1.0
    lumped = bcubed(gold, ["x"] * 4)
    assert lumped["recall"] == 1.0 and lumped["precision"] == 0.5
    singles = bcubed(gold, ["1", "2", "3", "4"])
    assert singles["precision"] == 1.0 and singles["recall"] == 0.5


def test_adjusted_rand_known_values():
    assert adjusted_rand(["a", "a", "b", "b"], ["x", "x", "y", "y"]) == 1.0
    # sklearn.metrics.adjusted_rand_score([0,0,0,1,1,1], [0,0,1,1,2,2]) == 0.24242...
    assert adjusted_rand(list("aaabbb"), list("xxyyzz")) == pytest.approx(0.242424, abs=1e-5)
    assert adjusted_rand(["a", "a", "b", "b"], ["x", "y", "x", "y"]) < 0


def test_average_link_merges_above_threshold_only():
    sim = np.array([[1, 0.9, 0.1], [0.9, 1, 0.2], [0.1, 0.2, 1]])
    labels = average_link(sim, 0.5)
    assert labels[0] == labels[1] != labels[2]


def test_ecbplus_tfidf_baseline_scores():
    res = evaluate(shared_path("data", "ecbplus", "documents.jsonl"), tfidf_baseline(0.1875))
    assert res["documents"] == 197 and res["gold_clusters"] == 16
    assert 0.85 < res["bcubed_f1"] < 0.95
