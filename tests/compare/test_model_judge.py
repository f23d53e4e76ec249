"""The shipped judge: the fine-tuned cross-encoder from the installed package, no network."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rashomon.compare.judge import Pair
from rashomon.compare.model_judge import (
    LABELS,
    JudgeParams,
    ModelJudge,
    PairCache,
    default_model_dir,
)
from rashomon.errors import InputError, ModelError


@pytest.fixture(scope="module")
def judge(svc, model_judge):
    return model_judge(checks=False, embedder=svc.embedder)


def test_model_ships_inside_the_package():
    d = default_model_dir()
    meta = json.loads((d / "config.json").read_text())
    assert tuple(meta["labels"]) == LABELS
    assert (d / "model.onnx").stat().st_size > 1_000_000
    assert (d / "MODEL_CARD.md").is_file()


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        (
            "The city council approved the new budget on Tuesday.",
            "On Tuesday, council members voted to approve the city's new budget.",
            "agree",
        ),
        (
            "Police arrested the suspect at the airport.",
            "The suspect has not been arrested and is still at large, police said.",
            "contradict",
        ),
        (
            "The central bank raised its key interest rate.",
            "The striker scored twice as the home side won the cup final.",
            "unrelated",
        ),
    ],
)
def test_model_judge_labels_clear_pairs(judge, a, b, label):
    (j,) = judge.judge([Pair(a=a, b=b)])
    assert j.label == label, (j.scores, j.reason)
    assert set(j.scores) == set(LABELS)
    assert abs(sum(j.scores.values()) - 1) < 1e-3


@pytest.mark.xfail(
    strict=True,
    reason="the small CPU-trained model misses contradictions carried by "
    "world knowledge rather than negation (died / rescued alive, approved / rejected); "
    "see MODEL_CARD.md",
)
@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The ferry sank and all 40 passengers died.",
            "All 40 passengers of the ferry were rescued alive after it sank.",
        ),
        ("The vaccine was approved by regulators.", "Regulators rejected the vaccine."),
    ],
)
def test_model_judge_lexical_contradiction(judge, a, b):
    (j,) = judge.judge([Pair(a=a, b=b)])
    assert j.label == "contradict"


def test_the_conflict_checks_catch_a_rejection_the_model_misses(svc, model_judge):
    (j,) = model_judge(embedder=svc.embedder).judge(
        [Pair(a="The vaccine was approved by regulators.", b="Regulators rejected the vaccine.")]
    )
    assert j.label == "contradict" and "conflict checks fire" in j.reason, j.reason
    assert j.cues == ("denial",) and j.scores["agree"] > j.scores["contradict"], (
        j
    )  # the model alone would agree


def test_embedding_gate_makes_far_pairs_unrelated(svc, model_judge):
    a, b = (
        "The central bank raised its key interest rate.",
        "The striker scored twice in the cup final.",
    )
    gated = model_judge(embedder=svc.embedder).judge([Pair(a=a, b=b)])[0]
    assert gated.label == "unrelated" and "below" in gated.reason


def test_compare_bounds_need_similarity_and_confidence(model_judge):
    j = model_judge()
    a, b = (
        "Police arrested the suspect at the airport.",
        "The suspect has not been arrested, police said.",
    )
    assert j.judge([Pair(a=a, b=b, similarity=0.9)])[0].label == "contradict"
    weak = j.judge([Pair(a=a, b=b, similarity=0.45)])[0]
    assert weak.label == "neutral" and "similarity 0.45" in weak.reason
    assert j.judge([Pair(a=a, b=b, similarity=0.1)])[0].label == "unrelated"


def test_model_probabilities_are_distributions(judge):
    p = judge.probabilities(
        [("Rain fell.", "It rained all day."), ("Prices rose.", "Prices fell sharply.")]
    )
    assert p.shape == (2, 4)
    assert np.allclose(p.sum(axis=1), 1, atol=1e-4)
    assert judge.probabilities([]).shape == (0, 4)


def test_conflict_checks_catch_what_the_model_misses(model_judge):
    with_checks = model_judge()
    a = "The agency counted 23 missile launches this year."
    b = "The agency counted 20 missile launches this year."
    (j,) = with_checks.judge([Pair(a=a, b=b)])
    assert j.label == "contradict", j.reason
    assert any(c.startswith("numbers") for c in j.cues)
    assert "model:" in j.reason  # the model's own view stays visible


def test_conflict_checks_use_resolved_dates(model_judge):
    (j,) = model_judge().judge(
        [
            Pair(
                a="The minister resigned on Friday.",
                b="The minister resigned on Friday.",
                a_times=("2024-03-01",),
                b_times=("2024-03-08",),
            )
        ]
    )
    assert j.label == "contradict"
    assert any(c.startswith("dates") for c in j.cues)


def test_long_evidence_is_judged_on_its_best_sentences(judge):
    filler = " ".join(
        f"The council discussed item number {i} of its agenda at length." for i in range(60)
    )
    body = (
        filler + " The harbour bridge was closed to all traffic on Sunday after cracks were found."
    )
    (j,) = judge.judge([Pair(a="Cracks forced the harbour bridge to close on Sunday.", b=body)])
    assert j.label == "agree", (j.scores, j.reason)


def test_cache_makes_a_rerun_free(model_judge):
    cache = PairCache()
    j1 = model_judge(cache=cache, checks=False)
    pairs = [Pair(a="Snow closed the airport.", b="The airport shut because of snow.")]
    first = j1.judge(pairs)

    class Broken:
        def run(self, *a, **k):
            raise AssertionError("the model ran again")

    j1._session = Broken()
    assert j1.judge(pairs) == first
    assert cache.hits == 1


def test_cache_is_bounded():
    c = PairCache(size=2)
    from rashomon.model import Judgment, Scores

    for i in range(3):
        c.put(Pair(a=f"a{i}", b="b"), Judgment(label="neutral", scores=Scores(), reason=""))
    assert len(c) == 2 and c.get(Pair(a="a0", b="b")) is None


@pytest.mark.parametrize("bad", ["", "   ", "x" * 200_001, 42, None])
def test_bad_input_is_a_clear_error(judge, bad):
    with pytest.raises(InputError):
        judge.judge([Pair(a="A claim.", b=bad)])  # type: ignore[arg-type]


def test_missing_model_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="judge model not found"):
        ModelJudge(tmp_path).judge([Pair(a="a claim", b="some evidence")])


def test_shared_setting_lowers_the_stance_band_but_asks_more_confidence(model_judge):
    j = model_judge(anchored_confidence=0.5)
    a, b = (
        "Police arrested the suspect at the airport.",
        "The suspect has not been arrested, police said.",
    )
    set_alike = Pair(
        a=a,
        b=b,
        similarity=0.47,
        a_anchors=frozenset({"GPE:lyon", "date:2024-03"}),
        b_anchors=frozenset({"GPE:lyon"}),
    )
    anchored = j.judge([set_alike])[0]
    assert anchored.label == "contradict" and "lyon" in anchored.reason
    elsewhere = Pair(
        a=a,
        b=b,
        similarity=0.47,
        a_anchors=frozenset({"GPE:lyon"}),
        b_anchors=frozenset({"GPE:nice"}),
    )
    assert j.judge([elsewhere])[0].label == "neutral"
    strict = model_judge(anchored_confidence=0.999, cache=PairCache(size=0))
    assert strict.judge([set_alike])[0].label == "neutral"


def test_anchors_are_part_of_the_cache_key():
    a, b = Pair(a="x", b="y", a_anchors=frozenset({"GPE:lyon"})), Pair(a="x", b="y")
    assert PairCache.key(a) != PairCache.key(b)


def _pair(**kw):
    base = dict(
        a="The Geneva talks broke down when the delegation walked out",
        b="negotiations broke down after less than a day",
        a_negated=False,
        b_negated=False,
        similarity=0.52,
        a_anchors=frozenset({"p1:Geneva"}),
        b_anchors=frozenset({"p1:Geneva", "date:2021-10"}),
        a_predicate="break down",
        b_predicate="break down",
    )
    return Pair(**{**base, **kw})


def test_same_event_needs_one_predicate_one_setting_one_polarity():
    assert _pair().same_event()
    assert not _pair(b_predicate="resume").same_event()
    assert not _pair(a_predicate="say", b_predicate="say").same_event()  # a light verb
    assert not _pair(b_negated=True).same_event()
    assert not _pair(b_anchors=frozenset({"date:2021-10"})).same_event()
    assert not _pair(a_negated=None).same_event()  # polarity unknown: no parse


@pytest.mark.parametrize(
    ("pair", "probs", "label"),
    [
        # The model leans to agreement below its anchored bar; one event told twice: agree.
        (_pair(), (0.44, 0.10, 0.40, 0.06), "agree"),
        # The same lean without the shared predicate stays no stance.
        (_pair(b_predicate="resume"), (0.44, 0.10, 0.40, 0.06), "neutral"),
        # The predicate alone is no agreement when the model leans elsewhere.
        (_pair(), (0.30, 0.15, 0.50, 0.05), "neutral"),
    ],
)
def test_one_event_lends_weight_to_a_leaning_model(pair, probs, label):
    j = ModelJudge(
        params=JudgeParams(checks=False)
    )  # the model's output is given: only the decision runs
    got = j._decide(pair, pair.b, np.asarray(probs, dtype=np.float32), "claim")
    assert got.label == label, got.reason
    if label == "agree":
        assert "one event" in got.reason and "Geneva" in got.reason


def test_pairs_with_their_similarity_are_not_embedded_again(svc, model_judge):
    calls = []

    class Spy:  # the real embedder, counting what it is asked to embed
        dim = svc.embedder.dim

        def embed(self, texts):
            calls.append(len(texts))
            return svc.embedder.embed(texts)

    j = model_judge(embedder=Spy())
    a, b = "Police arrested the suspect at the airport.", "The suspect was arrested at the airport."
    j.judge([Pair(a=a, b=b, similarity=0.9)])
    assert calls == []
    j.judge([Pair(a=a, b=b)])  # no similarity given: the gate embeds both sides
    assert calls == [1, 1]


REPORTED = (
    "The singer has reportedly married her longtime partner in a private ceremony, according "
    "to a gossip site, which claims the couple exchanged vows in Malibu."
)
ASSERTED = "The singer married her longtime partner in a private ceremony in Malibu on Saturday."


def test_reporting_cues_find_reported_speech_and_hedges():
    from rashomon.compare.evidence import reporting_cues

    assert reporting_cues(REPORTED) == ["reportedly", "according to", "claims"]
    assert reporting_cues("Officials said the bridge may reopen.") == ["said", "may"]
    assert reporting_cues(ASSERTED) == []


@pytest.mark.parametrize(
    ("evidence", "probs", "kind", "label"),
    [
        # An article passing the claim on as others' word discusses it: no stance...
        (REPORTED, (0.62, 0.05, 0.30, 0.03), "article", "neutral"),
        # ...unless the model is sure of its agreement,
        (REPORTED, (0.85, 0.02, 0.10, 0.03), "article", "agree"),
        # an article asserting it agrees,
        (ASSERTED, (0.62, 0.05, 0.30, 0.03), "article", "agree"),
        # and between two claims the certainty of each is reported apart, not judged here.
        (REPORTED, (0.62, 0.05, 0.30, 0.03), "claim", "agree"),
    ],
)
def test_modality_reported_evidence_is_discussion_not_agreement(evidence, probs, kind, label):
    j = ModelJudge(
        params=JudgeParams(checks=False)
    )  # the model's output is given: only the decision runs
    pair = Pair(a="Singer marries longtime partner", b=evidence)
    got = j._decide(pair, evidence, np.asarray(probs, dtype=np.float32), kind)
    assert got.label == label, got.reason
    if label == "neutral":
        assert "others' word" in got.reason and "reportedly" in got.reason


STORY = (
    "The Vienna talks broke down when Iran walked away from the negotiating table",
    "negotiations broke down after less than a day",
)


def test_claims_of_one_story_are_related_by_their_similarity(svc, model_judge):
    """Between claims of one story the similarity has settled relatedness: the model only
    says which stance, so its "unrelated" share is dropped and the rest renormalised."""
    a, b = STORY
    one_way = model_judge(embedder=svc.embedder, story_pairs=False)
    raw, rev = one_way.judge([Pair(a=a, b=b, similarity=0.7), Pair(a=b, b=a, similarity=0.7)])
    assert (
        raw.scores["unrelated"] > 0.05 or rev.scores["unrelated"] > 0.05
    )  # the model alone hedges
    (story,) = model_judge(embedder=svc.embedder).judge([Pair(a=a, b=b, similarity=0.7)])
    assert story.scores["unrelated"] == 0.0 and abs(sum(story.scores.values()) - 1) < 1e-3
    for lab in ("agree", "contradict", "neutral"):
        assert story.scores[lab] == pytest.approx(
            raw.scores[lab] / (1 - raw.scores["unrelated"]), abs=2e-3
        )
    # Without a similarity (a headline against its evidence) the model's own four-way reading
    # stands.
    (plain,) = model_judge(embedder=svc.embedder).judge([Pair(a=a, b=b)])
    assert plain.scores == raw.scores
