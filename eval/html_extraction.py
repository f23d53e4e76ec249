"""HTML → article text quality: token precision, recall and F1 against human gold bodies.

Runs ``rashomon.ingest.article_from_html`` over the pages of ``../shared/data/html-pages``
(the Zyte article-extraction benchmark, 100 English news pages) and compares each
extracted text with the page's gold ``article_body``, as bags of lowercased word tokens.
Prints the means over pages and writes ``eval/results/html_extraction.json``.

    python eval/html_extraction.py [--data DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from statistics import mean

from rashomon.errors import InputError
from rashomon.ingest import article_from_html

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "html-pages"
OUT = ROOT / "eval" / "results" / "html_extraction.json"
_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text))


def scores(extracted: str, gold: str) -> dict[str, float]:
    """Token precision, recall and F1 of ``extracted`` against ``gold`` (bags of tokens)."""
    got, want = tokens(extracted), tokens(gold)
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def evaluate(data: Path) -> dict[str, object]:
    records = [
        json.loads(line)
        for line in (data / "ground-truth.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    pages = []
    started = time.perf_counter()
    for record in records:
        html = (data / record["file"]).read_text(encoding="utf-8")
        error = None
        try:
            text = article_from_html(html, source=record["file"], url=record["url"]).text
        except InputError as exc:
            text, error = "", str(exc)
        pages.append(
            {"id": record["id"], "domain": record["domain"], "error": error}
            | scores(text, record["article_body"])
        )
    seconds = time.perf_counter() - started
    summary = {
        metric: round(mean(page[metric] for page in pages), 4)
        for metric in ("precision", "recall", "f1")
    }
    return {
        "task": "html_extraction",
        "data": "shared/data/html-pages (Zyte article-extraction-benchmark, 100 pages)",
        "metric": "token (lowercased \\w+) bag precision/recall/F1, mean over pages",
        "pages": len(pages),
        "failures": sum(1 for page in pages if page["error"]),
        "seconds": round(seconds, 1),
        **summary,
        "per_page": pages,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the html-pages folder")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the JSON results")
    args = parser.parse_args(argv)
    result = evaluate(args.data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(
        f"html extraction on {result['pages']} pages ({result['failures']} failed, "
        f"{result['seconds']} s): precision {result['precision']:.3f}  "
        f"recall {result['recall']:.3f}  F1 {result['f1']:.3f}\n"
        f"written to {args.out}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
