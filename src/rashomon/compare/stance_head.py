"""The stance head: a small linear model over the cross-encoder's view of a claim and a whole
article, and over what a reader sees in the article itself.

The cross-encoder reads one window of evidence (the best-matching sentences); whether an
article *agrees* with a headline or merely *discusses* it shows across the whole text: how
much of it is reported speech and hedging, whether it denies or debunks, how much of the
claim it covers, and whether the model reads the same stance in the claim's other matching
sentences. The head weighs those signals. One is fitted (``train/fit_stance_head.py``) on a
fold of FNC-1's training articles that the cross-encoder never saw, so the weight it gives the
model's scores is the weight they earn on unseen text. Inference is a dot product: numpy only.

Optional: the judge uses a head only where its model directory holds ``stance_head.json``.
None ships: fitted for each of three models, the head gained on the fold's cross-validation
(shipped model: macro-F1 0.69 -> 0.71) and lost on FNC-1 dev (0.667 -> 0.653), so the model
decides alone (MODEL_CARD.md).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rashomon.compare.evidence import content_words, rank_sentences, reporting_cues, split_sentences
from rashomon.errors import ModelError
from rashomon.lexicon import DENIAL_VERBS, HEDGES

# Words of debunking and doubt (the FNC-1 baseline's "refuting" list, with their forms).
_REFUTING = re.compile(
    r"\b(?:fake|fraud|hoax(?:es)?|false|fabricat\w*|deny|denie[sd]|denying|denial|not|no|never|despite|nope|doubts?|"
    r"doubtful|bogus|debunk\w*|pranks?|retract\w*|untrue|myth|satir\w*|parody|rumou?r\w*|"
    r"unconfirmed|unverified|misleading|wrong|incorrect)\b|n[’']t\b"
)
_DENIAL = re.compile(r"\b(?:" + "|".join(sorted(DENIAL_VERBS)) + r")\w*\b")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# How many of the claim's best-matching sentences the model also reads one by one.
SENTENCES = 3

FEATURES: tuple[str, ...] = (
    # the cross-encoder on the evidence window (log-probabilities)
    "lp_agree",
    "lp_contradict",
    "lp_neutral",
    "lp_unrelated",
    # the cross-encoder on each of the best sentences alone
    "s_max_agree",
    "s_max_contradict",
    "s_mean_neutral",
    "s_mean_unrelated",
    # relatedness
    "cosine",
    "cover_body",
    "cover_evidence",
    "top_overlap",
    # the article's voice: reported speech, hedging, refuting and denial words (per sentence)
    "report_body",
    "report_evidence",
    "hedge_body",
    "refute_body",
    "refute_evidence",
    "denial_body",
    # the claim's own voice
    "claim_question",
    "claim_hedged",
    "claim_refute",
    # size
    "log_sentences",
)


def _rate(n: int, d: int) -> float:
    return n / max(d, 1)


def _hedges(text: str) -> int:
    return sum(1 for w in _WORD.findall(text.lower()) if w in HEDGES)


def text_features(claim: str, body: str, evidence: str) -> dict[str, float]:
    """The features of a (claim, article) pair that need no model."""
    sents = split_sentences(body) or [body]
    n = len(sents)
    low, ev_low, claim_low = body.lower(), evidence.lower(), claim.lower()
    q = set(content_words(claim))
    body_words = set(content_words(body))
    ev_words = set(content_words(evidence))
    ranked = rank_sentences(claim, sents)
    top = ranked[0][0] if ranked else 0
    top_words = set(content_words(sents[top]))
    ev_n = max(len(split_sentences(evidence)), 1)
    return {
        "cover_body": _rate(len(q & body_words), len(q)),
        "cover_evidence": _rate(len(q & ev_words), len(q)),
        "top_overlap": _rate(len(q & top_words), len(q)),
        "report_body": _rate(len(reporting_cues(body)), n),
        "report_evidence": _rate(len(reporting_cues(evidence)), ev_n),
        "hedge_body": _rate(_hedges(body), n),
        "refute_body": _rate(len(_REFUTING.findall(low)), n),
        "refute_evidence": _rate(len(_REFUTING.findall(ev_low)), ev_n),
        "denial_body": _rate(len(_DENIAL.findall(low)), n),
        "claim_question": float("?" in claim),
        "claim_hedged": float(len(reporting_cues(claim)) > 0),
        "claim_refute": float(bool(_REFUTING.search(claim_low))),
        "log_sentences": math.log1p(n),
    }


def best_sentences(claim: str, body: str, k: int = SENTENCES) -> list[str]:
    """The ``k`` sentences of ``body`` that best match ``claim`` (each judged alone)."""
    sents = split_sentences(body)
    return (
        [sents[i] for i, score in rank_sentences(claim, sents)[:k] if score > 0]
        or sents[:1]
        or [body[:600]]
    )


def model_features(window: np.ndarray, sentences: np.ndarray) -> dict[str, float]:
    """The cross-encoder's view: probabilities on the evidence window (one row) and on the
    best sentences alone (one row each), columns agree, contradict, neutral, unrelated."""
    lp = np.log(np.clip(window, 1e-6, 1.0))
    s = sentences if len(sentences) else window[None, :]
    return {
        "lp_agree": float(lp[0]),
        "lp_contradict": float(lp[1]),
        "lp_neutral": float(lp[2]),
        "lp_unrelated": float(lp[3]),
        "s_max_agree": float(s[:, 0].max()),
        "s_max_contradict": float(s[:, 1].max()),
        "s_mean_neutral": float(s[:, 2].mean()),
        "s_mean_unrelated": float(s[:, 3].mean()),
    }


def vector(features: dict[str, float], names: Sequence[str] = FEATURES) -> np.ndarray:
    return np.asarray([features[n] for n in names], dtype=np.float64)


@dataclass(frozen=True)
class StanceHead:
    """Multinomial logistic regression over standardised features."""

    labels: tuple[str, ...]
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)
    info: dict

    @classmethod
    def load(cls, path: str | Path) -> StanceHead:
        try:
            meta = json.loads(Path(path).read_text(encoding="utf-8"))
            head = cls(
                labels=tuple(meta["labels"]),
                features=tuple(meta["features"]),
                mean=np.asarray(meta["mean"], dtype=np.float64),
                scale=np.asarray(meta["scale"], dtype=np.float64),
                coef=np.asarray(meta["coef"], dtype=np.float64),
                intercept=np.asarray(meta["intercept"], dtype=np.float64),
                info=meta.get("info", {}),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"stance head {path} is unreadable: {exc}") from exc
        unknown = set(head.features) - set(FEATURES)
        if unknown or head.coef.shape != (len(head.labels), len(head.features)):
            raise ModelError(
                f"stance head {path} does not fit this version (features {sorted(unknown)}, "
                f"coef {head.coef.shape})"
            )
        return head

    def save(self, path: str | Path) -> None:
        meta = {
            "labels": list(self.labels),
            "features": list(self.features),
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "coef": self.coef.round(6).tolist(),
            "intercept": self.intercept.round(6).tolist(),
            "info": self.info,
        }
        Path(path).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")

    def probabilities(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        """One row of label probabilities (in ``labels`` order) per feature dict."""
        if not rows:
            return np.zeros((0, len(self.labels)))
        x = np.stack([vector(r, self.features) for r in rows])
        z = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def contributions(
        self, row: dict[str, float], label: str, top: int = 3
    ) -> list[tuple[str, float]]:
        """The features that pushed most towards ``label``: what a reason can name."""
        k = self.labels.index(label)
        x = (vector(row, self.features) - self.mean) / self.scale
        c = x * (self.coef[k] - self.coef.mean(axis=0))
        order = np.argsort(-c)[:top]
        return [(self.features[i], float(c[i])) for i in order if c[i] > 0]
