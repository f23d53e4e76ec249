"""The judge scorers behind `rashomon eval fnc1|claimdiff` (the commands themselves:
tests/cli/test_eval.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.evaluation.judge import evaluate_claimdiff, evaluate_fnc1
from rashomon.evaluation.metrics import fnc_relative, macro_f1, prf
from tests.conftest import shared_path


def data(*parts: str) -> Path:
    return shared_path("data", *parts)


def test_fnc_relative_score_arithmetic():
    gold = ["agree", "unrelated", "discuss", "disagree"]
    assert fnc_relative(gold, gold) == 1.0
    # related/unrelated right everywhere, no stance right: 0.25 * 4 / 3.25
    assert fnc_relative(gold, ["discuss", "unrelated", "agree", "agree"]) == pytest.approx(
        1.0 / 3.25
    )
    assert fnc_relative(gold, ["unrelated", "agree", "unrelated", "unrelated"]) == 0.0


def test_macro_f1_counts_every_class_even_when_never_predicted():
    f1, per = macro_f1(["a", "a", "b"], ["a", "a", "a"], ["a", "b", "c"])
    assert per["b"] == 0.0 and per["c"] == 0.0
    assert f1 == pytest.approx((0.8 + 0 + 0) / 3)
    with pytest.raises(ValueError):
        macro_f1(["a"], [], ["a"])


def test_prf():
    assert prf(3, 4, 6) == pytest.approx({"precision": 0.75, "recall": 0.5, "f1": 0.6})
    assert prf(0, 0, 0)["f1"] == 0.0


def _constant(label):
    return lambda pairs: [label] * len(pairs)


def test_fnc1_scoring_of_a_constant_judge():
    res = evaluate_fnc1(data("fnc1"), _constant("unrelated"))
    with open(data("fnc1", "pairs.jsonl"), encoding="utf-8") as fh:
        gold = [json.loads(x)["stance"] for x in fh]
    share = sum(g == "unrelated" for g in gold) * 0.25
    assert res["pairs"] == len(gold)
    assert res["relative_score"] == pytest.approx(
        share / sum(0.25 if g == "unrelated" else 1 for g in gold), abs=1e-4
    )
    assert res["per_class_f1"]["agree"] == 0.0


def test_claimdiff_maps_labels():
    assert (
        evaluate_claimdiff(data("claimdiff", "dev.jsonl"), _constant("agree"), limit=50)[
            "per_class_f1"
        ]["strengthen"]
        > 0
    )
    res = evaluate_claimdiff(data("claimdiff", "dev.jsonl"), _constant("unrelated"), limit=50)
    assert res["per_class_f1"]["strengthen"] == 0.0 and res["pairs"] == 50


class _Recorder:
    """A judge that records the pairs it is given (the boundary under test is the labeller)."""

    def __init__(self):
        self.pairs = []

    def judge(self, pairs):
        from rashomon.model import Judgment, Scores

        self.pairs.extend(pairs)
        return [
            Judgment(label="neutral", scores=Scores(neutral=1.0), reason="recorded") for _ in pairs
        ]


def test_labeller_as_compare_gives_each_pair_its_similarity(svc):
    from rashomon.evaluation.judge import judge_labeller

    rows = [
        ("The talks collapsed on Friday.", "Negotiations broke down on Friday."),
        ("The talks collapsed on Friday.", "The striker scored twice in the cup final."),
    ]
    plain, story = _Recorder(), _Recorder()
    assert judge_labeller(plain)(rows) == ["neutral", "neutral"]
    judge_labeller(story, embedder=svc.embedder)(rows)
    assert [p.similarity for p in plain.pairs] == [None, None]
    close, far = (p.similarity for p in story.pairs)
    assert -1 <= far < close <= 1 and close > 0.5
