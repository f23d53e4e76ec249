from __future__ import annotations

from rashomon.compare.quotes import group_quotes, utterances, word_diff
from rashomon.model import Quote


def _q(id_, article, text, speaker, start=0):
    return Quote(
        id=id_,
        article=article,
        start=start,
        end=start + len(text),
        text=text,
        kind="direct",
        speaker=speaker,
    )


def test_word_diff_keeps_original_slices():
    ops = word_diff("We gave the U.S. a lot of time", "We have given the U.S. much time")
    assert "".join(o.a for o in ops if o.op == "equal").replace(" ", "")
    assert any(o.op == "equal" and "U.S." in o.a for o in ops)
    assert any(o.op in {"replace", "delete"} and "gave" in o.a for o in ops)


def test_utterances_merge_consecutive_quotes_of_one_speaker():
    text = '"First part," she said. "Second part."\n"Other paragraph," he said.'
    q1 = _q("1", "A", "First part", "Ann Lee", 1)
    q2 = _q("2", "A", "Second part.", "Ann Lee", text.index("Second"))
    q3 = _q("3", "A", "Other paragraph", "Bo Chan", text.index("Other"))
    units = utterances([q1, q2, q3], {"A": text})
    assert [[q.id for q in u] for u in units] == [["1", "2"], ["3"]]


def test_group_quotes_same_speaker_two_translations(svc):
    a = _q(
        "a",
        "A",
        "We have waited a long time for an answer, and our patience is running out",
        "Ann Lee",
    )
    b = _q(
        "b",
        "B",
        "We waited for a very long time for a reply and our patience is nearly exhausted",
        "Lee",
    )
    c = _q("c", "B", "The harvest this year was the best in a decade", "Bo Chan", start=200)
    (g,) = group_quotes([a, b, c], {"A": "x" * 300, "B": "y" * 300}, svc.embedder)
    assert set(g.quotes) == {"a", "b"}
    assert g.speaker == "Ann Lee" and not g.speaker_conflict
    assert len(g.variants) == 2 and g.variants[1].diff


def test_group_quotes_flags_different_speakers_for_same_words(svc):
    words = "The bridge will reopen to traffic on Monday morning after repairs are finished"
    a = _q("a", "A", words, "Ann Lee")
    b = _q("b", "B", words, "Bo Chan")
    (g,) = group_quotes([a, b], {"A": "x" * 100, "B": "y" * 100}, svc.embedder)
    assert g.speaker_conflict
