"""Benchmark: compare latency on the founding pair (cold and warm) and per-article throughput.

Writes bench/results/compare_latency.json. Run: .venv/bin/python bench/compare_latency.py
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = [
    # The benchmark's inputs: any two files with an outlet label and a publication date (the
    # seed files carry neither; the dates are those their README gives). The labels only name
    # the columns of the report: nothing reads them.
    (SHARED / "seeds" / "000_7f752ea312c1a10c.txt", "outlet A", "2019-11-14"),
    (SHARED / "seeds" / "001_0f23a78d9893c12c.txt", "outlet B", "2019-11-11"),
]


def cold_runs(n: int = 3) -> list[float]:
    args = [sys.executable, "-m", "rashomon", "compare"]
    for path, outlet, date in SEEDS:
        args += [str(path), "--outlet", outlet, "--published", date]
    args += ["--format", "json", "--output", "/dev/null"]
    out = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    from rashomon.ingest import load_file, read_jsonl
    from rashomon.service import Service

    cold = cold_runs()
    svc = Service()
    articles = [a for p, o, d in SEEDS for a in load_file(p, outlet=o, published=d)]
    svc.compare(articles)  # load models
    # Warm: models loaded, but the judge's pair cache emptied before each run, as for articles
    # it has not seen; and, apart, a re-run of the same pair, which the cache makes cheap.
    warm, cached = [], []
    for _ in range(5):
        cache = getattr(svc.judge, "cache", None)
        if cache is not None:
            cache.clear()
        t = time.perf_counter()
        svc.compare(articles)
        warm.append(time.perf_counter() - t)
        t = time.perf_counter()
        svc.compare(articles)
        cached.append(time.perf_counter() - t)
    # Per-article stage on 200 real BASIL articles.
    with open(SHARED / "data" / "news-corpus" / "basil.jsonl", encoding="utf-8") as fh:
        lines = [line for _, line in zip(range(200), fh, strict=False)]
    corpus = list(read_jsonl(lines, source="basil.jsonl"))
    t = time.perf_counter()
    svc.analyze(corpus)
    per_article = time.perf_counter() - t
    chars = sum(len(a.text) for a in corpus)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "machine": f"{platform.machine()}, {platform.python_version()}, 2 cores",
        "compare_cold_s": {
            "median": round(statistics.median(cold), 2),
            "runs": [round(x, 2) for x in cold],
        },
        "compare_warm_s": {
            "median": round(statistics.median(warm), 3),
            "runs": [round(x, 3) for x in warm],
        },
        "compare_warm_cached_s": {
            "median": round(statistics.median(cached), 3),
            "runs": [round(x, 3) for x in cached],
        },
        "load_average": list(os.getloadavg()),
        "analyze_articles_per_s": round(len(corpus) / per_article, 2),
        "analyze_chars_per_s": round(chars / per_article),
        "analyze_corpus": f"{len(corpus)} BASIL articles, mean {chars // len(corpus)} chars",
        "peak_rss_mb": round(peak_mb),
        "targets": {"cold_s": 5, "warm_s": 1, "peak_rss_mb": 1024},
    }
    out = ROOT / "bench" / "results" / "compare_latency.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
