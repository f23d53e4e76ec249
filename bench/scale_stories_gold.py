"""Story clustering on real multi-outlet coverage with gold same-story labels: BASIL (54 stories
x 3 outlets) and PAC (AllSides story pairs) from ../shared/data/news-corpus.

Each set is clustered on its own (batch `cluster` and the online `StoryIndex` in publication
order), with and without the spaCy analysis, and scored like ECB+ (B-cubed, ARI) next to the
TF-IDF + average-link baseline at the threshold that was best on ECB+ dev (not re-tuned here).
Writes bench/results/scale_stories_gold.json. Run:
  nice -n 10 .venv/bin/python bench/scale_stories_gold.py [--no-analyze]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "news-corpus"
OUT = ROOT / "bench" / "results" / "scale_stories_gold.json"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-analyze", action="store_true")
    args = ap.parse_args()
    from rashomon.compare.stories import StoryIndex, cluster, story_docs
    from rashomon.evaluation.ecbplus import average_link, score, tfidf_vectors
    from rashomon.model import Article
    from rashomon.service import Service

    ecb = json.loads((ROOT / "eval" / "results" / "ecbplus.json").read_text())
    base_threshold = ecb["baseline_tfidf_average_link"]["threshold"]
    svc = Service()
    res: dict = {"baseline_threshold_from_ecbplus": base_threshold}
    for name in ("basil", "pac"):
        rows = [json.loads(x) for x in (CORPUS / f"{name}.jsonl").open(encoding="utf-8")]
        articles = [
            Article(
                id=r["id"],
                text=r["text"],
                title=r.get("title") or None,
                outlet=r.get("outlet"),
                published=r.get("published"),
            )
            for r in rows
        ]
        gold = [r["story_id"] for r in rows]
        out: dict = {"articles": len(articles), "gold_stories": len(set(gold))}
        modes = [("fast", None)]
        if not args.no_analyze:
            t = time.perf_counter()
            analyses = svc.analyze(articles)
            out["analyze_seconds"] = round(time.perf_counter() - t, 1)
            modes.append(("full", analyses))
        for mode, analyses in modes:
            docs = story_docs(articles, analyses, svc.embedder)
            out[f"batch_{mode}"] = score(gold, cluster(docs))
            index = StoryIndex()
            for d in sorted(docs, key=lambda d: (d.published or "9999", d.id)):
                index.add(d)
            of = index.assignments()
            out[f"online_{mode}"] = score(gold, [of[d.id] for d in docs])
        x = tfidf_vectors([f"{a.title or ''}\n{a.text}" for a in articles])
        out["baseline_tfidf_average_link"] = score(
            gold, [str(k) for k in average_link(x @ x.T, base_threshold)]
        )
        res[name] = out
        OUT.write_text(json.dumps(res, indent=2) + "\n")
    res["finished"] = time.strftime("%Y-%m-%d %H:%M")
    OUT.write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
