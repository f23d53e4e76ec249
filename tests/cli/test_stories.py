"""The store commands as users run them: a real subprocess, a real SQLite file, real models."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import one_line_error, run
from tests.conftest import seed_sources, shared_path


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli-store")
    path = tmp / "news.db"
    proc = run("ingest", *seed_sources(tmp), str(tmp / "missing.html"), "--db", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "2 new articles, 0 near-duplicates linked, 0 already stored, 1 skipped" in proc.stdout
    assert "1 × no such file, folder or URL" in proc.stdout
    return path


def test_cli_stories_lists_the_pair_as_one_story(db):
    proc = run("stories", "--db", str(db), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    (story,) = json.loads(proc.stdout)
    assert story["articles"] == 2 and story["disputed"] >= 1
    assert story["outlets"] == {"VOA": 1, "The Washington Times": 1}
    table = run("stories", "--db", str(db))
    assert story["id"] in table.stdout and "VOA" in table.stdout


def test_cli_report_of_a_stored_story(db, tmp_path):
    (story,) = json.loads(run("stories", "--db", str(db), "-f", "json").stdout)
    out = tmp_path / "r.json"
    proc = run("report", story["id"], "--db", str(db), "--format", "json", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [a["outlet"] for a in report["articles"]] == ["VOA", "The Washington Times"]
    assert sum(f["verdict"] == "disputed" for f in report["facts"]) == story["disputed"]
    md = run("report", story["id"], "--db", str(db), "--format", "md")
    assert md.returncode == 0 and md.stdout.startswith("# ")


def test_cli_search(db):
    proc = run("search", "Moscow conference", "--db", str(db), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    hits = json.loads(proc.stdout)
    assert hits and {h["kind"] for h in hits} == {"article", "claim"}
    text = run("search", "zebra unicorn", "--db", str(db))
    assert text.returncode == 0 and "nothing found" in text.stdout


def test_cli_ingest_again_changes_nothing(db, tmp_path):
    proc = run("ingest", *seed_sources(tmp_path), "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    assert "0 new articles, 0 near-duplicates linked, 2 already stored" in proc.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("stories", "--db", "{tmp}/none.db"), "no database at"),
        (("report", "s000000000000", "--db", "{db}"), "no story 's000000000000'"),
        (("search", "!!!", "--db", "{db}"), "has no words"),
        (("stories", "--db", "{db}", "--format", "xml"), "valid formats"),
        (("ingest", "{tmp}/missing.txt", "--db", "{db}"), "nothing ingested"),
        (("stories", "--db", "{tmp}"), "is a folder"),
    ],
)
def test_cli_store_bad_input_one_line_error(db, tmp_path, args, needle):
    proc = run(*(a.format(tmp=tmp_path, db=db) for a in args))
    assert needle in one_line_error(proc)
    after = run("stories", "--db", str(db), "-f", "json")
    assert after.returncode == 0 and json.loads(after.stdout)[0]["articles"] == 2, "nothing lost"


def test_cli_db_that_is_not_a_database_is_left_alone(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("my notes, not a database\n" * 100, encoding="utf-8")
    before = text.read_bytes()
    line = one_line_error(run("stories", "--db", str(text)))
    assert "not a usable SQLite database" in line
    assert text.read_bytes() == before


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1 with one real news page; stops with the test (or 120 s)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = sorted(shared_path("data", "html-pages", "html").glob("*.html"))[1].read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = (200, page) if self.path == "/story.html" else (404, b"gone")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    watchdog = threading.Timer(120, server.shutdown)
    thread.start()
    watchdog.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    watchdog.cancel()
    server.shutdown()
    server.server_close()


def test_cli_ingest_urls_refused_on_loopback_unless_allowed(site, tmp_path):
    db = tmp_path / "web.db"
    urls = [f"{site}/story.html", f"{site}/gone.html"]
    refused = run("ingest", *urls, "--db", str(db))
    assert "nothing ingested: all 2 sources failed" in one_line_error(refused)
    assert "2 × refused: 127.0.0.1 resolves to 127.0.0.1" in refused.stdout
    allowed = run("ingest", *urls, "--db", str(db), "--allow-private-urls")
    assert allowed.returncode == 0, allowed.stderr
    assert "1 new articles" in allowed.stdout and "1 × HTTP 404" in allowed.stdout
    (story,) = json.loads(run("stories", "--db", str(db), "-f", "json").stdout)
    assert story["articles"] == 1
