"""Issue 17, case 3: broken input is one line naming the file and the reason, never a
traceback, and one bad source never costs a good one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.errors import InputError
from rashomon.ingest import load_file
from rashomon.settings import Settings
from tests.conftest import seed_files
from tests.hostile.conftest import BODY

RASHOMON = [sys.executable, "-m", "rashomon"]
PARK = (
    "City council approves the riverside park budget\n"
    "\n"
    "The city council voted on Tuesday to approve a budget of four million dollars for the new "
    "riverside park, the mayor said.\n"
    "\n"
    "Residents have asked for the park for years, and the council will review the costs in the "
    "autumn.\n"
)


def run(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*RASHOMON, *args], input=stdin, capture_output=True, text=True, timeout=300, cwd=cwd
    )


def one_line_error(proc: subprocess.CompletedProcess, code: int = 2) -> str:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_a_folder_of_three_good_files_and_one_bad_date_stores_three(tmp_path, svc):
    from rashomon.service import Library
    from rashomon.store import open_store

    folder = tmp_path / "in"
    folder.mkdir()
    (voa, _, _), (wt, _, _) = seed_files()
    (folder / "a.txt").write_bytes(voa.read_bytes())
    (folder / "b.txt").write_bytes(wt.read_bytes())
    (folder / "c.md").write_text("---\noutlet: Town Crier\npublished: 2024-05-01\n---\n" + PARK)
    (folder / "d.md").write_text("---\npublished: 2019-13-45\n---\n" + BODY)
    with Library(open_store(str(tmp_path / "news.db")), svc) as library:
        summary = library.ingest([str(folder)])
        assert summary.added == 3
        assert [(f.source, f.reason.split(" (")[0]) for f in summary.failures] == [
            (str(folder / "d.md"), "published date '2019-13-45' is not a valid date")
        ]
        assert library.store.counts()["articles"] == 3


def test_text_over_a_million_characters_is_refused_before_spacy(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(BODY * 1500)  # 1.3 M characters, under max_bytes (5 MB)
    with pytest.raises(
        InputError,
        match=r"long\.txt: article is 1,[\d,]+ characters, more than the limit of 200,000",
    ):
        load_file(path)


def test_the_pipeline_refuses_a_paragraph_over_spacys_limit_cleanly(svc):
    """Articles made in code skip the ingest check; the analyser still answers an InputError."""
    import dataclasses

    from rashomon.ingest import article_from_text

    article = article_from_text(BODY, source="made.txt")
    huge = dataclasses.replace(article, text="word " * 220_000, skip=())
    with pytest.raises(InputError, match=r"made\.txt: .*1,100,000 characters"):
        svc.analyzer.analyze_many([huge])


def test_symlink_loop_is_a_one_line_error(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(
        InputError, match=r"loop\.txt: cannot read: Too many levels of symbolic links"
    ):
        load_file(loop)
    line = one_line_error(run("compare", str(loop), str(loop)))
    assert "loop.txt" in line and "symbolic links" in line


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_read_only_up_to_max_bytes(device):
    """st_size is 0 for a device: the cap must count the bytes read."""
    with pytest.raises(InputError, match="more than the limit of 1,000 bytes"):
        load_file(device, settings=Settings(max_bytes=1000))


def test_dev_zero_through_the_cli_is_refused_after_max_bytes(tmp_path):
    proc = subprocess.run(
        [*RASHOMON, "compare", "/dev/zero", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "RASHOMON_MAX_BYTES": "100000"},
    )
    assert "/dev/zero" in one_line_error(proc) and "100,000" in proc.stderr


def deep_line(depth: int = 100_000) -> str:
    return '{"text": ' + "[" * depth + "]" * depth + "}"


def test_a_deeply_nested_json_line_is_refused_by_depth(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text(json.dumps({"text": PARK}) + "\n" + deep_line() + "\n")
    with pytest.raises(InputError, match=r"deep\.jsonl:2: JSON nested more than 32 levels"):
        load_file(path)


def test_ingest_skips_the_deep_line_and_keeps_the_good_one(tmp_path):
    from rashomon.ingest.sources import Skipped, iter_sources

    path = tmp_path / "deep.jsonl"
    path.write_text(json.dumps({"text": PARK}) + "\n" + deep_line() + "\nnot json\n")
    items = list(iter_sources([str(path)]))
    assert [type(i).__name__ for i in items] == ["Article", "Skipped", "Skipped"]
    assert isinstance(items[1], Skipped) and items[1].source.endswith("deep.jsonl:2")
    assert "nested more than 32" in items[1].reason


def test_deep_json_request_body_is_a_400_saying_so(app_client):
    response = app_client.post(
        "/api/compare", content=deep_line(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert "nested more than 32 levels" in response.json()["error"]
    assert "UTF-8" not in response.json()["error"]


@pytest.mark.parametrize("offset", ["99999999999999999999999", "9223372036854775808"])
def test_a_huge_offset_is_a_422_not_a_500(app_client, offset):
    response = app_client.get("/api/stories", params={"offset": offset})
    assert response.status_code == 422, response.text
    assert "offset" in response.json()["error"]


def test_a_huge_offset_on_the_story_page_is_not_a_500(app_client):
    response = app_client.get("/", params={"offset": "99999999999999999999999"})
    assert response.status_code < 500


def test_analyze_skip_keeps_good_records_and_counts_bad_ones(tmp_path):
    src = tmp_path / "in.jsonl"
    good = [{"id": f"g{i}", "text": PARK.replace("four", str(i + 2))} for i in range(2)]
    src.write_text(
        "\n".join(
            [
                json.dumps(good[0]),
                "not json",
                json.dumps({"id": "bad-date", "text": PARK, "published": "2019-13-45"}),
                deep_line(2000),
                json.dumps(good[1]),
            ]
        )
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    proc = run("analyze", "--input", str(src), "--output", str(out), "--on-error", "skip")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["g0", "g1"]
    assert "2 articles analysed, 3 skipped" in proc.stderr
    assert (
        "in.jsonl:2" in proc.stderr and "in.jsonl:3" in proc.stderr and "in.jsonl:4" in proc.stderr
    )

    stop = tmp_path / "stop.jsonl"
    proc = run("analyze", "--input", str(src), "--output", str(stop))
    assert proc.returncode == 2 and "in.jsonl:2: not valid JSON" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_analyze_stop_keeps_what_was_written_before_the_bad_line(tmp_path):
    """Articles go 16 at a time: a bad line 18 stops the run after the first 16 are written."""
    src = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": f"g{i}", "text": PARK.replace("four", str(i + 2))}) for i in range(17)
    ]
    src.write_text("\n".join([*lines, "{not json"]) + "\n")
    out = tmp_path / "out.jsonl"
    proc = run("analyze", "--input", str(src), "--output", str(out))
    assert proc.returncode == 2 and "in.jsonl:18: not valid JSON" in proc.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [
        f"g{i}" for i in range(16)
    ]


def test_output_equal_to_an_input_is_refused_and_the_input_kept(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(PARK)
    line = one_line_error(run("compare", str(src), str(tmp_path / "a.txt"), "--output", str(src)))
    assert "--output is also an input" in line
    assert src.read_text() == PARK
    jsonl_in = tmp_path / "in.jsonl"
    jsonl_in.write_text(json.dumps({"text": PARK}) + "\n")
    one_line_error(run("analyze", "--input", str(jsonl_in), "--output", str(jsonl_in)))
    assert json.loads(jsonl_in.read_text())["text"] == PARK


def test_a_number_past_pythons_digit_limit_is_one_bad_line_not_a_lost_file(tmp_path):
    from rashomon.ingest.sources import Skipped, iter_sources

    path = tmp_path / "digits.jsonl"
    path.write_text('{"id": ' + "1" * 5000 + ', "text": "x"}\n' + json.dumps({"text": PARK}) + "\n")
    first, second = list(iter_sources([str(path)]))
    assert isinstance(first, Skipped) and first.source.endswith("digits.jsonl:1")
    assert "not valid JSON" in first.reason and "4300 digits" in first.reason
    assert not isinstance(second, Skipped)


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b'{"articles": [{"text": "caf\xe9"}]}', "not UTF-8"),
        (b'{"articles": [{"text": ' + b"1" * 5000 + b"}]}", "cannot be read"),
    ],
    ids=["latin-1", "digits"],
)
def test_unreadable_json_bodies_are_400s_that_say_why(app_client, body, needle):
    response = app_client.post(
        "/api/compare", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert needle in response.json()["error"]


def test_an_article_the_parser_refuses_costs_only_itself_in_an_ingest(tmp_path, svc):
    """Articles made in code skip ingest's checks: the parser's own refusal is counted too."""
    import dataclasses

    from rashomon.ingest import article_from_text
    from rashomon.service import Library
    from rashomon.store import open_store

    good = article_from_text(PARK, source="good.txt")
    huge = dataclasses.replace(
        article_from_text(BODY, source="huge.txt"), id="huge", text="word " * 220_000, skip=()
    )
    with Library(open_store(str(tmp_path / "news.db")), svc) as library:
        summary = library.ingest_items([huge, good])
        assert summary.added == 1 and library.store.known([good.id])
        (failure,) = summary.failures
        assert failure.source == "huge.txt" and "more than the parser's limit" in failure.reason


def test_report_output_over_the_store_is_refused(tmp_path):
    from rashomon.store import open_store

    db = tmp_path / "news.db"
    open_store(str(db), create=True).close()
    before = db.read_bytes()
    line = one_line_error(run("report", "s000000000000", "--db", str(db), "--output", str(db)))
    assert "--output is also an input" in line
    assert db.read_bytes() == before
