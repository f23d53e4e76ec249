"""Reported speech and speakers through the Analyzer: indirect quotes with content, cue and
source."""

from __future__ import annotations

import pytest


def _indirect(analysis, cue: str):
    found = [q for q in analysis.quotes if q.kind == "indirect" and q.cue == cue]
    assert found, [(q.kind, q.cue, q.text) for q in analysis.quotes]
    return found


@pytest.mark.parametrize(
    ("text", "cue", "content", "source"),
    [
        (
            "The harbour master said that the breakwater would be rebuilt by spring.",
            "said",
            "that the breakwater would be rebuilt by spring",
            "The harbour master",
        ),
        (
            "The harbour master said the breakwater would be rebuilt by spring.",
            "said",
            "the breakwater would be rebuilt by spring",
            "The harbour master",
        ),
        (
            "The breakwater would be rebuilt by spring, the harbour master said.",
            "said",
            "The breakwater would be rebuilt by spring",
            "the harbour master",
        ),
        (
            "According to the port authority, the breakwater will be rebuilt by spring.",
            "According to",
            "the breakwater will be rebuilt by spring",
            "the port authority",
        ),
        (
            "Inga Holm told the local radio station the ferries would run again on Monday.",
            "told",
            "the ferries would run again on Monday",
            "Inga Holm",
        ),
        (
            "The fishermen's union warned of a long and hungry winter for the fishing villages.",
            "warned of",
            "a long and hungry winter for the fishing villages",
            "The fishermen's union",
        ),
        (
            "The island council accused the ministry of delaying the repairs for a decade.",
            "accused",
            "delaying the repairs for a decade",
            "The island council",
        ),
        (
            "The ferry company will be sold before the summer, sources say.",
            "say",
            "The ferry company will be sold before the summer",
            "sources",
        ),
    ],
    ids=[
        "said-that",
        "said-zero-that",
        "said-after",
        "according-to",
        "told-outlet",
        "warned-of",
        "accused-of",
        "sources-say",
    ],
)
def test_indirect_quote_content_cue_and_source(analyse, text, cue, content, source):
    a = analyse(text)
    (q,) = _indirect(a, cue)
    assert q.text == content
    assert a.article.text[q.start : q.end] == q.text
    assert a.article.text[q.cue_start : q.cue_end] == cue
    assert a.article.text[q.speaker_start : q.speaker_end] == source


def test_indirect_quote_passive_report_has_no_source(analyse):
    a = analyse("It was reported that the two ferries collided in thick fog off the point.")
    (q,) = _indirect(a, "reported")
    assert q.text == "that the two ferries collided in thick fog off the point"
    assert q.speaker is None and q.speaker_start is None


def test_indirect_quote_hearsay_keeps_hearer_as_source_and_claim_as_hearsay(analyse):
    text = (
        "Inga Holm, a retired pilot, spoke at the dock on Monday.\n\n"
        "“I was told that the ferry had been sold to a company abroad,” Holm said."
    )
    a = analyse(text)
    (q,) = [q for q in a.quotes if q.kind == "direct"]
    assert q.speaker == "Inga Holm"
    told = next(c for c in a.claims if "ferry had been sold" in c.text)
    assert told.certainty == "hearsay"
    assert told.attribution.speaker == "Inga Holm"


@pytest.mark.parametrize(
    ("later", "mention", "speaker"),
    [
        ("he said", "he", "Daniel Moreau"),
        ("Mr. Moreau said", "Mr. Moreau", "Daniel Moreau"),
        ("the spokesperson said", "the spokesperson", "the spokesperson"),
        ("a former port official said", "a former port official", "a former port official"),
    ],
    ids=["pronoun", "honorific", "role-noun", "anonymous"],
)
def test_indirect_quote_speaker_mention_and_resolved_name(analyse, later, mention, speaker):
    text = (
        "Daniel Moreau runs the ferry company from a cabin on the quay.\n\n"
        f"The company had lost money on the winter crossings for years, {later}."
    )
    a = analyse(text)
    (q,) = _indirect(a, "said")
    assert a.article.text[q.speaker_start : q.speaker_end] == mention
    assert q.speaker == speaker


def test_indirect_quote_apposition_after_name(analyse):
    text = (
        "Daniel Moreau, head of the island's ferry department, said the timetable would change "
        "in October."
    )
    a = analyse(text)
    (q,) = _indirect(a, "said")
    assert q.speaker == "Daniel Moreau"
    assert q.text == "the timetable would change in October"


def test_indirect_quote_two_speakers_in_one_paragraph(analyse):
    text = (
        "Daniel Moreau said the ferry would be sold. Inga Holm told reporters the sale "
        "had been blocked by the council."
    )
    a = analyse(text)
    (said,) = _indirect(a, "said")
    (told,) = _indirect(a, "told")
    assert said.speaker == "Daniel Moreau" and "ferry would be sold" in said.text
    assert told.speaker == "Inga Holm" and "blocked by the council" in told.text


def test_indirect_quote_not_duplicated_for_direct_quote(analyse):
    a = analyse("“The ferry will run again on Monday,” Inga Holm said.")
    assert [q.kind for q in a.quotes] == ["direct"]


def test_partial_quote_is_direct_and_partial_inside_indirect(analyse):
    text = "Inga Holm said the new timetable was “a gift to the tourists and nobody else.”"
    a = analyse(text)
    direct = [q for q in a.quotes if q.kind == "direct"]
    (indirect,) = _indirect(a, "said")
    assert [q.partial for q in direct] == [True]
    assert indirect.start <= direct[0].start < indirect.end
    assert indirect.text.startswith("the new timetable was")
