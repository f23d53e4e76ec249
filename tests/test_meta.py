"""Meta: importing is cheap and clean, the public API is complete, every command (sub-commands
of a group such as `rashomon eval` included) has its help and is in the README with every
setting."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import rashomon
from rashomon.cli import app
from rashomon.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command under ``group`` by its words (``("eval", "fnc1")``), groups included,
    each group before its own commands."""
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if getattr(command, "commands", None) is not None:  # a group: its commands too
            yield from _commands(command, (*path, name))


COMMANDS = list(_commands(typer.main.get_command(app)))
LEAVES = [(words, c) for words, c in COMMANDS if getattr(c, "commands", None) is None]


def test_import_is_warning_free_and_loads_no_model():
    code = (
        "import sys, rashomon; "
        "assert 'spacy' not in sys.modules and 'onnxruntime' not in sys.modules, "
        "'model libs imported'"
    )
    proc = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_all_names_resolve():
    for name in rashomon.__all__:
        assert getattr(rashomon, name) is not None, name


def test_the_walk_reaches_the_commands_of_groups():
    words = {" ".join(w) for w, _ in LEAVES}
    assert {"compare", "serve", "eval fnc1", "eval facts"} <= words
    assert "eval" in {" ".join(w) for w, _ in COMMANDS} and "eval" not in words


@pytest.mark.parametrize(("words", "command"), COMMANDS, ids=[" ".join(w) for w, _ in COMMANDS])
def test_every_command_has_help_and_help_works(words, command):
    assert command.help and command.help.strip(), f"rashomon {' '.join(words)} has no help text"
    for param in command.params:
        if param.param_type_name in ("option", "argument"):
            assert getattr(param, "help", None), f"rashomon {' '.join(words)}: {param.name}"
    result = CliRunner().invoke(app, [*words, "--help"])
    assert result.exit_code == 0, result.output
    assert f"{' '.join(words)} [OPTIONS]" in result.output, result.output


def test_readme_documents_every_command_and_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for words, _ in COMMANDS:
        assert f"rashomon {' '.join(words)}" in readme, " ".join(words)
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
