"""The API over real HTTP: a uvicorn server on 127.0.0.1 (and `rashomon serve` itself)."""

from __future__ import annotations

import shutil
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.conftest import ServeProcess, seed_files
from tests.web.conftest import HOSTILE_TEXT


def seed_payload() -> dict:
    return {
        "articles": [
            {"text": path.read_text(encoding="utf-8"), "outlet": outlet, "published": date}
            for path, outlet, date in seed_files()
        ]
    }


def test_live_each_endpoint(live, web_store):
    with httpx.Client(base_url=live.url, timeout=120) as http:
        assert http.get("/api/health").json()["status"] == "ok"
        stories = http.get("/api/stories").json()["stories"]
        assert {s["id"] for s in stories} == {web_store["seed_story"], web_store["hostile_story"]}
        report = http.get(f"/api/stories/{web_store['seed_story']}").json()
        assert [a["outlet"] for a in report["articles"]] == ["VOA", "The Washington Times"]
        missing = http.get("/api/stories/nope")
        assert missing.status_code == 404 and missing.json()["error"]
        bad = http.post(
            "/api/compare", content=b"{oops", headers={"content-type": "application/json"}
        )
        assert bad.status_code == 400 and "invalid json" in bad.json()["error"].lower()
        page = http.get(f"/stories/{web_store['seed_story']}")
        assert page.status_code == 200 and "verdict-disputed" in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert http.get("/static/app.css").headers["content-type"].startswith("text/css")
        assert "/api/compare" in http.get("/openapi.json").json()["paths"]


def test_live_oversize_body_refused_before_it_is_sent(live):
    """The server answers 413 on the headers alone: the 50 MB body is never sent."""
    with socket.create_connection(("127.0.0.1", live.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/compare HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n"
        )
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b'"error"' in answer and b"2,000,000" in answer


def test_live_chunked_oversize_body(live):
    def body():
        yield b'{"articles": ['
        for _ in range(300):
            yield b" " * 10_000  # 3 MB in all, past the 2 MB limit

    with httpx.Client(base_url=live.url, timeout=60) as http:
        response = http.post(
            "/api/compare", content=body(), headers={"content-type": "application/json"}
        )
    assert response.status_code == 413 and "limit" in response.json()["error"]


def test_live_concurrent_requests(live, web_store):
    """Reads keep answering while comparisons queue on the model thread; all succeed, alike."""
    payload = seed_payload()
    with (
        httpx.Client(base_url=live.url, timeout=300) as http,
        ThreadPoolExecutor(max_workers=12) as pool,
    ):
        compares = [pool.submit(http.post, "/api/compare", json=payload) for _ in range(3)]
        reads = [
            pool.submit(http.get, path)
            for _ in range(10)
            for path in ("/api/stories", f"/api/stories/{web_store['seed_story']}", "/")
        ]
        read_results = [f.result() for f in reads]
        compare_results = [f.result() for f in compares]
    assert all(r.status_code == 200 for r in read_results)
    assert all(r.status_code == 200 for r in compare_results), [
        r.text[:200] for r in compare_results
    ]
    bodies = [r.json() for r in compare_results]
    assert bodies[0] == bodies[1] == bodies[2], "concurrent comparisons do not disturb each other"
    assert any(f["verdict"] == "disputed" for f in bodies[0]["facts"])


def test_live_ingest_job_with_token(tmp_path, svc, serve):
    from rashomon.settings import Settings
    from rashomon.web import create_app

    server = serve(create_app(Settings(db=str(tmp_path / "live.db"), api_token="t0k"), service=svc))
    with httpx.Client(base_url=server.url, timeout=60) as http:
        body = {
            "articles": [{"text": HOSTILE_TEXT, "outlet": "Town Crier", "published": "2024-05-02"}]
        }
        assert http.post("/api/articles", json=body).status_code == 401
        started = http.post("/api/articles", json=body, headers={"Authorization": "Bearer t0k"})
        assert started.status_code == 202
        url = started.headers["location"]
        deadline = time.monotonic() + 240
        while (job := http.get(url).json())["status"] in {"queued", "running"}:
            assert time.monotonic() < deadline, job
            time.sleep(0.3)
        assert job["status"] == "done" and job["result"]["added"] == 1, job
        (story,) = job["result"]["stories"]
        report = http.get(f"/api/stories/{story}").json()
        assert report["articles"][0]["outlet"] == "Town Crier"


def test_rashomon_serve_command(web_store, tmp_path):
    """`rashomon serve` in a process of its own, on port 0 (the port read back from uvicorn's
    log): it serves the stored stories, then stops on ^C."""
    db = tmp_path / "served.db"
    shutil.copy(web_store["db"], db)
    with ServeProcess(db, {"RASHOMON_API_TOKEN": ""}) as served:
        url = served.url
        assert httpx.get(f"{url}/api/health", timeout=10).status_code == 200
        listed = httpx.get(f"{url}/api/stories", timeout=30).json()["stories"]
        assert {s["id"] for s in listed} == {web_store["seed_story"], web_store["hostile_story"]}
        page = httpx.get(f"{url}/stories/{web_store['seed_story']}", timeout=60)
        assert page.status_code == 200 and "verdict-disputed" in page.text
        assert "server" not in page.headers
    seen = served.output
    assert served.returncode == 0, seen
    # rashomon's own line names the store and the address; with --port 0 it cannot know the
    # port uvicorn will be given, so only uvicorn's line above says it.
    (line,) = [x for x in seen.splitlines() if x.startswith("rashomon: serving")]
    assert "on http://127.0.0.1:" in line, line
