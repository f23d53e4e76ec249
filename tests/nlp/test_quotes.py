"""Direct quotations: find_quote_spans on raw text, then speakers and cues through the Analyzer."""

from __future__ import annotations

import pytest

from rashomon.nlp.quotes import find_quote_spans

SPOKEN = "The harbour will stay closed until the storm has passed"


def _contents(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quote_spans(text)]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“")],
    ids=["curly", "straight", "guillemets", "low-nine"],
)
def test_find_quote_spans_marks_of_each_style(opening, closing):
    text = f"{opening}{SPOKEN},{closing} said the harbour master."
    (q,) = find_quote_spans(text)
    assert text[q.start : q.end] == SPOKEN
    assert text[q.open] == opening
    assert text[q.close] == closing
    assert not q.continued


@pytest.mark.parametrize(("opening", "closing"), [("“", "”"), ('"', '"')])
def test_find_quote_spans_split_around_cue_gives_two(opening, closing):
    text = (
        f"{opening}We will reopen the slipway,{closing} she said, "
        f"{opening}once the divers have checked every hull.{closing}"
    )
    assert _contents(text) == [
        "We will reopen the slipway",
        "once the divers have checked every hull.",
    ]


def test_find_quote_spans_across_paragraphs_continues_next_one():
    first = "The divers went down twice and found nothing wrong with the keel."
    second = "But the insurers still want a third inspection before we sail"
    text = f"“{first}\n\n“{second},” she said."
    a, b = find_quote_spans(text)
    assert text[a.start : a.end] == first
    assert a.close == len(first) + 1  # no closing mark: the quote runs to the paragraph end
    assert not a.continued
    assert text[b.start : b.end] == second
    assert b.continued


def test_find_quote_spans_unrelated_open_quote_is_not_a_continuation():
    text = "“We waited for hours in the rain and nobody came,” she said.\n\n“Nobody.”"
    spans = find_quote_spans(text)
    assert all(not q.continued for q in spans)


@pytest.mark.parametrize(
    "text",
    [
        'The council called the new timetable a "temporary fix" and moved on.',
        "The council called the new timetable a “temporary fix” and moved on.",
        'Her memoir "Salt and Iron" was published last year by a small press.',
        'Critics dismissed the "so-called reform" of the port as cosmetic.',
        "He said the 'deal' was off and left the room.",
        'The crew fitted a 12" pipe and a 6" valve before the winter storms.',
        "The pilots call the channel “the Needle.”",
    ],
    ids=["scare-straight", "scare-curly", "title", "so-called", "single", "inches", "nickname"],
)
def test_find_quote_spans_scare_quotes_and_titles_not_counted(text):
    assert find_quote_spans(text) == []


@pytest.mark.parametrize(
    "text",
    ['"Never again," she said.', "“Not on my watch,” the captain said."],
)
def test_find_quote_spans_short_spoken_quote_counted(text):
    assert len(find_quote_spans(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        f'"{SPOKEN}," said the harbour master.',
        f'"{SPOKEN} ," said the harbour master.',
        f"“ {SPOKEN}, ” said the harbour master.",
        f"“{SPOKEN},” said the harbour master.",
    ],
)
def test_find_quote_spans_content_excludes_marks_and_trailing_comma(text):
    (q,) = find_quote_spans(text)
    assert text[q.start : q.end] == SPOKEN
    assert q.open < q.start and q.end <= q.close


def test_find_quote_spans_skipped_paragraph_ignored():
    caption = "“We will rebuild the pier stone by stone,” the mayor said at the ceremony."
    body = "“The ferry will run again by the summer holidays,” the operator said."
    text = f"{caption}\n\n{body}"
    spans = find_quote_spans(text, [(0, len(caption))])
    assert [text[q.start : q.end] for q in spans] == [
        "The ferry will run again by the summer holidays"
    ]


# -- through the Analyzer -----------------------------------------------------------


def _quote(analysis, starts: str):
    matches = [q for q in analysis.quotes if q.text.startswith(starts)]
    assert len(matches) == 1, [q.text for q in analysis.quotes]
    return matches[0]


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ('"We have no plans to close the clinic," Harriet Vance said.', "Harriet Vance", "said"),
        ('"We have no plans to close the clinic," said Harriet Vance.', "Harriet Vance", "said"),
        (
            "“We have no plans to close the clinic,” Harriet Vance told reporters.",
            "Harriet Vance",
            "told",
        ),
        (
            "“We have no plans to close the clinic,” Harriet Vance warned.",
            "Harriet Vance",
            "warned",
        ),
        (
            'Harriet Vance, the mayor of Port Ellery, said: "We have no plans to close the '
            'clinic before the new one opens."',
            "Harriet Vance",
            "said",
        ),
        (
            '"We have no plans to close the clinic," Harriet Vance, the mayor of Port Ellery, '
            "said on Tuesday.",
            "Harriet Vance",
            "said",
        ),
    ],
    ids=["said-after", "inverted", "told", "warned", "apposition-colon", "apposition"],
)
def test_analyzer_quote_speaker_and_cue(analyse, text, speaker, cue):
    a = analyse(text)
    q = _quote(a, "We have no plans")
    assert (q.speaker, q.cue) == (speaker, cue)
    assert a.article.text[q.cue_start : q.cue_end] == cue
    assert speaker in a.article.text[q.speaker_start : q.speaker_end]


@pytest.mark.parametrize(
    ("later", "written"),
    [
        ("Ms. Vance said", "Ms. Vance"),
        ("Vance said", "Vance"),
        ("she said", "she"),
        ("Vance added", "Vance"),
    ],
)
def test_analyzer_quote_speaker_resolved_to_full_name(analyse, later, written):
    text = (
        "Harriet Vance has run the water board in Port Ellery since 2015.\n\n"
        f"“The pipes under the old town are older than any of us,” {later}."
    )
    a = analyse(text)
    q = _quote(a, "The pipes")
    assert q.speaker == "Harriet Vance"
    assert a.article.text[q.speaker_start : q.speaker_end] == written


def test_analyzer_quote_she_is_last_named_person(analyse):
    text = (
        "Tomas Eriksen, a diver, inspected the hull with Harriet Vance on Monday.\n\n"
        "“We found two cracks below the waterline,” she said."
    )
    assert _quote(analyse(text), "We found").speaker == "Harriet Vance"


@pytest.mark.xfail(
    reason="pronouns resolve to the last named person; gender is not modelled",
    strict=True,
)
def test_analyzer_quote_pronoun_matches_gender(analyse):
    text = (
        "Mr. Tomas Eriksen, a diver, inspected the hull with Ms. Harriet Vance on Monday.\n\n"
        "“We found two cracks below the waterline,” he said."
    )
    assert _quote(analyse(text), "We found").speaker == "Tomas Eriksen"


def test_analyzer_quote_two_speakers_in_one_paragraph(analyse):
    text = (
        "“The pipes are older than any of us,” Harriet Vance told reporters. "
        "“We cannot wait another decade for repairs,” added Tomas Eriksen, the city engineer."
    )
    a = analyse(text)
    assert (_quote(a, "The pipes").speaker, _quote(a, "The pipes").cue) == ("Harriet Vance", "told")
    assert (_quote(a, "We cannot").speaker, _quote(a, "We cannot").cue) == (
        "Tomas Eriksen",
        "added",
    )


def test_analyzer_quote_second_half_of_split_quote_inherits_speaker(analyse):
    text = (
        "“The pipes are older than any of us,” Harriet Vance said, "
        "“and nobody wants to pay for new ones.”"
    )
    a = analyse(text)
    first, second = a.quotes
    assert first.speaker == second.speaker == "Harriet Vance"
    assert second.cue == "said"
    assert (second.cue_start, second.cue_end) == (first.cue_start, first.cue_end)


def test_analyzer_quote_across_paragraphs_shares_speaker(analyse):
    text = (
        "Harriet Vance spoke to reporters at the dock on Monday.\n\n"
        "“The divers went down twice and found nothing wrong with the keel.\n\n"
        "“But the insurers still want a third inspection before we sail,” she said."
    )
    a = analyse(text)
    assert [q.speaker for q in a.quotes] == ["Harriet Vance", "Harriet Vance"]


def test_analyzer_quote_continued_in_next_paragraph_keeps_speaker(analyse):
    text = (
        "“The divers went down twice and found nothing wrong,” Harriet Vance said on Monday. "
        "“We still have to wait for the insurers.\n\n"
        "“They want a third inspection before anyone is allowed to sail.”"
    )
    a = analyse(text)
    assert len(a.quotes) == 3
    assert {q.speaker for q in a.quotes} == {"Harriet Vance"}


@pytest.mark.parametrize(
    ("source", "speaker"),
    [
        ("an unnamed official", "an unnamed official"),
        ("a port official who asked not to be named", "a port official"),
        ("two dock workers", "two dock workers"),
    ],
)
def test_analyzer_quote_anonymous_speaker_kept_as_written(analyse, source, speaker):
    text = f"“The report was buried for months because it was embarrassing,” {source} said."
    a = analyse(text)
    q = _quote(a, "The report")
    assert q.speaker == speaker
    assert a.article.text[q.speaker_start : q.speaker_end] == speaker
    (claim,) = a.claims
    assert claim.attribution.kind == "anonymous"
    assert claim.attribution.speaker is None


def test_analyzer_quote_without_cue_has_no_speaker(analyse):
    text = (
        "Harriet Vance runs the ferry company.\n\n"
        "The sign at the pier still reads “Next sailing in ten minutes, weather permitting.”"
    )
    a = analyse(text)
    assert _quote(a, "Next sailing").speaker is None


def test_analyzer_quote_offsets_index_article(analyse):
    text = (
        "“We have no plans to close the clinic,” Harriet Vance said. “None at all, "
        "whatever the ministry says about the budget,” she added."
    )
    a = analyse(text)
    assert len(a.quotes) == 2
    for q in a.quotes:
        assert a.article.text[q.start : q.end] == q.text
        assert q.kind == "direct"
        assert q.article == a.article.id


def test_find_quote_spans_single_inside_double_is_one_quote():
    text = "“The sign said ‘closed for repairs’ and that was the end of it,” the skipper said."
    (q,) = find_quote_spans(text)
    assert text[q.start : q.end] == "The sign said ‘closed for repairs’ and that was the end of it"


def test_find_quote_spans_right_mark_opening_a_paragraph():
    text = "”We have waited three winters for this bridge and we will wait no longer.” ― Ada Brun"
    (q,) = find_quote_spans(text)
    assert text[q.start : q.end].startswith("We have waited")


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("“The bridge will open in May, not a day later.” ― Ada Brun", "Ada Brun", "―"),
        (
            "“The bridge will open in May, not a day later,” said Ada Brun, the engineer.",
            "Ada Brun",
            "said",
        ),
        ("“The bridge will open in May. Not a day later,” said Ada Brun.", "Ada Brun", "said"),
        (
            "“The bridge will open in May, not a day later,” Ada Brun insisted.",
            "Ada Brun",
            "insisted",
        ),
    ],
    ids=["dash", "inverted-apposition", "quoted-noun-before-cue", "insisted"],
)
def test_analyzer_quote_speaker_by_cue_or_dash(analyse, text, speaker, cue):
    a = analyse(text)
    q = _quote(a, "The bridge")
    assert (q.speaker, q.cue) == (speaker, cue)
    assert a.article.text[q.speaker_start : q.speaker_end] == speaker


def test_analyzer_quote_transcript_label_is_speaker(analyse):
    text = (
        "Ada Brun spoke to the radio host on Sunday.\n\n"
        "“HOST: Will the bridge open in May?\n\n"
        "“BRUN: It will open in May, and not a day later than that, I promise you.”"
    )
    a = analyse(text)
    q = _quote(a, "It will open")
    assert q.speaker == "Ada Brun" and q.cue == ":"
    assert a.article.text[q.speaker_start : q.speaker_end] == "BRUN"


def test_analyzer_quote_introduced_by_previous_paragraph(analyse):
    text = (
        "Ada Brun, the engineer in charge, wrote in her report:\n\n"
        "“The bridge will open in May, once the last cables have been tested.”"
    )
    q = _quote(analyse(text), "The bridge")
    assert q.speaker == "Ada Brun"


def test_analyzer_partial_quote_marked_partial(analyse):
    a = analyse(
        "The minister called the bridge “a monument to our endless and stubborn patience” on "
        "Sunday."
    )
    (q,) = [q for q in a.quotes if q.kind == "direct"]
    assert q.partial
    whole = analyse("The minister said “The bridge is a monument to our patience.”")
    (w,) = [q for q in whole.quotes if q.kind == "direct"]
    assert not w.partial
