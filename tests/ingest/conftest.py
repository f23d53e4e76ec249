"""Shared data for the ingest tests: the seed articles and the real HTML pages with gold text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).parents[2].parent / "shared"
SEEDS = SHARED / "seeds"
HTML_PAGES = SHARED / "data" / "html-pages"
NEWS_CORPUS = SHARED / "data" / "news-corpus"

VOA = "000_7f752ea312c1a10c.txt"
WT = "001_0f23a78d9893c12c.txt"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def html_pages_dir() -> Path:
    return HTML_PAGES


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return NEWS_CORPUS


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """The two founding articles, by file name, exactly as on disk."""
    return {name: (SEEDS / name).read_text(encoding="utf-8") for name in (VOA, WT)}


@pytest.fixture(scope="session")
def html_gold() -> dict[str, dict[str, str]]:
    """The html-pages ground truth by page id: file, url, domain, article_body."""
    lines = (HTML_PAGES / "ground-truth.jsonl").read_text(encoding="utf-8").splitlines()
    records = (json.loads(line) for line in lines if line.strip())
    return {record["id"]: record for record in records}


@pytest.fixture(scope="session")
def corpus_texts() -> list[str]:
    """Real article texts with captions, bylines and boilerplate left in (BASIL, BBC)."""
    texts = []
    for name in ("basil.jsonl", "bbc.jsonl"):
        with (NEWS_CORPUS / name).open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line, _ in zip(lines, range(150), strict=False)]
    return texts
