"""Extra aligner training rows from ECB+ train (`../shared/data/ecbplus/train.jsonl`): news
documents of one real event, with event mentions coreferring across documents. Each event's
documents are cut into three-document "stories"; a candidate claim pair is positive when the two
claims hold mentions of one cross-document event (reporting verbs left out: "said" corefers
with everything). Rows are built by the same `pair_features` as factbench's.

usage: python train/align_ecb.py OUT.npz [--ecbplus ../shared/data/ecbplus/train.jsonl]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from rashomon.compare.align import FEATURES, candidate_pairs, pair_features
from rashomon.compare.claimset import gather
from rashomon.compare.resolve import Gazetteer
from rashomon.model import Article
from rashomon.service import Service


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--ecbplus", type=Path, default=Path("../shared/data/ecbplus/train.jsonl"))
    args = ap.parse_args()
    docs = [
        json.loads(line)
        for line in args.ecbplus.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    by_event: dict[str, list[dict]] = defaultdict(list)
    for d in docs:
        by_event[d["event_cluster"]].append(d)
    svc, gaz = Service(), Gazetteer()
    rows, labels, stories = [], [], []
    for event, members in sorted(by_event.items()):
        for k in range(0, len(members) - 2, 3):
            group = members[k : k + 3]
            arts = [Article(id=d["doc_id"], text=d["text"], outlet=d["doc_id"]) for d in group]
            results = svc.analyzer.analyze_many(arts, on_error="skip")
            if len(results) < 2:
                continue
            cs = gather(
                [r.analysis for r in results], [r.vectors for r in results], gaz, svc.embedder
            )
            events: dict[str, list[tuple[int, str]]] = {}
            for d in group:
                events[d["doc_id"]] = [
                    (m["char_start"], m["cluster_id"])
                    for m in d["mentions"]
                    if m["kind"] == "event"
                    and m["cross_doc"]
                    and m["cluster_id"]
                    and "REPORTING" not in m["type"]
                ]
            clusters = [
                {cid for start, cid in events.get(c.article, []) if c.start <= start < c.end}
                for c in cs.claims
            ]
            pairs = candidate_pairs(cs)
            feats = pair_features(cs, pairs)
            for (i, j, _), f in zip(pairs, feats, strict=True):
                rows.append(f)
                labels.append(int(bool(clusters[i] & clusters[j])))
                stories.append(f"ecb:{event}:{k}")
        print(event, len(labels), sum(labels), flush=True)
    np.savez_compressed(
        args.out,
        X=np.vstack(rows),
        y=np.array(labels),
        story=np.array(stories),
        features=np.array(FEATURES),
        sentences=np.array([""] * len(labels)),
    )
    print(f"{len(labels)} rows, {sum(labels)} positive")


if __name__ == "__main__":
    main()
