"""Near-duplicates: wire copies and re-publications found, same-event coverage kept apart."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import pytest

from rashomon.ingest.dedup import DedupIndex, fingerprint, near_duplicate, overlap
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def basil() -> list[dict]:
    lines = (
        shared_path("data", "news-corpus", "basil.jsonl").read_text(encoding="utf-8").splitlines()
    )
    return [json.loads(line) for line in lines if line.strip()]


def wire_copy(text: str) -> str:
    """What a re-publishing outlet does: its own first line, a cut ending, a retouched word."""
    words = text.split(" ")
    body = " ".join(words[: int(len(words) * 0.85)]).replace(" said ", " says ", 1)
    return "By The Associated Press\n\n" + body + "\n\nCopyright 2019 The Associated Press."


def test_identical_and_reformatted_text_are_duplicates(basil):
    text = basil[0]["text"]
    reformatted = text.upper().replace("\n\n", "\n").replace("’", "'")
    assert near_duplicate(fingerprint(text).shingles, fingerprint(text).shingles) == 1.0
    assert near_duplicate(fingerprint(text).shingles, fingerprint(reformatted).shingles) is not None


@pytest.mark.parametrize("i", range(0, 30, 3))
def test_wire_copies_found_through_the_lsh_index(basil, i):
    index = DedupIndex()
    for r in basil:
        assert index.add(r["id"], r["text"]) is None or r["id"].startswith("x")
    found = index.add("copy", wire_copy(basil[i]["text"]))
    assert found is not None and found[0] == basil[i]["id"]


def test_shortened_copy_found_by_containment(basil):
    text = basil[5]["text"]
    short = text[: len(text) // 2]
    jaccard, containment = overlap(fingerprint(text).shingles, fingerprint(short).shingles)
    assert jaccard < 0.7 and containment > 0.95
    assert near_duplicate(fingerprint(text).shingles, fingerprint(short).shingles) is not None


def test_same_event_from_other_outlets_is_not_a_duplicate(basil):
    # BASIL: each event told by Fox News, the New York Times and HuffPost in their own words.
    index = DedupIndex()
    assert [r["id"] for r in basil if index.add(r["id"], r["text"])] == []
    by_story: dict[str, list[str]] = {}
    for r in basil:
        by_story.setdefault(r["story_id"], []).append(r["text"])
    worst = max(
        overlap(fingerprint(a).shingles, fingerprint(b).shingles)[0]
        for texts in by_story.values()
        for a, b in itertools.combinations(texts, 2)
    )
    assert worst < 0.35


def test_a_quote_inside_a_long_article_is_not_a_duplicate(basil):
    text = basil[0]["text"]
    quote = " ".join(text.split()[:20])
    assert near_duplicate(fingerprint(text).shingles, fingerprint(quote).shingles) is None


def test_duplicate_of_a_duplicate_points_to_the_original(basil):
    index = DedupIndex()
    index.add("orig", basil[3]["text"])
    assert index.add("copy1", wire_copy(basil[3]["text"]))[0] == "orig"
    assert index.add("copy2", wire_copy(wire_copy(basil[3]["text"])))[0] == "orig"


def test_fingerprints_are_the_same_in_every_process(basil):
    text = basil[7]["text"]
    code = (
        "import sys, json; from rashomon.ingest.dedup import fingerprint; "
        "print(json.dumps(list(fingerprint(sys.stdin.read()).bands)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == list(fingerprint(text).bands)
