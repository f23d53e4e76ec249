"""`rashomon eval facts` on a small factbench-shaped fixture, scored by the benchmark's own
score.py from ../shared (linked, never copied), and the FNC-1 story builder."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.evaluation.factbench import gold_links, stories, story_articles
from rashomon.evaluation.fnc1_stories import fnc1_stories

from ..conftest import SHARED

FACTBENCH = SHARED / "data" / "factbench"

# Three short invented articles: two facts every outlet tells in nearly the same words, one
# told by two, and sentences nobody else tells.
TEXTS = {
    "F": "The city council approved the new budget on Monday. The budget raises spending on parks "
    "by ten percent. Council member Ana Ruiz voted against it. The weather was mild all week.",
    "N": "The city council approved a new budget on Monday evening. Spending on parks rises by ten "
    "percent under the plan. Local bakeries reported strong sales of bread.",
    "H": "On Monday the city council approved the new budget. A new library will open downtown next spring.",
}
# (letter, sentence number) lists per gold fact.
GOLD = [
    {"id": "f1", "status": "agree", "salience": "core", "mentions": {"F": [1], "N": [1], "H": [1]}},
    {"id": "f2", "status": "agree", "salience": "detail", "mentions": {"F": [2], "N": [2]}},
]


def _split():
    spec = importlib.util.spec_from_file_location("factbench_sentences", FACTBENCH / "sentences.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.split


@pytest.fixture(scope="module")
def fixture_bench(tmp_path_factory):
    if not (FACTBENCH / "score.py").exists():
        pytest.skip("../shared/data/factbench is not here")
    root = tmp_path_factory.mktemp("factbench")
    (root / "stories").mkdir()
    (root / "gold").mkdir()
    (root / "score.py").symlink_to(FACTBENCH / "score.py")
    split = _split()
    outlets = {"F": "Fox News", "N": "New York Times", "H": "HuffPost"}
    meta = {
        "story_id": "fixture",
        "texts": TEXTS,
        "articles": [
            {
                "letter": L,
                "id": f"fx-{L}",
                "outlet": outlets[L],
                "published": "2020-03-02",
                "title": f"Budget story {L}",
                "sentences": [list(s) for s in split(TEXTS[L])],
            }
            for L in TEXTS
        ],
    }
    (root / "stories" / "fixture01.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (root / "gold" / "fixture01.A.json").write_text(
        json.dumps({"story": "fixture01", "facts": GOLD}), encoding="utf-8"
    )
    return root


def test_factbench_fixture_reads_as_the_scorer_does(fixture_bench):
    ((story, meta),) = stories(fixture_bench)
    assert story == "fixture01"
    arts = story_articles(meta)
    assert [a.outlet for a in arts] == ["Fox News", "New York Times", "HuffPost"]
    pairs, gold = gold_links(fixture_bench, story)
    assert len(gold) == 2
    assert frozenset({("F", 1), ("N", 1)}) in pairs and frozenset({("F", 3), ("N", 3)}) not in pairs


def test_eval_facts_command_scores_the_fixture(fixture_bench, tmp_path):
    out = tmp_path / "facts.json"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "rashomon",
            "eval",
            "facts",
            str(fixture_bench),
            "--reports",
            str(tmp_path / "reports"),
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["stories"] == 1 and res["missing_reports"] == 0
    report = json.loads((tmp_path / "reports" / "fixture01.json").read_text(encoding="utf-8"))
    assert len(report["articles"]) == 3
    # The budget approval, told alike by all three, is one corroborated fact: found, and precise.
    assert res["core_fact_recall"] == 1.0
    assert res["fact_precision"] == 1.0
    assert res["dispute_precision"] is None  # nothing disputed in three agreeing versions


def test_eval_facts_refuses_a_folder_that_is_not_factbench(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "rashomon", "eval", "facts", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "not a factbench folder" in proc.stderr
    assert "Traceback" not in proc.stderr


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
