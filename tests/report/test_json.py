"""The JSON renderer: exactly asdict, JSON-safe, round-tripping."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest

from rashomon.model import Report
from rashomon.report import to_dict, to_json


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def _containers(value: object) -> list[type]:
    if isinstance(value, dict):
        return [dict, *(t for item in value.values() for t in _containers(item))]
    if isinstance(value, list | tuple):
        return [type(value), *(t for item in value for t in _containers(item))]
    return []


def test_to_dict_equals_asdict(report: Report) -> None:
    plain = json.loads(json.dumps(dataclasses.asdict(report)))
    assert to_dict(report) == plain
    assert list(to_dict(report)) == [f.name for f in dataclasses.fields(Report)]


def test_to_dict_is_json_safe(report: Report) -> None:
    data = to_dict(report)
    assert set(_containers(data)) == {dict, list}
    assert {type(leaf) for leaf in _leaves(data)} <= {str, int, float, bool, type(None)}


def test_to_dict_keeps_offsets_and_nested_records(report: Report) -> None:
    data = to_dict(report)
    claim = data["claims"][0]
    article = next(a for a in data["articles"] if a["id"] == claim["article"])
    assert article["text"][claim["start"] : claim["end"]] == claim["text"]
    assert claim["attribution"]["speaker"] == "Thomas Countryman"
    assert data["quote_groups"][0]["variants"][1]["diff"][0] == {
        "op": "replace",
        "a": "We’ve",
        "b": "We have",
    }
    assert data["sourcing"][0]["certainty"] == {
        "asserted": 2,
        "reported": 1,
        "hedged": 0,
        "hearsay": 2,
    }


@pytest.mark.parametrize("fixture", ["report", "hostile_report"])
def test_to_json_round_trips(fixture: str, request: pytest.FixtureRequest) -> None:
    report = request.getfixturevalue(fixture)
    assert json.loads(to_json(report)) == to_dict(report)


def test_to_json_keeps_non_ascii(report: Report) -> None:
    text = to_json(report)
    assert "VOA’s Korean Service" in text
    assert "\\u2019" not in text


@pytest.mark.parametrize(("indent", "lines"), [(None, 1), (2, None), (4, None)])
def test_to_json_indent(report: Report, indent: int | None, lines: int | None) -> None:
    text = to_json(report, indent=indent)
    if lines is not None:
        assert text.count("\n") + 1 == lines
    else:
        assert f'\n{" " * indent}"articles": [' in text


def test_to_json_refuses_nan_scores(report: Report) -> None:
    bad = dataclasses.replace(
        report, relations=(dataclasses.replace(report.relations[0], score=math.nan),)
    )
    with pytest.raises(ValueError):
        to_json(bad)
