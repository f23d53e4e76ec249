"""The batch pipeline: read articles (JSON Lines or Parquet), analyse and embed them batch by
batch with one callable class (in process, or as a Ray Data actor holding the models), then
cluster the whole corpus into stories and write one record per article."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.errors import ConfigError, InputError, RashomonError
from rashomon.ingest import read_jsonl
from rashomon.model import Analysis, Article, plain
from rashomon.report import analysis_dict
from rashomon.service import ClusterParams, Service, StoryDoc
from rashomon.settings import Settings

log = logging.getLogger(__name__)

ENGINES = ("local", "ray")
OUT_COLUMNS = (
    "id",
    "error",
    "title",
    "published",
    "vector",
    "entities",
    "terms",
    "dates",
    "analysis",
)


@dataclass(frozen=True, slots=True)
class BatchSummary:
    engine: str
    articles: int
    stories: int
    failed: int
    seconds: float
    failures: tuple[tuple[str, str], ...] = ()  # (article id or line, reason)


def _format(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    if suffix == ".parquet":
        return "parquet"
    raise InputError(f"unknown format {suffix or '(none)'!r}; valid: .jsonl, .parquet", source=path)


class ArticleBatch:
    """The per-batch function, a callable class: models load once per instance (per Ray actor).

    A batch is a mapping of columns: either ``line`` (raw JSON Lines) or article fields
    (``id``, ``text`` or ``html``, ``title``, ``outlet``, ``published``, ``url``). It returns
    columns ``OUT_COLUMNS``: the story inputs (vector, entity keys, terms, dates) and the
    analysis as JSON; an article that fails gets its reason in ``error``.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        analyze: bool = True,
        on_error: str = "stop",
        use_gpu: bool = False,
        line_column: str = "line",
    ) -> None:
        self.settings = settings or Settings()
        self.line_column = line_column
        self.analyze = analyze
        self.on_error = on_error
        self.use_gpu = use_gpu
        self._service: Service | None = None

    @property
    def service(self) -> Service:
        if self._service is None:
            self._service = Service(settings=self.settings)
            if self.use_gpu:
                _prefer_gpu(self._service.embedder)
        return self._service

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        articles, failures = self._articles(batch)
        analyses: list[Analysis | None] = [None] * len(articles)
        if self.analyze and articles:
            analyses, more = self._analyze(articles)
            failures.extend(more)
        ok = [i for i, a in enumerate(articles) if not self.analyze or analyses[i] is not None]
        docs = self.service.story_docs(
            [articles[i] for i in ok],
            [a for i in ok if (a := analyses[i]) is not None] if self.analyze else None,
        )
        out: dict[str, list[Any]] = {k: [] for k in OUT_COLUMNS}
        for i, d in zip(ok, docs, strict=True):
            an = analyses[i]
            out["id"].append(d.id)
            out["error"].append("")
            out["title"].append(d.title or "")
            out["published"].append(d.published or "")
            out["vector"].append(d.vector)
            out["entities"].append(json.dumps(sorted(d.entities)))
            out["terms"].append(json.dumps(sorted(d.terms)))
            out["dates"].append(json.dumps(sorted(d.dates)))
            out["analysis"].append(json.dumps(analysis_dict(an)) if an is not None else "{}")
        for ident, reason in failures:
            out["id"].append(ident)
            out["error"].append(reason)
            out["title"].append("")
            out["published"].append("")
            out["vector"].append(np.zeros(384, dtype=np.float32))
            for k in ("entities", "terms", "dates"):
                out[k].append("[]")
            out["analysis"].append("{}")
        result: dict[str, Any] = dict(out)
        result["vector"] = (
            np.stack(out["vector"]).astype(np.float32)
            if out["vector"]
            else np.zeros((0, 384), np.float32)
        )
        return result

    def _articles(self, batch: Mapping[str, Any]) -> tuple[list[Article], list[tuple[str, str]]]:
        columns = {k: list(v) for k, v in batch.items()}
        n = len(next(iter(columns.values()), []))
        if self.line_column in columns:
            lines = [str(x).strip() for x in columns[self.line_column]]
        else:
            lines = [
                json.dumps(
                    {k: _cell(columns[k][i]) for k in columns if _cell(columns[k][i]) is not None}
                )
                for i in range(n)
            ]
        articles: list[Article] = []
        failures: list[tuple[str, str]] = []
        for line in lines:
            if not line.strip():
                continue
            try:
                articles.extend(read_jsonl([line], source="batch"))
            except InputError as exc:
                if self.on_error == "stop":
                    raise
                failures.append((_line_id(line), str(exc)))
        return articles, failures

    def _analyze(
        self, articles: Sequence[Article]
    ) -> tuple[list[Analysis | None], list[tuple[str, str]]]:
        try:
            return list(self.service.analyze(articles)), []
        except RashomonError:
            if self.on_error == "stop":
                raise
        # One failed: analyse one by one to learn which, and why.
        out: list[Analysis | None] = []
        failures = []
        for a in articles:
            try:
                out.append(self.service.analyze([a])[0])
            except RashomonError as exc:
                log.warning("article %s failed: %s", a.id, exc)
                out.append(None)
                failures.append((a.id, str(exc)))
        return out, failures


def _cell(value: Any) -> Any:
    """A Parquet / Arrow cell as JSON: dates as YYYY-MM-DD, pandas' NaN as missing."""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, float) and value != value:
        return None
    return plain(value)


def _line_id(line: str) -> str:
    try:
        rec = json.loads(line)
        return str(rec.get("id", "?")) if isinstance(rec, dict) else "?"
    except json.JSONDecodeError:
        return line[:40]


def _prefer_gpu(embedder: Any) -> None:
    """Run the embedder's ONNX session on CUDA where onnxruntime offers it (a GPU actor)."""
    import onnxruntime as ort

    if "CUDAExecutionProvider" not in ort.get_available_providers():
        log.info("a GPU actor, but onnxruntime has no CUDA provider: embedding on the CPU")
        return
    embedder.embed(["warm up"])  # loads the session
    embedder._session.set_providers(["CUDAExecutionProvider", "CPUExecutionProvider"])


# -- reading and writing -----------------------------------------------------------


def _local_batches(path: str, fmt: str, size: int) -> Iterator[dict[str, list[Any]]]:
    if fmt == "jsonl":
        p = Path(path)
        if not p.is_file():
            raise InputError("no such file", source=path)
        chunk: list[str] = []
        with p.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    chunk.append(line)
                if len(chunk) == size:
                    yield {"line": chunk}
                    chunk = []
        if chunk:
            yield {"line": chunk}
        return
    pq = _pyarrow_parquet()
    if not Path(path).is_file():
        raise InputError("no such file", source=path)
    for rb in pq.ParquetFile(path).iter_batches(batch_size=size):
        yield {name: rb.column(name).to_pylist() for name in rb.schema.names}


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError("Parquet needs pyarrow: pip install 'rashomon[ray]'") from exc
    return pq


LIGHT_COLUMNS = ("id", "error", "title", "published", "entities", "terms", "dates")


class _Spool:
    """What a run collects as batches arrive: the story inputs of every article stay in memory
    (a vector and a few keys each), its analysis JSON goes straight to a temporary file beside
    the output. The driver's memory then grows by a couple of kB an article, not by the whole
    analysis; `write` streams the analyses back out beside their stories."""

    def __init__(self, output: str) -> None:
        out = Path(output)
        try:
            self._fh = tempfile.NamedTemporaryFile(  # noqa: SIM115 (open for the run; close())
                "w+",
                encoding="utf-8",
                newline="\n",
                dir=out.parent if str(out.parent) else ".",
                prefix=f".{out.name}.",
                suffix=".spool",
                delete=False,
            )
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror}", source=output) from exc
        self.path = Path(self._fh.name)
        self.rows: dict[str, list[Any]] = {k: [] for k in LIGHT_COLUMNS}
        self._vectors: list[np.ndarray] = []

    def add(self, part: Mapping[str, Any]) -> None:
        for k in LIGHT_COLUMNS:
            self.rows[k].extend(str(x) for x in part[k])
        self._vectors.extend(np.asarray(v, dtype=np.float32) for v in part["vector"])
        for text in part["analysis"]:
            # One analysis a line: json.dumps escapes newlines, so the line count is the row count.
            self._fh.write(str(text) + "\n")

    @property
    def vectors(self) -> np.ndarray:
        return np.stack(self._vectors) if self._vectors else np.zeros((0, 384), np.float32)

    def __len__(self) -> int:
        return len(self.rows["id"])

    def analyses(self) -> Iterator[str]:
        self._fh.flush()
        self._fh.seek(0)
        for line in self._fh:
            yield line.rstrip("\n")

    def close(self) -> None:
        self._fh.close()
        self.path.unlink(missing_ok=True)


def _stories(
    rows: Mapping[str, Any], vectors: np.ndarray, params: ClusterParams | None = None
) -> list[str]:
    docs = []
    for i, ident in enumerate(rows["id"]):
        if rows["error"][i]:
            continue
        docs.append(
            StoryDoc(
                id=str(ident),
                title=rows["title"][i] or None,
                text="",
                published=rows["published"][i] or None,
                vector=vectors[i],
                entities=frozenset(json.loads(rows["entities"][i])),
                dates=frozenset(json.loads(rows["dates"][i])),
                terms=frozenset(json.loads(rows["terms"][i])),
            )
        )
    of = dict(zip((d.id for d in docs), Service.cluster(docs, params), strict=True))
    return [of.get(str(ident), "") for ident in rows["id"]]


PARQUET_ROWS = 1000  # rows per Parquet row group when writing


def _write(path: str, fmt: str, spool: _Spool, stories: Sequence[str]) -> None:
    """Write the output next to itself and move it into place: a run that stops half-way
    leaves no half-written file under the output's name."""
    rows = spool.rows
    tmp = Path(path).with_name(f".{Path(path).name}.partial")
    try:
        if fmt == "parquet":
            _write_parquet(tmp, spool, stories)
        else:
            with tmp.open("w", encoding="utf-8") as fh:
                for i, analysis in enumerate(spool.analyses()):
                    rec: dict[str, Any] = {"id": rows["id"][i], "story": stories[i] or None}
                    if rows["error"][i]:
                        rec["error"] = rows["error"][i]
                    rec.update(json.loads(analysis))
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror}", source=path) from exc


def _write_parquet(tmp: Path, spool: _Spool, stories: Sequence[str]) -> None:
    import pyarrow as pa

    schema = pa.schema(
        [
            ("id", pa.string()),
            ("story", pa.string()),
            ("error", pa.string()),
            ("analysis", pa.string()),
        ]
    )
    rows = spool.rows
    with _pyarrow_parquet().ParquetWriter(str(tmp), schema) as writer:
        chunk: list[str] = []
        lo = 0
        for text in [*spool.analyses(), None]:
            if text is not None:
                chunk.append(text)
            if chunk and (text is None or len(chunk) == PARQUET_ROWS):
                hi = lo + len(chunk)
                writer.write_table(
                    pa.table(
                        {
                            "id": rows["id"][lo:hi],
                            "story": list(stories[lo:hi]),
                            "error": rows["error"][lo:hi],
                            "analysis": chunk,
                        },
                        schema=schema,
                    )
                )
                lo, chunk = hi, []


# -- engines ---------------------------------------------------------------------


def run_batch(
    input: str,
    output: str,
    *,
    engine: str = "local",
    settings: Settings | None = None,
    batch_size: int = 16,
    on_error: str = "stop",
    analyze: bool = True,
    ray_cpus: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Analyse, embed and cluster the articles of ``input``; write one record per article to
    ``output`` (JSON Lines or Parquet, by suffix): its ``story``, its analysis and any ``error``.
    ``progress`` is called with the number of articles each finished batch held."""
    if engine not in ENGINES:
        raise ConfigError(f"engine {engine!r}; valid: {', '.join(ENGINES)}")
    fmt_in, fmt_out = _format(input), _format(output)
    t = time.perf_counter()
    fn_kwargs: dict[str, Any] = {"settings": settings, "analyze": analyze, "on_error": on_error}
    spool = _Spool(output)
    try:
        if engine == "local":
            fn = ArticleBatch(**fn_kwargs)
            for b in _local_batches(input, fmt_in, batch_size):
                part = fn(b)
                spool.add(part)
                _report(progress, part)
        else:
            _run_ray(input, fmt_in, fn_kwargs, batch_size, ray_cpus, spool, progress)
        rows = spool.rows
        stories = _stories(rows, spool.vectors)
        _write(output, fmt_out, spool, stories)
    finally:
        spool.close()
    failures = tuple((i, e) for i, e in zip(rows["id"], rows["error"], strict=True) if e)
    summary = BatchSummary(
        engine=engine,
        articles=len(rows["id"]),
        stories=len({s for s in stories if s}),
        failed=len(failures),
        seconds=time.perf_counter() - t,
        failures=failures,
    )
    log.info("%s", summary)
    return summary


def _actor_pool(cpus: float) -> tuple[int, float]:
    """(actors, CPUs per actor) for a cluster with ``cpus`` CPUs. A quarter of a CPU stays free
    for the reads; on up to 4 cores every core gets an actor with a fractional share (whole-CPU
    actors beside the reads would leave one core idle, or deadlock on 2), above that one
    whole-CPU actor per core left."""
    if cpus <= 4:
        actors = max(1, int(cpus))
        return actors, round((cpus - 0.25) / actors, 3)
    return int(cpus - 1), 1.0


def _count_rows(path: str, fmt: str) -> int:
    if fmt == "parquet":
        return int(_pyarrow_parquet().ParquetFile(path).metadata.num_rows)
    with open(path, "rb") as fh:
        return sum(1 for line in fh if line.strip())


def _report(progress: Callable[[int], None] | None, part: Mapping[str, Any]) -> None:
    if progress is not None:
        progress(len(part["id"]))


def _run_ray(
    input: str,
    fmt: str,
    fn_kwargs: dict[str, Any],
    batch_size: int,
    cpus: int | None,
    spool: _Spool,
    progress: Callable[[int], None] | None = None,
) -> None:
    # Ray on a small Linux box: a local cluster on loopback, no dashboard.
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    try:
        import ray
    except ImportError as exc:
        raise ConfigError("--engine ray needs Ray: pip install 'rashomon[ray]'") from exc
    if not Path(input).is_file():
        raise InputError("no such file", source=input)
    started = not ray.is_initialized()
    if started:
        ray.init(
            num_cpus=cpus or min(os.cpu_count() or 2, 2),
            include_dashboard=False,
            _node_ip_address="127.0.0.1",
            log_to_driver=False,
            configure_logging=False,
            # Two malloc arenas per worker: glibc's default (8 per core) lets the many threads
            # of a Ray worker fragment the heap of a long analysis run.
            runtime_env={"env_vars": {"MALLOC_ARENA_MAX": "2"}},
        )
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        resources = ray.cluster_resources()
        gpu = resources.get("GPU", 0) >= 1
        cpus_total = float(resources.get("CPU", 1))
        actors, actor_cpus = _actor_pool(cpus_total)
        if actors > 1 and not fn_kwargs.get("settings"):
            fn_kwargs = {**fn_kwargs, "settings": Settings()}
        if actors > 1:
            # One onnxruntime thread per actor: the actors themselves fill the cores.
            fn_kwargs = {**fn_kwargs, "settings": replace(fn_kwargs["settings"], threads=1)}
        # Fractional CPUs for the reads: a read task asking for a whole core beside actors
        # that hold the rest would wait for ever on a small machine.
        # A file reads as one block, and a block goes whole to one actor: ask for blocks of a
        # few batches, so the actors share the work and results stream back as they finish.
        # (Ray splits a file's block to meet the count; a repartition would need a whole free
        # CPU, which the actors hold.)
        blocks = max(1, -(-_count_rows(input, fmt) // (batch_size * 4)))
        read_args: dict[str, Any] = {"num_cpus": 0.25, "override_num_blocks": blocks}
        if fmt == "jsonl":
            # Raw lines, column "text": no renaming step, which would be one more task
            # asking for a CPU the actors hold.
            ds = ray.data.read_text(input, **read_args)
            fn_kwargs = {**fn_kwargs, "line_column": "text"}
        else:
            ds = ray.data.read_parquet(input, **read_args)
        ds = ds.map_batches(
            ArticleBatch,
            fn_constructor_kwargs={**fn_kwargs, "use_gpu": gpu},
            batch_size=batch_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=actor_cpus,
            num_gpus=1 if gpu else 0,
        )
        for part in ds.iter_batches(batch_size=None, batch_format="numpy"):
            spool.add(part)
            _report(progress, part)
    finally:
        if started:
            ray.shutdown()
