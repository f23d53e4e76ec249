from __future__ import annotations

import pytest

from rashomon.compare.conflict import (
    antonyms,
    characterising_negation,
    conflict_cues,
    content_overlap,
    dates_differ,
    negation_scope,
    numbers_differ,
    quantities,
    same_dates,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The army fired 23 rockets overnight", {"rocket": 23.0}),
        ("Officials counted twelve injured workers", {"worker": 12.0}),
        ("They spoke for a five-minute chat", {"minute": 5.0}),
    ],
)
def test_quantities_keyed_by_counted_noun(text, expected):
    assert expected.items() <= quantities(text).items()


def test_numbers_differ_same_noun_other_count():
    assert numbers_differ("The army fired 23 rockets", "The army fired 20 rockets")
    assert not numbers_differ("The army fired 23 rockets", "The army fired 23 rockets at dawn")
    assert not numbers_differ("The army fired 23 rockets", "Officials counted 20 injured workers")


def test_conflict_cues_negation_from_text_and_from_parse():
    assert "negation" in conflict_cues(
        "The ministers met in Oslo", "The ministers did not meet in Oslo"
    )
    # The parse says neither main predicate is negated: a "not" in a side clause is no conflict.
    assert "negation" not in conflict_cues(
        "The ministers met in Oslo",
        "The ministers met in Oslo, though not for long",
        a_negated=False,
        b_negated=False,
    )


def test_conflict_cues_denial_and_antonyms():
    assert "denial" in conflict_cues(
        "The minister resigned", "The ministry denied the minister resigned"
    )
    assert antonyms("Prices rose sharply in May", "Prices fell sharply in May")
    assert not antonyms("Prices rose sharply", "Prices rose and fell")


def test_dates_differ_only_when_incompatible():
    assert dates_differ(["2019-11-09"], ["2019-11-10"])
    assert not dates_differ(["2019-11"], ["2019-11-10"])
    assert not dates_differ([], ["2019-11-10"])
    assert same_dates(["2019-02"], ["2019-02-28"])
    assert not same_dates(["2019"], ["2019"])  # a bare year says little


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("There were no formal negotiations", True),
        ("There was no substantial meeting", True),
        ("There was no meeting", False),
        ("The talks were formal", False),
    ],
)
def test_characterising_negation(text, expected):
    assert characterising_negation(text) is expected


def test_content_overlap_ignores_function_words():
    assert content_overlap("the talks in Oslo collapsed", "talks collapsed in Oslo") == 1.0
    assert content_overlap("a storm hit the coast", "the bank raised rates") == 0.0


def test_conflict_cues_negation_needs_the_denied_words_in_the_other_claim():
    # The negative claim denies something the other does not say: two things, no conflict.
    assert "negation" not in conflict_cues(
        "Both leaders have not defined the scope of the reform",
        "The president has described the opening of the talks as a huge win",
        a_negated=True,
        b_negated=False,
    )
    # It denies what the other says, by verb or by noun.
    assert "negation" in conflict_cues(
        "There was no meeting between the two delegations",
        "The two delegations held a meeting in Vienna",
        a_negated=True,
        b_negated=False,
    )
    assert "negation" in conflict_cues(
        "The mayor signed the budget",
        "The mayor has not signed the budget",
    )
    # A parse-only negation (a denial verb, no negator word) still counts.
    assert "negation" in conflict_cues(
        "The ministry denied the report",
        "The ministry confirmed the report",
        a_negated=True,
        b_negated=False,
    )


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("They have not signed the treaty yet", {"sign", "treaty"}),
        ("There were no formal talks", {"formal", "talk"}),
        ("He never went back", {"go", "back"}),
        ("The rain fell", set()),
    ],
)
def test_negation_scope_is_the_words_after_the_negator(text, scope):
    assert negation_scope(text) == scope
