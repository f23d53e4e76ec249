"""Benchmark: story clustering at scale, and the batch engines (local vs Ray) on this machine.

Builds a corpus of real articles from ../shared/data/news-corpus into a temporary folder
(never into the repository): BASIL (162), PAC (296), BBC (2,054), then the AllSides shards
in file order until the size is reached; each record keeps id, title, text, outlet, published.

Measures, each in a fresh subprocess with its peak RSS (the whole process tree, Ray included):
  - embed: story docs (MiniLM vector of title + lead, terms, capitalised-word entities) per
    article, over the largest size;
  - cluster: batch `cluster` and the online `StoryIndex` at 1k, 5k and 10k docs (time per doc:
    flat means no quadratic step);
  - engines: `run_batch` local vs Ray on the same cores, embed + cluster (`fast`) and with the
    full spaCy analysis on a smaller slice.
Writes bench/results/scale_throughput.json. Run:
  nice -n 10 .venv/bin/python bench/scale_throughput.py [--sizes 1000,5000,10000]
      [--engine-size 2000] [--analyze-size 200]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "news-corpus"
OUT = ROOT / "bench" / "results" / "scale_throughput.json"
FIELDS = ("id", "title", "text", "outlet", "published")


def build_corpus(n: int, path: Path) -> int:
    files = [CORPUS / "basil.jsonl", CORPUS / "pac.jsonl", CORPUS / "bbc.jsonl"] + [
        CORPUS / f"allsides-0{i}.jsonl.gz" for i in range(3)
    ]
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for f in files:
            opener = gzip.open if f.suffix == ".gz" else open
            with opener(f, "rt", encoding="utf-8") as fh:
                for line in fh:
                    rec = json.loads(line)
                    out.write(
                        json.dumps({k: rec.get(k) for k in FIELDS}, ensure_ascii=False) + "\n"
                    )
                    count += 1
                    if count == n:
                        return count
    return count


def _tree_stats(root: int) -> tuple[int, float]:
    """RSS in bytes and CPU seconds (user + system) of `root` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    stats: dict[int, tuple[int, float]] = {}
    tick = os.sysconf("SC_CLK_TCK")
    page = os.sysconf("SC_PAGE_SIZE")
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                parts = fh.read().rsplit(")", 1)[1].split()
            ppid, cpu, pages = (
                int(parts[1]),
                (int(parts[11]) + int(parts[12])) / tick,
                int(parts[21]),
            )
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(d))
        stats[int(d)] = (pages * page, cpu)
    rss, cpu, stack = 0, 0.0, [root]
    while stack:
        p = stack.pop()
        r, c = stats.get(p, (0, 0.0))
        rss, cpu = rss + r, cpu + c
        stack.extend(children.get(p, []))
    return rss, cpu


def run_measured(code: str, *args: str) -> dict:
    """Run `code` in a fresh interpreter; its last stdout line is JSON. Adds the peak RSS and
    the CPU seconds of the whole process tree (Ray's workers included), sampled twice a second,
    and the load average around the run (other jobs share these cores)."""
    load = os.getloadavg()[0]
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak, cpu = 0, 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, cpu
        while not stop.is_set():
            r, c = _tree_stats(proc.pid)
            peak, cpu = max(peak, r), max(cpu, c)
            stop.wait(0.5)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, err = proc.communicate()
    stop.set()
    th.join()
    if proc.returncode != 0:
        raise RuntimeError(err[-3000:])
    res = json.loads(out.strip().splitlines()[-1])
    res["peak_rss_mb"] = round(peak / 2**20)
    res["tree_cpu_seconds"] = round(cpu, 1)
    res["load_average"] = [round(load, 1), round(os.getloadavg()[0], 1)]
    return res


CLUSTER_CODE = r"""
import json, pickle, sys, time
from rashomon.compare.stories import StoryIndex, cluster, story_docs
from rashomon.ingest import read_jsonl
from rashomon.service import Service
import rashomon.compare.stories as stories_mod
from rashomon.nlp.embed import MiniLMEmbedder
path, sizes = sys.argv[1], [int(x) for x in sys.argv[2].split(",")]
chars, tokens = int(sys.argv[3]), int(sys.argv[4])
articles = list(read_jsonl(open(path, encoding="utf-8"), source=path))
# The story vector from a shorter lead when asked (--vector-chars/--vector-tokens): the
# terms and entities still come from the whole text.
_doc_text = stories_mod.doc_text
stories_mod.doc_text = lambda a, max_chars=2000: _doc_text(a, max_chars=chars)
class _Svc:
    embedder = MiniLMEmbedder(max_tokens=tokens)
svc = _Svc()
t, c = time.perf_counter(), time.process_time()
docs = []
for lo in range(0, len(articles), 64):
    docs.extend(story_docs(articles[lo:lo + 64], None, svc.embedder))
embed, embed_cpu = time.perf_counter() - t, time.process_time() - c
res = {"articles": len(articles), "vector_lead_chars": chars, "vector_max_tokens": tokens,
       "embed_seconds": round(embed, 1), "embed_cpu_seconds": round(embed_cpu, 1),
       "embed_articles_per_second": round(len(articles) / embed, 2), "cluster": []}
for n in sizes:
    sub = docs[:n]
    t, c = time.perf_counter(), time.process_time()
    stories = cluster(sub)
    tb, cb = time.perf_counter() - t, time.process_time() - c
    index = StoryIndex()
    t, c = time.perf_counter(), time.process_time()
    for d in sub:
        index.add(d)
    to, co = time.perf_counter() - t, time.process_time() - c
    res["cluster"].append({"docs": n, "batch_seconds": round(tb, 2),
        "batch_ms_per_doc": round(1000 * tb / n, 3),
        "batch_cpu_ms_per_doc": round(1000 * cb / n, 3),
        "online_seconds": round(to, 2), "online_ms_per_doc": round(1000 * to / n, 3),
        "online_cpu_ms_per_doc": round(1000 * co / n, 3),
        "batch_stories": len(set(stories)), "online_stories": len(index.stories())})
print(json.dumps(res))
"""

ENGINE_CODE = r"""
import json, sys, time
from rashomon.scale import run_batch
inp, out, engine, analyze = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
t, c = time.perf_counter(), time.process_time()
s = run_batch(inp, out, engine=engine, analyze=analyze, batch_size=32 if analyze else 64)
secs, cpu = time.perf_counter() - t, time.process_time() - c
print(json.dumps({"engine": engine, "analyze": analyze, "articles": s.articles,
    "stories": s.stories, "failed": s.failed, "seconds": round(secs, 1),
    "driver_cpu_seconds": round(cpu, 1), "articles_per_second": round(s.articles / secs, 3)}))
"""


FULL_CODE = r"""
import json, sys, time
from rashomon.scale import run_batch
inp, out, engine, log = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
done, t0 = 0, time.perf_counter()
marks = []
with open(log, "w") as fh:
    def progress(n):
        global done
        done += n
        seconds = round(time.perf_counter() - t0, 2)
        fh.write(json.dumps({"articles": done, "seconds": seconds}) + "\n")
        fh.flush()
    s = run_batch(inp, out, engine=engine, batch_size=32, on_error="skip", progress=progress)
secs = time.perf_counter() - t0
print(json.dumps({"engine": engine, "articles": s.articles, "stories": s.stories,
    "failed": s.failed, "seconds": round(secs, 1),
    "articles_per_second": round(s.articles / secs, 3)}))
"""


def growth(log: Path, total_seconds: float, marks: tuple[int, ...] = (1000, 5000, 10000)) -> dict:
    """Seconds per article over the 1,000 articles before each mark (analysis, in arrival
    order), and what is left after the last batch: clustering the whole corpus and writing."""
    rows = [json.loads(x) for x in log.read_text().splitlines() if x.strip()]
    out: dict = {"windows": []}

    def at(n: int) -> float | None:
        for r in rows:
            if r["articles"] >= n:
                return r["seconds"] * n / r["articles"] if r["articles"] == n else r["seconds"]
        return None

    for m in marks:
        hi, lo = at(m), at(m - 1000) if m > 1000 else 0.0
        if hi is not None and lo is not None:
            out["windows"].append({"up_to": m, "ms_per_article": round(hi - lo, 1)})
    if rows:
        out["after_last_batch_seconds"] = round(total_seconds - rows[-1]["seconds"], 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,5000,10000")
    ap.add_argument("--engine-size", type=int, default=2000)
    ap.add_argument("--analyze-size", type=int, default=200)
    ap.add_argument("--vector-chars", type=int, default=2000)
    ap.add_argument("--vector-tokens", type=int, default=256)
    ap.add_argument(
        "--skip", default="", help="comma list of parts to skip: cluster,engines,analyze"
    )
    ap.add_argument(
        "--full",
        default="",
        help="the whole pipeline (analysis + clustering) over the largest size, for these "
        "engines (comma list: local,ray), each in its own process; progress written per batch",
    )
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    skip = set(args.skip.split(",")) - {""}
    res: dict = json.loads(OUT.read_text()) if OUT.is_file() else {}
    res["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_at_start": os.getloadavg(),
    }
    res["corpus"] = (
        "real articles from ../shared/data/news-corpus: basil, pac, bbc, then allsides "
        "shards in file order; fields id, title, text, outlet, published"
    )
    with tempfile.TemporaryDirectory(prefix="rashomon-bench-") as tmp:
        big = Path(tmp) / "corpus.jsonl"
        n = build_corpus(max(sizes), big)
        res["corpus_articles"] = n
        if "cluster" not in skip:
            res["cluster_scaling"] = run_measured(
                CLUSTER_CODE, str(big), args.sizes, str(args.vector_chars), str(args.vector_tokens)
            )
            OUT.write_text(json.dumps(res, indent=2) + "\n")
        for part, size, analyze in (
            ("engines", args.engine_size, "0"),
            ("analyze", args.analyze_size, "1"),
        ):
            if part in skip:
                continue
            sub = Path(tmp) / f"{part}.jsonl"
            build_corpus(size, sub)
            runs = [
                run_measured(ENGINE_CODE, str(sub), str(Path(tmp) / f"out-{e}.jsonl"), e, analyze)
                for e in ("local", "ray")
            ]
            res[part] = {
                "articles": size,
                "runs": runs,
                "ray_over_local": round(
                    runs[1]["articles_per_second"] / runs[0]["articles_per_second"], 3
                ),
            }
            OUT.write_text(json.dumps(res, indent=2) + "\n")
        for engine in [e for e in args.full.split(",") if e]:
            log = Path(tmp) / f"full-{engine}.progress.jsonl"
            run = run_measured(
                FULL_CODE, str(big), str(Path(tmp) / f"full-{engine}.jsonl"), engine, str(log)
            )
            run["growth"] = growth(log, run["seconds"])
            run["finished"] = time.strftime("%Y-%m-%d %H:%M")
            # A smaller run (a memory check, say) is kept beside the 10k one, not over it.
            res.setdefault("full", {})[engine if n >= 10_000 else f"{engine}@{n}"] = run
            OUT.write_text(json.dumps(res, indent=2) + "\n")
    res["finished"] = time.strftime("%Y-%m-%d %H:%M")
    OUT.write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
