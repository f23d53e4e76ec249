"""What the renderers share: dates in words, timeline anchors, outlet names, reading order."""

from __future__ import annotations

import datetime as dt

import pytest

from rashomon.model import Article, Attribution, Report, TimeExpr
from rashomon.report.view import anchor, build, date_label, describe_attribution, outlet_names


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
def test_date_label_and_anchor(
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
def test_describe_attribution(attribution: Attribution, words: str) -> None:
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
    assert [fv.fact.id for fv in view.corroborated] == ["f-stockholm", "f-deadline"]
    assert [(o, [fv.fact.id for fv in fs]) for o, fs in view.unique] == [
        ("VOA", ["f-250"]),
        ("The Washington Times", ["f-dmz"]),
    ]
    outlets = [line.outlet for line in view.disputed[0].claims]
    assert outlets == ["VOA", "VOA", "The Washington Times", "The Washington Times"]
    assert view.counts == {"disputed": 1, "corroborated": 2, "unique": 2}
