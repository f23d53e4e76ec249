"""The shipped judge: a MiniLM cross-encoder fine-tuned by rashomon (int8 ONNX), plus the
structured conflict checks a small model misses, and a cache keyed by the pair.

The model reads ``[CLS] claim [SEP] evidence [SEP]`` and gives four logits (agree, contradict,
neutral, unrelated). When the evidence is a whole article it is first cut to its best-matching
sentences by `compare.evidence.select_evidence`, the same code that built the training
premises, so nothing late in a long text is silently dropped. How it was trained, on what, and
how well it does: ``resources/judge/MODEL_CARD.md``.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..model import Judgment, Label
from .conflict import conflict_cues, content_overlap
from .evidence import select_evidence
from .judge import Pair, check_text

log = logging.getLogger(__name__)

LABELS: tuple[Label, ...] = ("agree", "contradict", "neutral", "unrelated")


def default_model_dir() -> Path:
    return Path(str(resources.files("rashomon") / "resources" / "judge"))


def _tokenizer_path() -> Path:
    return Path(str(resources.files("rashomon") / "resources" / "minilm" / "tokenizer.json"))


def softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


class PairCache:
    """A bounded LRU of judgments keyed by everything a judge looks at, so a re-run is free."""

    def __init__(self, size: int = 50_000) -> None:
        self.size = size
        self._d: OrderedDict[tuple[Any, ...], Judgment] = OrderedDict()
        self.hits = 0

    @staticmethod
    def key(p: Pair) -> tuple[Any, ...]:
        return (p.a, p.b, p.a_times, p.b_times, p.a_negated, p.b_negated)

    def get(self, p: Pair) -> Judgment | None:
        k = self.key(p)
        j = self._d.get(k)
        if j is not None:
            self._d.move_to_end(k)
            self.hits += 1
        return j

    def put(self, p: Pair, j: Judgment) -> None:
        self._d[self.key(p)] = j
        if len(self._d) > self.size:
            self._d.popitem(last=False)

    def __len__(self) -> int:
        return len(self._d)


class ModelJudge:
    """The fine-tuned cross-encoder behind the `Judge` interface; loaded on first use.

    ``checks`` turns on the structured conflict checks (numbers, dates, negation, denial,
    antonyms from `compare.conflict`): when the model calls a related pair agree or neutral but
    a check fires between the claim and its evidence, the label becomes contradict and the
    reason names both the model's view and the check.
    """

    name = "model"

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        batch_size: int = 32,
        threads: int | None = None,
        checks: bool = True,
        cache: PairCache | None = None,
    ) -> None:
        self.model_dir = Path(model_dir) if model_dir else default_model_dir()
        self.batch_size = batch_size
        self.threads = threads
        self.checks = checks
        self.cache = cache if cache is not None else PairCache()
        self._session: Any = None
        self._tokenizer: Any = None
        self.temperature = 1.0
        self.max_length = 128

    def _load(self) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model = self.model_dir / "model.onnx"
        config = self.model_dir / "config.json"
        if not model.is_file() or not config.is_file():
            raise ModelError(f"judge model not found in {self.model_dir} (model.onnx, config.json)")
        meta = json.loads(config.read_text(encoding="utf-8"))
        if tuple(meta.get("labels", ())) != LABELS:
            raise ModelError(f"judge model labels {meta.get('labels')} are not {list(LABELS)}")
        self.temperature = float(meta.get("temperature", 1.0))
        self.max_length = int(meta.get("max_length", 128))
        opts = ort.SessionOptions()
        if self.threads:
            opts.intra_op_num_threads = self.threads
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(str(model), sess_options=opts, providers=["CPUExecutionProvider"])
        tok = Tokenizer.from_file(str(_tokenizer_path()))
        tok.enable_truncation(self.max_length, strategy="only_second")
        tok.enable_padding()
        self._tokenizer = tok
        log.debug("loaded judge model from %s", model)

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Raw model logits, one row per (claim, evidence) pair, columns in LABELS order.
        The evidence is used as given: cut long texts first (`select_evidence`)."""
        if self._session is None:
            self._load()
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        for lo in range(0, len(order), self.batch_size):
            idx = order[lo : lo + self.batch_size]
            enc = self._tokenizer.encode_batch([pairs[i] for i in idx])
            feeds = {
                "input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64),
            }
            out[idx] = self._session.run(None, feeds)[0]
        return out

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Calibrated probabilities (softmax of logits over the fitted temperature)."""
        if not pairs:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        return softmax(self.logits(pairs) / self.temperature)

    def judge(self, pairs: Sequence[Pair]) -> list[Judgment]:
        for i, p in enumerate(pairs):
            check_text(p.a, f"pair {i}: a")
            check_text(p.b, f"pair {i}: b")
        results: list[Judgment | None] = [self.cache.get(p) for p in pairs]
        todo = [i for i, j in enumerate(results) if j is None]
        if todo:
            evidence = [select_evidence(pairs[i].a, pairs[i].b) for i in todo]
            probs = self.probabilities([(pairs[i].a, ev) for i, ev in zip(todo, evidence, strict=True)])
            for i, ev, row in zip(todo, evidence, probs, strict=True):
                j = self._decide(pairs[i], ev, row)
                self.cache.put(pairs[i], j)
                results[i] = j
        return [j for j in results if j is not None]

    def _decide(self, p: Pair, evidence: str, row: np.ndarray) -> Judgment:
        scores = {lab: round(float(v), 4) for lab, v in zip(LABELS, row, strict=True)}
        label: Label = LABELS[int(row.argmax())]
        reason = f"model: {label} ({scores[label]:.2f})"
        cues: tuple[str, ...] = ()
        if self.checks and label in ("agree", "neutral") and scores["unrelated"] < 0.5:
            found = conflict_cues(
                p.a, evidence, p.a_times, p.b_times, a_negated=p.a_negated,
                b_negated=p.b_negated if evidence == p.b.strip() else None,
            )
            if found and content_overlap(p.a, evidence) >= 0.3:
                cues = tuple(found)
                reason = f"model: {label} ({scores[label]:.2f}), but conflict checks fire: {', '.join(found)}"
                label = "contradict"
        return Judgment(label=label, scores=scores, reason=reason, cues=cues)
