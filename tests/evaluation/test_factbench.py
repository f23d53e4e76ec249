"""The factbench reader on a small factbench-shaped fixture (tests/evaluation/conftest.py),
read as the benchmark's own score.py reads it, and the FNC-1 story builder. `rashomon eval
facts` on the same fixture: tests/cli/test_eval.py."""

from __future__ import annotations

import json
from pathlib import Path

from rashomon.evaluation.factbench import gold_links, stories, story_articles
from rashomon.evaluation.fnc1_stories import fnc1_stories


def test_factbench_fixture_reads_as_the_scorer_does(fixture_bench):
    ((story, meta),) = stories(fixture_bench)
    assert story == "fixture01"
    arts = story_articles(meta)
    assert [a.outlet for a in arts] == ["Fox News", "New York Times", "HuffPost"]
    pairs, gold = gold_links(fixture_bench, story)
    assert len(gold) == 2
    assert frozenset({("F", 1), ("N", 1)}) in pairs and frozenset({("F", 3), ("N", 3)}) not in pairs


def test_fnc1_stories_pair_agreeing_and_disagreeing_bodies(tmp_path):
    rows = [
        {"headline": "h1", "body_id": 1, "stance": "agree"},
        {"headline": "h1", "body_id": 2, "stance": "disagree"},
        {"headline": "h1", "body_id": 3, "stance": "agree"},
        {"headline": "h2", "body_id": 4, "stance": "agree"},
        {"headline": "h2", "body_id": 5, "stance": "discuss"},
    ]
    (tmp_path / "pairs.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (tmp_path / "bodies.jsonl").write_text("", encoding="utf-8")
    got = fnc1_stories(Path(tmp_path))
    assert got == [
        {"headline": "h1", "kind": "conflict", "bodies": (1, 2)},
        {"headline": "h1", "kind": "control", "bodies": (1, 3)},
    ]
