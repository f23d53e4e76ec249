"""`rashomon cluster` and `rashomon batch` run as users run them: a subprocess, real models."""

from __future__ import annotations

import json

from tests.cli.conftest import run
from tests.scale.conftest import ROWS


def test_cli_cluster_writes_id_and_story(tmp_path):
    out = tmp_path / "stories.jsonl"
    lines = "\n".join(json.dumps(r) for r in ROWS) + "\n"
    proc = run("cluster", "--fast", "--output", str(out), stdin=lines)
    assert proc.returncode == 0, proc.stderr
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [set(r) for r in recs] == [{"id", "story"}] * 4
    story = {r["id"]: r["story"] for r in recs}
    assert story["tr-1"] == story["tr-2"] != story["ma-1"] == story["ma-2"]
    assert "4 articles, 2 stories" in proc.stderr


def test_cli_cluster_refuses_duplicate_ids_and_bad_threshold(tmp_path):
    line = json.dumps(ROWS[0]) + "\n"
    proc = run("cluster", "--fast", stdin=line + line)
    assert proc.returncode == 2 and "appears twice" in proc.stderr
    proc = run("cluster", "--threshold", "3", stdin=line)
    assert proc.returncode == 3 and "--threshold" in proc.stderr


def test_cli_batch_bad_engine_and_format(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ROWS[0]) + "\n", encoding="utf-8")
    proc = run("batch", str(src), str(tmp_path / "out.jsonl"), "--engine", "spark")
    assert proc.returncode == 3 and "valid: local, ray" in proc.stderr
    proc = run("batch", str(src), str(tmp_path / "out.csv"))
    assert proc.returncode == 2 and ".parquet" in proc.stderr
