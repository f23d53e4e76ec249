from __future__ import annotations

import pytest

from rashomon.compare.judge import CueJudge, Pair, split_sentences
from rashomon.errors import InputError


@pytest.fixture(scope="module")
def judge(svc):
    return CueJudge(svc.embedder)


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        (
            "The central bank raised interest rates by half a point on Tuesday.",
            "On Tuesday the central bank increased interest rates by half a point.",
            "agree",
        ),
        (
            "The two foreign ministers held talks in Geneva.",
            "The two foreign ministers did not hold talks in Geneva.",
            "contradict",
        ),
        (
            "Flooding forced thousands from their homes along the river.",
            "The chess champion won the tournament in Madrid.",
            "unrelated",
        ),
        (
            "The factory fire killed 12 workers.",
            "The factory fire killed 30 workers.",
            "contradict",
        ),
    ],
)
def test_cue_judge_labels_clear_pairs(judge, a, b, label):
    (j,) = judge.judge([Pair(a=a, b=b)])
    assert j.label == label, j.reason
    assert set(j.scores) == {"agree", "contradict", "neutral", "unrelated"}
    assert max(j.scores, key=j.scores.get) == label
    assert abs(sum(j.scores.values()) - 1) < 1e-3


def test_cue_judge_different_participants_not_agreement(judge):
    pair = Pair(
        a="Officials of A and B met at the summit.",
        b="Officials of A and C met at the summit.",
        a_entities=frozenset({"A", "B"}),
        b_entities=frozenset({"A", "C"}),
    )
    assert judge.judge([pair])[0].label == "neutral"


def test_cue_judge_long_evidence_finds_late_sentence(judge):
    filler = " ".join(
        f"The council discussed item number {i} of its agenda at length." for i in range(40)
    )
    body = filler + " The mayor did not resign on Friday, her office said."
    (j,) = judge.judge([Pair(a="The mayor resigned on Friday.", b=body)])
    assert j.label == "contradict", j.reason


@pytest.mark.parametrize("bad", ["", "   ", 42, None, "x" * 300_000])
def test_cue_judge_rejects_bad_input(judge, bad):
    with pytest.raises(InputError):
        judge.judge([Pair(a="A sentence.", b=bad)])  # type: ignore[arg-type]


def test_split_sentences_keeps_quotes_and_lines():
    assert split_sentences("One thing. “Two things,” he said.\nThree.") == [
        "One thing.",
        "“Two things,” he said.",
        "Three.",
    ]


@pytest.mark.parametrize(
    ("a", "b", "anchors", "differ"),
    [
        ({"US", "KP"}, {"US", "KR"}, False, True),  # one shared, one swapped: another meeting
        ({"US", "KP"}, {"US", "KR"}, True, True),  # even on the same day in the same city
        ({"US"}, {"KP", "Trump"}, False, True),  # nothing in common: nothing ties them
        ({"US"}, {"KP", "Trump"}, True, False),  # same place and date: one event, named two ways
        ({"US", "KP"}, {"US", "KP"}, False, False),
        ({"US"}, set(), False, False),
    ],
)
def test_participants_differ_unless_the_setting_ties_them(a, b, anchors, differ):
    shared = frozenset({"GPE:hanoi", "date:2019-02"})
    p = Pair(
        a="x",
        b="y",
        a_entities=frozenset(a),
        b_entities=frozenset(b),
        a_anchors=shared if anchors else frozenset({"GPE:hanoi"}),
        b_anchors=shared if anchors else frozenset({"date:2019-02"}),
    )
    assert p.participants_differ() is differ
