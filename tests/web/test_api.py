"""The REST API through the app in process: each endpoint, its errors, its limits, its guards."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from rashomon.report.json import schema, to_dict
from tests.conftest import seed_files
from tests.web.conftest import HOSTILE_OUTLET

# Stands for the VOA seed's text in parameters (read when the test runs, not at collection).
VOA_TEXT = "<the text of the VOA seed file>"


def with_seed_text(value: Any) -> Any:
    """``value`` with VOA_TEXT replaced by the text of the VOA seed file."""
    if value == VOA_TEXT:
        return seed_files()[0][0].read_text(encoding="utf-8")
    if isinstance(value, dict):
        return {k: with_seed_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_seed_text(v) for v in value]
    return value


def seed_payload() -> dict:
    return {
        "articles": [
            {"text": path.read_text(encoding="utf-8"), "outlet": outlet, "published": date}
            for path, outlet, date in seed_files()
        ]
    }


def assert_json_error(response, status: int, needle: str = "") -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    assert needle.lower() in body["error"].lower(), body
    return body


# -- reads ---------------------------------------------------------------------------------
def test_api_stories_lists_newest_first_with_outlets_and_disputed_counts(client, web_store):
    body = client.get("/api/stories").json()
    ids = [s["id"] for s in body["stories"]]
    # The hostile article (2024) is newer than the founding pair (2019).
    assert ids == [web_store["hostile_story"], web_store["seed_story"]]
    seed = body["stories"][1]
    assert seed["outlets"] == {"VOA": 1, "The Washington Times": 1}
    assert seed["articles"] == 2 and seed["disputed"] >= 1
    assert body["stories"][0]["outlets"] == {HOSTILE_OUTLET: 1}


def test_api_stories_paging(client, web_store):
    first = client.get("/api/stories", params={"limit": 1}).json()
    assert [s["id"] for s in first["stories"]] == [web_store["hostile_story"]]
    assert first["next_offset"] == 1
    second = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert [s["id"] for s in second["stories"]] == [web_store["seed_story"]]
    assert second["next_offset"] is None
    assert_json_error(client.get("/api/stories", params={"limit": 0}), 422, "limit")


@pytest.mark.parametrize(
    ("query", "story"),
    [("Stockholm", "seed_story"), ("riverside park", "hostile_story"), ("zeppelin", None)],
)
def test_api_stories_search(client, web_store, query, story):
    body = client.get("/api/stories", params={"q": query}).json()
    ids = [s["id"] for s in body["stories"]]
    assert ids == ([web_store[story]] if story else [])
    assert body["query"] == query
    assert all(h["story"] in ids for h in body["hits"])


def test_api_story_is_the_report_json(client, web_store, svc):
    from rashomon.service import Library
    from rashomon.store import open_store

    response = client.get(f"/api/stories/{web_store['seed_story']}")
    assert response.status_code == 200
    body = response.json()
    with Library(open_store(web_store["db"], create=False), svc) as library:
        assert body == to_dict(library.report(web_store["seed_story"]))
    import jsonschema

    jsonschema.validate(body, schema())
    assert [a["outlet"] for a in body["articles"]] == ["VOA", "The Washington Times"]
    assert any(f["verdict"] == "disputed" for f in body["facts"])


@pytest.mark.parametrize(
    "path", ["/api/stories/no-such-story", "/api/jobs/no-such-job", "/api/nothing"]
)
def test_api_unknown_ids_are_404_json(client, path):
    body = assert_json_error(client.get(path), 404, "no")
    assert "news.db" not in body["error"], "the server's file is not named"


# -- compare -------------------------------------------------------------------------------
def test_api_compare_founding_pair(client):
    response = client.post("/api/compare", json=seed_payload())
    assert response.status_code == 200, response.text
    report = response.json()
    assert [a["outlet"] for a in report["articles"]] == ["VOA", "The Washington Times"]
    assert [a["published"] for a in report["articles"]] == ["2019-11-14", "2019-11-11"]
    disputed = [f for f in report["facts"] if f["verdict"] == "disputed"]
    claims = {c["id"]: c for c in report["claims"]}
    meeting = [f for f in disputed if any("meeting" in claims[c]["text"] for c in f["claims"])]
    assert meeting, "the meeting dispute is found"
    assert {claims[c]["article"] for c in meeting[0]["claims"]} == {
        a["id"] for a in report["articles"]
    }
    # Nothing was stored.
    listed = client.get("/api/stories").json()["stories"]
    assert len(listed) == 2


def test_api_compare_html_input(client):
    html = (
        "<html><head><title>T</title></head><body><nav>Home</nav><article>{}</article></body>"
        "</html>"
    )
    texts = [path.read_text(encoding="utf-8") for path, _, _ in seed_files()]
    payload = {
        "articles": [
            {
                "html": html.format("".join(f"<p>{p}</p>" for p in texts[0].split("\n\n"))),
                "outlet": "A",
            },
            {"text": texts[1], "outlet": "B"},
        ]
    }
    response = client.post("/api/compare", json=payload)
    assert response.status_code == 200, response.text
    assert [a["outlet"] for a in response.json()["articles"]] == ["A", "B"]


@pytest.mark.parametrize(
    ("payload", "status", "needle"),
    [
        ({"articles": []}, 422, "two or more"),
        (
            {"articles": [{"text": VOA_TEXT}]},
            422,
            "two or more",
        ),
        ({"articles": [{"text": "   "}, {"text": "x"}]}, 422, "articles[0]"),
        ({"articles": [{"outlet": "A"}]}, 422, "text, html or url"),
        ({"articles": [{"text": "a", "html": "<p>b</p>"}]}, 422, "not both"),
        ({"articles": [{"url": "file:///etc/passwd"}]}, 422, "http"),
        ({"articles": [{"url": "/etc/passwd"}]}, 422, "http"),
        (
            {
                "articles": [
                    {
                        "text": VOA_TEXT,
                        "published": "last week",
                    }
                ]
                * 2
            },
            422,
            "last week",
        ),
        ({"articls": []}, 422, "articles"),
        ([1, 2], 422, ""),
    ],
)
def test_api_compare_bad_input(client, payload, status, needle):
    assert_json_error(client.post("/api/compare", json=with_seed_text(payload)), status, needle)


def test_api_compare_refuses_private_urls_through_the_guarded_fetcher(client, live):
    # A server that is really there, on loopback: the guard refuses it before connecting.
    payload = {"articles": [{"url": f"{live.url}/api/stories"}, {"url": "http://10.0.0.1/x"}]}
    body = assert_json_error(client.post("/api/compare", json=payload), 422, "refused")
    assert "127.0.0.1" in body["error"]


@pytest.mark.parametrize(
    ("content", "content_type", "status", "needle"),
    [
        (b'{"articles": [', "application/json", 400, "invalid json"),
        (b"\xff\xfe not json", "application/json", 400, "invalid json"),
        (b'{"articles": []}', "text/plain", 415, "application/json"),
        (b'{"articles": []}', "application/x-www-form-urlencoded", 415, "application/json"),
    ],
)
def test_api_compare_bad_bodies(client, content, content_type, status, needle):
    response = client.post("/api/compare", content=content, headers={"content-type": content_type})
    assert_json_error(response, status, needle)


def test_api_oversize_bodies_get_413_unread(settings_for, svc):
    from fastapi.testclient import TestClient

    from rashomon.web import create_app

    with TestClient(create_app(settings_for(max_request_bytes=1000), service=svc)) as small:
        declared = small.post(
            "/api/compare", content=b"x" * 1001, headers={"content-type": "application/json"}
        )
        assert_json_error(declared, 413, "1,000 bytes")
        chunked = small.post(
            "/api/compare",
            content=iter([b'{"articles": [', b" " * 600, b" " * 600]),
            headers={"content-type": "application/json"},
        )
        assert "content-length" not in chunked.request.headers
        assert_json_error(chunked, 413, "limit")
        # At the limit it is read and parsed as usual.
        assert_json_error(small.post("/api/compare", json={"articles": []}), 422, "two or more")


# -- ingest and jobs ---------------------------------------------------------------------------
@pytest.fixture
def writable(tmp_path, svc):
    """An app over an empty store of its own, with an API token."""
    from fastapi.testclient import TestClient

    from rashomon.settings import Settings
    from rashomon.web import create_app

    settings = Settings(db=str(tmp_path / "fresh.db"), api_token="s3cret-token")
    with TestClient(create_app(settings, service=svc)) as test_client:
        yield test_client


def wait_for_job(client, url: str, timeout: float = 240.0) -> dict:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        job = client.get(url).json()
        seen.append(job["status"])
        if job["status"] in {"done", "failed"}:
            job["seen"] = seen
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {url} did not finish: {seen[-5:]}")


def test_api_ingest_needs_the_token_then_runs_as_a_job(writable):
    payload = {
        "articles": [
            {"text": path.read_text(encoding="utf-8"), "outlet": outlet, "published": date}
            for path, outlet, date in seed_files()
        ]
    }
    assert_json_error(writable.post("/api/articles", json=payload), 401, "token")
    wrong = writable.post("/api/articles", json=payload, headers={"Authorization": "Bearer nope"})
    assert_json_error(wrong, 401, "does not match")
    assert wrong.headers["www-authenticate"].startswith("Bearer")
    auth = {"Authorization": "Bearer s3cret-token"}
    response = writable.post("/api/articles", json=payload, headers=auth)
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["status"] in {"queued", "running"} and response.headers["location"] == job["url"]
    done = wait_for_job(writable, job["url"])
    assert done["status"] == "done", done
    assert done["result"]["added"] == 2 and not done["result"]["failures"]
    assert done["progress"]["stage"] == "report" and done["progress"]["done"] == 1
    (story,) = done["result"]["stories"]
    listed = writable.get("/api/stories").json()["stories"]
    assert [s["id"] for s in listed] == [story]
    assert writable.get(f"/api/stories/{story}").status_code == 200
    # Ingesting the same articles again changes nothing.
    again = wait_for_job(
        writable, writable.post("/api/articles", json=payload, headers=auth).json()["url"]
    )
    assert again["result"]["added"] == 0 and again["result"]["unchanged"] == 2


def test_api_ingest_reports_each_failure_and_never_reads_paths(writable):
    auth = {"Authorization": "Bearer s3cret-token"}
    assert_json_error(
        writable.post("/api/articles", json={"articles": [{"url": "/etc/passwd"}]}, headers=auth),
        422,
        "http",
    )
    payload = {"articles": [{"url": "http://127.0.0.1:9/feed.xml"}, {"text": "too short"}]}
    job = wait_for_job(
        writable, writable.post("/api/articles", json=payload, headers=auth).json()["url"]
    )
    assert job["status"] == "done"
    reasons = {f["source"]: f["reason"] for f in job["result"]["failures"]}
    assert "refused" in reasons["http://127.0.0.1:9/feed.xml"]
    assert "articles[1]" in reasons and job["result"]["added"] == 0


# -- the app around the endpoints ------------------------------------------------------------
@pytest.mark.parametrize("path", ["/api/stories", "/", "/api/stories/nope", "/static/app.js"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_openapi_describes_the_api(client):
    spec = client.get("/openapi.json").json()
    assert {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/compare",
        "/api/articles",
        "/api/jobs/{job_id}",
    } <= set(spec["paths"])
    assert "requestBody" in spec["paths"]["/api/compare"]["post"]
    assert all(not p.startswith(("/stories", "/compare")) for p in spec["paths"]), (
        "pages are not API"
    )
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/compare" in docs.text


def test_health_reports_the_queue(client):
    assert client.get("/api/health").json() == {"status": "ok", "queued": 0}


def test_api_busy_queue_answers_503(settings_for, svc):
    import threading

    from fastapi.testclient import TestClient

    from rashomon.web import create_app

    app = create_app(settings_for(), service=svc, queue_limit=1)
    worker = app.state.rashomon.worker
    gate = threading.Event()
    with TestClient(app) as c:
        job = worker.start_job("block", lambda job: gate.wait(30) and {})
        try:
            busy = c.post("/api/compare", json=seed_payload())
            assert_json_error(busy, 503, "queued")
            assert busy.headers["retry-after"] == "5"
        finally:
            gate.set()
        assert wait_for_job(c, f"/api/jobs/{job.id}")["status"] == "done"


def test_error_statuses_are_mapped_in_one_place():
    from rashomon import errors
    from rashomon.web.errors import BusyError, UnknownJobError, status_of

    cases = {
        errors.InputError("x"): 422,
        errors.EmptyInputError("x"): 422,
        errors.TooFewArticlesError("x"): 422,
        errors.FetchError("x"): 422,
        errors.UnknownStoryError("x"): 404,
        UnknownJobError("x"): 404,
        errors.StoreError("x"): 500,
        errors.ConfigError("x"): 500,
        errors.ModelError("x"): 503,
        errors.StageError("nlp", "a1", ValueError("x")): 500,
        errors.JudgeError("x"): 502,
        BusyError("x"): 503,
        ValueError("x"): 500,
    }
    assert {type(e).__name__: status_of(e) for e in cases} == {
        type(e).__name__: s for e, s in cases.items()
    }


def test_report_json_round_trips_through_the_api(client, web_store):
    text = client.get(f"/api/stories/{web_store['hostile_story']}").text
    body = json.loads(text)
    assert "<script>" in body["articles"][0]["text"], "JSON carries the text as it is"


def test_the_web_fixtures_run_on_the_session_service(client, live, svc):
    assert client.app.state.rashomon.worker.service is svc
    assert live.server.config.app.state.rashomon.worker.service is svc
