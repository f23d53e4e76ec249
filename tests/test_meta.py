"""Meta: importing is cheap and clean, the public API is complete, docs name every command and setting."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import rashomon
from rashomon.cli import app
from rashomon.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_import_is_warning_free_and_loads_no_model():
    code = (
        "import sys, rashomon; "
        "assert 'spacy' not in sys.modules and 'onnxruntime' not in sys.modules, 'model libs imported'"
    )
    proc = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_all_names_resolve():
    for name in rashomon.__all__:
        assert getattr(rashomon, name) is not None, name


def test_readme_documents_every_command_and_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for cmd in app.registered_commands:
        name = cmd.name or cmd.callback.__name__
        assert f"rashomon {name}" in readme, name
    for f in fields(Settings):
        assert f"RASHOMON_{f.name.upper()}" in readme, f.name
    assert readme.index("make demo") < 400 and readme.index("make test") < 400


def test_settings_precedence(tmp_path, monkeypatch):
    from rashomon.errors import ConfigError
    from rashomon.settings import load_settings

    (tmp_path / "rashomon.toml").write_text('[rashomon]\nthreads = 3\nspacy_model = "from_toml"\n')
    monkeypatch.chdir(tmp_path)
    s = load_settings(env={"RASHOMON_THREADS": "2"})
    assert s.spacy_model == "from_toml" and s.threads == 2
    assert load_settings(env={"RASHOMON_THREADS": "2"}, threads=1).threads == 1
    try:
        load_settings(env={"RASHOMON_THREADS": "many"})
    except ConfigError as exc:
        assert "threads" in str(exc)
    else:
        raise AssertionError("a bad setting must raise ConfigError")
