"""The shape of the code: imports point one way, no cycles, no private names across modules.

The contracts live in pyproject.toml ([tool.importlinter]); grimp reads every import,
function-level ones included, so a cycle cannot hide inside a function.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "rashomon"


def test_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "3 kept, 0 broken" in run.stdout, run.stdout[-2000:]


def _module(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def private_imports(root: Path) -> list[str]:
    """``from rashomon.x import _name`` across modules: each is a helper without its home."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rashomon"):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.append(
                            f"{_module(path, root)}: from {node.module} import {alias.name}"
                        )
    return found


def test_no_private_name_is_imported_across_modules():
    assert private_imports(SRC) == []


def test_the_private_import_check_finds_one(tmp_path):
    pkg = tmp_path / "rashomon"
    pkg.mkdir()
    (pkg / "a.py").write_text("from rashomon.b import _helper, __version__, public\n")
    assert private_imports(pkg) == ["rashomon.a: from rashomon.b import _helper"]
