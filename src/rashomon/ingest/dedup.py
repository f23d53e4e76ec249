"""Near-duplicate articles (wire copies, re-publications): MinHash over word shingles.

A text's fingerprint is the set of its 5-word shingles (normalised: NFKC, lower case,
words only), a 128-value MinHash signature of that set, and 32 LSH band keys of 4 values
each. Articles sharing a band key are candidates (pairs with a shingle Jaccard near 0.4
and up almost always share one); a candidate is a near-duplicate when the exact shingle
sets agree: Jaccard >= 0.7, or the shorter text's shingles lie >= 90 % inside the longer
one (an outlet that ran a shortened wire copy). The hashes are fixed (blake2b, a seeded
multiply-shift family), so fingerprints stored by one run match those of the next.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

SHINGLE = 5
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
JACCARD = 0.7
CONTAINMENT = 0.9
MIN_SHINGLES_FOR_CONTAINMENT = 30  # a short text inside a long one is a quote, not a copy

_WORD = re.compile(r"\w+")
_rng = np.random.default_rng(20191114)
# Multiply-shift hashing: (a*x + b) mod 2**64, top 32 bits; a odd. Wrapping is the point.
_A = _rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    shingles: frozenset[int]
    signature: np.ndarray = field(repr=False)  # uint32, NUM_PERM
    bands: tuple[int, ...] = ()  # signed 64-bit keys, one per band


def _tokens(text: str) -> list[str]:
    """Shingle tokens: NFKC, lowercased ``\\w+`` runs (digits kept). Stored fingerprints are
    made of these: changing them would unlink every stored near-duplicate."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def _token_hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")


def shingle_hashes(text: str, k: int = SHINGLE) -> np.ndarray:
    """The distinct k-word shingles of ``text`` as uint64 hashes (one for a shorter text)."""
    tokens = _tokens(text)
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    cache: dict[str, int] = {}
    ids = np.array([cache.setdefault(t, _token_hash(t)) for t in tokens], dtype=np.uint64)
    k = min(k, len(ids))
    n = len(ids) - k + 1
    out = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(k):
            out = out * _MIX + ids[i : i + n]
    return np.unique(out)


def fingerprint(text: str) -> Fingerprint:
    hashes = shingle_hashes(text)
    if len(hashes) == 0:
        signature = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    else:
        with np.errstate(over="ignore"):
            mixed = _A[:, None] * hashes[None, :] + _B[:, None]
        signature = (mixed >> np.uint64(32)).astype(np.uint32).min(axis=1)
    bands = tuple(
        int.from_bytes(
            hashlib.blake2b(
                band.to_bytes(2, "little") + signature[band * ROWS : (band + 1) * ROWS].tobytes(),
                digest_size=8,
            ).digest(),
            "little",
            signed=True,
        )
        for band in range(BANDS)
    )
    return Fingerprint(frozenset(int(h) for h in hashes), signature, bands)


def overlap(a: frozenset[int], b: frozenset[int]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger) of two shingle sets."""
    if not a or not b:
        return 0.0, 0.0
    common = len(a & b)
    return common / len(a | b), common / min(len(a), len(b))


def near_duplicate(a: frozenset[int], b: frozenset[int]) -> float | None:
    """The Jaccard similarity if ``a`` and ``b`` are near-duplicates, else None."""
    jaccard, containment = overlap(a, b)
    if jaccard >= JACCARD:
        return jaccard
    if containment >= CONTAINMENT and min(len(a), len(b)) >= MIN_SHINGLES_FOR_CONTAINMENT:
        return jaccard
    return None


class DedupIndex:
    """In-memory near-duplicate detection: each text added is matched against those before.

    ``add`` returns ``(original id, Jaccard)`` for a near-duplicate (the original being the
    first text of its group, never itself a duplicate), else None.
    """

    def __init__(self) -> None:
        self._bands: dict[int, list[str]] = {}
        self._shingles: dict[str, frozenset[int]] = {}
        self._original: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._shingles)

    def candidates(self, fp: Fingerprint) -> list[str]:
        seen: dict[str, int] = {}
        for key in fp.bands:
            for other in self._bands.get(key, ()):
                seen[other] = seen.get(other, 0) + 1
        return sorted(seen, key=lambda k: -seen[k])

    def match(self, fp: Fingerprint) -> tuple[str, float] | None:
        best: tuple[str, float] | None = None
        for other in self.candidates(fp):
            sim = near_duplicate(fp.shingles, self._shingles[other])
            if sim is not None and (best is None or sim > best[1]):
                best = (self._original[other], sim)
        return best

    def add(self, id: str, text: str | Fingerprint) -> tuple[str, float] | None:
        fp = text if isinstance(text, Fingerprint) else fingerprint(text)
        found = self.match(fp)
        self.remember(id, fp, original=found[0] if found else id)
        return found

    def remember(self, id: str, fp: Fingerprint, *, original: str | None = None) -> None:
        self._shingles[id] = fp.shingles
        self._original[id] = original or id
        for key in fp.bands:
            self._bands.setdefault(key, []).append(id)
