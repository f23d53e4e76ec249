"""Benchmark: `rashomon ingest` into SQLite, and what the store makes fast afterwards.

Ingests the first N BASIL articles (real news, 3 outlets per event) into a fresh SQLite file
with the real models, then measures: a second ingest of the same file (all already stored),
the report of a stored story (cached) against building it from the stored analyses and
against a fresh compare, search latency, and near-duplicate fingerprinting speed.
Writes bench/results/ingest_store.json. Run: .venv/bin/python bench/ingest_store.py [N]
"""

from __future__ import annotations

import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASIL = ROOT.parent / "shared" / "data" / "news-corpus" / "basil.jsonl"


def main(n: int = 60) -> dict[str, object]:
    from rashomon.ingest.dedup import fingerprint
    from rashomon.service import Library, Service
    from rashomon.store import open_store

    rows = [json.loads(line) for line in BASIL.read_text(encoding="utf-8").splitlines()][:n]
    keep = ("id", "title", "text", "outlet", "published", "url")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "basil.jsonl"
        src.write_text("".join(json.dumps({k: r[k] for k in keep}) + "\n" for r in rows))
        db = Path(tmp) / "bench.db"
        svc = Service()
        svc.analyzer.nlp  # load the models outside the timings  # noqa: B018
        svc.embedder.embed(["warm up"])
        library = Library(open_store(str(db)), svc)
        start = time.perf_counter()
        summary = library.ingest([str(src)])
        ingest_s = time.perf_counter() - start
        start = time.perf_counter()
        again = library.ingest([str(src)])
        again_s = time.perf_counter() - start
        stories = library.stories()
        biggest = max(stories, key=lambda s: s.articles)
        cached = []
        for _ in range(5):
            t = time.perf_counter()
            library.report(biggest.id)
            cached.append(time.perf_counter() - t)
        t = time.perf_counter()
        library._build(biggest.id)
        rebuilt_s = time.perf_counter() - t
        articles = [m.article for m in library.store.story_articles(biggest.id)]
        t = time.perf_counter()
        svc.compare(articles)
        fresh_s = time.perf_counter() - t
        searches = []
        for q in ("president", "health care law", "Trump said", "police shooting"):
            t = time.perf_counter()
            library.search(q)
            searches.append(time.perf_counter() - t)
        t = time.perf_counter()
        for r in rows:
            fingerprint(r["text"])
        fp_rate = len(rows) / (time.perf_counter() - t)
        size = db.stat().st_size + sum(p.stat().st_size for p in Path(tmp).glob("bench.db-*"))
        library.close()
    return {
        "articles": n,
        "ingest_s": round(ingest_s, 2),
        "ingest_articles_per_s": round(summary.added / ingest_s, 2),
        "stories": summary.totals["stories"],
        "duplicates": summary.duplicates,
        "reingest_unchanged_s": round(again_s, 3),
        "reingest_unchanged": again.unchanged,
        "story_articles": biggest.articles,
        "report_cached_median_s": round(statistics.median(cached), 4),
        "report_from_stored_analyses_s": round(rebuilt_s, 3),
        "report_fresh_compare_s": round(fresh_s, 3),
        "search_median_s": round(statistics.median(searches), 4),
        "fingerprints_per_s": round(fp_rate, 1),
        "db_bytes": size,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "machine": (
            f"{platform.machine()}, {__import__('os').cpu_count()} cores (shared, under load)"
        ),
    }


if __name__ == "__main__":
    result = main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
    out = ROOT / "bench" / "results" / "ingest_store.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
