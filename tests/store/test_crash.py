"""Reliability: an ingest killed with SIGKILL leaves a consistent database; a re-run completes
it."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.store.conftest import basil_records, write_jsonl

pytestmark = pytest.mark.slow


def _count(db) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0  # not made yet, or the schema is being created


def _check_consistent(db) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        articles = one("SELECT COUNT(*) FROM articles")
        # Every article came with its analysis, its story doc, its story row and its FTS rows.
        assert (
            one(
                "SELECT COUNT(*) FROM articles a LEFT JOIN analyses n ON n.article = a.id"
                " WHERE a.duplicate_of IS NULL AND n.article IS NULL"
            )
            == 0
        )
        assert (
            one(
                "SELECT COUNT(*) FROM articles a LEFT JOIN docs d ON d.article = a.id"
                " WHERE a.duplicate_of IS NULL AND d.article IS NULL"
            )
            == 0
        )
        assert (
            one(
                "SELECT COUNT(*) FROM articles a LEFT JOIN stories s ON s.id = a.story"
                " WHERE s.id IS NULL"
            )
            == 0
        )
        assert one("SELECT COUNT(*) FROM articles_fts") == articles
        assert one("SELECT COUNT(*) FROM claims_fts") == one("SELECT COUNT(*) FROM claims")
        return {"articles": articles, "stale": one("SELECT COUNT(*) FROM stories WHERE stale = 1")}
    finally:
        con.close()


def test_ingest_killed_mid_way_then_rerun_completes(tmp_path):
    records = basil_records(3)
    source = write_jsonl(tmp_path / "nine.jsonl", records)
    db = tmp_path / "crash.db"
    cmd = [
        sys.executable,
        "-m",
        "rashomon",
        "ingest",
        str(source),
        "--db",
        str(db),
        "--batch-size",
        "2",
    ]
    with (tmp_path / "err.txt").open("w") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        try:
            deadline = time.monotonic() + 600
            while _count(db) < 2:  # the first batch is committed: the ingest is under way
                assert proc.poll() is None, (tmp_path / "err.txt").read_text()
                assert time.monotonic() < deadline, "the ingest made no progress"
                time.sleep(0.02)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert proc.returncode == -signal.SIGKILL
    state = _check_consistent(db)
    assert 2 <= state["articles"] < len(records), "killed in the middle"
    assert state["stale"] >= 1, "stories whose report was not built yet are marked stale"

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{state['articles']} already stored" in rerun.stdout
    assert f"{len(records) - state['articles']} new articles" in rerun.stdout
    final = _check_consistent(db)
    assert final == {"articles": len(records), "stale": 0}
