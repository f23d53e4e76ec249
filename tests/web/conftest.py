"""Web fixtures: a real SQLite store holding the founding pair and a hostile article, the app
over it (in process and under a real uvicorn server on 127.0.0.1), all on the session's models."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
# The founding pair (as tests/conftest.py gives it), with the dates a reader would give them.
SEED_FILES = (
    (SEEDS / "000_7f752ea312c1a10c.txt", "VOA", "2019-11-14"),
    (SEEDS / "001_0f23a78d9893c12c.txt", "The Washington Times", "2019-11-11"),
)

# Article text is untrusted HTML: this one tries script, an event handler and markup in its
# metadata. It must come out as text, everywhere.
HOSTILE_OUTLET = "Evil <b>Gazette</b>"
HOSTILE_TEXT = """City council approves the riverside park budget

The city council voted on Tuesday to approve a budget of four million dollars for the new riverside park, the mayor said.

Residents have asked for the park for years. One resident wrote <script>window.__xss = 1; alert("xss")</script> in a comment that the council read aloud at the meeting.

Another comment held <img src=x onerror="window.__xss = 2; alert('img')"> and was also read into the record by the clerk.

The park will open next spring, officials said, and the council will review the costs in the autumn.
"""


def seed_articles_for_store():
    from rashomon.ingest import load_file

    return [
        a
        for path, outlet, date in SEED_FILES
        for a in load_file(path, outlet=outlet, published=date)
    ]


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
def web_store(tmp_path_factory, svc):
    """A SQLite file with the founding pair (one story) and the hostile article (another)."""
    from rashomon.service import Library
    from rashomon.store import open_store

    path = tmp_path_factory.mktemp("web") / "news.db"
    seeds = seed_articles_for_store()
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving ``app`` on 127.0.0.1 in a thread; ``stop()`` (or the fixture) ends it."""

    def __init__(self, app, *, timeout: float = 30.0) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-test", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=60)
        assert not self.thread.is_alive(), "the test server did not stop"


@pytest.fixture(scope="session")
def live(settings_for, svc):
    from rashomon.web import create_app

    server = LiveServer(create_app(settings_for(), service=svc))
    yield server
    server.stop()
