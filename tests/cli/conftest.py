"""The CLI as users run it: ``rashomon`` in a process of its own (real models, real files),
its exit code, its output and its one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

RASHOMON = [sys.executable, "-m", "rashomon"]


def run(
    *args: str,
    stdin: str | None = None,
    timeout: int = 600,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """``rashomon *args``, to the end; its output captured as text."""
    return subprocess.run(
        [*RASHOMON, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **env} if env else None,
        cwd=cwd,
    )


def one_line_error(proc: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The one line a failed command prints (exit ``code``, no traceback)."""
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]
