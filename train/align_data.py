"""Training rows for the aligner: every candidate claim pair of every factbench story, its
features (`rashomon.compare.align.pair_features`, the same code compare runs) and its label
(1 when the scorer maps the two claims to sentences of one gold fact).

usage: python train/align_data.py OUT.npz [--factbench ../shared/data/factbench]
                                   [--cache out/align/analyses]

The story's analyses are cached (pickles under --cache) so feature changes re-run in seconds.
"""

from __future__ import annotations

import argparse
import pickle
from dataclasses import asdict
from pathlib import Path

import numpy as np

from rashomon.compare.align import FEATURES, candidate_pairs, pair_features
from rashomon.compare.claimset import gather
from rashomon.compare.resolve import Gazetteer
from rashomon.evaluation import factbench
from rashomon.service import Service


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--factbench", type=Path, default=Path("../shared/data/factbench"))
    ap.add_argument("--cache", type=Path, default=Path("out/align/analyses"))
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    svc = Service()
    gaz = Gazetteer()
    rows, labels, story_ids, gold_total, gold_reachable, cand_total = [], [], [], 0, 0, 0
    meta_rows = []
    sent_keys: list[
        str
    ] = []  # the scorer's sentence pair of each row ("F3|N12"), for de-duplication
    for story, meta in factbench.stories(args.factbench):
        cache = args.cache / f"{story}.pkl"
        if cache.exists():
            results = pickle.loads(cache.read_bytes())
        else:
            results = svc.analyzer.analyze_many(factbench.story_articles(meta))
            cache.write_bytes(pickle.dumps(results))
        cs = gather([r.analysis for r in results], [r.vectors for r in results], gaz, svc.embedder)
        pairs = candidate_pairs(cs)
        feats = pair_features(cs, pairs)
        gold, _ = factbench.gold_links(args.factbench, story)
        sent = factbench.claim_sentences(
            args.factbench, meta, {"claims": [asdict(c) for c in cs.claims]}
        )
        sents = [sent[c.id] for c in cs.claims]
        reachable = set()
        for x in range(len(cs.claims)):
            for y in range(x + 1, len(cs.claims)):
                if sents[x] and sents[y] and sents[x][0] != sents[y][0]:
                    key = frozenset((sents[x], sents[y]))
                    if key in gold:
                        reachable.add(key)
        cand = set()
        for (i, j, _), f in zip(pairs, feats, strict=True):
            key = frozenset((sents[i], sents[j])) if sents[i] and sents[j] else None
            y = int(key in gold) if key else 0
            if y:
                cand.add(key)
            rows.append(f)
            labels.append(y)
            story_ids.append(story)
            meta_rows.append((story, cs.claims[i].id, cs.claims[j].id))
            sent_keys.append("|".join(sorted(f"{x[0]}{x[1]}" for x in key)) if key else "")
        gold_total += len(gold)
        cand_total += len(cand)
        gold_reachable += len(reachable)
        print(
            story,
            len(cs.claims),
            "claims",
            len(pairs),
            "pairs",
            sum(labels[-len(pairs) :]) if pairs else 0,
            "pos;",
            f"gold {len(gold)}, claim-reachable {len(reachable)}, candidates {len(cand)}",
            flush=True,
        )
    np.savez_compressed(
        args.out,
        X=np.vstack(rows),
        y=np.array(labels),
        story=np.array(story_ids),
        pair=np.array(meta_rows),
        features=np.array(FEATURES),
        sentences=np.array(sent_keys),
    )
    print(
        f"{len(labels)} rows, {sum(labels)} positive; gold pairs {gold_total}, reachable by claims "
        f"{gold_reachable}, candidates {cand_total}"
    )


if __name__ == "__main__":
    main()
