"""Commands on a store of stories: ingest, stories, report and search (over
:class:`rashomon.service.Library`); ``register(app)`` adds them to the main CLI."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from rashomon.cli.common import check_format, check_not_input, err, fail, progress, write_out
from rashomon.errors import InputError, RashomonError
from rashomon.settings import load_settings

if TYPE_CHECKING:
    from rashomon.service import IngestSummary, Library, Progress, StorySummary

Db = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or postgresql:// URL (default: the db setting)."),
]
LIST_FORMATS = ("text", "json")


def _library(db: str | None, *, create: bool, **flags: Any) -> Library:
    from rashomon.service import Library  # imported when a command runs: quick --help

    # No Service here: the models load only if the command needs them (ingest, a new report).
    return Library.open(load_settings(db=db, **flags), create=create)


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""

    @app.command()
    def ingest(
        sources: Annotated[
            list[str],
            typer.Argument(help="Files, folders, URLs, RSS/Atom feeds or WARC files; - for stdin."),
        ],
        db: Db = None,
        allow_private_urls: Annotated[
            bool,
            typer.Option(help="Fetch URLs on private, loopback or link-local addresses."),
        ] = False,
        batch_size: Annotated[
            int, typer.Option(min=1, help="Articles analysed and stored per transaction.")
        ] = 16,
    ) -> None:
        """Read articles into the store: near-duplicates linked, stories grouped, reports built."""

        try:
            library = _library(db, create=True, allow_private_urls=allow_private_urls or None)
            library.batch_size = batch_size
            with library, progress("ingesting") as bar:
                read = bar.add_task("read", total=None)
                reports: Any = None

                def on_progress(p: Progress) -> None:
                    nonlocal reports
                    if p.stage == "read":
                        bar.update(read, completed=p.done, description=f"read {p.done}")
                    elif p.stage == "report":
                        if reports is None:
                            reports = bar.add_task("reports", total=p.total)
                        bar.update(reports, completed=p.done)

                summary = library.ingest(sources, progress=on_progress)
                where = library.store.url
            _print_summary(summary, where)
            if summary.failures and not (summary.added or summary.duplicates or summary.unchanged):
                first = summary.failures[0]
                more = len(summary.failures) - 1
                raise InputError(
                    f"nothing ingested: all {len(summary.failures)} sources failed; "
                    f"{first.source}: {first.reason}" + (f" (and {more} more)" if more else "")
                )
        except RashomonError as exc:
            fail(exc)
        except KeyboardInterrupt:
            err.print("interrupted: what was stored stays stored; run again to finish")
            raise typer.Exit(130) from None

    @app.command()
    def stories(
        db: Db = None,
        limit: Annotated[int | None, typer.Option(help="Show at most N stories.")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    ) -> None:
        """List the stored stories, newest first, with outlet and disputed-fact counts."""

        try:
            check_format(fmt, LIST_FORMATS)
            with _library(db, create=False) as library:
                rows = library.stories(limit=limit)
            if fmt == "json":
                typer.echo(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
                return
            _print_stories(rows)
        except RashomonError as exc:
            fail(exc)

    @app.command()
    def report(
        story: Annotated[str, typer.Argument(help="A story id, as `rashomon stories` lists.")],
        db: Db = None,
        fmt: Annotated[
            str, typer.Option("--format", "-f", help="text, md, html or json.")
        ] = "text",
        output: Annotated[
            str | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
        ] = None,
    ) -> None:
        """The compare report of a stored story (built at ingest, so it is quick)."""
        from rashomon.report import FORMATS, render, to_terminal

        try:
            check_format(fmt, FORMATS)
            with _library(db, create=False) as library:
                if output not in (None, "-") and "://" not in library.store.url:
                    check_not_input(output, (library.store.url,))  # never write over the store
                result = library.report(story)
            if fmt == "text" and output is None and sys.stdout.isatty():
                to_terminal(result, Console())
                return
            write_out(render(result, fmt), output)
        except RashomonError as exc:
            fail(exc)

    @app.command()
    def search(
        query: Annotated[
            str, typer.Argument(help="Words to find (all of them) in articles and claims.")
        ],
        db: Db = None,
        limit: Annotated[int, typer.Option(help="At most N articles and N claims.")] = 20,
        fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    ) -> None:
        """Full-text search over stored articles and claims."""

        try:
            check_format(fmt, LIST_FORMATS)
            with _library(db, create=False) as library:
                hits = library.search(query, limit=limit)
            if fmt == "json":
                typer.echo(json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=2))
                return
            if not hits:
                typer.echo(f"nothing found for {query!r}")
            for h in hits:
                head = (
                    f"[{h.kind}] story {h.story} · {h.outlet or '?'} · {h.published or 'undated'}"
                )
                typer.echo(f"{head} · {h.title or h.article}")
                typer.echo(f"    {' '.join(h.snippet.split())}")
        except RashomonError as exc:
            fail(exc)


def _print_summary(summary: IngestSummary, where: str) -> None:
    totals = summary.totals
    typer.echo(
        f"{where}: {summary.added} new articles, {summary.duplicates} near-duplicates linked, "
        f"{summary.unchanged} already stored, {len(summary.failures)} skipped"
    )
    typer.echo(
        f"stories: {len(summary.stories_touched)} changed, {summary.reports} reports built; "
        f"the store holds {totals.get('articles', 0)} articles, "
        f"{totals.get('duplicates', 0)} duplicates, {totals.get('stories', 0)} stories"
    )
    if summary.failures:
        typer.echo("skipped:")
        by_reason: dict[str, list[str]] = {}
        for f in summary.failures:
            by_reason.setdefault(f.reason, []).append(f.source)
        for reason, where_list in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
            shown = ", ".join(where_list[:3]) + (", …" if len(where_list) > 3 else "")
            typer.echo(f"  {len(where_list)} × {reason} ({shown})")


def _print_stories(rows: list[StorySummary]) -> None:
    if not rows:
        typer.echo("no stories stored yet")
        return
    table = Table(show_lines=False)
    for name in ("story", "latest", "articles", "dup", "outlets", "disputed", "title"):
        table.add_column(name, overflow="fold")
    for r in rows:
        outlets = ", ".join(f"{o} ({n})" if n > 1 else o for o, n in r.outlets.items())
        table.add_row(
            r.id,
            r.last_published or "",
            str(r.articles),
            str(r.duplicates),
            f"{len(r.outlets)}: {outlets}",
            "" if r.disputed is None else str(r.disputed),
            r.title or "",
        )
    Console(width=None if sys.stdout.isatty() else 200).print(table)
