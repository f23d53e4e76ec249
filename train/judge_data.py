"""Build the judge's training mix from ../shared/data/nli-train (never from the dev sets).

Usage: python train/judge_data.py OUT.jsonl [--seed 13] [--scale 1.0]
                                   [--holdout 0.3 --fold FOLD.jsonl]
Each line: {"a": claim, "b": evidence, "label": agree|contradict|neutral|unrelated, "source"}.
Long premises are cut to their best-matching sentences with rashomon.compare.evidence, the same
code the shipped judge uses at inference. The non-commercial sets (sick, anli) are left out.

``--holdout F`` keeps a fold of the in-domain training data away from the model: the FNC-1
train pairs of a fraction F of its bodies, and the ClaimDiff train pairs of a fraction F of its
topics (chosen by a hash of the body id or topic, so every draw keeps the same fold out).
``--fold`` writes that fold, with whole bodies, for fitting the stance head
(train/fit_stance_head.py) on pairs the model never saw.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import zlib
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


def held_out(key: object, fraction: float) -> bool:
    """Whether ``key`` (a body id, a topic) falls in the held-out fold: a stable hash, the same
    in every draw and on every machine."""
    return fraction > 0 and zlib.crc32(str(key).encode("utf-8")) % 1000 < fraction * 1000


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


def build(seed: int = 13, scale: float = 1.0, holdout: float = 0.0) -> list[dict]:
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
    out.extend(
        _pair(r, "emergent")
        for r in _take(_rows("emergent"), full(em), rng, lambda r: NLI[r["label"]])
    )
    # News stance, the domain we serve: FNC-1 train (dev bodies/headlines are not in it).
    fnc = {"agree": 3640, "contradict": 829, "neutral": 2000}
    kept = (
        r for r in _rows("fnc1-train", "pairs_related.jsonl") if not held_out(r["body_id"], holdout)
    )
    rel = _take(kept, full(fnc), rng, lambda r: NLI[r["label"]])
    for r in rel:
        p = _pair(r, "fnc1-train")
        out.append(p)
        if p["label"] == "contradict":  # the rarest stance: seen twice
            out.append(p)
    kept = (
        r
        for r in _rows("fnc1-train", "pairs_unrelated_sample.jsonl")
        if not held_out(r["body_id"], holdout)
    )
    unrel = _take(kept, full({"unrelated": 1500}), rng, lambda r: "unrelated")
    out.extend(_pair(r, "fnc1-train") for r in unrel)
    arc = {"agree": 1588, "contradict": 1770, "neutral": 1080, "unrelated": 1000}
    arc_label = {
        "agree": "agree",
        "disagree": "contradict",
        "discuss": "neutral",
        "unrelated": "unrelated",
    }
    out.extend(
        _pair(r, "arc-stance")
        for r in _take(_rows("arc-stance"), caps(arc), rng, lambda r: arc_label[r["orig_label"]])
    )
    kept = (r for r in _rows("claimdiff-train") if not held_out(r["topic"], holdout))
    cd = _take(
        kept,
        full({"agree": 10**6, "contradict": 10**6, "neutral": 10**6}),
        rng,
        lambda r: NLI[r["label"]],
    )
    out.extend(
        _pair(r, "claimdiff-train") for r in cd for _ in range(2)
    )  # cross-outlet pairs: up-weighted
    liar = {
        "true": "agree",
        "mostly-true": "agree",
        "false": "contradict",
        "pants-fire": "contradict",
    }
    out.extend(
        _pair(r, "liar-plus")
        for r in _take(
            _rows("liar-plus"),
            caps({"agree": 500, "contradict": 500}),
            rng,
            lambda r: liar.get(r["orig_label"]),
        )
    )
    hop = {"true": "agree", "false": "contradict"}
    out.extend(
        _pair(r, "politihop")
        for r in _take(
            _rows("politihop"),
            caps({"agree": 118, "contradict": 400}),
            rng,
            lambda r: hop.get(r["orig_label"]),
        )
    )
    sts = _take(
        _rows("stsb"),
        caps({"agree": 10**6, "unrelated": 10**6}),
        rng,
        lambda r: "agree" if r["label"] == "entailment" else "unrelated",
    )
    out.extend(_pair(r, "stsb") for r in sts)
    # Unrelated by construction: a claim against sentences of another story.
    bodies = [
        b["body"]
        for b in map(
            json.loads,
            (DATA / "fnc1-train" / "bodies.jsonl").read_text(encoding="utf-8").splitlines(),
        )
        if not held_out(b["body_id"], holdout)
    ]
    claims = [r["a"] for r in out if r["source"] in {"emergent", "claimdiff-train", "fnc1-train"}]
    for _ in range(int(1500 * scale)):
        sents = split_sentences(rng.choice(bodies))
        lo = rng.randrange(len(sents))
        out.append(
            {
                "a": rng.choice(claims),
                "b": " ".join(sents[lo : lo + rng.choice([1, 1, 2, 3])]),
                "label": "unrelated",
                "source": "random",
            }
        )
    rng.shuffle(out)
    return out


def fold(holdout: float) -> list[dict]:
    """The held-out fold, as the judge meets it: FNC-1 headline against its whole body (every
    stance pair of the fold's bodies, and as many unrelated pairs), ClaimDiff claim against
    claim. ``label`` is the project label, ``stance`` the source's own."""
    bodies = {
        b["body_id"]: b["body"]
        for b in map(
            json.loads,
            (DATA / "fnc1-train" / "bodies.jsonl").read_text(encoding="utf-8").splitlines(),
        )
    }
    out = []
    fnc = {
        "agree": "agree",
        "disagree": "contradict",
        "discuss": "neutral",
        "unrelated": "unrelated",
    }
    n_rel = 0
    for r in _rows("fnc1-train", "stances_all.jsonl"):
        if held_out(r["body_id"], holdout) and r["orig_label"] != "unrelated":
            out.append(
                {
                    "a": r["headline"],
                    "b": bodies[r["body_id"]],
                    "label": fnc[r["orig_label"]],
                    "stance": r["orig_label"],
                    "source": "fnc1-train",
                    "group": r["body_id"],
                }
            )
            n_rel += 1
    unrel = [
        r
        for r in _rows("fnc1-train", "stances_all.jsonl")
        if held_out(r["body_id"], holdout) and r["orig_label"] == "unrelated"
    ]
    random.Random(7).shuffle(unrel)
    for r in unrel[:n_rel]:
        out.append(
            {
                "a": r["headline"],
                "b": bodies[r["body_id"]],
                "label": "unrelated",
                "stance": "unrelated",
                "source": "fnc1-train",
                "group": r["body_id"],
            }
        )
    for r in _rows("claimdiff-train"):
        if held_out(r["topic"], holdout):
            out.append(
                {
                    "a": r["hypothesis"],
                    "b": r["premise"],
                    "label": NLI[r["label"]],
                    "stance": r["orig_label"],
                    "source": "claimdiff-train",
                    "group": r["topic"],
                }
            )
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument(
        "--holdout",
        type=float,
        default=0.0,
        help="Keep this fraction of FNC-1 bodies and ClaimDiff topics out.",
    )
    ap.add_argument("--fold", help="Write the held-out fold here (needs --holdout).")
    args = ap.parse_args()
    rows = build(args.seed, args.scale, args.holdout)
    if args.fold:
        held = fold(args.holdout)
        with open(args.fold, "w", encoding="utf-8") as fh:
            for r in held:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(
            "fold",
            len(held),
            dict(Counter((r["source"], r["label"]) for r in held)),
            file=sys.stderr,
        )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(len(rows), dict(Counter(r["label"] for r in rows)), file=sys.stderr)
    print(dict(Counter(r["source"] for r in rows)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
