"""Build the judge's training mix from ../shared/data/nli-train (never from the dev sets).

Usage: python train/judge_data.py OUT.jsonl [--seed 13] [--scale 1.0]
Each line: {"a": claim, "b": evidence, "label": agree|contradict|neutral|unrelated, "source"}.
Long premises are cut to their best-matching sentences with rashomon.compare.evidence, the same
code the shipped judge uses at inference. The non-commercial sets (sick, anli) are left out.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from rashomon.compare.evidence import select_evidence, split_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "nli-train"
NLI = {"entailment": "agree", "contradiction": "contradict", "neutral": "neutral"}

# source -> (label remap by orig_label or label, {label: cap}); caps tuned to a ~50k CPU epoch
MIX: dict[str, dict[str, int]] = {
    "covid-fact": {"agree": 700, "contradict": 800},
    "fever-dev": {"agree": 2000, "contradict": 2000},
    "perspectrum": {"agree": 1250, "contradict": 1250},
    "climate-fever": {"agree": 900, "contradict": 800, "neutral": 800},
    "mnli-taxinli": {"agree": 1700, "contradict": 1700, "neutral": 1600},
    "snli-devtest": {"agree": 1300, "contradict": 1400, "neutral": 1300},
    "snli-counterfactual": {"agree": 700, "contradict": 700, "neutral": 600},
    "breaking-nli": {"agree": 300, "contradict": 500},
    "fever-symmetric": {"agree": 300, "contradict": 300},
}


def _rows(name: str, file: str = "pairs.jsonl"):
    with open(DATA / name / file, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def _take(rows, caps: dict[str, int], rng: random.Random, label_of) -> list[dict]:
    by: dict[str, list[dict]] = {}
    for r in rows:
        lab = label_of(r)
        if lab is not None:
            by.setdefault(lab, []).append(r | {"_label": lab})
    out = []
    for lab, items in by.items():
        rng.shuffle(items)
        out.extend(items[: caps.get(lab, 0)])
    return out


def _pair(r: dict, source: str) -> dict:
    a, b = r["hypothesis"], r["premise"]
    return {"a": a, "b": select_evidence(a, b), "label": r["_label"], "source": source}


def build(seed: int = 13, scale: float = 1.0) -> list[dict]:
    rng = random.Random(seed)
    out: list[dict] = []

    def caps(c: dict[str, int]) -> dict[str, int]:
        return {k: int(v * scale) for k, v in c.items()}

    def full(c: dict[str, int]) -> dict[str, int]:  # in-domain news stance is never scaled down
        return c

    for name, c in MIX.items():
        for r in _take(_rows(name), caps(c), rng, lambda r: NLI[r["label"]]):
            out.append(_pair(r, name))
    em = {"agree": 10**6, "contradict": 10**6, "neutral": 10**6}
    out.extend(_pair(r, "emergent") for r in _take(_rows("emergent"), full(em), rng, lambda r: NLI[r["label"]]))
    # News stance, the domain we serve: FNC-1 train (dev bodies/headlines are not in it).
    fnc = {"agree": 3640, "contradict": 829, "neutral": 2000}
    rel = _take(_rows("fnc1-train", "pairs_related.jsonl"), full(fnc), rng, lambda r: NLI[r["label"]])
    for r in rel:
        p = _pair(r, "fnc1-train")
        out.append(p)
        if p["label"] == "contradict":  # the rarest stance: seen twice
            out.append(p)
    unrel = _take(_rows("fnc1-train", "pairs_unrelated_sample.jsonl"), full({"unrelated": 1500}), rng, lambda r: "unrelated")
    out.extend(_pair(r, "fnc1-train") for r in unrel)
    arc = {"agree": 1588, "contradict": 1770, "neutral": 1080, "unrelated": 1000}
    arc_label = {"agree": "agree", "disagree": "contradict", "discuss": "neutral", "unrelated": "unrelated"}
    out.extend(_pair(r, "arc-stance") for r in _take(_rows("arc-stance"), caps(arc), rng, lambda r: arc_label[r["orig_label"]]))
    cd = _take(_rows("claimdiff-train"), full({"agree": 10**6, "contradict": 10**6, "neutral": 10**6}), rng, lambda r: NLI[r["label"]])
    out.extend(_pair(r, "claimdiff-train") for r in cd for _ in range(2))  # cross-outlet pairs: up-weighted
    liar = {"true": "agree", "mostly-true": "agree", "false": "contradict", "pants-fire": "contradict"}
    out.extend(_pair(r, "liar-plus") for r in _take(_rows("liar-plus"), caps({"agree": 500, "contradict": 500}), rng, lambda r: liar.get(r["orig_label"])))
    hop = {"true": "agree", "false": "contradict"}
    out.extend(_pair(r, "politihop") for r in _take(_rows("politihop"), caps({"agree": 118, "contradict": 400}), rng, lambda r: hop.get(r["orig_label"])))
    sts = _take(_rows("stsb"), caps({"agree": 10**6, "unrelated": 10**6}), rng, lambda r: "agree" if r["label"] == "entailment" else "unrelated")
    out.extend(_pair(r, "stsb") for r in sts)
    # Unrelated by construction: a claim against sentences of another story.
    bodies = [json.loads(x)["body"] for x in open(DATA / "fnc1-train" / "bodies.jsonl", encoding="utf-8")]
    claims = [r["a"] for r in out if r["source"] in {"emergent", "claimdiff-train", "fnc1-train"}]
    for _ in range(int(1500 * scale)):
        sents = split_sentences(rng.choice(bodies))
        lo = rng.randrange(len(sents))
        out.append({"a": rng.choice(claims), "b": " ".join(sents[lo : lo + rng.choice([1, 1, 2, 3])]), "label": "unrelated", "source": "random"})
    rng.shuffle(out)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    rows = build(args.seed, args.scale)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(len(rows), dict(Counter(r["label"] for r in rows)), file=sys.stderr)
    print(dict(Counter(r["source"] for r in rows)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
