"""Verdicts, precision first: what is never a dispute, what is, and the sides."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon.compare.conflict import figure, tallies
from rashomon.compare.facts import Dispute
from rashomon.compare.verdict import decide, number_conflict, pair_conflict, same_words, widen_sides
from rashomon.model import Attribution, Claim, Judgment, Scores

OUTLET = Attribution(kind="outlet")


def _claim(id_, article, text, polarity="positive", predicate=None, sentence=0, start=0):
    return Claim(
        id=id_,
        article=article,
        start=start,
        end=start + len(text),
        text=text,
        sentence=sentence,
        attribution=OUTLET,
        certainty="asserted",
        polarity=polarity,
        predicate=predicate,
    )


def _judged(contradict):
    rest = (1 - contradict) / 3
    return Judgment(
        label="contradict" if contradict > 0.5 else "agree",
        scores=Scores(agree=rest, contradict=contradict, neutral=rest, unrelated=rest),
        reason="t",
    )


def _conflict(a, b, *, judge=0.0, a_times=(), b_times=(), sim=0.8):
    return pair_conflict(
        a, b, a_times=a_times, b_times=b_times, similarity=sim, judgment=_judged(judge)
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the same numbers, written two ways
        (
            "Fifteen of the 19 hijackers on the day of the attacks were foreign citizens",
            "15 of the nineteen Sept. 11 hijackers were foreign nationals",
        ),
        ("The storm left 3 people dead", "Three people died in the storm"),
        ("Prices rose 17 percent last year", "Prices rose by 17 percent, the agency said"),
    ],
)
def test_verdict_same_number_written_two_ways_is_never_a_dispute(a, b):
    assert number_conflict(a, b) is None
    assert _conflict(_claim("a", "A", a), _claim("b", "B", b)) is None


def test_verdict_different_counts_of_the_same_thing_dispute_with_both_numbers():
    found = _conflict(
        _claim("a", "A", "The fire killed 12 people"), _claim("b", "B", "The fire killed 30 people")
    )
    assert found is not None and found.grade == "numbers_differ"
    assert "12" in found.reason and "30" in found.reason


def test_verdict_the_same_words_quoted_by_two_outlets_never_dispute_even_if_the_judge_says_so():
    words = "He is not welcome in this city and he will never be welcome here"
    a = _claim("a", "A", f"“{words},” the mayor said", polarity="negated")
    b = _claim("b", "B", f"The mayor said: {words}.", polarity="negated")
    assert same_words(a.text, b.text)
    assert _conflict(a, b, judge=0.99) is None


def test_verdict_two_negative_statements_that_agree_are_not_a_dispute():
    a = _claim(
        "a",
        "A",
        "The senator cast the lone vote against the bill",
        polarity="positive",
        predicate="cast",
    )
    b = _claim(
        "b", "B", "No other senator voted against the bill", polarity="negated", predicate="vote"
    )
    assert _conflict(a, b, judge=0.5) is None


def test_verdict_affirmed_and_denied_over_the_same_words_is_contradicted():
    a = _claim("a", "A", "The minister resigned on Friday", predicate="resign")
    b = _claim(
        "b", "B", "The minister did not resign on Friday", polarity="negated", predicate="resign"
    )
    found = _conflict(a, b)
    assert found is not None and found.grade == "contradicted"


def test_verdict_denied_description_is_characterised_differently():
    a = _claim("a", "A", "The envoys held a meeting in the capital", predicate="hold")
    b = _claim(
        "b",
        "B",
        "There was no substantial meeting between the envoys in the capital",
        polarity="negated",
        predicate="be",
    )
    found = _conflict(a, b)
    assert found is not None and found.grade == "characterised_differently"


def test_verdict_dates_differ_only_for_one_happening_at_day_level():
    a = _claim("a", "A", "The House voted on Wednesday to override the veto", predicate="vote")
    b = _claim("b", "B", "The House voted on Thursday to override the veto", predicate="vote")
    found = _conflict(a, b, a_times=("2016-09-28",), b_times=("2016-09-29",))
    assert found is not None and found.grade == "dates_differ"
    # a month against a day inside it is no conflict
    assert _conflict(a, b, a_times=("2016-09",), b_times=("2016-09-29",)) is None
    # two different happenings (other predicates) on different days are no conflict either
    c = _claim("c", "B", "The Senate debated the veto on Thursday", predicate="debate")
    assert _conflict(a, c, a_times=("2016-09-28",), b_times=("2016-09-29",)) is None


def test_verdict_the_judge_alone_needs_to_be_sure():
    a = _claim("a", "A", "The company expects profits to grow next year")
    b = _claim("b", "B", "The company warned that profits would shrink next year")
    assert _conflict(a, b, judge=0.8) is None
    found = _conflict(a, b, judge=0.97)
    assert found is not None and "0.97" in found.reason


def test_decide_sides_follow_the_conflicts():
    claims = [
        _claim("a1", "A", "The talks took place", predicate="take place"),
        _claim(
            "b1", "B", "The talks did not take place", polarity="negated", predicate="take place"
        ),
        _claim("c1", "C", "The talks never took place", polarity="negated", predicate="take place"),
    ]
    from rashomon.compare.verdict import Conflict

    conflicts = {
        (0, 1): Conflict(grade="contradicted", reason="r"),
        (0, 2): Conflict(grade="contradicted", reason="r"),
    }
    d = decide([0, 1, 2], claims, conflicts, {})
    assert d is not None and d.sides == ((0,), (1, 2))
    assert decide([0, 1, 2], claims, {}, {}) is None


def test_widen_sides_takes_the_contrastive_alternative_of_a_denial():
    text_b = "No formal talks took place, but they had a short chat at the dinner."
    alt = "they had a short chat at the dinner"
    claims = [
        _claim("a", "A", "The envoys held talks at the dinner"),
        _claim("b1", "B", "No formal talks took place", polarity="negated"),
        _claim("b2", "B", alt, start=text_b.index(alt)),
    ]
    d = Dispute(grade="characterised_differently", reason="r", sides=((0,), (1,)))
    free = {2}
    widened = widen_sides(d, claims, np.eye(3, dtype=np.float32), {"A": "x", "B": text_b}, free)
    assert widened.sides == ((0,), (1, 2)) and free == set()


def test_verdict_a_noun_counted_twice_is_two_quantities_not_a_dispute():
    a = "Democrats picked up just six seats, leaving them with 194 seats in the House"
    b = "Democrats picked up just six seats and Republicans kept a 60 seats lead"
    assert number_conflict(a, b) is None
    assert number_conflict("The fire killed 12 people", "The fire killed 30 people") is not None


def test_verdict_a_bare_year_is_not_a_dates_dispute():
    a = _claim("a", "A", "The committee will release the report in 2016", predicate="release")
    b = _claim(
        "b", "B", "The committee will release the report on the 2012 attack", predicate="release"
    )
    assert _conflict(a, b, a_times=("2016",), b_times=("2012",), sim=0.9) is None


def test_verdict_two_named_people_who_disagree_are_not_outlets_disputing():
    ryan = Attribution(kind="named", source="the speaker", speaker="Paul Ryan")
    trump = Attribution(kind="named", source="the president", speaker="Donald Trump")
    a = Claim(
        id="a",
        article="A",
        start=0,
        end=30,
        text="The policy will end this year",
        sentence=0,
        attribution=trump,
        certainty="reported",
        polarity="positive",
        predicate="end",
    )
    b = Claim(
        id="b",
        article="B",
        start=0,
        end=32,
        text="The policy will not end this year",
        sentence=0,
        attribution=ryan,
        certainty="reported",
        polarity="negated",
        predicate="end",
    )
    assert _conflict(a, b, judge=0.99) is None
    same = Claim(
        id="c",
        article="B",
        start=0,
        end=32,
        text="The policy will not end this year",
        sentence=0,
        attribution=trump,
        certainty="reported",
        polarity="negated",
        predicate="end",
    )
    assert _conflict(a, same) is not None


def test_verdict_a_number_reason_is_written_as_a_reader_writes_numbers():
    reason = number_conflict(
        "The grant was worth 12 million dollars", "The grant was worth 30 million dollars"
    )
    assert reason is not None and "12,000,000 vs 30,000,000" in reason and "e+" not in reason
    assert figure(3.5) == "3.5" and figure(0.125) == "0.125" and figure(1200.0) == "1,200"


def test_verdict_two_tallies_of_one_vote_differ_but_a_tally_read_backwards_agrees():
    a = "The council approved the bridge in a 7-2 vote on Tuesday."
    assert number_conflict(a, "The council approved the bridge in a 5-4 vote.") == "7-2 vs 5-4 vote"
    assert number_conflict(a, "The bridge was approved by a 2-7 vote.") is None
    assert number_conflict(a, "The bridge won approval 7 to 2 in a council vote.") is None
    # A range is no tally: "10-15 people" and "12 people" are not a vote of two results.
    assert tallies("Between 10-15 people came; a 52–48 split and 5-4 decisions") == {
        "split": frozenset({(52, 48)}),
        "decision": frozenset({(5, 4)}),
    }
