"""Export a fine-tuned judge (train/train_judge.py's OUTDIR/hf) to ONNX, quantise it to int8,
and write it where the package ships it: src/rashomon/resources/judge/.

Usage: python train/export_judge.py OUTDIR/hf [--dest src/rashomon/resources/judge] [--fp32]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ["agree", "contradict", "neutral", "unrelated"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("hf")
    ap.add_argument("--dest", default=str(ROOT / "src" / "rashomon" / "resources" / "judge"))
    ap.add_argument("--fp32", action="store_true", help="Ship the fp32 graph instead of int8.")
    ap.add_argument("--max-len", type=int, default=128)
    args = ap.parse_args()

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForSequenceClassification

    model = AutoModelForSequenceClassification.from_pretrained(args.hf).eval()
    assert [model.config.id2label[i] for i in range(len(LABELS))] == LABELS
    dest = Path(args.dest)
    dest.mkdir(parents=True, exist_ok=True)
    fp32 = dest / "model.fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={
            n: {0: "batch", 1: "seq"} for n in ("input_ids", "attention_mask", "token_type_ids")
        }
        | {"logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    final = dest / "model.onnx"
    if args.fp32:
        fp32.replace(final)
    else:
        quantize_dynamic(str(fp32), str(final), weight_type=QuantType.QInt8)
        fp32.unlink()
    meta = {
        "labels": LABELS,
        "max_length": args.max_len,
        "quantized": not args.fp32,
        "sha256": hashlib.sha256(final.read_bytes()).hexdigest(),
        "temperature": 1.0,
    }
    old = dest / "config.json"
    if old.exists():  # keep a calibration fitted earlier unless the weights changed
        prev = json.loads(old.read_text())
        if prev.get("sha256") == meta["sha256"]:
            meta["temperature"] = prev.get("temperature", 1.0)
    (dest / "config.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {final} ({final.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
