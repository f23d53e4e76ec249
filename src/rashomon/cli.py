"""The command line: a thin layer over rashomon.service; errors become one line and an exit code."""

from __future__ import annotations

import itertools
import json
import logging
import os
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


def _open_out(path: str | None, inputs: tuple[str, ...] = ()) -> TextIO:
    if path in (None, "-"):
        return sys.stdout
    _check_not_input(path, inputs)
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", source=path) from exc


def _check_not_input(path: str, inputs: tuple[str, ...]) -> None:
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


def _read_lines(path: str, *, max_bytes: int | None = None) -> Iterator[tuple[int, str]]:
    """The non-blank lines of ``path`` (``-``: stdin) with their numbers, each held to
    ``max_bytes`` (the setting's default) as it is read: no line is read whole first."""
    from .ingest.decode import MAX_BYTES

    limit = max_bytes or MAX_BYTES
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
    files: Annotated[
        list[str], typer.Argument(help="Articles: .txt, .html or .jsonl files; - for stdin.")
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, md, html or json.")] = "text",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    outlet: Annotated[
        list[str] | None, typer.Option(help="Outlet of each file, in file order.")
    ] = None,
    published: Annotated[
        list[str] | None,
        typer.Option(help="Publication date (YYYY-MM-DD) of each file, in file order."),
    ] = None,
    title: Annotated[
        list[str] | None, typer.Option(help="Title of each file, in file order.")
    ] = None,
) -> None:
    """Compare two or more articles about one event: agreed, disputed and unique facts."""
    from .ingest import load_file
    from .ingest.text import check_compare_budget
    from .report import FORMATS, render
    from .settings import load_settings

    try:
        if fmt not in FORMATS:
            raise UnknownFormatError(
                f"unknown report format {fmt!r}; valid formats: {', '.join(FORMATS)}"
            )
        if output not in (None, "-"):
            _check_not_input(output, tuple(files))
        settings = load_settings()
        outlets = _per_file(outlet, len(files), "outlet")
        dates = _per_file(published, len(files), "published")
        titles = _per_file(title, len(files), "title")
        articles = []
        for f, o, d, t in zip(files, outlets, dates, titles, strict=True):
            articles.extend(load_file(f, outlet=o, published=d, title=t, settings=settings))
        check_compare_budget(articles, max_chars=settings.max_compare_chars)
        from .service import Service

        svc = Service(settings=settings)
        with err.status("comparing…", spinner="dots") if err.is_terminal else _null():
            report = svc.compare(articles)
        if fmt == "text" and output is None and sys.stdout.isatty():
            from .report import to_terminal

            to_terminal(report, Console())
            return
        text = render(report, fmt)
        out = _open_out(output, tuple(files))
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
    input: Annotated[
        str, typer.Option("--input", "-i", help="JSON Lines of articles; - for stdin.")
    ] = "-",
    output: Annotated[
        str, typer.Option("--output", "-o", help="JSON Lines out; - for stdout.")
    ] = "-",
    on_error: Annotated[str, typer.Option(help="stop or skip an article that fails.")] = "stop",
) -> None:
    """Per-article extraction: entities, claims, quotes and dates, one JSON line per article.

    Articles are read, analysed and written 16 at a time, so what was done before a failure
    stays written. With ``--on-error skip`` a bad line (not JSON, a bad date, no text) or an
    article that fails is counted and left out; the rest goes on."""
    from .ingest import jsonl
    from .ingest.sources import skip_reason
    from .settings import load_settings

    try:
        if on_error not in {"stop", "skip"}:
            raise ConfigError(f"--on-error {on_error!r}; valid: stop, skip")
        skip = on_error == "skip"
        source = input if input != "-" else "<stdin>"
        if output != "-":
            _check_not_input(output, (input,))
        settings = load_settings()
        skipped: list[str] = []
        written = 0

        def articles() -> Iterator[Any]:
            for n, line in _read_lines(input, max_bytes=settings.max_bytes):
                where = f"{source}:{n}"
                try:
                    yield jsonl.article_from_line(
                        line,
                        source=where,
                        max_chars=settings.max_article_chars,
                        max_depth=settings.max_json_depth,
                    )
                except InputError as exc:
                    if not skip:
                        raise
                    skipped.append(f"{where}: {skip_reason(exc)}")

        from .service import Service

        pending = articles()
        batch = list(itertools.islice(pending, 16))  # a missing input fails before any output
        svc = Service(settings=settings)
        out: TextIO | None = None
        try:
            with _progress(None, "analyzing") as bar:
                task = bar.add_task("analyze", total=None)
                while batch:
                    results = svc.analyze(batch, on_error="skip" if skip else "raise")
                    done = {an.article.id for an in results}
                    skipped.extend(
                        f"{a.source or a.id}: analysis failed" for a in batch if a.id not in done
                    )
                    out = out or _open_out(output)
                    for an in results:
                        out.write(json.dumps(analysis_json(an), ensure_ascii=False) + "\n")
                        written += 1
                    out.flush()
                    bar.advance(task, len(batch))
                    batch = list(itertools.islice(pending, 16))
        finally:
            if out is not None and out is not sys.stdout:
                out.close()
        for line in skipped[:20]:
            err.print(f"skipped {escape(line)}", soft_wrap=True, highlight=False)
        if len(skipped) > 20:
            err.print(f"… and {len(skipped) - 20} more skipped", highlight=False)
        if skipped:
            err.print(f"{written} articles analysed, {len(skipped)} skipped", highlight=False)
        if not written:
            raise InputError(
                f"no articles analysed ({len(skipped)} skipped)" if skipped else "no articles",
                source=source,
            )
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
    input: Annotated[
        str, typer.Option("--input", "-i", help="JSON Lines {id, a, b}; - for stdin.")
    ] = "-",
    output: Annotated[
        str, typer.Option("--output", "-o", help="JSON Lines {id, label, scores}.")
    ] = "-",
    batch_size: Annotated[int, typer.Option(help="Pairs judged per batch.")] = 32,
) -> None:
    """Label pairs agree / contradict / neutral / unrelated (b may be a whole article)."""
    from .compare.judge import Pair, check_text

    try:
        source = input if input != "-" else "<stdin>"
        rows = []
        for n, line in _read_lines(input):
            from .ingest.jsonl import loads

            try:
                rec = loads(line, source=source)
            except InputError as exc:
                raise InputError(f"line {n}: {_reason_of(exc)}", source=source) from exc
            if not isinstance(rec, dict):
                raise InputError(f"line {n}: expected an object with id, a, b", source=source)
            try:
                a = check_text(rec.get("a"), "a")
                b = check_text(rec.get("b"), "b")
            except InputError as exc:
                raise InputError(f"line {n}: {exc}", source=source) from exc
            rows.append((rec.get("id", n), Pair(a=a, b=b)))
        svc = _service()
        out = _open_out(output, (input,))
        try:
            with _progress(len(rows), "judging") as bar:
                task = bar.add_task("judge", total=len(rows))
                for lo in range(0, len(rows), batch_size):
                    chunk = rows[lo : lo + batch_size]
                    for (rid, _), jd in zip(
                        chunk, svc.judge.judge([p for _, p in chunk]), strict=True
                    ):
                        rec = {
                            "id": rid,
                            "label": jd.label,
                            "scores": jd.scores,
                            "reason": jd.reason,
                        }
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


def _reason_of(exc: InputError) -> str:
    text = str(exc)
    return (
        text[len(exc.source) + 2 :] if exc.source and text.startswith(f"{exc.source}: ") else text
    )


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except RecursionError:
        err.print("[bold red]error:[/] the input is nested too deeply to read")
        sys.exit(2)
    except MemoryError:
        err.print(
            "[bold red]error:[/] out of memory: the input is too large (see the input limits)"
        )
        sys.exit(2)
    except Exception as exc:  # a bug: one line, unless RASHOMON_DEBUG asks for the traceback
        if os.environ.get("RASHOMON_DEBUG"):
            raise
        text = " ".join(str(exc).split())[:300]
        err.print(
            f"[bold red]error:[/] internal error ({type(exc).__name__}: {escape(text)}); "
            "set RASHOMON_DEBUG=1 to see where",
            soft_wrap=True,
        )
        sys.exit(1)
