"""Speakers of direct quotes in the frames news writing uses, one test per construction.

Each case is a cause of wrong or missing speakers found on PolNeAR dev, written as a new
example sentence: a frame the parser cuts off at the closing mark, speech verbs that are not
reporting verbs, a text that "reads", "Said X:", "According to X, “…”", a dash signature after
inner marks that do not pair up, "asking her", a participle after the name, a name the
parser passes over, "she said" after a named speaker, a quote-only paragraph, a colon frame.
"""

from __future__ import annotations

import pytest

from rashomon.nlp.quotes import find_quote_spans


def _quote(analysis, starts: str):
    matches = [q for q in analysis.quotes if q.kind == "direct" and q.text.startswith(starts)]
    assert len(matches) == 1, [q.text for q in analysis.quotes]
    return matches[0]


def _mention(analysis, q) -> str:
    return analysis.article.text[q.speaker_start : q.speaker_end]


@pytest.mark.parametrize(
    "text",
    [
        "“Will the night ferry ever run on time again?” Harriet Vance asked. "
        "“Nobody at the harbour office seems to know.”",
        "“Who is going to pay for the new pier?” Harriet Vance demanded. "
        "“Not the fishermen, that much is certain.”",
    ],
    ids=["asked", "demanded"],
)
def test_speaker_in_frame_after_closing_question_mark(analyse, text):
    a = analyse(text)
    first, second = (q for q in a.quotes if q.kind == "direct")
    assert first.speaker == second.speaker == "Harriet Vance"
    # The second half hangs on the same cue: one attribution.
    assert second.cue_start == first.cue_start


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        (
            "“Get off the bridge before the tide turns!” Tomas Eriksen shouted at the crowd.",
            "shouted",
        ),
        (
            "Tomas Eriksen boasted, “Nobody in this county builds bridges faster than we do.”",
            "boasted",
        ),
        (
            "“Get off the bridge before the tide turns!” Tomas Eriksen yelled from the pier.",
            "yelled",
        ),
    ],
    ids=["shouted", "boasted", "yelled"],
)
def test_speech_verbs_frame_direct_quotes(analyse, text, cue):
    a = analyse(text)
    q = next(q for q in a.quotes if q.kind == "direct")
    assert (q.speaker, q.cue) == ("Tomas Eriksen", cue)


def test_text_that_reads_is_the_source(analyse):
    a = analyse(
        "The fishermen sent a letter to the harbour board on Friday.\n\n"
        "“We ask the board to keep the night ferry running through the winter,” the letter reads."
    )
    q = _quote(a, "We ask the board")
    assert q.cue == "reads"
    assert _mention(a, q) == "the letter"


def test_inverted_capitalised_frame_before_quote(analyse):
    a = analyse(
        "Ada Brun, the engineer, has tested every cable on the new bridge.\n\n"
        "Some worry about the cost. Said Brun: “The money was never the problem, the steel was.”"
    )
    q = _quote(a, "The money")
    assert q.speaker == "Ada Brun"
    assert _mention(a, q) == "Brun"


@pytest.mark.parametrize("frame", ["Said Brun: ", "said Brun, ", "Adds Ada Brun: "])
def test_inverted_frame_pattern_any_case(frame):
    from rashomon.nlp.direct import _INVERTED

    m = _INVERTED.search(f"Some worry about the cost. {frame}")
    assert m is not None and m.group(2).strip() in {"Brun", "Ada Brun"}


def test_according_to_before_quote(analyse):
    a = analyse(
        "Ada Brun, the engineer, has tested every cable on the new bridge.\n\n"
        "According to Brun, “the cables were never the problem; the money was.”"
    )
    q = _quote(a, "the cables")
    assert q.speaker == "Ada Brun"
    assert q.cue == "According"


def test_dash_signature_after_inner_marks_that_do_not_pair_up():
    text = (
        "“I have sailed here for thirty years and would rather swim across than trust what "
        "they call “the crossing of the century” every single day.” ― Tomas Eriksen"
    )
    # The quote found ends at the inner closing mark, far from the signature.
    (first, *_) = find_quote_spans(text)
    assert text[first.close + 1 :].lstrip().startswith("every")


def test_dash_signature_names_the_speaker_of_a_quote_cut_short(analyse):
    a = analyse(
        "Readers wrote to us about the new crossing.\n\n"
        "“I have sailed here for thirty years and would rather swim across than trust what "
        "they call “the crossing of the century” every single day.” ― Tomas Eriksen"
    )
    q = _quote(a, "I have sailed")
    assert q.speaker == "Tomas Eriksen"
    assert _mention(a, q) == "Tomas Eriksen"


def test_pronoun_object_of_cue_is_not_the_speaker(analyse):
    a = analyse(
        "Ada Brun waved to the mayor before asking him, “When will the bridge finally open?”"
    )
    assert _quote(a, "When will").speaker == "Ada Brun"


def test_participle_after_name_gives_the_speaker(analyse):
    # The parser hangs "asking" on "uses", whose subject is the film.
    a = analyse(
        "The campaign film uses footage of Ada Brun asking, “Who paid for this bridge, and why "
        "so much?”"
    )
    assert _quote(a, "Who paid").speaker == "Ada Brun"


# “The bridge is safe and ready for traffic,” Eriksen, an engineer, said on Harbour Radio.
# parsed the way the model misparses such frames: the name as an apposition inside the
# quote, a noun after the cue as its subject.
_MISPARSED = [
    # word, space after, POS, dep, head, entity
    ("“", "", "PUNCT", "punct", 3, "O"),
    ("The", " ", "DET", "det", 2, "O"),
    ("bridge", " ", "NOUN", "nsubj", 3, "O"),
    ("is", " ", "AUX", "ccomp", 15, "O"),
    ("safe", " ", "ADJ", "acomp", 3, "O"),
    ("and", " ", "CCONJ", "cc", 4, "O"),
    ("ready", " ", "ADJ", "conj", 4, "O"),
    ("for", " ", "ADP", "prep", 6, "O"),
    ("traffic", "", "NOUN", "pobj", 7, "O"),
    (",", "", "PUNCT", "punct", 3, "O"),
    ("”", " ", "PUNCT", "punct", 3, "O"),
    ("Eriksen", "", "PROPN", "appos", 8, "B-PERSON"),
    (",", " ", "PUNCT", "punct", 11, "O"),
    ("an", " ", "DET", "det", 14, "O"),
    ("engineer", "", "NOUN", "appos", 11, "O"),
    ("said", " ", "VERB", "ROOT", 15, "O"),
    ("on", " ", "ADP", "prep", 15, "O"),
    ("Harbour", " ", "PROPN", "compound", 18, "B-ORG"),
    ("Radio", "", "PROPN", "nsubj", 15, "I-ORG"),
    (".", "", "PUNCT", "punct", 15, "O"),
]


def test_name_between_quote_and_cue_beats_a_noun_after_the_cue(analyzer, make_article):
    from spacy.tokens import Doc

    from rashomon.nlp.direct import direct_quotes
    from rashomon.nlp.speakers import NameIndex

    words, spaces, pos, deps, heads, ents = zip(*_MISPARSED, strict=True)
    doc = Doc(
        analyzer.nlp.vocab,
        words=list(words),
        spaces=[bool(x) for x in spaces],
        pos=list(pos),
        deps=list(deps),
        heads=list(heads),
        ents=list(ents),
        lemmas=[w.lower() if w != "said" else "say" for w in words],
    )
    article = make_article(doc.text)
    assert article.text == doc.text
    (q,) = direct_quotes(article, [(0, doc)], NameIndex())
    assert (q.speaker, q.cue) == ("Eriksen", "said")


def test_she_said_after_named_speaker_is_that_speaker(analyse):
    a = analyse(
        "Ada Brun and Tomas Eriksen inspected the cables on Monday.\n\n"
        "“This bridge is ready,” Brun said. “We tested every cable twice,” she said."
    )
    q = _quote(a, "We tested")
    assert q.speaker == "Ada Brun"
    assert _mention(a, q) == "she"


def test_she_said_after_someone_else_is_named_is_not_forced(analyse):
    a = analyse(
        "Ada Brun and Tomas Eriksen inspected the cables on Monday.\n\n"
        "“This bridge is ready,” Brun said. The mayor thanked Harriet Vance for the funding. "
        "“We waited ten years for it,” she said."
    )
    assert _quote(a, "We waited").speaker == "Harriet Vance"


def test_quote_only_paragraph_continues_previous_speaker(analyse):
    a = analyse(
        "“The bridge is ready for traffic,” Ada Brun said on Monday.\n\n"
        "“We tested every cable twice and the divers checked each of the piers.”"
    )
    first, second = (q for q in a.quotes if q.kind == "direct")
    assert second.speaker == first.speaker == "Ada Brun"


def test_quote_only_paragraph_after_unquoted_paragraph_has_no_speaker(analyse):
    a = analyse(
        "Ada Brun opened the bridge on Monday.\n\n"
        "“We tested every cable twice and the divers checked each of the piers.”"
    )
    assert _quote(a, "We tested").speaker is None


def test_colon_frame_without_cue_presents_its_subject(analyse):
    a = analyse("Ada Brun had one message for the crowd at the pier: “The bridge opens in May.”")
    q = _quote(a, "The bridge opens")
    assert q.speaker == "Ada Brun"
    assert q.cue == ":"
