"""The terminal renderer: rich panels and tables, plain when recorded, markup in text kept
literal."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from rashomon.model import DiffOp, Report
from rashomon.report import to_terminal, to_text
from rashomon.report.terminal import diff_text

RULES = [
    "Disputed",
    "Corroborated",
    "Only in VOA",
    "Only in The Washington Times",
    "One source, carried by VOA and The Washington Times",
    "Quotes across outlets",
    "People and names",
    "Sourcing",
    "Timeline",
    "Notes",
]
_BOX = re.compile(r"[│╭╮╰╯─━┃]")


def _flat(text: str) -> str:
    """The words of the output with box drawing and wrapping taken out."""
    return " ".join(_BOX.sub(" ", text).split())


def _rules(text: str) -> list[str]:
    return [m[1] for m in re.finditer(r"^─+ (.+?) ─+$", text, re.MULTILINE)]


def _between(text: str, start: str, end: str) -> str:
    lines = text.splitlines()
    first = next(
        i for i, line in enumerate(lines) if re.match(rf"^─+ {re.escape(start)} ─+$", line)
    )
    last = next(i for i, line in enumerate(lines) if re.match(rf"^─+ {re.escape(end)} ─+$", line))
    return "\n".join(lines[first:last])


def test_to_text_sections_in_reading_order(report: Report) -> None:
    rules = _rules(to_text(report))
    assert rules[0] == "rashomon · VOA vs The Washington Times"
    assert rules[1:] == RULES


def test_to_text_disputed_panel_shows_each_side(report: Report) -> None:
    disputed = _between(to_text(report), "Disputed", "Corroborated")
    assert "╭─ DISPUTED · contradicted: the outlets say opposite things" in disputed
    flat = _flat(disputed)
    claims = {c.id: c for c in report.claims}
    for cid in ("c-voa-meeting", "c-voa-told", "c-wt-no-meeting", "c-wt-yonhap"):
        assert claims[cid].text in flat
    assert "VOA · hearsay · named source Thomas Countryman" in flat
    assert "The Washington Times · asserted · the outlet's own voice · negated" in flat
    assert "dates: Saturday = Sat 9 Nov 2019" in flat
    assert flat.index(claims["c-voa-meeting"].text) < flat.index(claims["c-wt-no-meeting"].text)
    assert "why disputed: 'held a meeting' vs 'no substantial meeting'" in flat
    # the versions in order, each before its own claims
    assert flat.index("Version 1 — VOA") < flat.index(claims["c-voa-told"].text)
    assert flat.index(claims["c-voa-told"].text) < flat.index("Version 2 — The Washington Times")
    assert flat.index("Version 2 — The Washington Times") < flat.index(claims["c-wt-yonhap"].text)


def test_to_text_corroborated_and_unique(report: Report) -> None:
    text = to_text(report)
    corroborated = _flat(_between(text, "Corroborated", "Only in VOA"))
    assert corroborated.count("CORROBORATED") == 1
    assert "dates: last month = Oct 2019" in corroborated
    assert "About 250 participants" in _flat(
        _between(text, "Only in VOA", "Only in The Washington Times")
    )
    only_wt = _flat(
        _between(
            text,
            "Only in The Washington Times",
            "One source, carried by VOA and The Washington Times",
        )
    )
    assert "impromptu handshake meeting" in only_wt
    assert "June = Jun 2019" in only_wt


def test_to_text_quote_group_shows_diff(report: Report) -> None:
    quotes = _flat(_between(to_text(report), "Quotes across outlets", "People and names"))
    assert "Jo Chol-su" in quotes
    assert "VOA: “We’ve given the United States quite a lot of time" in quotes
    assert (
        "changes from VOA: [-We’ve-] {+We have+} given [-the United States quite a lot of time,-] "
        "{+considerably much time to the U.S.,+} and"
    ) in quotes


def test_to_text_people_sourcing_timeline(report: Report) -> None:
    text = to_text(report, width=140)
    people = _between(text, "People and names", "Sourcing")
    jo = next(line for line in people.splitlines() if "Jo Chol-su" in line)
    assert "PERSON" in jo and "Jo Chol Su; Mr. Jo" in jo
    sourcing = _between(text, "Sourcing", "Timeline")
    voa = next(line for line in sourcing.splitlines() if line.lstrip().startswith("VOA "))
    assert voa.split()[1:5] == ["2", "1", "0", "2"]
    timeline = _between(text, "Timeline", "Notes")
    dates = [m[0] for m in re.finditer(r"^ ?(\S.*?\d{4})(?=  )", timeline, re.MULTILINE)]
    assert [d.strip() for d in dates] == [
        "Jun 2019",
        "early Oct 2019",
        "Oct 2019",
        "week of 4 Nov 2019",
        "Sat 9 Nov 2019",
        "Sun 10 Nov 2019",
        "end of 2019",
        "end of 2019",
    ]


def test_to_text_has_no_control_codes(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    text = to_text(report)
    assert "\x1b" not in text
    assert not re.search(r"[\x00-\x08\x0b-\x1f]", text)


@pytest.mark.parametrize("width", [60, 100, 140])
def test_to_text_fits_width(report: Report, width: int) -> None:
    lines = to_text(report, width=width).splitlines()
    assert max(cell_len(line) for line in lines) == width


def test_to_text_keeps_rich_markup_in_text_literal(hostile_report: Report) -> None:
    text = to_text(hostile_report, width=200)
    assert "[bold red]x[/]" in text
    assert "<script>alert(1)</script>" in text


def test_to_terminal_prints_colour_on_a_terminal(hostile_report: Report) -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, force_terminal=True, color_system="truecolor")
    to_terminal(hostile_report, console)
    out = buffer.getvalue()
    assert "\x1b[" in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "[bold red]x[/]" in plain
    assert "DISPUTED" in plain


@pytest.mark.parametrize(
    ("ops", "expected"),
    [
        ([("equal", "a b", "a b")], "a b"),
        ([("delete", "old", "")], "[-old-]"),
        ([("insert", "", "new")], "{+new+}"),
        ([("equal", "x", "x"), ("replace", "y", "z")], "x [-y-] {+z+}"),
        ([("equal", "time", "time"), ("insert", "", ", and ( so )")], "time{+, and (so)+}"),
    ],
)
def test_diff_text_marks_words(ops, expected) -> None:  # type: ignore[no-untyped-def]
    text = diff_text(tuple(DiffOp(op=o, a=a, b=b) for o, a, b in ops))
    assert text.plain == expected
