"""The Markdown renderer: sections in reading order, claims quoted, hostile text escaped."""

from __future__ import annotations

import re

import pytest

from rashomon.model import Report
from rashomon.report import to_markdown
from rashomon.report.markdown import diff_markdown, escape

SECTIONS = [
    "## Disputed",
    "## Corroborated",
    "## Only in VOA",
    "## Only in The Washington Times",
    "## One source, carried by VOA and The Washington Times",
    "## Quotes across outlets",
    "## People and names",
    "## Sourcing",
    "## Timeline",
    "## Notes",
]


def _section(md: str, heading: str) -> str:
    start = md.index(f"\n{heading}\n")
    end = md.find("\n## ", start + 1)
    return md[start : end if end != -1 else len(md)]


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_to_markdown_title_names_the_outlets(report: Report) -> None:
    assert to_markdown(report).splitlines()[0] == "# VOA vs The Washington Times"


def test_to_markdown_sections_in_reading_order(report: Report) -> None:
    md = to_markdown(report)
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == SECTIONS


def test_to_markdown_disputed_fact_shows_grade_and_each_claim(report: Report) -> None:
    disputed = _section(to_markdown(report), "## Disputed")
    assert "### 1. Whether U.S. and North Korean officials met at the Moscow conference" in disputed
    assert "**disputed** — contradicted: the outlets say opposite things" in disputed
    fact = next(f for f in report.facts if f.verdict == "disputed")
    claims = {c.id: c for c in report.claims}
    for cid in fact.claims:
        assert f"\n> {escape(claims[cid].text)}\n" in disputed
    lines = disputed.splitlines()
    wt_no = lines.index("> " + escape(claims["c-wt-no-meeting"].text))
    assert lines[wt_no - 2].startswith("> **The Washington Times** · asserted")
    assert "negated" in lines[wt_no - 2]
    voa_told = lines.index("> " + escape(claims["c-voa-told"].text))
    assert "hearsay · named source Thomas Countryman" in lines[voa_told - 2]
    assert "dates: Saturday = Sat 9 Nov 2019" in lines[voa_told - 2]
    assert "Why: contradict (judge 0.91, similarity 0.81, aligned 0.96)" in disputed
    assert "**Why disputed:** 'held a meeting' vs 'no substantial meeting'" in disputed
    # each version under its own heading, with its outlet, in the order of the sides
    v1, v2 = lines.index("**Version 1** — VOA"), lines.index("**Version 2** — The Washington Times")
    assert v1 < voa_told < v2 < wt_no


def test_to_markdown_corroborated_and_unique_facts(report: Report) -> None:
    md = to_markdown(report)
    corroborated = _section(md, "## Corroborated")
    assert "The Stockholm working-level talks broke down in October" in corroborated
    assert "early October = early Oct 2019" in corroborated
    assert "last month = Oct 2019" in corroborated
    assert "About 250 participants" in _section(md, "## Only in VOA")
    assert "About 250 participants" not in _section(md, "## Only in The Washington Times")
    assert "handshake meeting" in _section(md, "## Only in The Washington Times")
    shared = _section(md, "## One source, carried by VOA and The Washington Times")
    assert "*VOA · reported · named source Jo Chol-su" in shared
    assert "*The Washington Times · reported · named source Jo Chol-su" in shared


def test_to_markdown_quote_group_shows_both_wordings_and_diff(report: Report) -> None:
    quotes = _section(to_markdown(report), "## Quotes across outlets")
    assert "### Jo Chol-su" in quotes
    assert "- **VOA**: “We’ve given the United States quite a lot of time" in quotes
    assert "- **The Washington Times**: “We have given considerably much time" in quotes
    assert (
        "changes from VOA: ~~We’ve~~ **We have** given "
        "~~the United States quite a lot of time,~~ **considerably much time to the U.S.,** and"
    ) in quotes


@pytest.mark.parametrize(
    ("ops", "expected"),
    [
        ([("equal", "a b", "a b")], "a b"),
        ([("delete", "old", "")], "~~old~~"),
        ([("insert", "", "new")], "**new**"),
        ([("replace", "x*y", "z_w")], "~~x\\*y~~ **z\\_w**"),
        (
            [
                ("equal", "time", "time"),
                ("delete", "to the U . S .", ""),
                ("equal", ", and", ", and"),
            ],
            "time ~~to the U. S.~~, and",
        ),
    ],
)
def test_diff_markdown_marks_deleted_and_inserted(ops, expected) -> None:  # type: ignore[no-untyped-def]
    from rashomon.model import DiffOp

    assert diff_markdown(tuple(DiffOp(op=o, a=a, b=b) for o, a, b in ops)) == expected


def test_to_markdown_people_table(report: Report) -> None:
    people = _section(to_markdown(report), "## People and names")
    rows = [line for line in people.splitlines() if line.startswith("| **")]
    assert rows[0] == (
        "| **Jo Chol-su** | PERSON | Jo Chol Su; Mr. Jo | "
        "head of the North Korean Foreign Ministry’s North American department; "
        "the North Korean Foreign Ministry’s director general for North America | "
        "VOA, The Washington Times | 2 |"
    )
    # Names several outlets share come before names only one uses.
    assert rows[-1].startswith("| **Thomas Countryman** |")


def test_to_markdown_sourcing_counts_by_certainty(report: Report) -> None:
    sourcing = _section(to_markdown(report), "## Sourcing")
    assert "| Outlet | asserted | reported | hedged | hearsay | Top sources |" in sourcing
    assert "| **VOA** | 2 | 1 | 0 | 2 | Thomas Countryman (named, 2); VOA (outlet, 2);" in sourcing
    assert "| **The Washington Times** | 3 | 2 | 0 | 0 | The Washington Times (outlet, 3);" in (
        sourcing
    )


def test_to_markdown_timeline_sorted_and_resolved_only(report: Report) -> None:
    timeline = _section(to_markdown(report), "## Timeline")
    dates = [line.split(" | ")[0][2:] for line in timeline.splitlines() if line.startswith("| ")]
    assert dates[2:] == [
        "Jun 2019 (2019-06)",
        "early Oct 2019 (2019-10)",
        "Oct 2019 (2019-10)",
        "week of 4 Nov 2019 (2019-W45)",
        "Sat 9 Nov 2019 (2019-11-09)",
        "Sun 10 Nov 2019 (2019-11-10)",
        "end of 2019 (2019)",
        "end of 2019 (2019)",
    ]
    assert "in coming weeks" not in timeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# heading", "\\# heading"),
        ("> quote", "\\> quote"),
        ("a | b", "a \\| b"),
        ("1. listed", "1\\. listed"),
        ("- item", "\\- item"),
        ("<b>x</b>", "\\<b\\>x\\</b\\>"),
        ("[link](x)", "\\[link\\](x)"),
        ("two\n# lines", "two # lines"),
        ("AT&T &amp; co", "AT&T \\&amp; co"),
    ],
)
def test_escape_makes_text_literal(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_to_markdown_escapes_hostile_text(hostile_report: Report) -> None:
    md = to_markdown(hostile_report)
    assert re.search(r"(?<!\\)<", md) is None  # no raw tag can open
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert "- \\# \\> Critics wrote" in _section(md, "## Only in VOA")
    # A line only starts a heading where the renderer meant one.
    for line in md.splitlines():
        body = line.removeprefix("> ")
        if body.startswith("#"):
            assert re.match(r"^#{1,3} ", body) and "Critics" not in body, line
    # Every table row keeps its column count although a cell holds a `|`.
    for line in md.splitlines():
        if line.startswith("| **Jo Chol-su**"):
            assert "\\|" in line
            assert _unescaped_pipes(line) == 7
    # A javascript: URL is shown as text, never as a link.
    assert "<javascript:" not in md
    assert "](javascript:" not in md


def test_to_markdown_links_http_urls(report: Report) -> None:
    assert "<https://www.voanews.com/a/example>" in to_markdown(report)


def test_to_markdown_empty_sections_say_so(report: Report) -> None:
    import dataclasses

    bare = dataclasses.replace(report, facts=(), quote_groups=(), entities=(), times=())
    md = to_markdown(bare)
    assert "*No fact is disputed.*" in md
    assert "*No quote appears in more than one outlet.*" in md
    assert "*No date was resolved.*" in md
    assert "## Only in" not in md
