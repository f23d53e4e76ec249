"""Benchmark: what quote and attribution extraction adds to the per-article stage.

Runs the full per-article stage (spaCy parse, entities, quotes, reported speech, claims,
dates, MiniLM claim embeddings) over real BASIL articles, timing the two quote steps
(``direct_quotes`` and ``indirect_quotes``) inside it. The overhead is their time over the
time of everything else; the target is at most 30%.

Writes bench/results/quote_overhead.json. Run: .venv/bin/python bench/quote_overhead.py [N]
"""

from __future__ import annotations

import json
import platform
import sys
import time
from functools import wraps
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TARGET = 0.30


def main(n: int = 100) -> None:
    from rashomon.ingest import read_jsonl
    from rashomon.nlp import pipeline
    from rashomon.service import Service

    spent = {"direct_quotes": 0.0, "indirect_quotes": 0.0}

    def timed(name, fn):  # type: ignore[no-untyped-def]
        @wraps(fn)
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - t

        return run

    pipeline.direct_quotes = timed("direct_quotes", pipeline.direct_quotes)  # type: ignore[assignment]
    pipeline.indirect_quotes = timed("indirect_quotes", pipeline.indirect_quotes)  # type: ignore[assignment]

    with open(SHARED / "data" / "news-corpus" / "basil.jsonl", encoding="utf-8") as fh:
        lines = [line for _, line in zip(range(n), fh, strict=False)]
    corpus = list(read_jsonl(lines, source="basil.jsonl"))
    svc = Service()
    svc.analyze(corpus[:2])  # load the models
    for k in spent:
        spent[k] = 0.0
    t = time.perf_counter()
    analyses = svc.analyze(corpus)
    total = time.perf_counter() - t
    quotes = sum(spent.values())
    rest = total - quotes
    result = {
        "machine": f"{platform.machine()}, {platform.python_version()}, 2 cores (shared)",
        "corpus": (
            f"{len(corpus)} BASIL articles, "
            f"mean {sum(len(a.text) for a in corpus) // len(corpus)} chars"
        ),
        "per_article_ms": round(1000 * total / len(corpus), 1),
        "quotes_per_article_ms": round(1000 * quotes / len(corpus), 2),
        "direct_quotes_s": round(spent["direct_quotes"], 2),
        "indirect_quotes_s": round(spent["indirect_quotes"], 2),
        "stage_without_quotes_s": round(rest, 2),
        "overhead": round(quotes / rest, 4),
        "target_overhead": TARGET,
        "quotes_found": {
            "direct": sum(q.kind == "direct" for a in analyses for q in a.quotes),
            "indirect": sum(q.kind == "indirect" for a in analyses for q in a.quotes),
        },
    }
    out = ROOT / "bench" / "results" / "quote_overhead.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
