"""Commands for the batch side of rashomon; `register(app)` adds them to the main CLI."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from rashomon.cli.common import err, fail, open_out, progress, read_lines, service
from rashomon.errors import ConfigError, InputError, RashomonError
from rashomon.settings import load_settings


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command("cluster")(cluster)
    app.command("batch")(batch)


def cluster(
    input: Annotated[
        str, typer.Option("--input", "-i", help="JSON Lines of articles; - for stdin.")
    ] = "-",
    output: Annotated[
        str, typer.Option("--output", "-o", help="JSON Lines {id, story}; - for stdout.")
    ] = "-",
    fast: Annotated[
        bool,
        typer.Option(
            "--fast",
            help="Entities from capitalised words, no spaCy parse (quicker, a little less exact).",
        ),
    ] = False,
    threshold: Annotated[
        float | None, typer.Option(help="Average-link similarity to join a story (default 0.095).")
    ] = None,
) -> None:
    """Group articles into stories (the same event), one {id, story} line per article."""
    from rashomon.ingest import read_jsonl
    from rashomon.service import ClusterParams

    try:
        params = ClusterParams()
        if threshold is not None:
            if not 0.0 < threshold < 1.0:
                raise ConfigError(f"--threshold {threshold}; give a number between 0 and 1")
            params = replace(params, threshold=threshold)
        source = input if input != "-" else "<stdin>"
        articles = list(read_jsonl([line for _, line in read_lines(input)], source=source))
        if not articles:
            raise InputError("no articles", source=source)
        seen: set[str] = set()
        for a in articles:
            if a.id in seen:
                raise InputError(f"article id {a.id!r} appears twice", source=a.source or source)
            seen.add(a.id)
        svc = service()
        docs = []
        with progress("reading") as bar:
            task = bar.add_task("read", total=len(articles))
            for lo in range(0, len(articles), 32):
                chunk = articles[lo : lo + 32]
                analyses = None if fast else svc.analyze(chunk)
                docs.extend(svc.story_docs(chunk, analyses))
                bar.advance(task, len(chunk))
        stories = svc.cluster(docs, params)
        out = open_out(output)
        try:
            for d, sid in zip(docs, stories, strict=True):
                out.write(json.dumps({"id": d.id, "story": sid}, ensure_ascii=False) + "\n")
        finally:
            if out is not sys.stdout:
                out.close()
        err.print(f"{len(articles)} articles, {len(set(stories))} stories")
    except RashomonError as exc:
        fail(exc)


def batch(
    input: Annotated[
        str,
        typer.Argument(
            help="Articles: .jsonl or .parquet (id, text or html, title, outlet, published, url)."
        ),
    ],
    output: Annotated[
        str, typer.Argument(help="Per-article analysis and story: .jsonl or .parquet.")
    ],
    engine: Annotated[
        str, typer.Option(help="local (in process) or ray (Ray Data; the [ray] extra).")
    ] = "local",
    batch_size: Annotated[
        int, typer.Option(help="Articles per batch given to the per-batch function.")
    ] = 16,
    on_error: Annotated[str, typer.Option(help="stop or skip an article that fails.")] = "stop",
    fast: Annotated[
        bool, typer.Option("--fast", help="Embed and cluster only: no spaCy analysis.")
    ] = False,
) -> None:
    """Analyse and cluster a corpus: per-article analysis plus its story, in process or on Ray."""
    from rashomon.scale import ENGINES, run_batch

    try:
        if engine not in ENGINES:
            raise ConfigError(f"--engine {engine!r}; valid: {', '.join(ENGINES)}")
        if on_error not in {"stop", "skip"}:
            raise ConfigError(f"--on-error {on_error!r}; valid: stop, skip")
        if batch_size < 1:
            raise ConfigError(f"--batch-size {batch_size}; give a positive number")
        settings = load_settings()  # the models load in the batch function, not here
        total = _count_lines(input)
        with progress(f"batch ({engine})") as bar:
            task = bar.add_task("articles", total=total)
            summary = run_batch(
                input,
                output,
                engine=engine,
                settings=settings,
                batch_size=batch_size,
                on_error=on_error,
                analyze=not fast,
                progress=lambda n: bar.advance(task, n),
            )
        err.print(
            f"{summary.articles} articles, {summary.stories} stories, {summary.failed} failed"
            f" ({summary.seconds:.1f} s, {summary.engine})"
        )
        for ident, reason in summary.failures[:20]:
            err.print(f"  failed {ident}: {reason}", markup=False, highlight=False)
        if len(summary.failures) > 20:
            err.print(f"  … and {len(summary.failures) - 20} more")
    except RashomonError as exc:
        fail(exc)


def _count_lines(path: str) -> int | None:
    """Articles in a JSON Lines file (non-blank lines), or in a Parquet file's metadata; None
    when it cannot be told cheaply (the bar then shows a count without a total)."""
    p = Path(path)
    if not p.is_file():
        return None
    if p.suffix.lower() == ".parquet":
        try:
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(p).metadata.num_rows)
        except Exception:  # the real reader reports a bad file with its reason
            return None
    with p.open("rb") as fh:
        return sum(1 for line in fh if line.strip())
