"""What every command shares: the error console, exit codes, output files, progress bars."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from rashomon.errors import (
    ConfigError,
    InputError,
    ModelError,
    RashomonError,
    StageError,
    UnknownFormatError,
)
from rashomon.settings import Settings, load_settings

if TYPE_CHECKING:
    from rashomon.service import Service

# Exit codes, in one place: 0 ok, 1 unexpected rashomon error, 2 bad input, 3 bad setting,
# 4 model missing, 5 a stage failed.
EXIT_CODES: dict[type[RashomonError], int] = {
    InputError: 2,
    ConfigError: 3,
    ModelError: 4,
    StageError: 5,
    RashomonError: 1,
}

err = Console(stderr=True)


def exit_code(exc: RashomonError) -> int:
    for cls in type(exc).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 1


def fail(exc: RashomonError) -> NoReturn:
    """Print ``exc`` as one line on stderr and exit with its code."""
    err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
    raise typer.Exit(exit_code(exc))


def service(**flags: Any) -> Service:
    """A Service over the settings (``flags`` override them); its models load on first use.

    rashomon.service is imported here, when a command runs, so ``rashomon --help`` stays quick.
    """
    from rashomon.service import Service

    return Service(settings=load_settings(**flags))


def check_format(fmt: str, valid: tuple[str, ...]) -> None:
    if fmt not in valid:
        raise UnknownFormatError(f"unknown format {fmt!r}; valid formats: {', '.join(valid)}")


def per_file(values: list[str] | None, n: int, name: str) -> list[str | None]:
    """One value per file: ``values`` padded with None, more than ``n`` refused."""
    values = values or []
    if len(values) > n:
        raise InputError(f"{len(values)} --{name} values for {n} files; give at most one per file")
    return [*values, *([None] * (n - len(values)))]


def open_out(path: str | None, inputs: tuple[str, ...] = ()) -> TextIO:
    """``path`` opened for writing (stdout for None or ``-``), never one of ``inputs``."""
    if path in (None, "-"):
        return sys.stdout
    check_not_input(path, inputs)
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", source=path) from exc


def write_out(text: str, output: str | None, inputs: tuple[str, ...] = ()) -> None:
    """``text`` (ending in a newline) to ``output`` or stdout; says where it wrote."""
    out = open_out(output, inputs)
    try:
        out.write(text if text.endswith("\n") else text + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if output and output != "-":
        err.print(f"wrote {escape(output)}")


def check_not_input(path: str, inputs: tuple[str, ...]) -> None:
    """Refuse an --output that is one of the inputs: opening it for writing would empty it."""
    target = Path(path)
    for given in inputs:
        if given == "-":
            continue
        try:
            same = target.exists() and os.path.samefile(target, given)
        except OSError:
            same = target.resolve() == Path(given).resolve()
        if same:
            raise InputError(
                "--output is also an input; writing there would overwrite it: choose another path",
                source=path,
            )


def read_lines(path: str, *, max_bytes: int | None = None) -> Iterator[tuple[int, str]]:
    """The non-blank lines of ``path`` (``-``: stdin) with their numbers, each held to
    ``max_bytes`` (the setting's default) as it is read: no line is read whole first."""
    limit = max_bytes or Settings().max_bytes
    if path == "-":
        stream: Any = sys.stdin.buffer
    else:
        p = Path(path)
        try:
            if not p.is_file():
                raise InputError("no such file", source=path)
            stream = p.open("rb")
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", source=path) from exc
    try:
        n = 0
        while True:
            try:
                raw = stream.readline(limit + 1)
            except OSError as exc:
                raise InputError(
                    f"line {n + 1}: cannot read: {exc.strerror or exc}", source=path
                ) from exc
            if not raw:
                break
            n += 1
            if len(raw) > limit and not raw.endswith(b"\n"):
                raise InputError(
                    f"line {n} is more than {limit:,} bytes (max_bytes); the rest is not read",
                    source=path,
                )
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"line {n}: not UTF-8 text ({exc.reason})", source=path) from exc
            if line.strip():
                yield n, line
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def progress(label: str) -> Progress:
    """A progress bar on stderr, shown only on a terminal and gone when done."""
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
