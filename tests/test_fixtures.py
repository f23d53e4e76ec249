"""The test suite's own promise: each model is loaded once per session (tests/conftest.py's
``svc``), and every fixture that needs one builds on it. These tests fail when a test or a
fixture starts loading a model of its own. (The folders' own fixtures are checked beside them:
``test_*_fixtures_run_on_the_session_*`` in tests/store, tests/web and tests/scale.)"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent

# What builds a model (or loads spaCy) when called.
LOADERS = {"Service", "Analyzer", "MiniLMEmbedder", "ModelJudge", "Aligner", "Gazetteer"}
LOADERS |= {"load_spacy", "load"}  # spacy.load
# The constructions allowed outside tests/conftest.py, each for a reason of its own.
ALLOWED = {
    # The ONNX runner is the unit under test: embedders with one and two workers.
    "nlp/test_onnx.py": {"MiniLMEmbedder"},
    # An Analyzer on the session's own spaCy pipeline (nlp=analyzer.nlp), another embedder.
    "nlp/test_pipeline.py": {"Analyzer"},
    # A judge on a model directory of its own (a stance head beside the model, a missing
    # model), or one whose model never runs (only its decision rule is called).
    "compare/test_model_judge.py": {"ModelJudge"},
    "compare/test_stance_head.py": {"ModelJudge"},
}


def _loader_calls(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in LOADERS - {"load"}:
            names.add(func.id)
        elif isinstance(func, ast.Attribute) and (
            func.attr in LOADERS - {"load"}
            or (
                func.attr == "load"
                and isinstance(func.value, ast.Name)
                and func.value.id == "spacy"
            )
        ):
            names.add(func.attr if func.attr != "load" else "spacy.load")
    return names


def test_no_test_or_conftest_loads_a_model_of_its_own():
    found = {}
    for path in sorted(TESTS.rglob("*.py")):
        rel = path.relative_to(TESTS).as_posix()
        if rel == "conftest.py":
            continue
        extra = _loader_calls(path) - ALLOWED.get(rel, set())
        if extra:
            found[rel] = sorted(extra)
    assert not found, f"models built outside tests/conftest.py (use svc and its fixtures): {found}"


def test_the_allowed_constructions_are_still_there():
    """An entry of ALLOWED that no longer builds anything goes, so the list stays honest."""
    for rel, names in ALLOWED.items():
        assert names <= _loader_calls(TESTS / rel), rel


def test_fixtures_share_the_session_models(svc, analyzer, reader, service_with):
    assert analyzer is svc.analyzer
    assert analyzer.embedder is svc.embedder
    assert reader.nlp is svc.analyzer.nlp
    cue = service_with(judge="cue")
    assert cue.analyzer is svc.analyzer and cue.embedder is svc.embedder
    assert cue.aligner is svc.aligner and cue.gazetteer is svc.gazetteer
    assert cue.judge is not svc.judge and cue.judge.embedder is svc.embedder
    assert service_with().judge is svc.judge
    assert service_with(threads=2)._embedder is None, "other threads: an embedder of its own"


def test_model_judges_share_the_loaded_model(svc, model_judge):
    judge = model_judge(checks=False, story_pairs=False)
    assert judge._session is svc.judge._session and judge._tokenizer is svc.judge._tokenizer
    assert (
        judge.params.checks is False
        and judge.embedder is None
        and judge.cache is not svc.judge.cache
    )
