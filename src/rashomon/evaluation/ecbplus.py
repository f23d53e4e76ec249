"""ECB+ story clustering: B-cubed and adjusted Rand against the gold `event_cluster`, and the
TF-IDF + average-link baseline run through the same scorer.

Only each document's `text` is used: `source_url` holds the headline slug, which leaks the answer.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.compare.stories import ClusterParams, StoryIndex, cluster, story_docs
from rashomon.errors import InputError
from rashomon.evaluation.data import read_rows
from rashomon.evaluation.metrics import adjusted_rand, bcubed
from rashomon.lexicon import STOP_WORDS
from rashomon.model import Article

Clusterer = Callable[[Sequence[Article]], list[str]]


def load_documents(path: Path, *, limit: int | None = None) -> tuple[list[Article], list[str]]:
    """The documents as articles (text only, no date, no URL) and their gold event clusters."""
    rows = read_rows(Path(path))
    if limit:
        rows = rows[:limit]
    articles, gold = [], []
    for n, r in enumerate(rows, 1):
        if not isinstance(r.get("text"), str) or "event_cluster" not in r:
            raise InputError(f"line {n}: expected doc_id, text and event_cluster", source=str(path))
        articles.append(Article(id=str(r.get("doc_id", n)), text=r["text"]))
        gold.append(str(r["event_cluster"]))
    if not articles:
        raise InputError("no documents", source=str(path))
    return articles, gold


def score(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """B-cubed precision/recall/F1, adjusted Rand, and cluster counts."""
    b = bcubed(gold, pred)
    return {
        "bcubed_precision": round(b["precision"], 4),
        "bcubed_recall": round(b["recall"], 4),
        "bcubed_f1": round(b["f1"], 4),
        "ari": round(adjusted_rand(gold, pred), 4),
        "clusters": len(set(pred)),
        "gold_clusters": len(set(gold)),
    }


def evaluate(path: Path, clusterer: Clusterer, *, limit: int | None = None) -> dict[str, Any]:
    """Cluster the documents of `path` with `clusterer` and score it against the gold."""
    articles, gold = load_documents(path, limit=limit)
    t = time.perf_counter()
    pred = clusterer(articles)
    secs = time.perf_counter() - t
    return {"documents": len(articles), **score(gold, pred), "seconds": round(secs, 2)}


# -- the baseline ----------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def tfidf_vectors(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised TF-IDF rows (sublinear tf, smooth idf), lower-cased words, stop words out."""
    docs = [Counter(w for w in _WORD.findall(t.lower()) if w not in STOP_WORDS) for t in texts]
    vocab = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
    df = np.zeros(len(vocab), dtype=np.float64)
    for d in docs:
        for w in d:
            df[vocab[w]] += 1
    idf = np.log((1 + len(docs)) / (1 + df)) + 1
    x = np.zeros((len(docs), len(vocab)), dtype=np.float64)
    for i, d in enumerate(docs):
        for w, c in d.items():
            x[i, vocab[w]] = (1 + math.log(c)) * idf[vocab[w]]
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    return x


def average_link(similarity: np.ndarray, threshold: float) -> list[int]:
    """Agglomerative clustering, average linkage, merging while the best pair's mean
    similarity is at least `threshold`; a cluster label per row. O(n^3): for dev-sized sets."""
    n = similarity.shape[0]
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}
    sim = similarity.astype(np.float64).copy()
    np.fill_diagonal(sim, -np.inf)
    sums = sim.copy()  # sum of pairwise similarities between clusters
    np.fill_diagonal(sums, 0.0)
    alive = np.ones(n, dtype=bool)
    sizes = np.ones(n)
    while alive.sum() > 1:
        avg = sums / np.outer(sizes, sizes)
        avg[~alive, :] = -np.inf
        avg[:, ~alive] = -np.inf
        np.fill_diagonal(avg, -np.inf)
        i, j = (int(x) for x in np.unravel_index(int(np.argmax(avg)), avg.shape))
        if avg[i, j] < threshold:
            break
        clusters[i].extend(clusters.pop(j))
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        sizes[i] += sizes[j]
        alive[j] = False
    labels = [0] * n
    for k, members in enumerate(clusters.values()):
        for m in members:
            labels[m] = k
    return labels


def tfidf_baseline(threshold: float = 0.1) -> Clusterer:
    """TF-IDF + average-link agglomerative clustering at a cosine `threshold`."""

    def run(articles: Sequence[Article]) -> list[str]:
        x = tfidf_vectors([a.text for a in articles])
        return [str(k) for k in average_link(x @ x.T, threshold)]

    return run


# -- rashomon's clusterer --------------------------------------------------------


def story_clusterer(service: Any, *, online: bool = False, fast: bool = False) -> Clusterer:
    """rashomon's story clustering (batch, or the online index fed in file order) as a Clusterer.

    ``fast`` takes entities from capitalised words instead of the spaCy analysis."""

    def run(articles: Sequence[Article]) -> list[str]:
        analyses = None if fast else service.analyze(articles)
        docs = story_docs(articles, analyses, service.embedder)
        if not online:
            return cluster(docs)
        index = StoryIndex()
        for d in docs:
            index.add(d)
        of = index.assignments()
        return [of[d.id] for d in docs]

    return run


BASELINE_THRESHOLDS = tuple(round(0.05 + 0.0125 * i, 4) for i in range(21))


def evaluate_ecbplus(path: Path, service: Any, *, limit: int | None = None) -> dict[str, Any]:
    """rashomon's batch and online clustering, the TF-IDF + average-link baseline at its best
    threshold on this file, and one cluster per topic, all through the same scorer."""
    articles, gold = load_documents(path, limit=limit)
    out: dict[str, Any] = {"documents": len(articles), "gold_clusters": len(set(gold))}
    t = time.perf_counter()
    analyses = service.analyze(articles)
    out["analyze_seconds"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    docs = story_docs(articles, analyses, service.embedder)
    embed_secs = time.perf_counter() - t
    t = time.perf_counter()
    out["rashomon_batch"] = {
        **score(gold, cluster(docs)),
        "seconds": round(embed_secs + time.perf_counter() - t, 2),
    }
    index = StoryIndex()
    for d in docs:
        index.add(d)
    of = index.assignments()
    out["rashomon_online"] = score(gold, [of[d.id] for d in docs])
    fast = story_docs(articles, None, service.embedder)
    out["rashomon_batch_fast"] = score(gold, cluster(fast))
    out["params"] = {k: getattr(ClusterParams(), k) for k in ClusterParams.__dataclass_fields__}
    x = tfidf_vectors([a.text for a in articles])
    sims = x @ x.T
    runs = [
        (th, score(gold, [str(k) for k in average_link(sims, th)])) for th in BASELINE_THRESHOLDS
    ]
    th, best = max(runs, key=lambda r: (r[1]["bcubed_f1"], -r[0]))
    out["baseline_tfidf_average_link"] = {**best, "threshold": th}
    topics = [a.id.split("_")[0] for a in articles]
    out["baseline_one_cluster_per_topic"] = score(gold, topics)
    return out
