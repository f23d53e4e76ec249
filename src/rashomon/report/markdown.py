"""A Report as Markdown (CommonMark with GFM tables), every piece of article text escaped."""

from __future__ import annotations

import re

from rashomon.model import CERTAINTIES, DiffOp, Report
from rashomon.report.view import (
    ClaimLine,
    FactView,
    ReportView,
    build,
    diff_segments,
)

# Inline punctuation that Markdown (or raw HTML inside it) would act on.
_INLINE = re.compile(r"([\\`*_~\[\]<>|])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What turns the start of a line into a block: heading, list item, rule, quote, code fence.
_BLOCK_START = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))")
_CONTEXT_CHARS = 160


def escape(text: str) -> str:
    """``text`` as literal inline Markdown: one line, punctuation backslash-escaped."""
    flat = " ".join(text.split())
    flat = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", flat))
    return _BLOCK_START.sub(_escape_block_start, flat)


def _escape_block_start(match: re.Match[str]) -> str:
    lead, marker = match[1], match[2]
    if marker[0].isdigit():  # "1." starts a list: escape the dot, not the digit
        return lead + marker + "\\"
    return lead + "\\" + marker


def to_markdown(report: Report) -> str:
    """Disputed first, then corroborated, unique per outlet, quotes, names, sourcing, timeline."""
    view = build(report)
    out: list[str] = [f"# {escape(view.title)}", ""]
    out += _overview(view)
    out += ["## Disputed", ""]
    out += _facts(view.disputed, "No fact is disputed.")
    out += ["## Corroborated", ""]
    out += _facts(view.corroborated, "No fact is corroborated by independent sources.")
    for group in view.unique:
        out += [f"## {escape(group.heading)}", ""]
        for fv in group.facts:
            out += _unique(fv, with_outlet=len(group.outlets) > 1)
        out.append("")
    out += _quotes(view)
    out += _people(view)
    out += _sourcing(view)
    out += _timeline(view)
    if report.notes:
        out += ["## Notes", ""] + [f"- {escape(n)}" for n in report.notes] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


def diff_markdown(diff: tuple[DiffOp, ...]) -> str:
    """Word-level changes as ``~~deleted~~`` and ``**inserted**``."""
    marks = {"equal": "{}", "delete": "~~{}~~", "insert": "**{}**"}
    return "".join(
        gap + marks[kind].format(escape(text)) for kind, gap, text in diff_segments(diff)
    )


def _overview(view: ReportView) -> list[str]:
    counts = view.counts
    lines = [
        f"{len(view.articles)} articles · {counts['disputed']} disputed · "
        f"{counts['corroborated']} corroborated · {counts['unique']} unique facts",
        "",
    ]
    for article in view.articles.values():
        bits = [f"**{escape(view.outlets[article.id])}**"]
        if article.published:
            bits.append(escape(article.published))
        if article.title:
            bits.append(f"*{escape(article.title)}*")
        if article.authors:
            bits.append("by " + escape(", ".join(article.authors)))
        if article.url:
            bits.append(f"<{article.url}>" if _safe_url(article.url) else escape(article.url))
        lines.append("- " + " · ".join(bits))
    return [*lines, ""]


def _facts(facts: tuple[FactView, ...], empty: str) -> list[str]:
    if not facts:
        return [f"*{empty}*", ""]
    out: list[str] = []
    for n, fv in enumerate(facts, 1):
        out += [f"### {n}. {escape(fv.fact.summary)}", ""]
        verdict = f"**{fv.verdict}**"
        if fv.grade:
            verdict += f" — {escape(fv.grade)}"
        sources = fv.fact.sources
        out += [
            f"{verdict} · {sources} independent source{'s' if sources != 1 else ''} · "
            + escape(", ".join(fv.outlets)),
            "",
        ]
        if fv.reason:
            out += [f"**Why disputed:** {escape(fv.reason)}", ""]
        if fv.sides:
            for side in fv.sides:
                out += [f"**{escape(side.label)}** — {escape(', '.join(side.outlets))}", ""]
                for line in side.claims:
                    out += _claim_quote(line)
        else:
            for line in fv.claims:
                out += _claim_quote(line)
        if fv.why:
            out += ["Why: " + escape(" / ".join(fv.why)), ""]
    return out


def _claim_quote(line: ClaimLine) -> list[str]:
    how = [escape(line.certainty), escape(line.attribution)]
    if line.negated:
        how.append("negated")
    if line.dates:
        how.append("dates: " + escape("; ".join(line.dates)))
    return [
        f"> **{escape(line.outlet)}** · " + " · ".join(how),
        ">",
        f"> {escape(line.claim.text)}",
        "",
    ]


def _unique(fv: FactView, *, with_outlet: bool) -> list[str]:
    if not fv.claims:
        return [f"- {escape(fv.fact.summary)}"]
    out = []
    for line in fv.claims:
        how = [escape(line.outlet)] if with_outlet else []
        how += [escape(line.certainty), escape(line.attribution)]
        if line.dates:
            how.append("dates: " + escape("; ".join(line.dates)))
        out.append(f"- {escape(line.claim.text)} — *{' · '.join(how)}*")
    return out


def _quotes(view: ReportView) -> list[str]:
    out = ["## Quotes across outlets", ""]
    if not view.quote_groups:
        return [*out, "*No quote appears in more than one outlet.*", ""]
    for group in view.quote_groups:
        title = escape(group.speaker)
        if group.speaker_conflict:
            title += " (the outlets name different speakers)"
        out += [f"### {title}", ""]
        for variant in group.variants:
            out.append(f"- **{escape(variant.outlet)}**: “{escape(variant.text)}”")
            if variant.changed:
                out.append(
                    f"  - changes from {escape(group.base_outlet)}: {diff_markdown(variant.diff)}"
                )
        out.append("")
    return out


def _people(view: ReportView) -> list[str]:
    out = ["## People and names", ""]
    if not view.entities:
        return [*out, "*No names were resolved.*", ""]
    out += [
        "| Name | Type | Also called | Titles | Outlets | Mentions |",
        "| --- | --- | --- | --- | --- | ---: |",
    ]
    for ev in view.entities:
        e = ev.entity
        cells = [
            f"**{escape(e.name)}**",
            escape(e.label),
            escape("; ".join(e.aliases)),
            escape("; ".join(e.titles)),
            escape(", ".join(ev.outlets)),
            str(ev.mentions),
        ]
        out.append("| " + " | ".join(cells) + " |")
    return [*out, ""]


def _sourcing(view: ReportView) -> list[str]:
    out = ["## Sourcing", ""]
    if not view.sourcing:
        return [*out, "*No sourcing was measured.*", ""]
    columns = list(CERTAINTIES)
    out += [
        "| Outlet | " + " | ".join(escape(c) for c in columns) + " | Top sources |",
        "| --- | " + " | ".join("---:" for _ in columns) + " | --- |",
    ]
    for sv in view.sourcing:
        counts = dict(sv.counts)
        top = "; ".join(f"{s.source} ({s.kind}, {s.claims})" for s in sv.top)
        cells = [f"**{escape(sv.outlet)}**", *(str(counts.get(c, 0)) for c in columns)]
        out.append("| " + " | ".join([*cells, escape(top)]) + " |")
    return [*out, ""]


def _timeline(view: ReportView) -> list[str]:
    out = ["## Timeline", ""]
    if not view.timeline:
        return [*out, "*No date was resolved.*", ""]
    out += ["| Date | Written | Outlet | In context |", "| --- | --- | --- | --- |"]
    for entry in view.timeline:
        context = entry.context
        if len(context) > _CONTEXT_CHARS:
            context = context[: _CONTEXT_CHARS - 1].rstrip() + "…"
        cells = [
            escape(entry.when)
            + (f" ({escape(entry.time.value or '')})" if entry.when != entry.time.value else ""),
            f"“{escape(entry.time.text)}”",
            escape(entry.outlet),
            escape(context),
        ]
        out.append("| " + " | ".join(cells) + " |")
    return [*out, ""]


def _safe_url(url: str) -> bool:
    return re.match(r"^https?://[^\s<>]+$", url) is not None
