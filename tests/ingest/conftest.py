"""Shared data for the ingest tests: the seed articles and the real HTML pages with gold text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import shared_path

VOA = "000_7f752ea312c1a10c.txt"
WT = "001_0f23a78d9893c12c.txt"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture(scope="session")
def html_pages_dir() -> Path:
    return shared_path("data", "html-pages")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return shared_path("data", "news-corpus")


@pytest.fixture(scope="session")
def seeds(seeds_dir: Path) -> dict[str, str]:
    """The two founding articles, by file name, exactly as on disk."""
    return {name: (seeds_dir / name).read_text(encoding="utf-8") for name in (VOA, WT)}


@pytest.fixture(scope="session")
def html_gold(html_pages_dir: Path) -> dict[str, dict[str, str]]:
    """The html-pages ground truth by page id: file, url, domain, article_body."""
    lines = (html_pages_dir / "ground-truth.jsonl").read_text(encoding="utf-8").splitlines()
    records = (json.loads(line) for line in lines if line.strip())
    return {record["id"]: record for record in records}


@pytest.fixture(scope="session")
def corpus_texts(corpus_dir: Path) -> list[str]:
    """Real article texts with captions, bylines and boilerplate left in (BASIL, BBC)."""
    texts = []
    for name in ("basil.jsonl", "bbc.jsonl"):
        with (corpus_dir / name).open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line, _ in zip(lines, range(150), strict=False)]
    return texts
