"""Reading the dev sets: JSON Lines files of records, a bad line named by its number."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rashomon.errors import InputError


def read_rows(path: Path | str) -> list[dict[str, Any]]:
    """The records of a JSON Lines file, blank lines skipped; InputError names a missing file
    or the first line that is not JSON."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", source=str(path))
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(
                        f"line {n}: invalid JSON ({exc.msg})", source=str(path)
                    ) from exc
    return rows
