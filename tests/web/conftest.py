"""Web fixtures: a real SQLite store holding the founding pair and a hostile article, the app
over it (in process and under a real uvicorn server on 127.0.0.1), all on the session's models."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Server

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

# Article text is untrusted HTML: this one tries script, an event handler and markup in its
# metadata. It must come out as text, everywhere.
HOSTILE_OUTLET = "Evil <b>Gazette</b>"
HOSTILE_TEXT = (
    "City council approves the riverside park budget\n"
    "\n"
    "The city council voted on Tuesday to approve a budget of four million dollars for the new "
    "riverside park, the mayor said.\n"
    "\n"
    "Residents have asked for the park for years. One resident wrote "
    '<script>window.__xss = 1; alert("xss")</script> in a comment that the council read aloud '
    "at the meeting.\n"
    "\n"
    "Another comment held <img src=x onerror=\"window.__xss = 2; alert('img')\"> and was also "
    "read into the record by the clerk.\n"
    "\n"
    "The park will open next spring, officials said, and the council will review the costs in "
    "the autumn.\n"
)


def hostile_article():
    from rashomon.ingest import article_from_text

    return article_from_text(
        HOSTILE_TEXT,
        source="hostile.txt",
        outlet=HOSTILE_OUTLET,
        published="2024-05-01",
        title="<i>Park</i> budget approved",
    )


@pytest.fixture(scope="session")
def web_store(tmp_path_factory, svc, seed_articles):
    """A SQLite file with the founding pair (one story) and the hostile article (another)."""
    from rashomon.service import Library
    from rashomon.store import open_store

    path = tmp_path_factory.mktemp("web") / "news.db"
    seeds = list(seed_articles)
    hostile = hostile_article()
    with Library(open_store(str(path)), svc) as library:
        summary = library.ingest_items([*seeds, hostile])
        assert summary.added == 3 and not summary.failures
        stories = library.store.story_of([a.id for a in [*seeds, hostile]])
    seed_story = stories[seeds[0].id]
    assert stories[seeds[1].id] == seed_story, "the founding pair is one story"
    assert stories[hostile.id] != seed_story
    return {"db": str(path), "seed_story": seed_story, "hostile_story": stories[hostile.id]}


@pytest.fixture(scope="session")
def settings_for(web_store):
    from rashomon.settings import Settings

    def make(**changes):
        return Settings(db=web_store["db"], **changes)

    return make


@pytest.fixture(scope="session")
def client(settings_for, svc):
    """The app in process (FastAPI's TestClient), read-only use of the seeded store."""
    from fastapi.testclient import TestClient

    from rashomon.web import create_app

    with TestClient(create_app(settings_for(), service=svc)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live(settings_for, svc):
    """The app under a real uvicorn server on 127.0.0.1 (port 0, read back), for the session."""
    from rashomon.web import create_app

    server = Server(create_app(settings_for(), service=svc))
    yield server
    server.stop()
