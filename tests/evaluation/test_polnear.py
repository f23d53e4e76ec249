"""The PolNeAR scorer: half-overlap matching, direct vs all, speaker accuracy; and from_analysis."""

from __future__ import annotations

import pytest

from rashomon.evaluation.polnear import (
    Attributed,
    common_speaker_accuracy,
    from_analysis,
    match,
    outcomes_from_json,
    outcomes_json,
    score,
    speaker_outcomes,
    speaker_right,
)

TEXT = "Ada Brun said the bridge would open in May. “It will not be late,” she said."


def _row(attributions):
    return {"article_id": "a", "text": TEXT, "attributions": attributions}


def _gold(content, source=None, direct=False):
    return {
        "content": {"text": "", "spans": [list(content)]},
        "content2": None,
        "source": {"text": "", "spans": [list(source)]} if source else None,
        "is_direct_quote": direct,
    }


@pytest.mark.parametrize(
    ("pred", "matched"),
    [((14, 42), True), ((14, 25), False), ((0, 70), False)],
    ids=["same", "under-half-of-gold", "under-half-of-pred"],
)
def test_match_needs_half_of_each_span(pred, matched):
    gold = [Attributed(content=((14, 42),), direct=False)]
    assert bool(match(TEXT, gold, [Attributed(content=(pred,), direct=False)])) is matched


def test_match_is_one_to_one():
    gold = [Attributed(content=((14, 42),), direct=False)]
    preds = [Attributed(content=((14, 42),), direct=False)] * 2
    assert len(match(TEXT, gold, preds)) == 1


def test_speaker_right_by_span_or_shared_name_word():
    gold = Attributed(content=((14, 42),), direct=False, source=((0, 8),))
    assert speaker_right(TEXT, gold, Attributed(content=(), direct=False, source=((4, 8),)))
    assert speaker_right(TEXT, gold, Attributed(content=(), direct=False, speaker="Mrs. Brun"))
    assert not speaker_right(TEXT, gold, Attributed(content=(), direct=False, speaker="the mayor"))


def test_score_direct_and_all():
    quote = TEXT.index("It will")
    rows = [_row([_gold((14, 42), (0, 8)), _gold((quote - 1, quote + 22), (67, 70), direct=True)])]
    preds = {
        "a": [
            Attributed(content=((14, 42),), direct=False, source=((0, 8),), speaker="Ada Brun"),
            Attributed(
                content=((quote, quote + 20),), direct=True, source=((67, 70),), speaker="Ada Brun"
            ),
        ]
    }
    res = score(rows, preds)
    assert res["direct"]["f1"] == 1.0 and res["all"]["f1"] == 1.0
    assert res["all"]["speaker_accuracy"] == 1.0


def test_from_analysis_joins_split_quote_and_drops_nested_partial(analyse):
    a = analyse(
        "“The bridge will open in May,” Ada Brun said, “and not a day later than that.”\n\n"
        "Ada Brun said the delay was “an insult to every driver in the whole valley” yesterday."
    )
    got = from_analysis(a)
    direct = [x for x in got if x.direct]
    assert len(direct) == 1 and len(direct[0].content) == 2
    assert len([x for x in got if not x.direct]) == 1


def test_speaker_outcomes_keyed_by_gold_direct_quote():
    quote = TEXT.index("It will")
    rows = [_row([_gold((14, 42), (0, 8)), _gold((quote - 1, quote + 22), (67, 70), direct=True)])]
    right = {"a": [Attributed(content=((quote, quote + 20),), direct=True, source=((67, 70),))]}
    wrong = {"a": [Attributed(content=((quote, quote + 20),), direct=True, speaker="the mayor")]}
    assert speaker_outcomes(rows, right) == {"a#0": True}
    assert speaker_outcomes(rows, wrong) == {"a#0": False}
    assert speaker_outcomes(rows, {"a": []}) == {}
    assert outcomes_from_json(outcomes_json({"a#0": True, "b#1": False})) == {
        "a#0": True,
        "b#1": False,
    }


def test_common_speaker_accuracy_is_over_quotes_both_match():
    ours = {"x#0": True, "x#1": False, "x#2": True}
    peer = {"x#1": True, "x#2": True, "x#3": True}
    res = common_speaker_accuracy(ours, peer, ("rashomon", "textacy"))
    assert res == {"n": 2, "rashomon": 0.5, "textacy": 1.0}
    assert common_speaker_accuracy({}, peer)["n"] == 0
