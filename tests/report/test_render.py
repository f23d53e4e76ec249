"""The format dispatch of rashomon.report."""

from __future__ import annotations

import json

import pytest

import rashomon.report as report_pkg
from rashomon.errors import InputError, UnknownFormatError
from rashomon.model import SCHEMA_VERSION, Report
from rashomon.report import FORMATS, render, to_html, to_json, to_markdown, to_text


@pytest.mark.parametrize(
    ("fmt", "renderer"),
    [("text", to_text), ("md", to_markdown), ("html", to_html), ("json", to_json)],
)
def test_render_dispatches_each_format(report: Report, fmt: str, renderer) -> None:  # type: ignore[no-untyped-def]
    assert render(report, fmt) == renderer(report)


def test_render_formats_are_the_four() -> None:
    assert FORMATS == ("text", "md", "html", "json")


@pytest.mark.parametrize("fmt", ["pdf", "", "JSON", "markdown"])
def test_render_unknown_format_raises(report: Report, fmt: str) -> None:
    with pytest.raises(UnknownFormatError) as caught:
        render(report, fmt)
    message = str(caught.value)
    assert repr(fmt) in message
    assert all(name in message for name in FORMATS)
    assert isinstance(caught.value, InputError)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_empty_report(fmt: str) -> None:
    empty = Report(
        articles=(),
        entities=(),
        claims=(),
        quotes=(),
        times=(),
        facts=(),
        quote_groups=(),
        relations=(),
        sourcing=(),
    )
    assert render(empty, fmt).strip()


def test_render_json_is_json(report: Report) -> None:
    assert json.loads(render(report, "json"))["schema_version"] == SCHEMA_VERSION == "1.2"


def test_report_package_all_is_complete() -> None:
    public = {
        name
        for name in vars(report_pkg)
        if not name.startswith("_")
        and name not in {"annotations", "Report", "UnknownFormatError"}
        and not isinstance(getattr(report_pkg, name), type(report_pkg))
    }
    assert set(report_pkg.__all__) == public
