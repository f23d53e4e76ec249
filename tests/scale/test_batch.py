"""The batch pipeline: the same per-batch function in process and on a real local Ray."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rashomon.scale import ArticleBatch, run_batch
from tests.scale.conftest import ROWS

# In this process the pipeline runs on the session's models (tests/scale/conftest.py).
pytestmark = pytest.mark.usefixtures("session_models")


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [json.dumps(r) for r in ROWS] + ["", "{not json"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _read(path):
    return {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def _check(out):
    assert (
        out["tr-1"]["story"] == out["tr-2"]["story"] != out["ma-1"]["story"] == out["ma-2"]["story"]
    )
    bad = out["{not json"]  # a line that is not JSON is named by its start
    assert "not valid JSON" in bad["error"] and bad["story"] is None


def test_batch_local_analyses_and_clusters(corpus, tmp_path, svc):
    out_path = tmp_path / "out.jsonl"
    s = run_batch(
        str(corpus), str(out_path), engine="local", settings=svc.settings, on_error="skip"
    )
    assert (s.articles, s.stories, s.failed) == (5, 2, 1)
    out = _read(out_path)
    _check(out)
    assert any(e["text"] == "Gaziantep" for e in out["tr-1"]["entities"])
    assert out["tr-1"]["claims"]


def test_batch_stop_on_bad_line(corpus, tmp_path):
    from rashomon.errors import InputError

    with pytest.raises(InputError):
        run_batch(str(corpus), str(tmp_path / "out.jsonl"), analyze=False)


def test_batch_failed_run_keeps_the_previous_output_and_leaves_no_spool(corpus, tmp_path, svc):
    from rashomon.errors import InputError

    out_path = tmp_path / "out.jsonl"
    run_batch(str(corpus), str(out_path), analyze=False, on_error="skip", settings=svc.settings)
    before = out_path.read_text(encoding="utf-8")
    with pytest.raises(InputError):  # the bad line, now with on_error=stop
        run_batch(str(corpus), str(out_path), analyze=False, settings=svc.settings)
    assert out_path.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_batch_analyses_stream_through_a_spool_in_row_order(tmp_path, svc):
    # Texts with newlines, quotes and non-ASCII: each analysis must come back on its own row.
    cities = ["Zürich", "Genève", "Köln", "Málaga", "Kraków", "Montréal", "Reykjavík"]
    rows = [
        {"id": f"n{i}", "title": f"Flood {i}", "text": f'Rain fell on {c} "again".\n\nIt rained.'}
        for i, c in enumerate(cities)
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    s = run_batch(str(src), str(dst), settings=svc.settings, batch_size=3)
    assert s.articles == 7
    out = [json.loads(x) for x in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == [r["id"] for r in rows]
    for c, o in zip(cities, out, strict=True):
        assert c in {e["text"] for e in o["entities"]}, o["id"]
        assert o["skip"] is not None and o["claims"] is not None


def test_batch_parquet_roundtrip(tmp_path, svc):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({k: [r[k] for r in ROWS] for k in ROWS[0]}), src)
    dst = tmp_path / "out.parquet"
    s = run_batch(str(src), str(dst), analyze=False, settings=svc.settings)
    assert (s.articles, s.stories) == (4, 2)
    table = pq.read_table(dst).to_pydict()
    story = dict(zip(table["id"], table["story"], strict=True))
    assert story["tr-1"] == story["tr-2"] != story["ma-1"]


def test_batch_function_is_one_callable_for_both_engines(svc):
    fn = ArticleBatch(svc.settings, analyze=False)
    out = fn({"line": [json.dumps(r) for r in ROWS[:2]]})
    assert list(out["id"]) == ["tr-1", "tr-2"] and out["vector"].shape == (2, 384)
    assert "loc:gaziantep" not in json.loads(out["entities"][0])  # fast: capitalised words
    assert "cap:gaziantep" in json.loads(out["entities"][0])


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.*")
def test_batch_ray_matches_local(corpus, tmp_path, svc, monkeypatch):
    pytest.importorskip("ray")
    monkeypatch.setenv("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    local, ray_out = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    run_batch(str(corpus), str(local), engine="local", on_error="skip", settings=svc.settings)
    s = run_batch(
        str(corpus), str(ray_out), engine="ray", on_error="skip", settings=svc.settings, ray_cpus=2
    )
    assert (s.engine, s.articles, s.failed) == ("ray", 5, 1)
    a, b = _read(local), _read(ray_out)
    _check(b)
    assert {k: v["story"] for k, v in a.items()} == {k: v["story"] for k, v in b.items()}
    assert a["tr-1"]["claims"] == b["tr-1"]["claims"]


def test_importing_rashomon_never_imports_ray():
    code = (
        "import sys, rashomon, rashomon.scale, rashomon.cli, rashomon.compare.stories; "
        "assert 'ray' not in sys.modules and 'pyarrow' not in sys.modules, 'ray imported'"
    )
    proc = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_the_batch_fixtures_run_on_the_session_models(svc):
    service = ArticleBatch(svc.settings).service
    assert service.analyzer is svc.analyzer and service.embedder is svc.embedder
    assert service.judge is svc.judge and service.aligner is svc.aligner
