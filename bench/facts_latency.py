"""Benchmark: compare latency on three-outlet factbench stories (cold and warm) and on the
founding pair (warm), with peak memory, for the alignment/grouping/verdict stage.

Targets (issue "Facts a fact-checker would sign"): a ~1,800-word three-outlet story ≤ 5 s cold
and ≤ 2 s warm; the founding pair warm ≤ 1.5 s; peak RSS ≤ 1 GB, on the 2-core machine.
Writes bench/results/facts_latency.json. Run: .venv/bin/python bench/facts_latency.py
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FACTBENCH = SHARED / "data" / "factbench"
SEEDS = [
    (SHARED / "seeds" / "000_7f752ea312c1a10c.txt", "outlet A", "2019-11-14"),
    (SHARED / "seeds" / "001_0f23a78d9893c12c.txt", "outlet B", "2019-11-11"),
]
# Stories whose three articles together are closest to 1,800 words, then the longest one.
N_STORIES = 3


def _words(meta: dict) -> int:
    return sum(len(t.split()) for t in meta["texts"].values())


def main() -> None:
    from rashomon.evaluation.factbench import stories, story_articles
    from rashomon.ingest import load_file
    from rashomon.service import Service

    metas = stories(FACTBENCH)
    chosen = sorted(metas, key=lambda sm: abs(_words(sm[1]) - 1800))[:N_STORIES]
    chosen.append(max(metas, key=lambda sm: _words(sm[1])))
    # Cold: a new process per run, models loaded, one story from a JSON Lines file.
    cold = []
    story, meta = chosen[0]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for a in story_articles(meta):
            fh.write(
                json.dumps(
                    {"id": a.id, "text": a.text, "outlet": a.outlet, "published": a.published}
                )
                + "\n"
            )
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "rashomon",
                "compare",
                fh.name,
                "--format",
                "json",
                "--output",
                "/dev/null",
            ],
            check=True,
            capture_output=True,
        )
        cold.append(time.perf_counter() - t)
    os.unlink(fh.name)
    svc = Service()
    seeds = [a for p, o, d in SEEDS for a in load_file(p, outlet=o, published=d)]
    svc.compare(seeds)  # load the models

    def warm(articles, n=5):
        runs = []
        for _ in range(n):
            cache = getattr(svc.judge, "cache", None)
            if cache is not None:
                cache.clear()  # as for articles the judge has not seen
            t = time.perf_counter()
            svc.compare(articles)
            runs.append(time.perf_counter() - t)
        return runs

    per_story = {}
    for story, meta in chosen:
        runs = warm(story_articles(meta), n=3)
        per_story[story] = {"words": _words(meta), "warm_s": round(statistics.median(runs), 3)}
    seed_runs = warm(seeds)
    result = {
        "machine": f"{platform.machine()}, {platform.python_version()}, 2 cores",
        "load_average": list(os.getloadavg()),
        "story_cold_s": {
            "story": chosen[0][0],
            "words": _words(chosen[0][1]),
            "median": round(statistics.median(cold), 2),
            "runs": [round(x, 2) for x in cold],
        },
        "story_warm_s": per_story,
        "founding_pair_warm_s": {
            "median": round(statistics.median(seed_runs), 3),
            "runs": [round(x, 3) for x in seed_runs],
        },
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "targets": {
            "story_cold_s": 5,
            "story_warm_s": 2,
            "founding_pair_warm_s": 1.5,
            "peak_rss_mb": 1024,
        },
    }
    out = ROOT / "bench" / "results" / "facts_latency.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
