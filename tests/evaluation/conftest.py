"""Fixtures for the evaluation tests: one real Analyzer (spaCy only, no embedder) per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def analyse():
    from rashomon.ingest.text import build_article
    from rashomon.nlp.pipeline import Analyzer

    analyzer = Analyzer()
    return lambda text: analyzer.analyze(build_article(text, source="test"))
