"""mark_skips: which lines are marked, with what label, and that offsets stay true."""

from __future__ import annotations

import pytest

from rashomon.ingest import mark_skips
from rashomon.model import Span

VOA = "000_7f752ea312c1a10c.txt"
WT = "001_0f23a78d9893c12c.txt"

# Every span the seeds must get, as (label, start of the marked line), in text order.
SEED_SPANS = {
    VOA: [
        ("title", "US-North Korean Officials Meet at Moscow Nonproliferation Conference"),
        ("caption", "U.S. Assistant Secretary for International Security and Nonproliferation"),
        ("caption", "FILE - U.S. Assistant Secretary"),
        ("heading", "Denuclearization talks stalled"),
        ("caption", "People watch a television news screen showing file footage"),
        ("caption", "FILE - People watch television file footage"),
        ("heading", "North Korean tests"),
        ("byline", "Baik Sung-won and Christy Lee contributed to this report"),
        ("byline", "by via Voice of America - English"),
    ],
    WT: [
        ("byline", "• Guy Taylor can be reached at"),
        ("boilerplate", "Please read our comment policy before commenting."),
    ],
}

BODY = "Officials from both countries met on Saturday and agreed to meet again next month."
AFTER = "The talks, the first in a year, ended without a joint statement from either side."


def embedded(line: str) -> str:
    """``line`` as a paragraph between two body paragraphs."""
    return f"{BODY}\n\n{line}\n\n{AFTER}"


def labels_of(text: str, **kwargs: str) -> list[tuple[str, str]]:
    return [(s.label, text[s.start : s.end]) for s in mark_skips(text, **kwargs)]


def assert_valid_spans(text: str, spans: tuple[Span, ...]) -> None:
    lines = {line.strip() for line in text.split("\n")}
    ends = [0]
    for span in spans:
        marked = text[span.start : span.end]
        assert span.start >= ends[-1], "spans overlap or are out of order"
        assert marked and marked == marked.strip() and "\n" not in marked
        assert marked in lines, f"{marked!r} is not a whole line"
        ends.append(span.end)


@pytest.mark.parametrize("name", [VOA, WT])
def test_mark_skips_marks_seed_noise_and_nothing_else(name: str, seeds: dict[str, str]) -> None:
    text = seeds[name]
    found = labels_of(text)
    assert len(found) == len(SEED_SPANS[name]), found
    for (label, line), (want_label, want_start) in zip(found, SEED_SPANS[name], strict=True):
        assert (label, line[: len(want_start)]) == (want_label, want_start)


@pytest.mark.parametrize("name", [VOA, WT])
def test_mark_skips_leaves_seed_body_paragraphs_unmarked(name: str, seeds: dict[str, str]) -> None:
    text = seeds[name]
    noise = [start for _, start in SEED_SPANS[name]]
    body = [
        line.strip()
        for line in text.split("\n")
        if line.strip() and not line.strip().startswith(tuple(noise))
    ]
    marked = {text[s.start : s.end] for s in mark_skips(text)}
    assert len(body) >= 14
    assert not marked & set(body)


@pytest.mark.parametrize("name", [VOA, WT])
def test_mark_skips_offsets_point_at_whole_lines_in_seeds(name: str, seeds: dict[str, str]) -> None:
    assert_valid_spans(seeds[name], mark_skips(seeds[name]))


def test_mark_skips_offsets_point_at_whole_lines_in_real_articles(corpus_texts: list[str]) -> None:
    marked = 0
    for text in corpus_texts:
        spans = mark_skips(text)
        assert_valid_spans(text, spans)
        marked += len(spans)
    assert marked > 10  # captions, bylines and titles are in there


def test_mark_skips_spans_exclude_surrounding_spaces() -> None:
    text = (
        f"{BODY}\n\n   FILE - A man walks past a closed shop in Seoul, Oct. 31, 2019.  \n\n{AFTER}"
    )
    [span] = mark_skips(text)
    assert (
        text[span.start : span.end]
        == "FILE - A man walks past a closed shop in Seoul, Oct. 31, 2019."
    )


@pytest.mark.parametrize(
    "line",
    [
        "FILE - A man walks past a closed shop in Seoul, Oct. 31, 2019.",
        "FILE PHOTO: Clouds pass over the Capitol in Washington, U.S., January 22, 2018.",
        "Supporters cheer during a rally in Ohio. (AP Photo/Jane Doe)",
        "(AP Photo/Jane Doe, File)",
        "Photo: Jane Doe/Getty Images",
        "Image caption The bridge was closed for repairs",
        "Protesters march in Hong Kong. Photograph: Jane Doe/AFP/Getty Images",
        "A nurse prepares a vaccine in this undated handout photo.",
        "Workers inspect the site in this Oct. 31, 2019, file photo in Busan.",
        "Senators arrive at the Capitol (Reuters photo: Jane Doe)",
        "(Jane Doe/Reuters)",
        "The senator at the Capitol in December.CreditJane Doe/Reuters",
        "• Photo by Jane Doe for the Example Times",
        "Enlarge this image toggle caption Jane Doe/Getty Images",
    ],
)
def test_mark_skips_marks_captions(line: str) -> None:
    assert labels_of(embedded(line)) == [("caption", line)]


@pytest.mark.parametrize(
    ("alt_text", "caption"),
    [
        (
            "A crowd watches a large screen showing the launch, at a station in Tokyo on…",
            "FILE - A crowd watches the launch on a screen at a station in Tokyo, May 4, 2019.",
        ),
        (
            "Firefighters work to contain a wildfire near homes in the hills above...",
            "FILE - Firefighters work to contain a wildfire near homes in the hills, Aug. 2, 2020.",
        ),
    ],
)
def test_mark_skips_marks_truncated_copy_of_a_neighbouring_caption(
    alt_text: str, caption: str
) -> None:
    text = f"{BODY}\n\n{alt_text}\n{caption}\n\n{AFTER}"
    assert labels_of(text) == [("caption", alt_text), ("caption", caption)]


def test_mark_skips_leaves_truncated_line_without_caption_neighbour() -> None:
    text = f"{BODY}\n\nShe said the plan would work, and then she paused...\n\n{AFTER}"
    assert labels_of(text) == []


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe",
        "By JANE DOE and JOHN ROE, Associated Press",
        "by via Example News Service - English",
        "Jane Doe and John Roe contributed to this report from the Example Service.",
        "The Associated Press contributed to this report.",
        "Staff writer Jane Doe contributed reporting.",
        "John Roe contributed.",
        "• Jane Doe can be reached at jdoe@example.com.",
        "(Reporting by Jane Doe; Editing by John Roe)",
        "Reporting by Jane Doe in Seoul",
        "Writing by Jane Doe; Editing by John Roe",
        "Follow Jane Doe on Twitter.",
    ],
)
def test_mark_skips_marks_bylines(line: str) -> None:
    assert labels_of(embedded(line)) == [("byline", line)]


@pytest.mark.parametrize(
    "line",
    [
        "Please read our comment policy before commenting.",
        "Sign up for our daily newsletter",
        "Click here for reprint permission.",
        "Follow us on Twitter and Facebook",
        "Copyright © 2019 Example Media, LLC. Click here for reprint permission.",
        "Copyright 2018 The Associated Press. All rights reserved.",
        "© 2018 Example Content Agency, LLC",
        "This material may not be published, broadcast, rewritten or redistributed.",
        "Subscribe to our podcast.",
        "Advertisement",
        "ADVERTISEMENT",
        "Story highlights",
        "Read more: Markets fall as talks stall",
        "Related: Five things to know about the summit",
        "Site Mobile Navigation",
    ],
)
def test_mark_skips_marks_boilerplate(line: str) -> None:
    assert labels_of(embedded(line)) == [("boilerplate", line)]


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, the talks had collapsed and both delegations had gone home.",
        "By declaring their assets, people would be able to legalise their property.",
        "In this case, the picture is clearer than it was a year ago, officials said.",
        "Copyright lawyers for the studio argued in court on Tuesday that the film was copied.",
        "Advertisement spending rose by a fifth in the last quarter, the firm said.",
        "He deserves it. Credit where credit is due, she said of the deal.",
        "The firm said the photos were taken in this building in 2004 and shown to the jury.",
        "Everyone contributed.",
        "Lessons on music piracy and copyright issues are to be taught in schools.",
    ],
)
def test_mark_skips_leaves_body_sentences_unmarked(line: str) -> None:
    assert labels_of(embedded(line)) == []


@pytest.mark.parametrize(
    "heading", ["Talks stalled", "What comes next", "NORTH KOREAN TESTS", "2020 race"]
)
def test_mark_skips_marks_headings_between_paragraphs(heading: str) -> None:
    assert labels_of(embedded(heading)) == [("heading", heading)]


def test_mark_skips_marks_headings_between_single_newline_paragraphs() -> None:
    text = f"{BODY}\nTalks stalled\n{AFTER}"
    assert labels_of(text) == [("heading", "Talks stalled")]


@pytest.mark.parametrize(
    "block",
    [
        "Newcastle v Tottenham\nBolton v Arsenal\nBurnley v Blackburn",
        "- Spend three years on probation\n- Pay a fine",
        "The talks ended.",
        "But the minister said:",
        "the talks ended without a deal",
    ],
    ids=["fixture-list", "bullet-list", "short-sentence", "lead-in", "lowercase"],
)
def test_mark_skips_does_not_mark_short_lines_that_are_not_headings(block: str) -> None:
    text = f"{BODY}\n\n{block}\n\n{AFTER}"
    assert [label for label, _ in labels_of(text)] == []


def test_mark_skips_marks_short_first_line_as_title() -> None:
    text = f"Talks Resume in Moscow\n\n{BODY}\n\n{AFTER}"
    assert labels_of(text) == [("title", "Talks Resume in Moscow")]


@pytest.mark.parametrize(
    "first",
    [
        f"Talks Resume in Moscow\n{BODY}",  # no blank line after it
        "Talks resumed in Moscow.\n",  # a sentence
        " ".join(["word"] * 21) + "\n",  # too long
    ],
    ids=["no-blank-line", "sentence", "too-long"],
)
def test_mark_skips_finds_no_title_where_first_line_is_not_one(first: str) -> None:
    text = f"{first}\n{BODY}\n\n{AFTER}"
    assert "title" not in [label for label, _ in labels_of(text)]


def test_mark_skips_title_skips_leading_boilerplate() -> None:
    text = f"Site Mobile Navigation\n\nTalks Resume in Moscow\n\n{BODY}"
    assert labels_of(text) == [
        ("boilerplate", "Site Mobile Navigation"),
        ("title", "Talks Resume in Moscow"),
    ]


@pytest.mark.parametrize(
    ("given", "marked"),
    [
        ("Talks resume in Moscow", True),
        ("TALKS RESUME  IN MOSCOW!", True),
        ("A different headline", False),
    ],
)
def test_mark_skips_marks_given_title_only_where_first_line_is_it(given: str, marked: bool) -> None:
    text = f"Talks Resume in Moscow\n{BODY}\n\n{AFTER}"
    found = labels_of(text, title=given)
    assert (("title", "Talks Resume in Moscow") in found) is marked


def test_mark_skips_returns_nothing_for_clean_text() -> None:
    assert mark_skips(f"{BODY}\n\n{AFTER}") == ()
    assert mark_skips("") == ()
