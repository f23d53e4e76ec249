"""Issue 17, case 4: a compressed input cannot expand past the limits.

The issue's bomb was a 194 KB .jsonl.gz of one 200 MB line. Here the caps are lowered through
Settings and the bombs are small but over them: what is asserted is that reading stops at the
cap (the bytes are counted as they are decompressed), with the good lines before it kept.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys

from rashomon.ingest.sources import Skipped, iter_sources
from rashomon.settings import Settings
from tests.hostile.conftest import BODY


def good(i: int) -> bytes:
    return json.dumps({"id": f"g{i}", "text": BODY.replace("Monday", f"day {i}")}).encode() + b"\n"


def test_a_line_that_expands_past_max_bytes_is_refused_and_the_good_ones_kept(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as out:
        out.write(good(1))
        out.write(b'{"id":"x","text":"' + b"A" * 20_000_000 + b'"}\n')  # 20 MB, 20 KB packed
        out.write(good(2))
    assert path.stat().st_size < 100_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    items = list(iter_sources([str(path)], settings=Settings(max_bytes=100_000)))
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert [getattr(i, "id", None) for i in items] == ["g1", None]
    assert isinstance(items[1], Skipped) and items[1].source == f"{path}:2"
    assert "line is more than 100,000 bytes" in items[1].reason
    assert grown_kb < 10_000, f"peak memory grew {grown_kb} KB: the line was read whole"


def test_the_whole_expansion_is_capped(tmp_path):
    path = tmp_path / "many.jsonl.gz"
    with gzip.open(path, "wb") as out:
        for i in range(200):
            out.write(good(i))
    line = len(good(0))
    settings = Settings(max_decompressed_bytes=line * 10 + line // 2)
    items = list(iter_sources([str(path)], settings=settings))
    assert [getattr(i, "id", None) for i in items[:10]] == [f"g{i}" for i in range(10)]
    assert len(items) == 11 and isinstance(items[10], Skipped)
    assert (
        "expands to more than" in items[10].reason and "max_decompressed_bytes" in items[10].reason
    )


def test_a_corrupt_gzip_keeps_what_was_read(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress(good(1) + good(2) * 2000)
    path.write_bytes(data[: len(data) // 2])
    items = list(iter_sources([str(path)]))
    assert items[0].id == "g1"
    assert isinstance(items[-1], Skipped) and "cannot read" in items[-1].reason


def test_cli_ingest_of_a_gzip_bomb_is_one_line_naming_the_line(tmp_path):
    path = tmp_path / "b.jsonl.gz"
    with gzip.open(path, "wb") as out:
        out.write(b'{"id":"x","text":"' + b"A" * 5_000_000 + b'"}\n')
    proc = subprocess.run(
        [sys.executable, "-m", "rashomon", "ingest", str(path), "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "RASHOMON_MAX_BYTES": "1000000"},
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    (line,) = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert f"{path}:1: line is more than 1,000,000 bytes" in line
