"""factbench: which facts do three outlets share, dispute, or tell alone — scored fact by fact.

The benchmark lives in ``../shared/data/factbench`` (stories, gold, and its own ``score.py``,
which is run from there, never copied). `run_reports` compares every story in process (models
loaded once) and writes one JSON report per story; `score` runs the benchmark's scorer on them.
`gold_links` and `claim_sentences` give the training script the same mapping the scorer uses.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from rashomon.errors import InputError
from rashomon.model import Article, Report
from rashomon.report.json import to_json


def stories(root: Path, only: Iterable[str] | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(story id, meta) for every ``stories/<id>.meta.json`` under ``root``, sorted by id."""
    folder = root / "stories"
    if not folder.is_dir():
        raise InputError(f"{root} is not a factbench folder (no stories/ inside)")
    wanted = set(only) if only is not None else None
    out = []
    for path in sorted(folder.glob("*.meta.json")):
        story = path.name.removesuffix(".meta.json")
        if wanted is None or story in wanted:
            out.append((story, json.loads(path.read_text(encoding="utf-8"))))
    return out


def story_articles(meta: dict[str, Any]) -> list[Article]:
    """The story's articles as `rashomon compare` reads them (ids, outlets, dates, titles)."""
    return [
        Article(
            id=a["id"],
            text=meta["texts"][a["letter"]],
            outlet=a.get("outlet"),
            published=a.get("published"),
            title=a.get("title"),
        )
        for a in meta["articles"]
    ]


@functools.cache
def scorer(root: Path) -> ModuleType:
    """The benchmark's own score.py, imported from where it lies (once per folder)."""
    path = root / "score.py"
    spec = importlib.util.spec_from_file_location("factbench_score", path)
    if spec is None or spec.loader is None or not path.exists():
        raise InputError(f"no score.py in {root}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def gold_links(
    root: Path, story: str, annotator: str = "A"
) -> tuple[set[frozenset[Any]], list[dict[str, Any]]]:
    """The gold cross-outlet sentence pairs of a story ({(letter, n), (letter, n)}) and its
    facts."""
    mod = scorer(root)
    gold = mod.gold_facts(
        json.loads((root / "gold" / f"{story}.{annotator}.json").read_text(encoding="utf-8"))
    )
    pairs: set[frozenset[Any]] = set()
    for g in gold:
        pairs |= g["pairs"]
    return pairs, gold


def claim_sentences(
    root: Path, meta: dict[str, Any], report: dict[str, Any]
) -> dict[str, tuple[str, int] | None]:
    """Claim id -> (letter, sentence number) as the scorer maps it."""
    mod = scorer(root)
    letter_of = {a["id"]: a["letter"] for a in meta["articles"]}
    out: dict[str, tuple[str, int] | None] = {}
    for c in report["claims"]:
        letter = letter_of.get(c["article"])
        s = mod.claim_sentence(c, letter, meta, meta["texts"]) if letter else None
        out[c["id"]] = (letter, s) if letter and s else None
    return out


def run_reports(
    root: Path,
    compare: Callable[[Sequence[Article]], Report],
    out_dir: Path,
    *,
    only: Iterable[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[str]:
    """Compare every story and write ``out_dir/<story>.json``; returns the story ids."""
    out_dir.mkdir(parents=True, exist_ok=True)
    done = []
    for story, meta in stories(root, only):
        report = compare(story_articles(meta))
        (out_dir / f"{story}.json").write_text(to_json(report, indent=None), encoding="utf-8")
        done.append(story)
        if progress:
            progress(story)
    return done


def score(root: Path, reports: Path) -> dict[str, Any]:
    """The benchmark's summary for a folder of reports, from its own score.py (a subprocess)."""
    run = subprocess.run(
        [
            sys.executable,
            str(root / "score.py"),
            str(reports),
            "--stories",
            str(root / "stories"),
            "--gold",
            str(root / "gold"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise InputError(f"factbench score.py failed: {run.stderr.strip()[-300:]}")
    result: dict[str, Any] = json.loads(run.stdout)
    return result
