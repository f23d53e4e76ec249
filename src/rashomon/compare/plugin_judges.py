"""Judges users plug in: any sequence-classification NLI model (Hugging Face, by path or name;
needs the ``[hf]`` extra) and any OpenAI-compatible chat endpoint. Both sit behind the same
`Judge` interface, cut long evidence the same way, and cache by pair like the shipped model.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Sequence
from typing import Any

from rashomon.compare.evidence import select_evidence
from rashomon.compare.judge import Pair, check_pairs
from rashomon.compare.model_judge import PairCache
from rashomon.errors import ConfigError, JudgeError, ModelError
from rashomon.model import LABELS, Judgment, Label, Scores

log = logging.getLogger(__name__)

# How NLI and stance models name their classes, mapped onto ours.
_LABEL_WORDS: dict[str, Label] = {
    "entailment": "agree",
    "entail": "agree",
    "entails": "agree",
    "agree": "agree",
    "support": "agree",
    "supports": "agree",
    "supported": "agree",
    "for": "agree",
    "strengthen": "agree",
    "contradiction": "contradict",
    "contradict": "contradict",
    "contradicts": "contradict",
    "refute": "contradict",
    "refutes": "contradict",
    "refuted": "contradict",
    "disagree": "contradict",
    "against": "contradict",
    "weaken": "contradict",
    "neutral": "neutral",
    "discuss": "neutral",
    "not_enough_info": "neutral",
    "nei": "neutral",
    "observing": "neutral",
    "neither": "neutral",
    "unrelated": "unrelated",
    "not_related": "unrelated",
}


def map_label(name: str) -> Label:
    """Our label for a model's class name (``ENTAILMENT``, ``contradiction``, ``LABEL_1`` fails)."""
    key = re.sub(r"[\s-]+", "_", name.strip().lower())
    if key not in _LABEL_WORDS:
        raise ModelError(
            f"judge model class {name!r} is not an NLI or stance label; known: "
            f"{', '.join(sorted(_LABEL_WORDS))}"
        )
    return _LABEL_WORDS[key]


def _scores(probs: dict[Label, float]) -> Scores:
    return Scores.of({lab: round(float(probs.get(lab, 0.0)), 4) for lab in LABELS})


class HFJudge:
    """A local or Hugging Face sequence-classification NLI model, run by transformers + torch.

    ``model`` is a directory or a hub name; with ``HF_HUB_OFFLINE=1`` only local files are used.
    Classes are mapped by name (entailment → agree, contradiction → contradict, ...); a
    three-way NLI model never says unrelated.
    """

    def __init__(self, model: str, *, batch_size: int = 16, cache: PairCache | None = None) -> None:
        self.model = model
        self.name = f"hf:{model}"
        self.batch_size = batch_size
        self.cache = cache if cache is not None else PairCache()
        self._m: Any = None
        self._tok: Any = None
        self._labels: list[Label] = []

    def _load(self) -> None:
        try:
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:
            raise ConfigError(
                "judge=hf:… needs the [hf] extra: pip install 'rashomon[hf]'"
            ) from exc
        try:
            self._tok = AutoTokenizer.from_pretrained(self.model)
            self._m = AutoModelForSequenceClassification.from_pretrained(self.model).eval()
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load judge model {self.model!r}: {exc}") from exc
        id2label = self._m.config.id2label
        self._labels = [map_label(id2label[i]) for i in range(len(id2label))]

    def judge(self, pairs: Sequence[Pair]) -> list[Judgment]:
        check_pairs(pairs)
        results: list[Judgment | None] = [self.cache.get(p) for p in pairs]
        todo = [i for i, j in enumerate(results) if j is None]
        if todo:
            if self._m is None:
                self._load()
            import torch

            for lo in range(0, len(todo), self.batch_size):
                idx = todo[lo : lo + self.batch_size]
                ev = [select_evidence(pairs[i].a, pairs[i].b) for i in idx]
                enc = self._tok(
                    [pairs[i].a for i in idx],
                    ev,
                    truncation="only_second",
                    padding=True,
                    max_length=512,
                    return_tensors="pt",
                )
                with torch.no_grad():
                    probs = torch.softmax(self._m(**enc).logits, dim=-1).numpy()
                for i, row in zip(idx, probs, strict=True):
                    merged: dict[Label, float] = {}
                    for lab, v in zip(self._labels, row, strict=True):
                        merged[lab] = merged.get(lab, 0.0) + float(v)
                    label = max(merged, key=lambda k: merged[k])
                    j = Judgment(
                        label=label,
                        scores=_scores(merged),
                        reason=f"{self.name}: {label} ({merged[label]:.2f})",
                    )
                    self.cache.put(pairs[i], j)
                    results[i] = j
        return [j for j in results if j is not None]


_SYSTEM = (
    "You compare two news texts. A is a claim; B is evidence from another outlet. Answer with "
    'JSON only: {"label": L, "reason": R} where L is one of "agree" (B supports A), '
    '"contradict" (B conflicts with A: a fact, number, date or characterisation differs), '
    '"neutral" (same topic, B takes no stance on A) or "unrelated" (different topics), '
    "and R is one short sentence."
)


class ChatJudge:
    """An OpenAI-compatible chat-completions endpoint as judge.

    ``url`` is the API base (``…/v1``); the key is read from the environment variable named by
    ``key_env`` at call time, never stored in settings files. Replies are parsed as JSON, or
    failing that the first label word; anything else is a `JudgeError` naming the pair.
    """

    def __init__(
        self,
        url: str,
        model: str,
        *,
        key_env: str = "RASHOMON_JUDGE_API_KEY",
        timeout: float = 60.0,
        cache: PairCache | None = None,
        client: Any = None,
    ) -> None:
        if not url:
            raise ConfigError(
                "judge=chat needs judge_url (RASHOMON_JUDGE_URL), e.g. http://127.0.0.1:8080/v1"
            )
        if not model:
            raise ConfigError("judge=chat needs judge_model (RASHOMON_JUDGE_MODEL)")
        self.url = url.rstrip("/")
        self.model = model
        self.name = f"chat:{model}"
        self.key_env = key_env
        self.timeout = timeout
        self.cache = cache if cache is not None else PairCache()
        self._client = client

    def _post(self, messages: list[dict[str, str]]) -> str:
        import httpx

        headers = {"Content-Type": "application/json"}
        key = os.environ.get(self.key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        body = {"model": self.model, "messages": messages, "temperature": 0}
        client = self._client or httpx.Client(timeout=self.timeout)
        try:
            resp = client.post(f"{self.url}/chat/completions", json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise JudgeError(f"judge endpoint {self.url}: {type(exc).__name__}: {exc}") from exc
        finally:
            if self._client is None:
                client.close()
        if resp.status_code != 200:
            raise JudgeError(
                f"judge endpoint {self.url} answered HTTP {resp.status_code}: {resp.text[:200]}"
            )
        try:
            return str(resp.json()["choices"][0]["message"]["content"])
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise JudgeError(
                f"judge endpoint {self.url} sent no chat completion: {resp.text[:200]}"
            ) from exc

    @staticmethod
    def parse(reply: str) -> tuple[Label, str]:
        """The label and reason in a model's reply: JSON first, then the first label word."""
        m = re.search(r"\{.*\}", reply, re.S)
        if m:
            try:
                obj = json.loads(m.group(0))
                return map_label(str(obj.get("label", ""))), str(obj.get("reason", ""))[:500]
            except (ValueError, ModelError):
                pass
        w = re.search(r"\b(agree|contradict|neutral|unrelated)\b", reply.lower())
        if w:
            return map_label(w.group(1)), reply.strip()[:500]
        raise JudgeError(f"judge reply has no label: {reply[:200]!r}")

    def judge(self, pairs: Sequence[Pair]) -> list[Judgment]:
        check_pairs(pairs)
        out: list[Judgment] = []
        for p in pairs:
            cached = self.cache.get(p)
            if cached is None:
                ev = select_evidence(p.a, p.b, max_chars=4000, max_sentences=12)
                reply = self._post(
                    [
                        {"role": "system", "content": _SYSTEM},
                        {"role": "user", "content": f"A: {p.a}\n\nB: {ev}"},
                    ]
                )
                label, reason = self.parse(reply)
                cached = Judgment(
                    label=label,
                    scores=Scores.of({label: 1.0}),
                    reason=f"{self.name}: {reason}" if reason else self.name,
                )
                self.cache.put(p, cached)
            out.append(cached)
        return out
