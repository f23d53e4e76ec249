"""The command line: a thin layer over rashomon.service; errors become one line and an exit code."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__
from .errors import (
    ConfigError,
    InputError,
    ModelError,
    RashomonError,
    StageError,
    UnknownFormatError,
)

# Exit codes, in one place: 0 ok, 1 unexpected rashomon error, 2 bad input, 3 bad setting,
# 4 model missing, 5 a stage failed.
EXIT_CODES: dict[type[RashomonError], int] = {
    InputError: 2,
    ConfigError: 3,
    ModelError: 4,
    StageError: 5,
    RashomonError: 1,
}

app = typer.Typer(
    name="rashomon",
    help="Reconcile what different news outlets report about the same event.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


def exit_code(exc: RashomonError) -> int:
    for cls in type(exc).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 1


def fail(exc: RashomonError) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
    raise typer.Exit(exit_code(exc))


def _service(**flags: Any):
    from .service import Service
    from .settings import load_settings

    return Service(settings=load_settings(**flags))


def _per_file(values: list[str] | None, n: int, name: str) -> list[str | None]:
    values = values or []
    if len(values) > n:
        raise InputError(f"{len(values)} --{name} values for {n} files; give at most one per file")
    return [*values, *([None] * (n - len(values)))]


def _open_out(path: str | None) -> TextIO:
    if path in (None, "-"):
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", source=path) from exc


def _read_lines(path: str) -> Iterator[tuple[int, str]]:
    if path == "-":
        stream: TextIO = sys.stdin
    else:
        p = Path(path)
        if not p.is_file():
            raise InputError("no such file", source=path)
        stream = p.open(encoding="utf-8", errors="strict")
    try:
        for n, line in enumerate(stream, 1):
            if line.strip():
                yield n, line
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", source=path) from exc
    finally:
        if stream is not sys.stdin:
            stream.close()


def _progress(total: int | None, label: str):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


@app.command()
def compare(
    files: Annotated[list[str], typer.Argument(help="Articles: .txt, .html or .jsonl files; - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, md, html or json.")] = "text",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    outlet: Annotated[list[str] | None, typer.Option(help="Outlet of each file, in file order.")] = None,
    published: Annotated[list[str] | None, typer.Option(help="Publication date (YYYY-MM-DD) of each file, in file order.")] = None,
    title: Annotated[list[str] | None, typer.Option(help="Title of each file, in file order.")] = None,
) -> None:
    """Compare two or more articles about one event: agreed, disputed and unique facts."""
    from .ingest import load_file
    from .report import FORMATS, render

    try:
        if fmt not in FORMATS:
            raise UnknownFormatError(f"unknown report format {fmt!r}; valid formats: {', '.join(FORMATS)}")
        outlets = _per_file(outlet, len(files), "outlet")
        dates = _per_file(published, len(files), "published")
        titles = _per_file(title, len(files), "title")
        articles = []
        for f, o, d, t in zip(files, outlets, dates, titles, strict=True):
            articles.extend(load_file(f, outlet=o, published=d, title=t))
        svc = _service()
        with err.status("comparing…", spinner="dots") if err.is_terminal else _null():
            report = svc.compare(articles)
        if fmt == "text" and output is None and sys.stdout.isatty():
            from .report import to_terminal

            to_terminal(report, Console())
            return
        text = render(report, fmt)
        out = _open_out(output)
        try:
            out.write(text if text.endswith("\n") else text + "\n")
        finally:
            if out is not sys.stdout:
                out.close()
        if output:
            err.print(f"wrote {escape(output)}")
    except RashomonError as exc:
        fail(exc)


@app.command()
def analyze(
    input: Annotated[str, typer.Option("--input", "-i", help="JSON Lines of articles; - for stdin.")] = "-",
    output: Annotated[str, typer.Option("--output", "-o", help="JSON Lines out; - for stdout.")] = "-",
    on_error: Annotated[str, typer.Option(help="stop or skip an article that fails.")] = "stop",
) -> None:
    """Per-article extraction: entities, claims, quotes and dates, one JSON line per article."""
    from .ingest import read_jsonl

    try:
        if on_error not in {"stop", "skip"}:
            raise ConfigError(f"--on-error {on_error!r}; valid: stop, skip")
        source = input if input != "-" else "<stdin>"
        lines = [line for _, line in _read_lines(input)]
        articles = list(read_jsonl(lines, source=source))
        if not articles:
            raise InputError("no articles", source=source)
        svc = _service()
        out = _open_out(output)
        try:
            with _progress(len(articles), "analyzing") as bar:
                task = bar.add_task("analyze", total=len(articles))
                for lo in range(0, len(articles), 16):
                    batch = articles[lo : lo + 16]
                    for an in svc.analyze(batch, on_error="skip" if on_error == "skip" else "raise"):
                        out.write(json.dumps(analysis_json(an), ensure_ascii=False) + "\n")
                    bar.advance(task, len(batch))
        finally:
            if out is not sys.stdout:
                out.close()
    except RashomonError as exc:
        fail(exc)


def analysis_json(an: Any) -> dict[str, Any]:
    a = an.article
    return {
        "id": a.id,
        "outlet": a.outlet,
        "title": a.title,
        "published": a.published,
        "entities": [asdict(m) for m in an.mentions],
        "claims": [asdict(c) for c in an.claims],
        "quotes": [asdict(q) for q in an.quotes],
        "times": [asdict(t) for t in an.times],
        "skip": [asdict(s) for s in a.skip],
    }


@app.command()
def judge(
    input: Annotated[str, typer.Option("--input", "-i", help="JSON Lines {id, a, b}; - for stdin.")] = "-",
    output: Annotated[str, typer.Option("--output", "-o", help="JSON Lines {id, label, scores}.")] = "-",
    batch_size: Annotated[int, typer.Option(help="Pairs judged per batch.")] = 32,
) -> None:
    """Label pairs agree / contradict / neutral / unrelated (b may be a whole article)."""
    from .compare.judge import Pair, check_text

    try:
        source = input if input != "-" else "<stdin>"
        rows = []
        for n, line in _read_lines(input):
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"line {n}: invalid JSON ({exc.msg})", source=source) from exc
            if not isinstance(rec, dict):
                raise InputError(f"line {n}: expected an object with id, a, b", source=source)
            try:
                a = check_text(rec.get("a"), "a")
                b = check_text(rec.get("b"), "b")
            except InputError as exc:
                raise InputError(f"line {n}: {exc}", source=source) from exc
            rows.append((rec.get("id", n), Pair(a=a, b=b)))
        svc = _service()
        out = _open_out(output)
        try:
            with _progress(len(rows), "judging") as bar:
                task = bar.add_task("judge", total=len(rows))
                for lo in range(0, len(rows), batch_size):
                    chunk = rows[lo : lo + batch_size]
                    for (rid, _), jd in zip(chunk, svc.judge.judge([p for _, p in chunk]), strict=True):
                        rec = {"id": rid, "label": jd.label, "scores": jd.scores, "reason": jd.reason}
                        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    bar.advance(task, len(chunk))
        finally:
            if out is not sys.stdout:
                out.close()
    except RashomonError as exc:
        fail(exc)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


# Sub-apps register after the shared helpers above, which they import.
from .cli_batch import register as _register_batch  # noqa: E402
from .cli_eval import eval_app  # noqa: E402
from .cli_stories import register as _register_stories  # noqa: E402
from .cli_web import register as _register_web  # noqa: E402

app.add_typer(eval_app, name="eval")
_register_stories(app)
_register_batch(app)
_register_web(app)


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
