"""The stance head: an optional linear model over the cross-encoder's reading of a whole article
and the article's own voice, fitted (`train/fit_stance_head.py`) on FNC-1 training articles the
cross-encoder never saw. Heads fitted so far did not beat the model on FNC-1 dev, so none ships:
the judge uses one only where a model directory carries `stance_head.json`."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rashomon.compare.judge import Pair
from rashomon.compare.model_judge import LABELS, JudgeParams, ModelJudge, default_model_dir
from rashomon.compare.stance_head import (
    FEATURES,
    StanceHead,
    best_sentences,
    model_features,
    text_features,
)
from rashomon.errors import ModelError

CLAIM = "Zoo confirms escaped snow leopard has been found alive"

LEAD = (
    "Keepers at the city zoo found the snow leopard that escaped from its enclosure on Monday, "
    "alive and unharmed in woods a mile from the park, the zoo confirmed on Wednesday."
)
BACKGROUND = [
    "The zoo opened in 1931 and houses more than 400 species on its hillside site.",
    "Visitor numbers have risen every year since a new aquarium opened in 2019.",
    "The snow leopard enclosure was rebuilt last spring at a cost of two million dollars.",
    "Local schools run regular trips to the park's education centre.",
    "The zoo's director has led it since 2015 after years at a wildlife charity.",
]
ASSERTED = " ".join(
    [
        LEAD,
        *BACKGROUND,
        "The leopard was returned to its enclosure and is eating normally, keepers found.",
    ]
)
REPORTED = " ".join(
    [
        "A snow leopard that escaped from the city zoo has reportedly been found alive, according "
        "to posts on social media, which claim it was seen in woods near the park.",
        *BACKGROUND,
        "The zoo said it could not confirm the reports and that the search may continue for days.",
        "Some residents claimed they had seen the animal, but officials said the sightings were "
        "unverified.",
    ]
)
DEBUNKED = " ".join(
    [
        "Reports that the snow leopard which escaped from the city zoo had been found alive are "
        "false, the zoo said on Wednesday, denying a story that spread on social media.",
        *BACKGROUND,
        "The claim was a hoax, keepers said: the animal has not been found and the search goes on.",
    ]
)
OTHER = " ".join(
    [
        "The central bank raised its key interest rate by a quarter point on Thursday, its third "
        "rise this year.",
        "Economists had expected the move after inflation rose again in the spring.",
        "Mortgage rates are likely to follow within weeks, lenders said.",
        "The bank's governor said further rises could not be ruled out.",
    ]
)


def test_no_head_ships_and_the_shipped_judge_reads_articles_with_the_model(svc, model_judge):
    assert not (default_model_dir() / "stance_head.json").exists()
    j = model_judge(checks=False, embedder=svc.embedder)
    (got,) = j.judge([Pair(a=CLAIM, b=ASSERTED)])
    assert j.head is None and got.reason.startswith("model:")


def test_text_features_hear_the_articles_voice():
    asserted = text_features(CLAIM, ASSERTED, LEAD)
    reported = text_features(CLAIM, REPORTED, REPORTED[:300])
    debunked = text_features(CLAIM, DEBUNKED, DEBUNKED[:300])
    assert reported["report_body"] > asserted["report_body"]
    assert reported["hedge_body"] > asserted["hedge_body"]
    assert debunked["refute_body"] > asserted["refute_body"]
    assert debunked["denial_body"] > 0 == asserted["denial_body"]
    other = text_features(CLAIM, OTHER, OTHER[:300])
    assert asserted["cover_body"] > other["cover_body"]
    assert 0 <= other["cover_body"] <= 1 and 0 <= asserted["top_overlap"] <= 1
    assert text_features("Is the leopard back?", ASSERTED, LEAD)["claim_question"] == 1.0


def test_best_sentences_are_the_claims_matches():
    got = best_sentences(CLAIM, ASSERTED, k=2)
    assert len(got) == 2 and got[0] == LEAD
    assert best_sentences("Quantum chromodynamics", OTHER, k=3) == [OTHER.split(". ")[0] + "."]


def test_model_features_read_the_window_and_the_sentences():
    window = np.asarray([0.7, 0.1, 0.15, 0.05])
    sents = np.asarray([[0.2, 0.6, 0.1, 0.1], [0.5, 0.1, 0.3, 0.1]])
    f = model_features(window, sents)
    assert f["lp_agree"] == pytest.approx(np.log(0.7))
    assert f["s_max_contradict"] == pytest.approx(0.6)
    assert f["s_mean_neutral"] == pytest.approx(0.2)


def _hand_head(weights: dict[str, dict[str, float]]) -> StanceHead:
    """A head with weights set by hand (a unit boundary: what the judge does with a head's
    answer, not what the fitted head answers)."""
    feats = tuple(FEATURES)
    coef = np.zeros((len(LABELS), len(feats)))
    for lab, ws in weights.items():
        for name, w in ws.items():
            coef[LABELS.index(lab), feats.index(name)] = w
    return StanceHead(
        LABELS, feats, np.zeros(len(feats)), np.ones(len(feats)), coef, np.zeros(len(LABELS)), {}
    )


def test_save_and_load_keep_the_heads_answers(tmp_path):
    head = _hand_head({"neutral": {"report_body": 3.0}, "agree": {"lp_agree": 2.0}})
    head.save(tmp_path / "h.json")
    back = StanceHead.load(tmp_path / "h.json")
    rows = [
        text_features(CLAIM, t, t[:300])
        | model_features(np.asarray([0.6, 0.1, 0.2, 0.1]), np.zeros((0, 4)))
        | {"cosine": 0.6}
        for t in (ASSERTED, REPORTED)
    ]
    assert np.allclose(back.probabilities(rows), head.probabilities(rows), atol=1e-5)
    p = head.probabilities(rows)
    assert (
        p[1, LABELS.index("neutral")] > p[0, LABELS.index("neutral")]
    )  # more reported speech, more "discuss"


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        json.dumps({"labels": list(LABELS)}),
        json.dumps(
            {
                "labels": list(LABELS),
                "features": ["no_such_feature"],
                "mean": [0],
                "scale": [1],
                "coef": [[0], [0], [0], [0]],
                "intercept": [0, 0, 0, 0],
            }
        ),
        json.dumps(
            {
                "labels": list(LABELS),
                "features": ["cosine"],
                "mean": [0],
                "scale": [1],
                "coef": [[0, 1]],
                "intercept": [0, 0, 0, 0],
            }
        ),
    ],
)
def test_a_broken_head_file_is_a_model_error(tmp_path, text):
    (tmp_path / "h.json").write_text(text)
    with pytest.raises(ModelError):
        StanceHead.load(tmp_path / "h.json")


@pytest.fixture
def headed_dir(tmp_path):
    """The shipped model with a hand-set head beside it, as `fit_stance_head.py --dest` leaves
    one."""
    for name in ("model.onnx", "config.json"):
        (tmp_path / name).symlink_to(default_model_dir() / name)
    _hand_head({"neutral": {"report_body": 4.0}, "agree": {"cover_body": 1.0}}).save(
        tmp_path / "stance_head.json"
    )
    return tmp_path


def test_the_judge_decides_articles_by_a_head_in_its_model_dir_and_says_why(svc, headed_dir):
    j = ModelJudge(model_dir=headed_dir, params=JudgeParams(checks=False), embedder=svc.embedder)
    reported, asserted = j.judge([Pair(a=CLAIM, b=REPORTED), Pair(a=CLAIM, b=ASSERTED)])
    assert j.head is not None
    assert reported.label == "neutral" and asserted.label == "agree", (
        reported.reason,
        asserted.reason,
    )
    assert reported.reason.startswith("stance head: neutral") and "report_body" in reported.reason
    assert "model on the best evidence" in asserted.reason
    # A sentence is no article: the head stays out of claim pairs.
    (short,) = j.judge([Pair(a=CLAIM, b=LEAD)])
    assert not short.reason.startswith("stance head")


def test_the_judge_can_be_told_to_ignore_a_head(svc, headed_dir):
    j = ModelJudge(
        model_dir=headed_dir,
        params=JudgeParams(checks=False, stance_head=False),
        embedder=svc.embedder,
    )
    (got,) = j.judge([Pair(a=CLAIM, b=REPORTED)])
    assert j.head is None and got.reason.startswith("model:")


def test_a_head_with_other_labels_is_refused(svc, headed_dir):
    data = json.loads((headed_dir / "stance_head.json").read_text())
    data["labels"] = ["contradict", "agree", "neutral", "unrelated"]
    (headed_dir / "stance_head.json").write_text(json.dumps(data))
    with pytest.raises(ModelError, match="stance head labels"):
        ModelJudge(model_dir=headed_dir, embedder=svc.embedder).judge([Pair(a=CLAIM, b=ASSERTED)])


@pytest.fixture(scope="module")
def shipped(svc, model_judge):
    return model_judge(checks=False, embedder=svc.embedder)


@pytest.mark.parametrize(
    ("body", "label"),
    [
        (ASSERTED, "agree"),
        (REPORTED, "neutral"),
        pytest.param(
            DEBUNKED,
            "contradict",
            marks=pytest.mark.xfail(
                strict=True,
                reason="the model splits a debunking article between agree and "
                "contradict and the modality check reads its 'reports … said' as discussion",
            ),
        ),
        (OTHER, "unrelated"),
    ],
)
def test_shipped_judge_on_clear_articles(shipped, body, label):
    (got,) = shipped.judge([Pair(a=CLAIM, b=body)])
    assert got.label == label, (got.scores, got.reason)
