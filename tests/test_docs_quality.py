"""docs/quality.md is written by docs/quality.py from the committed results: it must not drift."""

from __future__ import annotations

import json
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "docs" / "quality.py"


def _generate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATOR), *args], capture_output=True, text=True, timeout=60
    )


def test_quality_page_matches_the_results_files():
    proc = _generate("--check")
    assert proc.returncode == 0, proc.stderr


def test_quality_page_links_resolve():
    anchor = runpy.run_path(str(GENERATOR))["anchor"]
    page = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    headings = {anchor(h) for h in re.findall(r"^#+ (.+)$", page, re.M)}
    links = set(re.findall(r"\]\((#[^)]+)\)", page))
    assert links and links <= headings, links - headings


def test_generator_reads_the_figures_and_checks_staleness(tmp_path):
    for folder in ("eval/results", "bench/results"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "eval" / "floors.toml", tmp_path / "eval" / "floors.toml")
    html = tmp_path / "eval" / "results" / "html_extraction.json"
    data = json.loads(html.read_text(encoding="utf-8"))
    data["f1"] = 0.4321
    html.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "bench" / "results" / "web_load.json").unlink()

    page_path = tmp_path / "quality.md"
    proc = _generate("--root", str(tmp_path), "--output", str(page_path))
    assert proc.returncode == 0, proc.stderr
    page = page_path.read_text(encoding="utf-8")
    assert "**0.432**" in page  # the new figure, read from the file
    floor_row = "| `html_extraction.f1` | ≥ 0.95 | 0.432 (`html_extraction.json`) | **not met** |"
    assert floor_row in page  # and beside its floor
    assert "Not measured: `bench/results/web_load.json`" in page  # a missing file, no crash

    assert _generate("--root", str(tmp_path), "--output", str(page_path), "--check").returncode == 0
    page_path.write_text(page.replace("**0.432**", "**0.966**"), encoding="utf-8")
    proc = _generate("--root", str(tmp_path), "--output", str(page_path), "--check")
    assert proc.returncode == 1
    assert "is stale" in proc.stderr and "docs/quality.py" in proc.stderr
