"""Hostile-input fixtures: small reproductions of issue 17, a real server on 127.0.0.1 port 0.

Inputs are small on purpose (an alias bomb of a few levels, a gzip bomb just over a lowered
cap): each test asserts the guard that refuses the full-size attack, not the damage.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
BODY = "The mayor said the bridge would close on Monday for repairs to its old steel frame. " * 8


def alias_bomb(levels: int = 4, width: int = 9) -> str:
    """YAML front matter whose last key expands to ``width ** levels`` strings if aliases are read."""
    names = "abcdefghijklmnop"
    lines = ["a: &a [" + ",".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"{names[i]}: &{names[i]} [" + ",".join([f"*{names[i - 1]}"] * width) + "]")
    lines.append(f"title: *{names[levels - 1]}")
    return "---\n" + "\n".join(lines) + "\n---\n" + BODY


class Server:
    """uvicorn serving ``app`` on a socket bound to 127.0.0.1 port 0, in a thread."""

    def __init__(self, app, **options) -> None:
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, log_level="warning", lifespan="on", timeout_graceful_shutdown=5, **options
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run,
            kwargs={"sockets": [self.sock]},
            name="uvicorn-hostile",
            daemon=True,
        )
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()
        assert not self.thread.is_alive(), "the test server did not stop"


@pytest.fixture
def serve():
    """``serve(app, **uvicorn_options)`` starts a server; every one started stops when the test ends."""
    started: list[Server] = []

    def start(app, **options) -> Server:
        server = Server(app, **options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


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
