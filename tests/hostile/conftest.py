"""Hostile-input fixtures: small reproductions of issue 17 (real servers: ``serve`` in
tests/conftest.py, 127.0.0.1 on port 0).

Inputs are small on purpose (an alias bomb of a few levels, a gzip bomb just over a lowered
cap): each test asserts the guard that refuses the full-size attack, not the damage.
"""

from __future__ import annotations

import pytest

BODY = "The mayor said the bridge would close on Monday for repairs to its old steel frame. " * 8


def alias_bomb(levels: int = 4, width: int = 9) -> str:
    """YAML front matter whose last key expands to ``width ** levels`` strings if aliases are
    read."""
    names = "abcdefghijklmnop"
    lines = ["a: &a [" + ",".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"{names[i]}: &{names[i]} [" + ",".join([f"*{names[i - 1]}"] * width) + "]")
    lines.append(f"title: *{names[levels - 1]}")
    return "---\n" + "\n".join(lines) + "\n---\n" + BODY


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    return str(tmp_path_factory.mktemp("hostile") / "news.db")


@pytest.fixture(scope="module")
def app_client(hostile_db, svc):
    """The app in process over an empty SQLite store, on the session's models."""
    from fastapi.testclient import TestClient

    from rashomon.settings import Settings
    from rashomon.web import create_app

    with TestClient(create_app(Settings(db=hostile_db), service=svc)) as client:
        yield client
