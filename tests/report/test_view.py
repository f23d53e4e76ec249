"""What the renderers share: dates in words, timeline anchors, outlet names, reading order."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from rashomon.model import Article, Attribution, DiffOp, Report, TimeExpr
from rashomon.report.view import (
    anchor,
    build,
    date_label,
    describe_attribution,
    diff_segments,
    outlet_names,
    sentence_around,
)


def _time(value: str | None, qualifier: str | None = None) -> TimeExpr:
    return TimeExpr(
        id="t",
        article="a",
        start=0,
        end=1,
        text="x",
        value=value,
        granularity=None,
        qualifier=qualifier,
    )


@pytest.mark.parametrize(
    ("value", "qualifier", "words", "on"),
    [
        ("2019-11-09", None, "Sat 9 Nov 2019", dt.date(2019, 11, 9)),
        ("2019-10", "early", "early Oct 2019", dt.date(2019, 10, 1)),
        ("2019-10", "mid", "mid-Oct 2019", dt.date(2019, 10, 16)),
        ("2019-02", "end", "end of Feb 2019", dt.date(2019, 2, 28)),
        ("2019-12", "late", "late Dec 2019", dt.date(2019, 12, 23)),
        ("2019-W45", None, "week of 4 Nov 2019", dt.date(2019, 11, 4)),
        ("2019", "end", "end of 2019", dt.date(2019, 12, 31)),
        ("2019", "{odd}", "{odd} 2019", dt.date(2019, 1, 1)),
        ("2019-13", None, "2019-13", None),
        ("soon", None, "soon", None),
        (None, None, "unresolved", None),
    ],
)
def test_date_label_words_and_timeline_anchor(
    value: str | None, qualifier: str | None, words: str, on: dt.date | None
) -> None:
    time = _time(value, qualifier)
    assert date_label(time) == words
    assert anchor(time) == on


@pytest.mark.parametrize(
    ("attribution", "words"),
    [
        (Attribution(kind="outlet"), "the outlet's own voice"),
        (
            Attribution(kind="media", source="Yonhap", cue="reported"),
            "other media Yonhap (reported)",
        ),
        (Attribution(kind="anonymous", source="sources"), "anonymous source sources"),
        (
            Attribution(kind="named", source="a former official", speaker="T. C.", cue="told"),
            "named source T. C., “a former official” (told)",
        ),
        (Attribution(kind="document"), "document unnamed"),
    ],
)
def test_describe_attribution_names_kind_source_and_cue(
    attribution: Attribution, words: str
) -> None:
    assert describe_attribution(attribution) == words


def test_outlet_names_fall_back_and_stay_unique() -> None:
    articles = (
        Article(id="a1", text="x", outlet="VOA"),
        Article(id="a2", text="x", outlet="VOA"),
        Article(id="a3", text="x", title="A headline"),
        Article(id="a4", text="x"),
    )
    assert outlet_names(articles) == {
        "a1": "VOA (1)",
        "a2": "VOA (2)",
        "a3": "A headline",
        "a4": "a4",
    }


def test_build_orders_facts_and_claims(report: Report) -> None:
    view = build(report)
    assert [fv.fact.id for fv in view.disputed] == ["f-meeting"]
    assert [fv.fact.id for fv in view.corroborated] == ["f-stockholm"]
    assert [(g.heading, g.outlets, [fv.fact.id for fv in g.facts]) for g in view.unique] == [
        ("Only in VOA", ("VOA",), ["f-250"]),
        ("Only in The Washington Times", ("The Washington Times",), ["f-dmz"]),
        (
            "One source, carried by VOA and The Washington Times",
            ("VOA", "The Washington Times"),
            ["f-deadline"],
        ),
    ]
    outlets = [line.outlet for line in view.disputed[0].claims]
    assert outlets == ["VOA", "VOA", "The Washington Times", "The Washington Times"]
    assert view.counts == {"disputed": 1, "corroborated": 1, "unique": 3}


def test_diff_segments_split_replace_and_tidy_punctuation() -> None:
    diff = (
        DiffOp(op="replace", a="We have", b="We’ve"),
        DiffOp(op="equal", a="given", b="given"),
        DiffOp(op="delete", a="to the U . S .", b=""),
        DiffOp(op="equal", a=", and “ we", b=", and “ we"),
        DiffOp(op="insert", a="", b="’re"),
    )
    assert diff_segments(diff) == (
        ("delete", "", "We have"),
        ("insert", " ", "We’ve"),
        ("equal", " ", "given"),
        ("delete", " ", "to the U. S."),
        ("equal", "", ", and “we"),
        ("insert", "", "’re"),
    )


@pytest.mark.parametrize(
    ("needle", "sentence"),
    [
        ("Saturday", "He left on Saturday."),
        ("June", "“It was June,” she said."),
        ("Monday", "Title line Monday"),
    ],
)
def test_sentence_around_skips_abbreviations(needle: str, sentence: str) -> None:
    text = "Title line Monday\nFirst one. He left on Saturday. “It was June,” she said. Last."
    start = text.index(needle)
    assert sentence_around(text, start, start + len(needle)) == sentence


def test_timeline_context_without_a_claim_is_the_sentence(report: Report) -> None:
    claims = tuple(
        dataclasses.replace(c, times=()) if c.id == "c-wt-dmz" else c for c in report.claims
    )
    view = build(dataclasses.replace(report, claims=claims))
    june = next(e for e in view.timeline if e.time.id == "t-wt-june")
    assert june.claim is None
    assert june.context == (
        "Mr. Trump and Mr. Kim held an impromptu handshake meeting at the Demilitarized Zone "
        "(DMZ) in June."
    )
