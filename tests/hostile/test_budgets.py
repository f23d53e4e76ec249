"""Issue 17, case 2: one comparison's cost is bounded: a character budget checked before any
model work, a time budget, work nobody waits for stopped, and a shutdown in seconds."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

import httpx

from rashomon.settings import Settings
from tests.conftest import seed_texts
from tests.hostile.conftest import BODY


def big_payload(n: int, chars: int) -> dict:
    text = (BODY * (chars // len(BODY) + 1))[:chars]
    return {"articles": [{"text": text, "outlet": f"o{i}"} for i in range(n)]}


def test_the_issues_20_by_95k_compare_is_refused_up_front(app_client):
    payload = big_payload(20, 95_000)
    assert len(json.dumps(payload)) < Settings().max_request_bytes
    started = time.perf_counter()
    response = app_client.post("/api/compare", json=payload)
    assert time.perf_counter() - started < 3.0  # no model work: parsing the request only
    assert response.status_code == 413, response.text
    message = response.json()["error"]
    assert (
        "1,900,000 characters" in message
        and "200,000" in message
        and "max_compare_chars" in message
    )


def test_the_budget_counts_articles_read_from_html(hostile_db, svc):
    from fastapi.testclient import TestClient

    from rashomon.web import create_app

    paragraphs = "".join(
        f"<p>In district {i}, {BODY[:300]} Report number {i}.</p>" for i in range(6)
    )
    html = f"<html><body><article>{paragraphs}</article></body></html>"
    settings = Settings(db=hostile_db, max_compare_chars=2_000)
    with TestClient(create_app(settings, service=svc)) as client:
        response = client.post("/api/compare", json={"articles": [{"html": html}, {"html": html}]})
    assert response.status_code == 413, response.text
    assert "limit of 2,000 per comparison (max_compare_chars)" in response.json()["error"]


def test_an_article_over_max_article_chars_is_a_413_naming_it(hostile_db, svc):
    from fastapi.testclient import TestClient

    from rashomon.web import create_app

    settings = Settings(db=hostile_db, max_article_chars=1_000)
    with TestClient(create_app(settings, service=svc)) as client:
        response = client.post("/api/compare", json=big_payload(2, 1_500))
    assert response.status_code == 413, response.text
    assert response.json()["error"].startswith("articles[0]: article is 1,500 characters")


def test_the_cli_refuses_a_compare_over_budget(tmp_path):
    paths = []
    for i in range(2):
        paths.append(tmp_path / f"a{i}.txt")
        paths[-1].write_text((BODY * 30)[:6_000])
    proc = subprocess.run(
        [sys.executable, "-m", "rashomon", "compare", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "RASHOMON_MAX_COMPARE_CHARS": "10000"},
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "12,000 characters together, more than the limit of 10,000" in proc.stderr


def test_a_compare_past_its_time_budget_is_stopped(hostile_db, svc):
    from fastapi.testclient import TestClient

    from rashomon.web import create_app

    svc.compare([_seed(0), _seed(1)])  # models loaded: the budget times the comparison only
    app = create_app(Settings(db=hostile_db, compare_timeout=0.5), service=svc)
    lane = app.state.rashomon.worker._model
    with TestClient(app) as client:
        started = time.perf_counter()
        response = client.post("/api/compare", json=big_payload(10, 15_000))
        # Reading 150 K characters, 0.5 s of budget, its check every 0.5 s: seconds, where the
        # whole comparison takes about 25 s on two cores.
        assert time.perf_counter() - started < 8.0
        assert response.status_code == 503, response.text
        assert "time budget of 0.5 s (compare_timeout)" in response.json()["error"]
        # The comparison was stopped, not left running: the model thread is free at once.
        assert lane.submit(lambda: "free").result(timeout=3) == "free"


def test_an_abandoned_compare_is_stopped(serve, hostile_db, svc):
    from rashomon.web import create_app

    svc.compare([_seed(0), _seed(1)])
    app = create_app(Settings(db=hostile_db), service=svc)
    lane = app.state.rashomon.worker._model
    server = serve(app)
    body = json.dumps(big_payload(10, 15_000)).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/compare HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        deadline = time.monotonic() + 10
        while lane._current is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert lane._current is not None, "the comparison never started"
    started = time.monotonic()
    assert lane.submit(lambda: "free").result(timeout=5) == "free"
    assert time.monotonic() - started < 5


def _seed(i: int):
    from rashomon.ingest import article_from_text

    return article_from_text(seed_texts()[i], source=f"seed{i}", outlet=f"o{i}")


def test_sigterm_ends_the_server_in_seconds_with_a_compare_in_flight(tmp_path):
    small = {"articles": [{"text": text} for text in seed_texts()]}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rashomon", "serve", "--port", "0", "--db", str(tmp_path / "s.db")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = None
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            found = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", line)
            url = found.group(1) if found else None
        assert url, "the server did not start"
        assert httpx.post(f"{url}/api/compare", json=small, timeout=120).status_code == 200  # warm
        with httpx.Client(timeout=120) as client:
            import threading

            answers: list[int] = []
            request = threading.Thread(
                target=lambda: answers.append(
                    client.post(f"{url}/api/compare", json=big_payload(12, 15_000)).status_code
                )
            )
            request.start()
            time.sleep(1.5)  # the comparison is running (it takes about 30 s here)
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
            ended = time.monotonic() - started
            request.join(timeout=10)
        assert ended < 5, f"the server took {ended:.1f} s to end"
        assert answers == [503], answers  # answered, not left hanging
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_the_time_budget_counts_running_time_not_the_queue():
    """Under load a comparison waits its turn; only its own running time is budgeted."""
    import asyncio

    from rashomon.web.errors import TimeBudgetError
    from rashomon.web.worker import Worker

    worker = Worker(lambda: None, service=None)

    def spin(seconds: float) -> str:
        end = time.monotonic() + seconds
        while time.monotonic() < end:  # Python steps, as a comparison's are
            pass
        return "done"

    async def scenario() -> tuple[object, object]:
        blocker = asyncio.ensure_future(worker.model(spin, 1.5))
        queued = asyncio.ensure_future(worker.model(spin, 0.3, timeout=1.0, interruptible=True))
        runaway = asyncio.ensure_future(worker.model(spin, 60, timeout=0.5, interruptible=True))
        results = await asyncio.gather(blocker, queued, runaway, return_exceptions=True)
        return results[1], results[2]

    try:
        started = time.monotonic()
        queued, runaway = asyncio.run(scenario())
        assert queued == "done"  # waited 1.5 s in the queue, ran 0.3 s of its 1.0 s
        assert isinstance(runaway, TimeBudgetError) and "0.5 s" in str(runaway)
        assert time.monotonic() - started < 6  # the 60 s runaway was stopped, not waited for
        assert worker._model.submit(lambda: "free").result(timeout=3) == "free"
    finally:
        worker.close()
