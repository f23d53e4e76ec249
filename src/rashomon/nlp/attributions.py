"""Reported speech in the parse: each cue ("said", "according to", "warned of"), its source and
its content.

Works on one sentence of a spaCy parse at a time and returns token ranges; the pipeline turns
them into :class:`rashomon.model.Quote` records of kind ``indirect``. Direct quotations are
found from their marks (``quotes.py``); this module finds what the parse says was said,
thought or reported, quoted or not:

- a verb with a clausal complement: "X said (that) A", "A, X said", "X told Reuters A",
  "X was told that A", "it was reported that A";
- a verb with a prepositional or infinitival complement: "X warned of A", "X accused Y of A",
  "X urged Y to A", "X called for A";
- a frame set inside or beside its content: "A, X said, B", "A, sources say";
- "according to X, A".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rashomon.lexicon import (
    ATTRIBUTION_VERBS,
    CUE_PREPOSITIONS,
    INFINITIVE_CUES,
    INTENTION_CUES,
    NOUN_CUE_PREPOSITIONS,
    NOUN_CUES,
    OBJECT_CUES,
    REPORTING_VERBS,
    wordset,
)
from rashomon.model import Article, Quote, make_id
from rashomon.nlp.speakers import NameIndex, Source, classify_source, source_phrase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_RELATIVE = wordset("who which that whom")
# Complements that are the content of a cue, in order of preference.
_CLAUSE_DEPS = ("ccomp",)


@dataclass(frozen=True, slots=True)
class Reported:
    """One cue and what it reports: token ranges [lo, hi) into the sentence's doc."""

    cue: Token
    cue_end: int  # token index just after the cue phrase ("according to", "called for")
    content: tuple[tuple[int, int], ...]
    source: Token | None  # head of the source phrase, if the text names one
    passive: bool  # "X was told that": X heard it from someone else


def cue_lemma(tok: Token) -> str:
    return tok.lemma_.lower()


_ALL_CUES = ATTRIBUTION_VERBS | REPORTING_VERBS | OBJECT_CUES | INTENTION_CUES


def is_attribution_verb(tok: Token) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and cue_lemma(tok) in _ALL_CUES


def source_of(verb: Token) -> Token | None:
    """The subject of a cue verb, climbing through shared subjects and relative clauses.

    "X met Y and said ..." (conjunct), "X declined to say ..." (infinitive), "..., adding
    that ..." (participle), "an official who said ..." (relative clause: the noun).
    """
    tok = verb
    for _ in range(4):
        subj = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)
        if subj is not None:
            if subj.lower_ in _RELATIVE and tok.dep_ == "relcl":
                return tok.head
            if subj.dep_ == "nsubjpass" and subj.lower_ == "it":
                return None  # "it was reported that": no source named
            return subj
        if tok.dep_ == "relcl" or tok.dep_ == "acl":
            return tok.head if tok.head.pos_ in {"NOUN", "PROPN", "PRON"} else None
        if tok.dep_ in {"conj", "xcomp", "advcl"} and tok.head is not tok:
            tok = tok.head
            continue
        break
    # Inverted order: "..., said an unnamed spokesperson".
    return next(
        (
            c
            for c in verb.rights
            if c.dep_ in {"dobj", "attr"}
            and c.pos_ in {"PROPN", "NOUN"}
            and verb.dep_ in {"ROOT", "parataxis", "ccomp"}
            and _after_content(verb)
        ),
        None,
    )


def _after_content(verb: Token) -> bool:
    return (
        any(c.dep_ in {"ccomp", "parataxis"} and c.i < verb.i for c in verb.children)
        or verb.dep_ == "parataxis"
    )


def _edges(tok: Token, lo: int, hi: int) -> tuple[int, int]:
    return max(tok.left_edge.i, lo), min(tok.right_edge.i + 1, hi)


def _trim(doc, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and ((doc[lo].is_punct and doc[lo].text not in "“\"‘'«") or doc[lo].is_space):
        lo += 1
    while hi > lo and (
        (doc[hi - 1].is_punct and doc[hi - 1].text not in "”\"’'»") or doc[hi - 1].is_space
    ):
        hi -= 1
    return lo, hi


def _without(doc, lo: int, hi: int, cut_lo: int, cut_hi: int) -> list[tuple[int, int]]:
    """[lo, hi) minus [cut_lo, cut_hi), each remaining piece trimmed of edge punctuation."""
    pieces = []
    for a, b in ((lo, cut_lo), (cut_hi, hi)):
        a, b = _trim(doc, max(a, lo), min(b, hi))
        if b - a >= 2 or (b > a and not doc[a].is_punct):
            pieces.append((a, b))
    return pieces


def _words(doc, pieces: list[tuple[int, int]]) -> int:
    return sum(1 for a, b in pieces for t in doc[a:b] if t.is_alpha)


def reported_in(sent: SpacySpan) -> Iterator[Reported]:
    """Every cue of ``sent`` with its content (and source head, if named)."""
    doc = sent.doc
    lo, hi = sent.start, sent.end
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < hi and doc[tok.i + 1].lower_ == "to":
            rep = _according(tok, lo, hi)
        elif is_attribution_verb(tok):
            rep = _verb(tok, lo, hi)
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in NOUN_CUES:
            rep = _noun(tok, lo, hi)
        else:
            continue
        if rep is not None and _words(doc, list(rep.content)) >= 2:
            yield rep


def _according(tok: Token, lo: int, hi: int) -> Reported | None:
    doc = tok.doc
    to = doc[tok.i + 1]
    pobj = next((t for t in (*tok.children, *to.children) if t.dep_ == "pobj"), None)
    head = tok.head
    # The content is the clause the phrase hangs on, less the phrase itself.
    while head.dep_ not in {"ROOT", "ccomp", "conj"} and head.head is not head:
        head = head.head
    f_lo, f_hi = _edges(tok, lo, hi)
    c_lo, c_hi = _edges(head, lo, hi)
    content = _without(doc, c_lo, c_hi, f_lo, f_hi)
    if not content:
        return None
    return Reported(cue=tok, cue_end=tok.i + 2, content=tuple(content), source=pobj, passive=False)


def _verb(tok: Token, lo: int, hi: int) -> Reported | None:
    doc = tok.doc
    lemma = cue_lemma(tok)
    if tok.dep_ in {"amod", "compound"}:
        return None
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children)
    src = source_of(tok)
    cue_end = tok.i + 1
    content: list[tuple[int, int]] = []
    comp = next((c for c in tok.children if c.dep_ in _CLAUSE_DEPS and lo <= c.i < hi), None)
    if comp is not None:
        c_lo, c_hi = _edges(comp, lo, hi)
        if c_hi <= tok.i or c_lo > tok.i:
            content = [_trim(doc, c_lo, c_hi)]
        else:
            # The cue inside its own complement's span ("A, she said, B"): cut it out.
            content = _without(doc, c_lo, c_hi, *_frame_span(tok, lo, hi))
    if not content:
        content = _prep_or_infinitive(tok, lemma, lo, hi)
        if content:
            first = content[0][0]
            if first - 1 == tok.i + 1 and doc[first - 1].pos_ == "ADP":
                cue_end = first  # "warned of", "called for": the preposition is part of the cue
    if not content and lemma in OBJECT_CUES:
        # "X cited the report", "X attacked Y's record": a stance toward a thing.
        obj = next(
            (c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i and lo <= c.i < hi), None
        )
        if obj is not None and obj.pos_ != "PRON":
            content = [_trim(doc, *_edges(obj, lo, hi))]
    if not content and lemma in INTENTION_CUES:
        x = next(
            (c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i and lo <= c.i < hi), None
        )
        if x is not None:
            content = [_trim(doc, *_edges(x, lo, hi))]
    if not content and tok.dep_ in {"parataxis", "advcl"} and lemma in REPORTING_VERBS:
        # "The plan, sources say, is dead": the frame sits inside the clause it reports.
        head = tok.head
        h_lo, h_hi = _edges(head, lo, hi)
        if any(c.dep_ in _SUBJECT_DEPS for c in tok.children) or tok.dep_ == "parataxis":
            content = _without(doc, h_lo, h_hi, *_frame_span(tok, lo, hi))
    if not content:
        return None
    if src is not None and any(a <= src.i < b for a, b in content):
        src = None  # the subject is inside the content: a misparse, not a source
    return Reported(cue=tok, cue_end=cue_end, content=tuple(content), source=src, passive=passive)


def _noun(tok: Token, lo: int, hi: int) -> Reported | None:
    """ "the minister's claim that A", "concerns about A", "calls for A": a cue that is a noun."""
    doc = tok.doc
    content: list[tuple[int, int]] = []
    for c in tok.children:
        if not lo <= c.i < hi or c.i < tok.i:
            continue
        if c.dep_ in {"acl", "ccomp"} and any(
            m.lower_ == "that" and m.dep_ == "mark" for m in c.children
        ):
            content = [_trim(doc, *_edges(c, lo, hi))]
        elif c.dep_ == "prep" and c.lower_ in NOUN_CUE_PREPOSITIONS:
            obj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
            if obj is not None:
                content = [_trim(doc, *_edges(obj, lo, hi))]
        if content:
            break
    if not content:
        return None
    src = next((c for c in tok.children if c.dep_ == "poss"), None)
    if src is None and tok.dep_ in {"dobj", "pobj"}:
        verb = tok.head if tok.dep_ == "dobj" else tok.head.head
        if verb.pos_ in {"VERB", "AUX"}:
            src = source_of(verb)
    return Reported(
        cue=tok,
        cue_end=content[0][0] if doc[content[0][0] - 1].pos_ == "ADP" else tok.i + 1,
        content=tuple(content),
        source=src,
        passive=False,
    )


def _frame_span(tok: Token, lo: int, hi: int) -> tuple[int, int]:
    """Token range of the frame itself: the cue with its subject and modifiers, not its content."""
    keep = [tok.i]
    for c in tok.children:
        if c.dep_ in {"ccomp", "parataxis"}:
            continue
        keep.extend(t.i for t in c.subtree)
    return max(min(keep), lo), min(max(keep) + 1, hi)


def _prep_or_infinitive(tok: Token, lemma: str, lo: int, hi: int) -> list[tuple[int, int]]:
    doc = tok.doc
    for c in tok.children:
        if not lo <= c.i < hi or c.i < tok.i:
            continue
        if c.dep_ == "prep" and c.lower_ in CUE_PREPOSITIONS.get(lemma, ()):
            obj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
            if obj is not None:
                return [_trim(doc, *_edges(obj, lo, hi))]
        if c.dep_ in {"xcomp", "ccomp"} and lemma in INFINITIVE_CUES:
            return [_trim(doc, *_edges(c, lo, hi))]
        if c.dep_ == "dobj" and lemma in INFINITIVE_CUES:
            # "urged Congress to act": the infinitive hangs on the verb or on its object.
            x = next((g for g in tok.children if g.dep_ in {"xcomp", "ccomp"} and g.i > c.i), None)
            if x is not None:
                return [_trim(doc, *_edges(x, lo, hi))]
    return []


def cue_text(rep: Reported) -> tuple[str, int, int]:
    """The cue phrase as written and its character offsets within the doc."""
    doc = rep.cue.doc
    span = doc[rep.cue.i : max(rep.cue_end, rep.cue.i + 1)]
    return span.text, span.start_char, span.end_char


def indirect_quotes(
    article: Article,
    paragraphs: Sequence[tuple[int, Doc]],
    names: NameIndex,
    direct: Sequence[Quote],
    skip: Sequence[tuple[int, int]] = (),
) -> list[Quote]:
    """Reported speech of an article as ``indirect`` quotes, one per content piece.

    Content already quoted directly (the cue of a direct quote, or words mostly inside its
    marks) is left to the direct quote.
    """
    direct_cues = {q.cue_start for q in direct if q.cue_start is not None and not q.partial}
    covered = [(q.start, q.end) for q in direct if not q.partial]
    out: list[Quote] = []
    for offset, doc in paragraphs:
        for sent in doc.sents:
            s, e = offset + sent.start_char, offset + sent.end_char
            if any(a <= s and e <= b for a, b in skip):
                continue
            for rep in reported_in(sent):
                cue, c_lo, c_hi = cue_text(rep)
                if offset + c_lo in direct_cues:
                    continue
                pieces = [
                    (offset + doc[a].idx, offset + doc[b - 1].idx + len(doc[b - 1].text))
                    for a, b in rep.content
                ]
                size = sum(b - a for a, b in pieces)
                inside = sum(
                    max(0, min(b, qe) - max(a, qs)) for a, b in pieces for qs, qe in covered
                )
                if size <= 0 or inside >= 0.5 * size:
                    continue
                src = _source(rep, names, offset, direct)
                for a, b in pieces:
                    out.append(
                        Quote(
                            id=make_id("q", article.id, "indirect", a, b),
                            article=article.id,
                            start=a,
                            end=b,
                            text=article.text[a:b],
                            kind="indirect",
                            speaker=(src.speaker or src.text) if src else None,
                            speaker_start=src.start if src else None,
                            speaker_end=src.end if src else None,
                            cue=cue,
                            cue_start=offset + c_lo,
                            cue_end=offset + c_hi,
                        )
                    )
    return out


def _source(rep: Reported, names: NameIndex, offset: int, direct: Sequence[Quote]) -> Source | None:
    if rep.source is None:
        return None
    a, b = source_phrase(rep.source)
    span = rep.source.doc[a:b]
    at = offset + span.start_char
    # "I" inside a direct quote is its speaker.
    quoted_by = next((q.speaker for q in direct if q.start <= at < q.end), None)
    return classify_source(span, rep.source, rep.cue, names, offset, quoted_by)
