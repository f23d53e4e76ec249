"""Shared fixtures and helpers for every test folder.

- The models, loaded once per session: ``svc`` is the one real Service (spaCy, the int8 ONNX
  MiniLM embedder, the judge, the aligner, the gazetteer, each loaded on first use); every
  other fixture that needs a model builds on it (``analyzer``, ``reader``, ``service_with``,
  ``model_judge``), so no conftest or test loads a model of its own. tests/test_fixtures.py
  checks the sharing.
- ``../shared``: the seeds and data sets beside the repository, found by ``shared_path``; a test
  that needs one that is not there is skipped, with the path, instead of erroring. The
  RASHOMON_SHARED environment variable points elsewhere (a folder that does not exist: every
  such test skips).
- ``serve``: uvicorn on 127.0.0.1 port 0 in a thread, its port read back from uvicorn;
  ``ServeProcess``: ``rashomon serve`` in a process of its own, on port 0 the same way.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASHOMON_SHARED") or ROOT.parent / "shared")
# The founding pair, with the publication dates a reader would give them.
SEEDS = (
    ("000_7f752ea312c1a10c.txt", "VOA", "2019-11-14"),
    ("001_0f23a78d9893c12c.txt", "The Washington Times", "2019-11-11"),
)


# -- ../shared ------------------------------------------------------------------------------
def shared_path(*parts: str) -> Path:
    """``../shared/<parts>``; the test that asks is skipped, saying what is missing, when it is
    not there. Call it from a test or a fixture (not at import time)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)}: not present (looked in {SHARED})")
    return path


def shared_names(*parts: str, exclude: tuple[str, ...] = ()) -> list[Any]:
    """The file names in ``../shared/<parts>``, sorted, for ``parametrize`` (collection time):
    one skipped parameter saying what is missing when the folder is not there."""
    folder = SHARED.joinpath(*parts)
    if not folder.is_dir():
        reason = f"needs ../shared/{'/'.join(parts)}: not present (looked in {SHARED})"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="missing")]
    return sorted(p.name for p in folder.iterdir() if p.name not in exclude)


def seed_files() -> tuple[tuple[Path, str, str], ...]:
    """The founding pair as (path, outlet, published); skips the test when the seeds are not
    there."""
    return tuple((shared_path("seeds", name), outlet, date) for name, outlet, date in SEEDS)


def seed_texts() -> list[str]:
    """The founding pair's texts, exactly as on disk."""
    return [path.read_text(encoding="utf-8") for path, _, _ in seed_files()]


def seed_sources(tmp: Path) -> list[str]:
    """The founding pair as text files in ``tmp`` with their outlet and date in front matter."""
    out = []
    for path, outlet, date in seed_files():
        target = tmp / path.name
        target.write_text(
            f"---\noutlet: {outlet}\npublished: {date}\n---\n" + path.read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        out.append(str(target))
    return out


# -- the models, once per session -----------------------------------------------------------
@pytest.fixture(scope="session")
def svc():
    """The session's Service: every model any test uses is loaded here, once."""
    from rashomon.service import Service

    return Service()


@pytest.fixture(scope="session")
def analyzer(svc):
    """The session's Analyzer: spaCy and the MiniLM embedder of ``svc``."""
    return svc.analyzer


@pytest.fixture(scope="session")
def reader(svc):
    """An Analyzer on the session's spaCy pipeline without the embedder (no claim vectors):
    what `Service.read` runs."""
    from rashomon.nlp.pipeline import Analyzer

    return Analyzer(nlp=svc.analyzer.nlp, spacy_model=svc.settings.spacy_model)


@pytest.fixture(scope="session")
def service_with(svc) -> Callable[..., Any]:
    """``service_with(settings=None, **changes)``: a Service with other settings on the
    session's models: each model ``svc`` has loaded is shared unless a setting it is built
    from differs (``threads`` for the embedder, ``spacy_model`` for the analyzer, ``judge`` for
    the judge; the gazetteer and aligner always)."""

    def make(settings: Any = None, **changes: Any):
        settings = dataclasses.replace(settings or svc.settings, **changes)
        same = {
            name: getattr(settings, name) == getattr(svc.settings, name)
            for name in ("threads", "spacy_model", "judge")
        }
        return dataclasses.replace(
            svc,
            settings=settings,
            _embedder=svc.embedder if same["threads"] else None,
            _analyzer=svc.analyzer if same["threads"] and same["spacy_model"] else None,
            _judge=svc.judge if same["threads"] and same["judge"] else None,
            _gazetteer=svc.gazetteer,
            _aligner=svc.aligner,
            _reader=None,
        )

    return make


@pytest.fixture(scope="session")
def model_judge(svc) -> Callable[..., Any]:
    """``model_judge(**options)``: a ModelJudge with other options (``checks``, ``cache``,
    ``story_pairs``, ``anchored_confidence``, ``embedder``...) on the session judge's loaded
    model. Without ``embedder`` it has none, as ``ModelJudge()`` has none; a ``model_dir`` of
    its own loads its own model, as it must."""
    from rashomon.compare.model_judge import JudgeParams, ModelJudge

    loaded = svc.judge
    assert isinstance(loaded, ModelJudge), "the session's judge is the shipped model"

    def make(**options: Any) -> ModelJudge:
        own = {k: options.pop(k) for k in ("model_dir", "cache", "embedder") if k in options}
        params = JudgeParams(**options)
        if "model_dir" in own:
            return ModelJudge(own.pop("model_dir"), params=params, **own)
        return loaded.with_params(params, **own)  # the loaded model, shared

    return make


# -- the founding pair ----------------------------------------------------------------------
@pytest.fixture(scope="session")
def seed_articles():
    from rashomon.ingest import load_file

    return [
        a
        for path, outlet, date in seed_files()
        for a in load_file(path, outlet=outlet, published=date)
    ]


@pytest.fixture(scope="session")
def seed_report(svc, seed_articles):
    return svc.compare(seed_articles)


# -- a real server --------------------------------------------------------------------------
class Server:
    """uvicorn serving ``app`` in a thread on 127.0.0.1, on a port the system picks (port 0),
    read back from uvicorn's own socket once it listens; ``stop()`` ends it."""

    def __init__(self, app: Any, *, timeout: float = 30.0, **options: Any) -> None:
        import uvicorn

        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=0,
            log_level="warning",
            lifespan="on",
            timeout_graceful_shutdown=5,
            **options,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-test", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                self.server.should_exit = True
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        self.port: int = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=60)
        assert not self.thread.is_alive(), "the test server did not stop"


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    """``serve(app, **uvicorn_options)`` starts a Server; each one stops when the test ends."""
    started: list[Server] = []

    def start(app: Any, **options: Any) -> Server:
        server = Server(app, **options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


_LISTENING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")


class ServeProcess:
    """``rashomon serve --db DB`` in a process of its own on 127.0.0.1 port 0, as a context:
    inside it ``url`` is the address uvicorn's log gives; after it, the process has stopped on
    ^C and ``output`` and ``returncode`` say how."""

    def __init__(self, db: Path, env: dict[str, str], *, timeout: float = 120) -> None:
        self.db, self.env, self.timeout = db, env, timeout
        self.output = ""
        self.returncode: int | None = None

    def __enter__(self) -> ServeProcess:
        command = [sys.executable, "-m", "rashomon", "serve", "--db", str(self.db)]
        self.proc = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
        )
        self._lines: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(
            target=lambda: [self._lines.put(line) for line in self.proc.stdout or ()],
            daemon=True,
        )
        self._reader.start()
        deadline = time.monotonic() + self.timeout
        try:
            while not (
                m := re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", self.output)
            ):
                assert self.proc.poll() is None and time.monotonic() < deadline, self.output
                with contextlib.suppress(queue.Empty):
                    self.output += self._lines.get(timeout=0.5)
        except BaseException:
            self._stop()
            raise
        self.url = m[1]
        self.port = int(self.url.rsplit(":", 1)[1])
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()

    def _stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=10)
        while not self._lines.empty():
            self.output += self._lines.get()
        self.returncode = self.proc.returncode
