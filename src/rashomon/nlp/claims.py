"""Claims: one proposition each, with its attribution chain, certainty and polarity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rashomon.lexicon import (
    BELIEF_VERBS,
    DENIAL_VERBS,
    HEARSAY_ADVERBS,
    HEARSAY_VERBS,
    HEDGES,
    NEGATORS,
    wordset,
)
from rashomon.nlp.speakers import (
    NameIndex,
    Source,
    classify_source,
    is_cue,
    source_phrase,
    subject_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


_SPLIT_MARKS = wordset("although though while whereas but yet")
_ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "expl", "pobj"})


@dataclass(frozen=True, slots=True)
class Frame:
    """A reporting frame: who (source), with which cue, and how (passive hearsay, belief)."""

    cue: Token | None
    source: Source | None
    hearsay: bool
    belief: bool


@dataclass(frozen=True, slots=True)
class RawClaim:
    start: int
    end: int
    frames: tuple[Frame, ...]
    negated: bool
    hedged: bool
    quote_index: int | None
    predicate: str | None = None


def _clip(root: Token, lo: int, hi: int) -> tuple[int, int]:
    left = max(root.left_edge.i, lo)
    right = min(root.right_edge.i + 1, hi)
    return left, right


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in tok.children)


def split_clauses(root: Token, lo: int, hi: int) -> list[tuple[int, int, Token]]:
    """Split [lo, hi) at coordinated or contrastive clauses that end the range.

    "A happened, but B happened" -> [A..., but B...]; only clauses with their own subject
    are split off, so "X met and talked" stays one proposition.
    """
    cands = []
    for c in root.children:
        if not (lo <= c.i < hi):
            continue
        if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} and _has_subject(c):
            cands.append(c)
        elif c.dep_ in {"advcl"} and _has_subject(c):
            marks = {m.lower_ for m in c.children if m.dep_ in {"mark", "cc"}}
            if marks & _SPLIT_MARKS:
                cands.append(c)
    cands.sort(key=lambda t: t.i)
    out: list[tuple[int, int, Token]] = []
    cur_lo = lo
    cur_root = root
    for c in cands:
        c_lo, c_hi = _clip(c, lo, hi)
        if c_lo <= cur_lo or c.i < root.i:
            continue
        # The conjunction and punctuation just before the clause belong to it.
        start = c_lo
        while start - 1 > cur_lo and root.doc[start - 1].dep_ in {"cc", "punct", "mark"}:
            start -= 1
        if c_hi < hi and any(not root.doc[k].is_punct for k in range(c_hi, hi)):
            continue  # clause in the middle: splitting would leave the head discontiguous
        out.append((cur_lo, start, cur_root))
        cur_lo, cur_root = start, c
    out.append((cur_lo, hi, cur_root))
    return [(a, b, r) for a, b, r in out if any(not root.doc[k].is_punct for k in range(a, b))]


def complement_ranges(root: Token, lo: int, hi: int) -> list[tuple[int, int]]:
    """Split [lo, hi) so that each range holds the cue ``root`` and one of its complements.

    A quotation split around its cue ("A," she said, "and B.") hangs both halves on the
    one cue; each half is a proposition of its own.
    """
    if not is_cue(root):
        return [(lo, hi)]
    comps = [c for c in root.children if c.dep_ == "ccomp" and lo <= c.i < hi]
    if len(comps) < 2:
        return [(lo, hi)]
    out = []
    for k in range(len(comps)):
        a = comps[k - 1].right_edge.i + 1 if k > 0 else lo
        b = comps[k + 1].left_edge.i if k + 1 < len(comps) else hi
        if a <= root.i < b:
            out.append((a, b))
    return out or [(lo, hi)]


def peel_frames(
    root: Token, lo: int, hi: int, names: NameIndex, offset: int, quote_speaker_at
) -> tuple[list[Frame], Token, int, int]:
    """Strip reporting frames ("X said that", "according to X") off a clause, outermost first."""
    frames: list[Frame] = []
    doc = root.doc
    for _ in range(4):  # nested frames: "X said he was told that ..."
        ccomp = next((c for c in root.children if c.dep_ == "ccomp" and lo <= c.i < hi), None)
        if ccomp is None and is_cue(root):
            ccomp = _complement_in_pp(root, lo, hi)
        if is_cue(root) and ccomp is not None:
            frames.append(_frame(root, names, offset, quote_speaker_at))
            lo, hi = _clip(ccomp, lo, hi)
            root = ccomp
            continue
        acc = next((c for c in root.children if c.lower_ == "according" and lo <= c.i < hi), None)
        para = next(
            (c for c in root.children if c.dep_ == "parataxis" and is_cue(c) and lo <= c.i < hi),
            None,
        )
        frame_tok = acc or para
        if frame_tok is not None:
            f_lo, f_hi = frame_tok.left_edge.i, frame_tok.right_edge.i + 1
            if acc is not None:
                pobj = next((t for t in acc.subtree if t.dep_ == "pobj"), None)
                src = _source(pobj, acc, names, offset, quote_speaker_at) if pobj else None
                frames.append(Frame(cue=acc, source=src, hearsay=False, belief=False))
            else:
                frames.append(_frame(frame_tok, names, offset, quote_speaker_at))
            # Content is what remains when the frame sits at either edge of the clause.
            while f_lo > lo and doc[f_lo - 1].is_punct:
                f_lo -= 1
            while f_hi < hi and doc[f_hi].is_punct and doc[f_hi].text in ",;—–-":
                f_hi += 1
            if f_hi >= hi or all(doc[k].is_punct for k in range(f_hi, hi)):
                hi = f_lo
            elif f_lo <= lo:
                lo = f_hi
        break
    while lo < hi and (
        (doc[lo].dep_ == "mark" and doc[lo].lower_ in {"that", "whether"}) or doc[lo].is_punct
    ):
        lo += 1
    while hi > lo and doc[hi - 1].is_punct:
        hi -= 1
    return frames, root, lo, hi


def _source(
    head: Token, cue: Token | None, names: NameIndex, offset: int, quote_speaker_at
) -> Source:
    a, b = source_phrase(head)
    span = head.doc[a:b]
    return classify_source(
        span, head, cue, names, offset, quote_speaker_at(offset + span.start_char)
    )


def _frame(cue: Token, names: NameIndex, offset: int, quote_speaker_at) -> Frame:
    subj = subject_of(cue)
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in cue.children)
    lemma = cue.lemma_.lower()
    hearsay = (lemma in HEARSAY_VERBS and passive) or lemma in {"hear", "learn"}
    src = _source(subj, cue, names, offset, quote_speaker_at) if subj is not None else None
    if src is None and cue.dep_ in {"parataxis", "ROOT"}:
        # Inverted order: "..., said an unnamed spokesperson".
        obj = next((c for c in cue.rights if c.dep_ in {"dobj", "nsubj"}), None)
        if obj is not None:
            src = _source(obj, cue, names, offset, quote_speaker_at)
    return Frame(cue=cue, source=src, hearsay=hearsay, belief=lemma in BELIEF_VERBS)


def _complement_in_pp(cue: Token, lo: int, hi: int) -> Token | None:
    """The that-clause of "said in a statement that A", which the parser may hang on the noun."""
    for prep in cue.children:
        if prep.dep_ != "prep" or not lo <= prep.i < hi:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            for c in obj.children:
                if (
                    c.dep_ in {"acl", "relcl"}
                    and lo <= c.i < hi
                    and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                ):
                    return c
    return None


def _denies(frames: list[Frame] | tuple[Frame, ...]) -> bool:
    return any(f.cue is not None and f.cue.lemma_.lower() in DENIAL_VERBS for f in frames)


def is_negated(root: Token, lo: int, hi: int) -> bool:
    """Negation of the proposition's main predicate or of its core arguments ("no talks")."""
    if root.lemma_.lower() in DENIAL_VERBS:
        return True
    for c in root.children:
        if not (lo <= c.i < hi):
            continue
        if c.dep_ == "neg" or c.lower_ in {"never", "no"}:
            return True
        if c.dep_ in _ARG_DEPS or c.dep_ == "prep":
            heads = [c] if c.dep_ != "prep" else [g for g in c.children if g.dep_ == "pobj"]
            for h in heads:
                if any(d.lower_ in {"no", "neither"} and d.dep_ == "det" for d in h.children):
                    return True
                if h.lower_ in {"nothing", "nobody", "none", "noone"} and h.dep_ != "pobj":
                    return True
    # "X has yet to ...", "X failed to ..." read as negative outcomes of the predicate.
    return any(t.lower_ in NEGATORS and t.dep_ == "neg" and t.head == root for t in root.doc[lo:hi])


def predicate(root: Token) -> str:
    """The proposition's main predicate as a lemma with its particle: "broke down" -> "break
    down", "held" -> "hold"."""
    parts = [root.lemma_.lower()] + [c.lower_ for c in root.children if c.dep_ == "prt"]
    return " ".join(parts)


def is_hedged(tokens: SpacySpan) -> bool:
    for t in tokens:
        low = t.lower_
        if low in HEDGES and (t.tag_ == "MD" or t.pos_ in {"ADV", "ADJ", "VERB", "NOUN"}):
            return True
    return False


def has_hearsay_adverb(tokens: SpacySpan) -> bool:
    return any(t.lower_ in HEARSAY_ADVERBS for t in tokens)


def sentence_claims(
    sent: SpacySpan, names: NameIndex, offset: int, quote_speaker_at
) -> list[RawClaim]:
    """The propositions of one sentence, with character offsets into the article text."""
    doc = sent.doc
    out: list[RawClaim] = []
    prev_frames: list[Frame] = []
    clauses = [
        (f_lo, f_hi, root)
        for lo, hi, root in split_clauses(sent.root, sent.start, sent.end)
        for f_lo, f_hi in complement_ranges(root, lo, hi)
    ]
    for i, (lo, hi, root) in enumerate(clauses):
        frames, content_root, c_lo, c_hi = peel_frames(
            root, lo, hi, names, offset, quote_speaker_at
        )
        own_frames = bool(frames)
        if not frames and i > 0 and prev_frames:
            frames = prev_frames  # "X reported that A, but B": B is X's account too
        for s_lo, s_hi, s_root in split_clauses(content_root, c_lo, c_hi):
            seg_frames = frames
            framed_here = own_frames
            if s_root is not content_root:
                # A split-off clause may carry its own frame ("although analysts fear that B").
                own, _, s_lo, s_hi = peel_frames(
                    s_root, s_lo, s_hi, names, offset, quote_speaker_at
                )
                if own:
                    seg_frames = own
                    framed_here = True
            while s_lo < s_hi and (doc[s_lo].is_punct or doc[s_lo].dep_ in {"cc", "mark"}):
                s_lo += 1
            while s_hi > s_lo and doc[s_hi - 1].is_punct:
                s_hi -= 1
            words = [t for t in doc[s_lo:s_hi] if t.is_alpha]
            if len(words) < 3 or not any(t.pos_ in {"VERB", "AUX"} for t in doc[s_lo:s_hi]):
                continue
            span = doc[s_lo:s_hi]
            out.append(
                RawClaim(
                    start=offset + span.start_char,
                    end=offset + span.end_char,
                    frames=tuple(seg_frames),
                    # "X denied that A" reports not-A; an inherited frame denies nothing.
                    negated=is_negated(s_root, s_lo, s_hi) != (framed_here and _denies(seg_frames)),
                    hedged=is_hedged(span) or any(f.belief for f in seg_frames),
                    quote_index=None,
                    predicate=predicate(s_root),
                )
            )
        prev_frames = frames
    return out
