"""DateResolver on its own, and time expressions as the Analyzer finds them in articles."""

from __future__ import annotations

import datetime as dt

import pytest

from rashomon.nlp.time import DateResolver

WEDNESDAY = dt.date(2021, 6, 16)
MONDAY_NEW_YEAR = dt.date(2022, 1, 3)


@pytest.fixture(scope="module")
def resolver() -> DateResolver:
    return DateResolver()


def _value(resolver: DateResolver, text: str, base: dt.date, *, future: bool = False):
    r = resolver.resolve(text, base, future=future)
    return None if r is None else (r.value, r.granularity, r.qualifier)


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("Monday", WEDNESDAY, "2021-06-14"),
        ("Tuesday", WEDNESDAY, "2021-06-15"),
        ("Thursday", WEDNESDAY, "2021-06-10"),
        ("Sunday", WEDNESDAY, "2021-06-13"),
        ("on Friday", WEDNESDAY, "2021-06-11"),
        ("Friday", MONDAY_NEW_YEAR, "2021-12-31"),
        # The publication day's own name is that very day, not a week before.
        ("Wednesday", WEDNESDAY, "2021-06-16"),
        ("Wednesday night", WEDNESDAY, "2021-06-16"),
    ],
)
def test_resolver_weekday_is_most_recent_past_one(resolver, text, base, expected):
    assert _value(resolver, text, base) == (expected, "day", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday", "2021-06-18"),
        ("Monday", "2021-06-21"),
        ("Tuesday morning", "2021-06-22"),
        ("Wednesday", "2021-06-16"),
    ],
)
def test_resolver_weekday_looking_ahead_is_next_one(resolver, text, expected):
    assert _value(resolver, text, WEDNESDAY, future=True) == (expected, "day", None)


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("last month", WEDNESDAY, ("2021-05", "month", None)),
        ("last month", MONDAY_NEW_YEAR, ("2021-12", "month", None)),
        ("last year", WEDNESDAY, ("2020", "year", None)),
        ("next year", WEDNESDAY, ("2022", "year", None)),
        ("yesterday", WEDNESDAY, ("2021-06-15", "day", None)),
        ("yesterday", MONDAY_NEW_YEAR, ("2022-01-02", "day", None)),
    ],
)
def test_resolver_relative_expression_counts_from_base(resolver, text, base, expected):
    assert _value(resolver, text, base) == expected


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("early October", False, ("2020-10", "month", "early")),
        ("early October", True, ("2021-10", "month", "early")),
        ("late March", False, ("2021-03", "month", "late")),
        ("mid-September", False, ("2020-09", "month", "mid")),
        ("the end of the month", False, ("2021-06", "month", "end")),
        ("the end of the year", False, ("2021", "year", "end")),
        ("the end of the year", True, ("2021", "year", "end")),
        ("the beginning of 2020", False, ("2020", "year", "start")),
    ],
)
def test_resolver_qualifier_keeps_granularity_of_its_period(resolver, text, future, expected):
    assert _value(resolver, text, WEDNESDAY, future=future) == expected


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("March", False, "2021-03"),  # before June: this year's
        ("March", True, "2022-03"),  # looking ahead: next year's
        ("October", False, "2020-10"),  # after June: last year's
        ("October", True, "2021-10"),
        ("June", False, "2021-06"),  # the publication month itself either way
        ("June", True, "2021-06"),
        ("Dec.", True, "2021-12"),
        ("Sept.", False, "2020-09"),
    ],
)
def test_resolver_month_name_follows_tense(resolver, text, future, expected):
    assert _value(resolver, text, WEDNESDAY, future=future) == (expected, "month", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 3, 2019", ("2019-03-03", "day", None)),
        ("3 March 2019", ("2019-03-03", "day", None)),
        ("2019-03-03", ("2019-03-03", "day", None)),
        ("December 2019", ("2019-12", "month", None)),
        ("1999", ("1999", "year", None)),
    ],
)
@pytest.mark.parametrize("future", [False, True])
def test_resolver_absolute_date_ignores_base_and_tense(resolver, text, expected, future):
    assert _value(resolver, text, WEDNESDAY, future=future) == expected


@pytest.mark.parametrize(
    "text",
    [
        "three-day",
        "a 30-year",
        "every year",
        "each Monday",
        "annual",
        "weekly",
        "decades",
        "two weeks",
        "three days",
        "48 hours",
        "a year",
        "several months",
        "the 1990s",
    ],
)
@pytest.mark.parametrize("future", [False, True])
def test_resolver_duration_or_frequency_is_not_a_point(resolver, text, future):
    assert resolver.resolve(text, WEDNESDAY, future=future) is None


# -- through the Analyzer -----------------------------------------------------------


def _times(analysis):
    return {t.text: t for t in analysis.times}


def test_analyzer_time_text_indexes_article(analyse):
    text = (
        "The ferry ran aground on Tuesday near the north pier.\n\n"
        "Inspectors last checked its hull in early March, and the owners said repairs "
        "would take until the end of the year.\n\n"
        "The same boat was grounded on Aug. 14, 2017, in a storm."
    )
    a = analyse(text, published="2021-06-16")
    assert {t.text for t in a.times} >= {"Tuesday", "early March", "Aug. 14, 2017"}
    for t in a.times:
        assert a.article.text[t.start : t.end] == t.text
        assert t.base == "2021-06-16"
        assert t.article == a.article.id
    times = _times(a)
    assert times["Tuesday"].value == "2021-06-15"
    assert (times["early March"].value, times["early March"].qualifier) == ("2021-03", "early")
    assert times["Aug. 14, 2017"].value == "2017-08-14"


@pytest.mark.parametrize(
    ("sentence", "date_text", "expected"),
    [
        ("The council will vote on the harbour budget in December.", "December", "2021-12"),
        ("The council voted on the harbour budget in December.", "December", "2020-12"),
        ("The new bridge is expected to open in March.", "March", "2022-03"),
        ("The council will meet the ferry owners on Monday.", "Monday", "2021-06-21"),
        ("The council met the ferry owners on Monday.", "Monday", "2021-06-14"),
    ],
)
def test_analyzer_time_future_clause_resolves_ahead(analyse, sentence, date_text, expected):
    times = _times(analyse(sentence, published="2021-06-16"))
    assert times[date_text].value == expected


def test_analyzer_time_without_publication_date_keeps_only_absolute(analyse):
    a = analyse(
        "The ferry sank on March 3, 2019, and was raised from the harbour last month.",
        published=None,
    )
    assert [(t.text, t.value, t.base) for t in a.times] == [("March 3, 2019", "2019-03-03", None)]


@pytest.mark.parametrize("date_text", ["June 1", "June 10", "October 20"])
def test_analyzer_time_without_publication_date_leaves_a_day_without_year_unresolved(
    analyse, date_text
):
    # The README's promise: with no publication date, relative dates stay unresolved; a day
    # without its year must not take a stand-in year (and so drive a false "dates differ").
    a = analyse(f"The bridge reopened on {date_text} after the repairs.", published=None)
    assert all(t.value is None or t.value[:4] in t.text for t in a.times), [
        (t.text, t.value) for t in a.times
    ]


def test_analyzer_time_ids_listed_on_the_claim_that_holds_them(analyse):
    a = analyse("The harbour master resigned on Monday after the ferry ran aground.")
    (monday,) = [t for t in a.times if t.text == "Monday"]
    holders = [c for c in a.claims if monday.id in c.times]
    assert holders
    for c in holders:
        assert c.start <= monday.start and monday.end <= c.end
