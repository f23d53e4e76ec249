"""`rashomon eval …` as users run it: a subprocess, real models, a few dev rows of ../shared
(the scorers themselves: tests/evaluation/)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli.conftest import run
from tests.conftest import shared_path
from tests.evaluation.conftest import write_factbench_fixture

OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def data(*parts: str) -> Path:
    return shared_path("data", *parts)


def run_eval(*args: str) -> subprocess.CompletedProcess[str]:
    return run("eval", *args, env=OFFLINE)


@pytest.fixture(scope="module")
def fixture_bench(tmp_path_factory):
    return write_factbench_fixture(tmp_path_factory.mktemp("factbench"))


def test_eval_command_prints_and_writes_scores(tmp_path):
    out = tmp_path / "r.json"
    p = run_eval(
        "claimdiff", str(data("claimdiff", "dev.jsonl")), "--limit", "12", "--output", str(out)
    )
    assert p.returncode == 0, p.stderr
    res = json.loads(out.read_text())
    assert res == json.loads(p.stdout)
    assert res["pairs"] == 12 and res["judge"] == "model" and 0 <= res["macro_f1"] <= 1


def test_eval_command_missing_data_is_a_clear_error(tmp_path):
    p = run_eval("fnc1", str(tmp_path), "--judge", "cue")
    assert p.returncode == 2
    assert "no such file" in p.stderr and "Traceback" not in p.stderr


def test_eval_claimdiff_as_compare(tmp_path):
    p = run_eval("claimdiff", str(data("claimdiff", "dev.jsonl")), "--limit", "12", "--as-compare")
    assert p.returncode == 0, p.stderr
    res = json.loads(p.stdout)
    assert res["as"] == "compare" and res["pairs"] == 12


def test_eval_facts_command_scores_the_fixture(fixture_bench, tmp_path):
    out = tmp_path / "facts.json"
    proc = run(
        "eval",
        "facts",
        str(fixture_bench),
        "--reports",
        str(tmp_path / "reports"),
        "--output",
        str(out),
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["stories"] == 1 and res["missing_reports"] == 0
    report = json.loads((tmp_path / "reports" / "fixture01.json").read_text(encoding="utf-8"))
    assert len(report["articles"]) == 3
    # The budget approval, told alike by all three, is one corroborated fact: found, and precise.
    assert res["core_fact_recall"] == 1.0
    assert res["fact_precision"] == 1.0
    assert res["dispute_precision"] is None  # nothing disputed in three agreeing versions


def test_eval_facts_refuses_a_folder_that_is_not_factbench(tmp_path):
    proc = run("eval", "facts", str(tmp_path), timeout=120)
    assert proc.returncode != 0
    assert "not a factbench folder" in proc.stderr
    assert "Traceback" not in proc.stderr
