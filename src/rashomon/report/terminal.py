"""A Report for the terminal with rich: panels and tables, disputed facts first."""

from __future__ import annotations

import io
from collections.abc import Iterator
from types import MappingProxyType

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from rashomon.model import CERTAINTIES, DiffOp, Report
from rashomon.report.view import (
    ClaimLine,
    FactView,
    ReportView,
    build,
    diff_segments,
)

# User text only ever reaches rich inside Text objects, which rich never parses for markup
# or emoji codes: safer than escaping strings. Markup strings hold only our own labels.
_STYLE = MappingProxyType({"disputed": "red", "corroborated": "green", "unique": "blue"})


def to_terminal(report: Report, console: Console) -> None:
    """Print ``report`` on ``console``: disputed, corroborated, unique, quotes, names, dates."""
    for renderable in _renderables(build(report)):
        console.print(renderable)


def to_text(report: Report, *, width: int = 100) -> str:
    """The terminal rendering as plain text, without colour or control codes."""
    console = Console(
        file=io.StringIO(),
        record=True,
        width=width,
        color_system=None,
        force_terminal=False,
        force_jupyter=False,
        force_interactive=False,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    to_terminal(report, console)
    return console.export_text(styles=False)


def diff_text(diff: tuple[DiffOp, ...]) -> Text:
    """Word changes as ``[-deleted-]`` and ``{+inserted+}``, also styled when colour is on."""
    text = Text()
    for kind, gap, words in diff_segments(diff):
        text.append(gap)
        if kind == "delete":
            text.append(f"[-{words}-]", style="red strike")
        elif kind == "insert":
            text.append(f"{{+{words}+}}", style="bold green")
        else:
            text.append(words)
    return text


def _renderables(view: ReportView) -> Iterator[RenderableType]:
    yield Rule(Text(f"rashomon · {view.title}", style="bold"))
    yield _articles(view)
    counts = view.counts
    yield Text.assemble(
        (f"{counts['disputed']} disputed", "bold red"),
        " · ",
        (f"{counts['corroborated']} corroborated", "bold green"),
        " · ",
        (f"{counts['unique']} unique", "bold blue"),
        " facts",
    )
    yield Rule("[bold red]Disputed[/]", style="red")
    yield from _facts(view.disputed, "No fact is disputed.")
    yield Rule("[bold green]Corroborated[/]", style="green")
    yield from _facts(view.corroborated, "No fact is corroborated by independent sources.")
    for group in view.unique:
        yield Rule(Text(group.heading, style="bold blue"), style="blue")
        yield _unique(group.facts, with_outlet=len(group.outlets) > 1)
    yield Rule("[bold]Quotes across outlets[/]")
    yield from _quotes(view)
    yield Rule("[bold]People and names[/]")
    yield _people(view)
    yield Rule("[bold]Sourcing[/]")
    yield _sourcing(view)
    yield Rule("[bold]Timeline[/]")
    yield _timeline(view)
    if view.report.notes:
        yield Rule("[bold]Notes[/]")
        yield Group(*(Text(f"• {note}", style="dim") for note in view.report.notes))


def _articles(view: ReportView) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False)
    for name in ("Outlet", "Published", "Title", "Claims"):
        table.add_column(name, justify="right" if name == "Claims" else "left")
    per_article = {a: 0 for a in view.articles}
    for c in view.claims.values():
        per_article[c.article] = per_article.get(c.article, 0) + 1
    for article in view.articles.values():
        table.add_row(
            Text(view.outlets[article.id], style="bold"),
            Text(article.published or "—"),
            Text(article.title or "—"),
            Text(str(per_article[article.id])),
        )
    return table


def _claim_block(fv: FactView) -> Group:
    parts: list[RenderableType] = []
    if fv.fact.summary:
        parts.append(Text(fv.fact.summary, style="bold"))
    if fv.reason:
        parts.append(Text.assemble(("why disputed: ", "bold red"), fv.reason))
    if fv.sides:
        for side in fv.sides:
            parts.append(Text(f"{side.label} — {', '.join(side.outlets)}", style="bold underline"))
            parts.extend(_claim_lines(side.claims))
    else:
        parts.extend(_claim_lines(fv.claims))
    if fv.why:
        parts.append(Text("why: " + " / ".join(fv.why), style="dim"))
    return Group(*parts)


def _claim_lines(lines: tuple[ClaimLine, ...]) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for line in lines:
        how = Text.assemble(
            (line.outlet, "bold"),
            " · ",
            (line.certainty, "yellow" if line.certainty in ("hearsay", "hedged") else ""),
            " · ",
            line.attribution,
        )
        if line.negated:
            how.append(" · negated", style="red")
        parts.append(how)
        parts.append(Padding(Text(line.claim.text, style="italic"), (0, 0, 0, 2)))
        if line.dates:
            parts.append(
                Padding(Text("dates: " + "; ".join(line.dates), style="dim"), (0, 0, 0, 2))
            )
    return parts


def _facts(facts: tuple[FactView, ...], empty: str) -> Iterator[RenderableType]:
    if not facts:
        yield Text(empty, style="dim")
        return
    for fv in facts:
        title = Text(fv.verdict.upper(), style=f"bold {_STYLE.get(fv.verdict, '')}")
        if fv.grade:
            title.append(f" · {fv.grade}", style="")
        subtitle = Text(
            f"{fv.fact.sources} independent source{'s' if fv.fact.sources != 1 else ''} · "
            + ", ".join(fv.outlets)
        )
        yield Panel(
            _claim_block(fv),
            title=title,
            title_align="left",
            subtitle=subtitle,
            subtitle_align="right",
            border_style=_STYLE.get(fv.verdict, ""),
            box=box.ROUNDED,
        )


def _unique(facts: tuple[FactView, ...], *, with_outlet: bool) -> Table:
    table = Table(box=box.SIMPLE, expand=True, show_header=True, show_edge=False)
    table.add_column("Claim", ratio=3)
    table.add_column("Sourced as", ratio=2)
    for fv in facts:
        if not fv.claims:
            table.add_row(Text(fv.fact.summary), Text("—"))
        for line in fv.claims:
            how = Text(f"{line.certainty} · {line.attribution}")
            if with_outlet:
                how = Text.assemble((line.outlet, "bold"), " · ", how)
            if line.dates:
                how.append("\n" + "; ".join(line.dates), style="dim")
            table.add_row(Text(line.claim.text), how)
    return table


def _quotes(view: ReportView) -> Iterator[RenderableType]:
    if not view.quote_groups:
        yield Text("No quote appears in more than one outlet.", style="dim")
        return
    for group in view.quote_groups:
        parts: list[RenderableType] = []
        for variant in group.variants:
            parts.append(
                Text.assemble((variant.outlet, "bold"), ": ", (f"“{variant.text}”", "italic"))
            )
            if variant.changed:
                parts.append(
                    Padding(
                        Text.assemble(
                            (f"changes from {group.base_outlet}: ", "dim"), diff_text(variant.diff)
                        ),
                        (0, 0, 0, 2),
                    )
                )
        title = Text(group.speaker, style="bold")
        if group.speaker_conflict:
            title.append(" · the outlets name different speakers", style="red")
        yield Panel(Group(*parts), title=title, title_align="left", box=box.ROUNDED)


def _people(view: ReportView) -> RenderableType:
    if not view.entities:
        return Text("No names were resolved.", style="dim")
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False)
    table.add_column("Name", no_wrap=True)
    table.add_column("Type")
    table.add_column("Also called", ratio=1)
    table.add_column("Titles", ratio=2)
    table.add_column("Outlets", ratio=1)
    for ev in view.entities:
        e = ev.entity
        table.add_row(
            Text(e.name, style="bold"),
            Text(e.label),
            Text("; ".join(e.aliases)),
            Text("; ".join(e.titles)),
            Text(", ".join(ev.outlets)),
        )
    return table


def _sourcing(view: ReportView) -> RenderableType:
    if not view.sourcing:
        return Text("No sourcing was measured.", style="dim")
    columns = list(CERTAINTIES)
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False)
    table.add_column("Outlet")
    for c in columns:
        table.add_column(Text(c), justify="right")
    table.add_column("Top sources", ratio=1)
    for sv in view.sourcing:
        counts = dict(sv.counts)
        top = "; ".join(f"{s.source} ({s.kind}, {s.claims})" for s in sv.top)
        table.add_row(
            Text(sv.outlet, style="bold"),
            *(Text(str(counts.get(c, 0))) for c in columns),
            Text(top),
        )
    return table


def _timeline(view: ReportView) -> RenderableType:
    if not view.timeline:
        return Text("No date was resolved.", style="dim")
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Outlet")
    table.add_column("In context", ratio=1)
    for entry in view.timeline:
        table.add_row(
            Text.assemble((entry.when, "bold"), "\n", (f"“{entry.time.text}”", "dim")),
            Text(entry.outlet),
            Text(entry.context, style="dim"),
        )
    return table
