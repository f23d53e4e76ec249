"""`rashomon compare`, `judge` and `analyze`, run as users run them: a real subprocess, real
models, exit codes and one-line errors."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import one_line_error, run
from tests.conftest import seed_files


def seed_args():
    args = []
    for path, outlet, date in seed_files():
        args += [str(path), "--outlet", outlet, "--published", date]
    return args


@pytest.fixture(scope="module")
def seed_json(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "report.json"
    proc = run("compare", *seed_args(), "--format", "json", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_cli_compare_json_has_documented_keys(seed_json):
    for key in (
        "articles",
        "entities",
        "claims",
        "quotes",
        "facts",
        "quote_groups",
        "schema_version",
    ):
        assert key in seed_json
    texts = {a["id"]: a["text"] for a in seed_json["articles"]}
    for c in seed_json["claims"]:
        assert texts[c["article"]][c["start"] : c["end"]] == c["text"]
    assert {f["verdict"] for f in seed_json["facts"]} <= {"corroborated", "disputed", "unique"}
    assert [a["outlet"] for a in seed_json["articles"]] == ["VOA", "The Washington Times"]


def test_cli_compare_json_disputed_facts_carry_their_sides(seed_json):
    claims = {c["id"]: c for c in seed_json["claims"]}
    outlet = {a["id"]: a["outlet"] for a in seed_json["articles"]}
    disputed = [f for f in seed_json["facts"] if f["verdict"] == "disputed"]
    assert disputed
    for f in disputed:
        assert f["reason"] and len(f["sides"]) == 2
        in_sides = [c for side in f["sides"] for c in side["claims"]]
        assert sorted(in_sides) == sorted(f["claims"]), (
            "every claim of the fact is on exactly one side"
        )
        for side in f["sides"]:
            assert side["outlets"] == sorted(
                {outlet[claims[c]["article"]] for c in side["claims"]}, key=side["outlets"].index
            )
    for f in seed_json["facts"]:
        if f["verdict"] != "disputed":
            assert f["sides"] == [] and f["reason"] is None
    for r in seed_json["relations"]:
        assert r["similarity"] == r["score"] and r["alignment"] is not None
        assert r["confidence"] is None or 0.0 <= r["confidence"] <= 1.0


@pytest.mark.parametrize(
    ("fmt", "marker"), [("md", "# "), ("html", "<!DOCTYPE html>"), ("text", "Disputed")]
)
def test_cli_compare_formats(fmt, marker):
    proc = run("compare", *seed_args(), "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    assert marker.lower() in proc.stdout.lower()


@pytest.mark.parametrize(
    ("content", "suffix", "needle"),
    [
        (b"", ".txt", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, ".txt", "binary"),
        (
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
            ".html",
            "no main article text",
        ),
        (
            (
                "Die Bundesregierung hat am Montag beschlossen, die Steuern zu senken. Der "
                "Minister sagte, dass die Wirtschaft davon profitieren werde und die Bürger "
                "entlastet würden."
            ).encode(),
            ".txt",
            "english",
        ),
        (b"%PDF-1.4 whatever", ".pdf", ".pdf files"),
    ],
)
def test_cli_compare_bad_input_one_line_error(tmp_path, content, suffix, needle):
    bad = tmp_path / f"bad{suffix}"
    bad.write_bytes(content)
    line = one_line_error(run("compare", str(seed_files()[0][0]), str(bad)))
    assert str(bad) in line and needle in line.lower()


def test_cli_compare_needs_two_articles():
    proc = run("compare", str(seed_files()[0][0]))
    assert proc.returncode == 2
    assert "two or more articles" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_compare_unknown_format():
    proc = run("compare", *seed_args(), "--format", "pdf")
    assert proc.returncode == 2 and "valid formats" in proc.stderr


def test_cli_missing_file():
    proc = run("compare", "nope-1.txt", "nope-2.txt")
    assert proc.returncode == 2 and "nope-1.txt" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_judge_jsonl_roundtrip(tmp_path):
    pairs = [
        {
            "id": "p1",
            "a": "The mayor resigned on Friday.",
            "b": "On Friday the mayor stepped down from office.",
        },
        {
            "id": "p2",
            "a": "The mayor resigned on Friday.",
            "b": "The mayor did not resign on Friday.",
        },
        {
            "id": "p3",
            "a": "The mayor resigned on Friday.",
            "b": "Heavy snow closed the mountain pass.",
        },
    ]
    src = tmp_path / "pairs.jsonl"
    src.write_text("\n".join(json.dumps(p) for p in pairs) + "\n", encoding="utf-8")
    proc = run("judge", "--input", str(src), "--output", "-")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["p1", "p2", "p3"]
    assert [o["label"] for o in out] == ["agree", "contradict", "unrelated"]
    assert all(set(o["scores"]) == {"agree", "contradict", "neutral", "unrelated"} for o in out)


def test_cli_judge_bad_line_names_line(tmp_path):
    src = tmp_path / "pairs.jsonl"
    src.write_text('{"id": 1, "a": "x y z", "b": "q r s"}\nnot json\n', encoding="utf-8")
    proc = run("judge", "--input", str(src))
    assert proc.returncode == 2 and "line 2" in proc.stderr


def test_cli_analyze_stdin_to_stdout():
    path, outlet, date = seed_files()[1]
    rec = {
        "id": "wt",
        "text": path.read_text(encoding="utf-8"),
        "outlet": outlet,
        "published": date,
    }
    proc = run("analyze", "--input", "-", "--output", "-", stdin=json.dumps(rec) + "\n")
    assert proc.returncode == 0, proc.stderr
    (out,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert out["id"] == "wt"
    assert out["claims"] and out["quotes"] and out["entities"] and out["times"]
    q = next(q for q in out["quotes"] if "considerably much time" in q["text"])
    assert q["speaker"] == "Jo Chol-su" and q["cue"] == "said"
    assert rec["text"][q["speaker_start"] : q["speaker_end"]] == "Mr. Jo"
