"""Alignment: which claims of different outlets tell the same fact.

Candidates come from embeddings (each claim's nearest claims in every other article, plus
pairs sharing two or more entities), so the work stays linear in claims. Each candidate pair is
then described by a few numbers a reader would look at — how close the sentences are in
meaning, whether each is the other's best match in its article, how many rare words, names and
numbers they share, whether they quote the same words — and the shipped aligner (a gradient-
boosted tree ensemble trained on factbench's cross-outlet gold pairs, run by onnxruntime; see
``resources/aligner/MODEL_CARD.md``) turns them into the probability that the two report the
same proposition. The same `pair_features` builds the training rows (``train/align_data.py``).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from rashomon.compare.claimset import ClaimSet, places_of
from rashomon.compare.conflict import content_stems, numbers, numbers_differ, stem, tokens
from rashomon.compare.judge import heavy_predicate
from rashomon.errors import ModelError
from rashomon.lexicon import CLAIM_STOP_WORDS
from rashomon.nlp.onnx import onnx_session

# The aligner's inputs, in order; the model's metadata repeats them and `Aligner` checks.
FEATURES: tuple[str, ...] = (
    "cos",  # cosine of the two claims' MiniLM vectors
    "sent_cos",  # cosine of their whole sentences
    "sent_rank_max",  # ranks as below, by sentence vectors
    "rank_max",  # the worse of the two ranks: j among its article's claims for i, and i for j
    "rank_min",
    "margin_min",  # how far each is closer than the next-best claim of that article (worse side)
    "margin_max",
    "idf_overlap",  # story-IDF weight of shared stems / the lighter side's total
    "idf_dice",
    "shared_rare",  # stems shared that occur in at most two claims of the story
    "shared_names",  # capitalised words shared (not sentence-initial)
    "shared_entities",  # resolved entities shared
    "entity_jaccard",
    "shared_numbers",
    "numbers_conflict",  # a number counting the same noun differs
    "len_min",  # words in the shorter claim
    "len_ratio",
    "common_run",  # longest run of words both share, verbatim
    "both_quoted",
    "same_predicate",  # same main predicate, not a light verb
    "predicate_clash",  # both have a main predicate that is not a light verb, and they differ
    "same_polarity",
    "pos_min",  # relative position in each article (0 = lead)
    "pos_max",
    "core_overlap",  # idf_overlap with appositions left out ("Ruiz, the city's mayor, spoke")
    "places_clash",  # both sentences are set in named places, and in none alike
)

# An apposition after a name: ", the city's mayor since 2019,".
_APPOSITION = re.compile(r"(\b[A-Z][\w’'.-]*)(?:,|\s[—–-])\s[^,—–]{3,90}?(?:,|\s[—–-])\s")
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][a-z'’-]*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?")


def core(text: str) -> str:
    """The claim without the appositions that describe its people: what it says happened."""
    return _APPOSITION.sub(r"\1 ", text)


def said_of(text: str) -> set[str]:
    """What a claim says, beyond whom it names: the stems of its lower-case content words once
    appositions are left out ("Ruiz, the city's mayor, opened the bridge in Lyon" ->
    open, bridge)."""
    out = set()
    for w in _LOWER_WORD.findall(core(text)):
        w = w.strip("’'").lower()
        if w not in CLAIM_STOP_WORDS and len(w) > 2:
            out.add(stem(w))
    return out


def _overlap(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    wa, wb = sum(idf.get(s, 1.0) for s in a), sum(idf.get(s, 1.0) for s in b)
    if not wa or not wb:
        return 0.0
    return sum(idf.get(s, 1.0) for s in a & b) / min(wa, wb)


def longest_common_run(a: list[str], b: list[str]) -> int:
    if not a or not b:
        return 0
    best = 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for k, y in enumerate(b, 1):
            if x == y:
                cur[k] = prev[k - 1] + 1
                if cur[k] > best:
                    best = cur[k]
        prev = cur
    return best


@dataclass(frozen=True, slots=True)
class CandidateParams:
    """Which pairs the aligner scores. Measured on factbench (54 dev stories,
    `train/align_data.py`): of the 4,401 gold cross-outlet sentence pairs that claims can
    express, the 5 nearest claims per other article above 0.25 by the claims' vectors reach
    70%; adding the 5 nearest by their sentences' vectors reaches 81.5% (3,587), at about 800
    pairs a three-outlet story, which the aligner scores in milliseconds."""

    top_k: int = 5
    min_similarity: float = 0.25
    entity_similarity: float = 0.25  # pairs sharing two entities, when this close
    ubiquitous_entity: int = 200  # an entity in more claims than this says nothing
    block: int = 2048


def candidate_pairs(
    cs: ClaimSet, params: CandidateParams = CandidateParams()
) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine) of claims from different articles worth scoring, i < j.

    Each claim keeps its ``top_k`` most similar claims of every other article above
    ``min_similarity``, and pairs sharing two or more entities above ``entity_similarity``;
    so O(claims * k) pairs are scored, not every pair.
    """
    claims, vectors, claim_entities = cs.claims, cs.vectors, cs.claim_entities
    n = len(claims)
    if n == 0:
        return []
    arts = [c.article for c in claims]
    art_index = {a: k for k, a in enumerate(dict.fromkeys(arts))}
    articles = np.array([art_index[a] for a in arts])
    members = {k: np.flatnonzero(articles == k) for k in art_index.values()}
    pairs: dict[tuple[int, int], float] = {}
    # Nearest by the claims' own vectors, and (a clause of a longer sentence) by their sentences'.
    for space in (vectors, cs.sentence_vectors):
        for lo in range(0, n, params.block):
            sims = space[lo : lo + params.block] @ space.T
            for r in range(sims.shape[0]):
                i = lo + r
                row = sims[r]
                for art, idx in members.items():
                    if art == articles[i]:
                        continue
                    best = idx[np.argsort(-row[idx], kind="stable")[: params.top_k]]
                    for j in best:
                        if row[j] >= params.min_similarity:
                            key = (min(i, int(j)), max(i, int(j)))
                            pairs[key] = float(vectors[i] @ vectors[j])
    by_entity: dict[str, list[int]] = defaultdict(list)
    for i, ents in enumerate(claim_entities):
        for e in ents:
            by_entity[e].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for group in by_entity.values():
        if len(group) > params.ubiquitous_entity:
            continue
        for x in range(len(group)):
            for y in range(x + 1, len(group)):
                i, j = group[x], group[y]
                if claims[i].article != claims[j].article:
                    shared[(i, j)] += 1
    for (i, j), count in shared.items():
        if count >= 2 and (i, j) not in pairs:
            sim = float(vectors[i] @ vectors[j])
            if sim >= params.entity_similarity:
                pairs[(i, j)] = sim
    return sorted((i, j, s) for (i, j), s in pairs.items())


def pair_features(cs: ClaimSet, pairs: Sequence[tuple[int, int, float]]) -> np.ndarray:
    """One row of `FEATURES` per candidate pair (i, j, cosine) of ``cs`` (float32)."""
    out = np.zeros((len(pairs), len(FEATURES)), dtype=np.float32)
    if not pairs:
        return out
    claims, vectors, claim_entities, sent = (
        cs.claims,
        cs.vectors,
        cs.claim_entities,
        cs.sentence_vectors,
    )
    n = len(claims)
    stems = [content_stems(c.text, numbers=False) for c in claims]
    df: Counter[str] = Counter(s for st in stems for s in st)
    idf = {s: math.log((n + 1) / (d + 1)) + 1.0 for s, d in df.items()}
    toks = [tokens(c.text) for c in claims]
    cores = [content_stems(core(c.text), numbers=False) for c in claims]
    places = [places_of(a) for a in cs.claim_anchors]
    names = [set(_NAME.findall(c.text)) for c in claims]
    nums = [numbers(c.text) for c in claims]
    counts = cs.sentence_counts
    # Per claim and other article: similarities, sorted, to get ranks and margins.
    arts = [c.article for c in claims]
    index_of: dict[str, list[int]] = defaultdict(list)
    for k, a in enumerate(arts):
        index_of[a].append(k)
    by_art = {a: np.array(ix) for a, ix in index_of.items()}
    sorted_sims: dict[tuple[int, str], np.ndarray] = {}
    sorted_sent: dict[tuple[int, str], np.ndarray] = {}

    def ranked(i: int, art: str) -> np.ndarray:
        key = (i, art)
        if key not in sorted_sims:
            sorted_sims[key] = np.sort(vectors[by_art[art]] @ vectors[i])[::-1]
        return sorted_sims[key]

    def sent_rank(i: int, j: int, sim: float) -> float:
        key = (i, arts[j])
        if key not in sorted_sent:
            sorted_sent[key] = np.sort(sent[by_art[arts[j]]] @ sent[i])[::-1]
        return float(np.sum(sorted_sent[key] > sim + 1e-6))

    def rank_margin(i: int, j: int, sim: float) -> tuple[float, float]:
        s = ranked(i, arts[j])
        rank = int(np.sum(s > sim + 1e-6))
        nxt = s[1] if rank == 0 and len(s) > 1 else s[0]
        return float(rank), float(sim - nxt) if rank == 0 else float(sim - s[0])

    for row, (i, j, sim) in enumerate(pairs):
        ci, cj = claims[i], claims[j]
        r1, m1 = rank_margin(i, j, sim)
        r2, m2 = rank_margin(j, i, sim)
        si, sj = stems[i], stems[j]
        shared = si & sj
        wi, wj = sum(idf[s] for s in si), sum(idf[s] for s in sj)
        ws = sum(idf[s] for s in shared)
        ei, ej = claim_entities[i], claim_entities[j]
        li, lj = len(toks[i]), len(toks[j])
        pi = ci.sentence / max(1, counts.get(ci.article, ci.sentence + 1))
        pj = cj.sentence / max(1, counts.get(cj.article, cj.sentence + 1))
        s_sim = float(sent[i] @ sent[j])
        heavy_i, heavy_j = heavy_predicate(ci.predicate), heavy_predicate(cj.predicate)
        out[row] = (
            sim,
            s_sim,
            max(sent_rank(i, j, s_sim), sent_rank(j, i, s_sim)),
            max(r1, r2),
            min(r1, r2),
            min(m1, m2),
            max(m1, m2),
            ws / min(wi, wj) if wi and wj else 0.0,
            2 * ws / (wi + wj) if wi + wj else 0.0,
            sum(1 for s in shared if df[s] <= 2),
            len(names[i] & names[j]),
            len(ei & ej),
            len(ei & ej) / len(ei | ej) if ei | ej else 0.0,
            len(nums[i] & nums[j]),
            1.0 if numbers_differ(ci.text, cj.text) else 0.0,
            min(li, lj),
            min(li, lj) / max(li, lj, 1),
            longest_common_run(toks[i], toks[j]),
            1.0 if ci.quote and cj.quote else 0.0,
            1.0 if heavy_i and ci.predicate == cj.predicate else 0.0,
            1.0 if heavy_i and heavy_j and ci.predicate != cj.predicate else 0.0,
            1.0 if ci.polarity == cj.polarity else 0.0,
            min(pi, pj),
            max(pi, pj),
            _overlap(cores[i], cores[j], idf),
            1.0 if places[i] and places[j] and not places[i] & places[j] else 0.0,
        )
    return out


def default_aligner_dir() -> Path:
    return Path(str(resources.files("rashomon") / "resources" / "aligner"))


class Aligner:
    """The shipped aligner: candidate-pair features in, P(same proposition) out (onnxruntime)."""

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir else default_aligner_dir()
        self._session: object | None = None

    def _load(self) -> object:
        if self._session is None:
            path = self.model_dir / "model.onnx"
            meta_path = self.model_dir / "config.json"
            if not path.exists() or not meta_path.exists():
                raise ModelError(
                    f"aligner model not found in {self.model_dir} (model.onnx, config.json)"
                )
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if tuple(meta.get("features", ())) != FEATURES:
                raise ModelError(
                    f"aligner in {self.model_dir} was trained on other features; rebuild it "
                    "(make train-aligner)"
                )
            self._session = onnx_session(path, threads=1)
        return self._session

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        if len(features) == 0:
            return np.zeros(0, dtype=np.float32)
        sess = self._load()
        (probs,) = sess.run(None, {"features": features.astype(np.float32)})  # type: ignore[attr-defined]
        return np.asarray(probs, dtype=np.float32)
