"""Fixtures for the evaluation tests: the session's spaCy pipeline (without the embedder), and
a small factbench-shaped folder scored by the benchmark's own score.py from ../shared (linked,
never copied)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from tests.conftest import shared_path


@pytest.fixture(scope="session")
def analyse(reader):
    from rashomon.ingest.text import build_article

    return lambda text: reader.analyze(build_article(text, source="test"))


# Three short invented articles: two facts every outlet tells in nearly the same words, one
# told by two, and sentences nobody else tells.
TEXTS = {
    "F": "The city council approved the new budget on Monday. The budget raises spending on parks "
    "by ten percent. Council member Ana Ruiz voted against it. The weather was mild all week.",
    "N": "The city council approved a new budget on Monday evening. Spending on parks rises by ten "
    "percent under the plan. Local bakeries reported strong sales of bread.",
    "H": "On Monday the city council approved the new budget. A new library will open downtown "
    "next spring.",
}
# (letter, sentence number) lists per gold fact.
GOLD = [
    {"id": "f1", "status": "agree", "salience": "core", "mentions": {"F": [1], "N": [1], "H": [1]}},
    {"id": "f2", "status": "agree", "salience": "detail", "mentions": {"F": [2], "N": [2]}},
]


def _split(factbench: Path):
    spec = importlib.util.spec_from_file_location("factbench_sentences", factbench / "sentences.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.split


def write_factbench_fixture(root: Path) -> Path:
    """A factbench folder in ``root`` holding one story of TEXTS with its GOLD facts, beside a
    link to the benchmark's own score.py (skips the test without ../shared/data/factbench)."""
    factbench = shared_path("data", "factbench", "score.py").parent
    (root / "stories").mkdir()
    (root / "gold").mkdir()
    (root / "score.py").symlink_to(factbench / "score.py")
    split = _split(factbench)
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


@pytest.fixture(scope="module")
def fixture_bench(tmp_path_factory):
    return write_factbench_fixture(tmp_path_factory.mktemp("factbench"))
