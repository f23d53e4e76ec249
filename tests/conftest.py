"""Shared fixtures: one real Service (spaCy + MiniLM ONNX) per test session, the seed report."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
# The founding pair, with the publication dates a reader would give them.
SEED_FILES = (
    (SEEDS / "000_7f752ea312c1a10c.txt", "VOA", "2019-11-14"),
    (SEEDS / "001_0f23a78d9893c12c.txt", "The Washington Times", "2019-11-11"),
)


@pytest.fixture(scope="session")
def svc():
    from rashomon.service import Service

    return Service()


@pytest.fixture(scope="session")
def seed_articles():
    from rashomon.ingest import load_file

    return [
        a
        for path, outlet, date in SEED_FILES
        for a in load_file(path, outlet=outlet, published=date)
    ]


@pytest.fixture(scope="session")
def seed_report(svc, seed_articles):
    return svc.compare(seed_articles)
