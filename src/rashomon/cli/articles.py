"""Commands on articles given at the command line: compare, analyze, judge, version."""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.markup import escape

from rashomon.cli.common import (
    check_format,
    check_not_input,
    err,
    fail,
    open_out,
    per_file,
    progress,
    read_lines,
    service,
    write_out,
)
from rashomon.errors import ConfigError, InputError, RashomonError
from rashomon.version import __version__

# Each command imports the stages it runs when it runs (ingest, service, report), so that
# ``rashomon --help`` and ``rashomon version`` stay quick.


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command()(compare)
    app.command()(analyze)
    app.command()(judge)
    app.command()(version)


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
    from rashomon.ingest import load_file
    from rashomon.ingest.text import check_compare_budget
    from rashomon.report import FORMATS, render, to_terminal

    try:
        check_format(fmt, FORMATS)
        if output not in (None, "-"):
            check_not_input(output, tuple(files))
        svc = service()
        settings = svc.settings
        outlets = per_file(outlet, len(files), "outlet")
        dates = per_file(published, len(files), "published")
        titles = per_file(title, len(files), "title")
        articles = []
        for f, o, d, t in zip(files, outlets, dates, titles, strict=True):
            articles.extend(load_file(f, outlet=o, published=d, title=t, settings=settings))
        check_compare_budget(articles, max_chars=settings.max_compare_chars)
        with err.status("comparing…", spinner="dots") if err.is_terminal else nullcontext():
            report = svc.compare(articles)
        if fmt == "text" and output is None and sys.stdout.isatty():
            to_terminal(report, Console())
            return
        write_out(render(report, fmt), output, tuple(files))
    except RashomonError as exc:
        fail(exc)


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
    from rashomon.ingest.jsonl import article_from_line
    from rashomon.report import analysis_dict

    try:
        if on_error not in {"stop", "skip"}:
            raise ConfigError(f"--on-error {on_error!r}; valid: stop, skip")
        skip = on_error == "skip"
        source = input if input != "-" else "<stdin>"
        if output != "-":
            check_not_input(output, (input,))
        svc = service()
        settings = svc.settings
        skipped: list[str] = []
        written = 0

        def articles() -> Iterator[Any]:
            for n, line in read_lines(input, max_bytes=settings.max_bytes):
                where = f"{source}:{n}"
                try:
                    yield article_from_line(
                        line,
                        source=where,
                        max_chars=settings.max_article_chars,
                        max_depth=settings.max_json_depth,
                    )
                except InputError as exc:
                    if not skip:
                        raise
                    skipped.append(f"{where}: {exc.reason}")

        pending = articles()
        batch = list(itertools.islice(pending, 16))  # a missing input fails before any output
        out: TextIO | None = None
        try:
            with progress("analyzing") as bar:
                task = bar.add_task("analyze", total=None)
                while batch:
                    results = svc.analyze(batch, on_error="skip" if skip else "raise")
                    done = {an.article.id for an in results}
                    skipped.extend(
                        f"{a.source or a.id}: analysis failed" for a in batch if a.id not in done
                    )
                    out = out or open_out(output)
                    for an in results:
                        out.write(json.dumps(analysis_dict(an), ensure_ascii=False) + "\n")
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
    from rashomon.ingest.jsonl import loads
    from rashomon.service import Service

    try:
        source = input if input != "-" else "<stdin>"
        rows = []
        for n, line in read_lines(input):
            try:
                rec = loads(line, source=source)
            except InputError as exc:
                raise InputError(f"line {n}: {exc.reason}", source=source) from exc
            if not isinstance(rec, dict):
                raise InputError(f"line {n}: expected an object with id, a, b", source=source)
            try:
                pair = Service.pair(rec.get("a"), rec.get("b"))
            except InputError as exc:
                raise InputError(f"line {n}: {exc}", source=source) from exc
            rows.append((rec.get("id", n), pair))
        svc = service()
        out = open_out(output, (input,))
        try:
            with progress("judging") as bar:
                task = bar.add_task("judge", total=len(rows))
                for lo in range(0, len(rows), batch_size):
                    chunk = rows[lo : lo + batch_size]
                    for (rid, _), jd in zip(
                        chunk, svc.judge_pairs([p for _, p in chunk]), strict=True
                    ):
                        rec = {
                            "id": rid,
                            "label": jd.label,
                            "scores": dict(jd.scores),
                            "reason": jd.reason,
                        }
                        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    bar.advance(task, len(chunk))
        finally:
            if out is not sys.stdout:
                out.close()
    except RashomonError as exc:
        fail(exc)


def version() -> None:
    """Print the version."""
    typer.echo(__version__)
