"""Quote groups: the same utterance by the same speaker across outlets, with wording differences."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from rashomon.model import DiffOp, Quote, QuoteGroup, QuoteVariant, make_id
from rashomon.nlp.embed import Embedder
from rashomon.nlp.speakers import name_tokens

SAME_SPEAKER_SIMILARITY = 0.55
ANY_SPEAKER_SIMILARITY = 0.85
_TOKEN = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]")


def _speaker_match(a: str | None, b: str | None) -> bool | None:
    """True/False when both speakers are known; None when one is unknown."""
    if not a or not b:
        return None
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return None
    if "".join(ta) == "".join(tb):
        return True
    # "Park" against "Park Ji-won": a surname alone matches the full name.
    return (len(ta) == 1 and ta[0] in (tb[0], tb[-1])) or (
        len(tb) == 1 and tb[0] in (ta[0], ta[-1])
    )


def utterances(quotes: Sequence[Quote], text_of: dict[str, str]) -> list[list[Quote]]:
    """Consecutive quotes of one speaker with no other speech between: one utterance."""
    units: list[list[Quote]] = []
    for q in sorted(quotes, key=lambda q: (q.article, q.start)):
        if units:
            last = units[-1][-1]
            gap = text_of[q.article][last.end : q.start] if last.article == q.article else ""
            if (
                last.article == q.article
                and q.speaker
                and q.speaker == last.speaker
                and gap.count("\n") <= 1
                and len(gap) < 200
            ):
                units[-1].append(q)
                continue
        units.append([q])
    return units


def word_diff(a: str, b: str) -> tuple[DiffOp, ...]:
    """Word-level differences; each op carries the original text slices ("U.S." stays "U.S.")."""
    ma, mb = list(_TOKEN.finditer(a)), list(_TOKEN.finditer(b))
    sm = difflib.SequenceMatcher(
        a=[m.group().lower() for m in ma], b=[m.group().lower() for m in mb], autojunk=False
    )

    def piece(text: str, ms: list[re.Match[str]], i: int, j: int) -> str:
        return text[ms[i].start() : ms[j - 1].end()] if j > i else ""

    return tuple(
        DiffOp(op=tag, a=piece(a, ma, i1, i2), b=piece(b, mb, j1, j2))
        for tag, i1, i2, j1, j2 in sm.get_opcodes()
    )


def group_quotes(
    quotes: Sequence[Quote], text_of: dict[str, str], embedder: Embedder
) -> tuple[QuoteGroup, ...]:
    """Direct quotes of one utterance across outlets; reported speech is compared as claims."""
    units = utterances([q for q in quotes if q.kind == "direct" and not q.partial], text_of)
    if len(units) < 2:
        return ()
    texts = [" ".join(q.text for q in u) for u in units]
    # One embedding call for whole utterances and their parts (a quote split around its cue).
    parts = sorted({q.text for u in units if len(u) > 1 for q in u})
    all_vecs = embedder.embed(texts + parts)
    vecs = all_vecs[: len(texts)]
    part_vec = dict(zip(parts, all_vecs[len(texts) :], strict=True))
    sims = vecs @ vecs.T
    parent = list(range(len(units)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x] = parent[parent[x]]
        return x

    for i in range(len(units)):
        for j in range(i + 1, len(units)):
            if units[i][0].article == units[j][0].article:
                continue
            same = _speaker_match(units[i][0].speaker, units[j][0].speaker)
            s = float(sims[i, j])
            # Partial overlap: one outlet may quote only part of what another quotes.
            s = max(s, _best_part(units[i], units[j], part_vec, vecs[i], vecs[j]))
            if (same is not False and s >= SAME_SPEAKER_SIMILARITY) or s >= ANY_SPEAKER_SIMILARITY:
                parent[find(j)] = find(i)
    comps: dict[int, list[int]] = defaultdict(list)
    for i in range(len(units)):
        comps[find(i)].append(i)
    groups = []
    for members in comps.values():
        if len({units[m][0].article for m in members}) < 2:
            continue
        by_article: dict[str, list[Quote]] = defaultdict(list)
        for m in members:
            by_article[units[m][0].article].extend(units[m])
        variants = []
        first_text = None
        for art, qs in by_article.items():
            qs.sort(key=lambda q: q.start)
            text = " … ".join(q.text for q in qs)
            diff = () if first_text is None else word_diff(first_text, text)
            first_text = first_text or text
            variants.append(
                QuoteVariant(article=art, quotes=tuple(q.id for q in qs), text=text, diff=diff)
            )
        all_quotes = [q for v in by_article.values() for q in v]
        speakers = [q.speaker for q in all_quotes if q.speaker]
        conflict = any(_speaker_match(a, b) is False for a in speakers for b in speakers)
        speaker = max(speakers, key=lambda s: len(name_tokens(s))) if speakers else None
        ids = tuple(q.id for q in all_quotes)
        groups.append(
            QuoteGroup(
                id=make_id("g", *sorted(ids)),
                quotes=ids,
                speaker=speaker,
                speaker_conflict=conflict,
                variants=tuple(variants),
            )
        )
    return tuple(groups)


def _best_part(
    a: list[Quote],
    b: list[Quote],
    part_vec: dict[str, np.ndarray],
    whole_a: np.ndarray,
    whole_b: np.ndarray,
) -> float:
    """Best similarity between any part of one utterance and any part of the other (a single
    quote is its own only part)."""
    if len(a) == 1 and len(b) == 1:
        return 0.0
    va = np.stack([part_vec[q.text] for q in a]) if len(a) > 1 else whole_a[None, :]
    vb = np.stack([part_vec[q.text] for q in b]) if len(b) > 1 else whole_b[None, :]
    return float(np.max(va @ vb.T))
