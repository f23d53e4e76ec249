"""Direct quotes of one article: the marks (``quotes.py``), then each quote's cue and speaker.

The speaker is the source of the cue nearest the quote in its sentence ("…," Jo said), or in
the frame right after it when the parser ends the sentence at the mark ("…?" Jo asked.), else
the frame that introduces it ("Jo said:", "According to Jo, …", "Said Jo: …" before it), a
name after a dash ("…" ― Ann Lee, also after a quote whose inner marks do not pair up), a
transcript label ("PENCE: …"), the speaker of the quote it continues (the second half of a
split quote, the next paragraph of a long one, a quote-only paragraph after the speaker's
quote), or the subject of a clause that ends in a colon before it ("Jo had one message: …").
Names resolve within the article; "he said" right after a named speaker's quote is that
speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rashomon.lexicon import REPORTING_VERBS, THIRD_PERSON, wordset
from rashomon.model import Article, Quote, make_id
from rashomon.nlp.quotes import QuoteSpan, find_quote_spans
from rashomon.nlp.speakers import (
    NameIndex,
    Source,
    classify_source,
    is_cue,
    source_phrase,
    subject_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan


# "WALLACE: ..." at the start of a transcript paragraph.
_LABEL = re.compile(r"([A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,2}):\s+")
# "…" ― Ann Lee: a name after a dash closing the quote.
_DASH_NAME = re.compile(r"[ \t\xa0]*[―—–][ \t\xa0]*((?:[A-Z][\w.'’\-]*[ \xa0]?){1,5})")

# The same after a quote whose inner marks do not pair up, so that the quote found ends early:
# "“… what he calls “hell” than …” ― Ann Lee" at the end of the paragraph.
_DASH_NAME_END = re.compile(
    r"[”\"’][ \t\xa0]*([―—–])[ \t\xa0]*((?:[A-Z][\w.'’\-]*[ \xa0]?){1,5})[ .\xa0]*$"
)

# "Said Ellis: …" / "Adds Ann Lee, …": an inverted frame the parser reads as a name.
_INVERTED = re.compile(
    r"\b((?i:said|says|added|adds|asked|asks|wrote|writes|continued|recalled))[ \xa0]+"
    r"((?:[A-Z][\w.'’\-]*[ \xa0]?){1,4})[ \xa0]*[:,]?[ \xa0]*$"
)

# Verbs that frame a direct quotation as speech without being reporting verbs in general
# ("…!" she shouted; Jo boasted, "…"): cues for quotes only, not for claims.
_QUOTE_VERBS = wordset("""boast brag joke quip muse shout yell scream chant exclaim cry whisper
    mutter plead counter snap sing wonder tweet write retort interject""")
# "…," the letter reads: "read" is a cue when its subject is a text someone wrote to say
# something (a sign or a label that "reads" gives its wording, not a speaker's).
_TEXT_NOUNS = wordset("""letter article statement ad advertisement post tweet message memo email
    e-mail release editorial column piece op-ed essay report filing complaint lawsuit petition""")
# The parse's clause subjects.
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})

Cue = tuple[str | None, int | None, int | None]


@dataclass(frozen=True, slots=True)
class _Para:
    start: int
    doc: Doc
    text: str  # doc.text, built once: spaCy rebuilds it from the tokens on every access


def direct_quotes(
    article: Article, paragraphs: Sequence[tuple[int, Doc]], names: NameIndex
) -> list[Quote]:
    paras = [_Para(s, d, d.text) for s, d in paragraphs]
    spans = find_quote_spans(article.text, [(s.start, s.end) for s in article.skip])
    inside = [(q.open, q.close + 1) for q in spans]
    quotes: list[Quote] = []
    continued: list[bool] = []
    prev: Quote | None = None
    prev_para: int | None = None
    for q in spans:
        pi = _paragraph_of(paras, q.start)
        if pi is None:
            continue
        p = paras[pi]
        start = q.start
        found: tuple[Source | None, tuple[str | None, int | None, int | None]] | None = None
        label = _LABEL.match(article.text, q.start, q.end)
        if label is not None:
            found = _labelled(label, names)
            start = label.end()
        found = (
            found
            or _dash_speaker(article.text, p, q, names)
            or _speaker_for(p, q, inside, names)
            or _inverted_before(article.text, p, q, names)
            or _according_before(p, q, names)
            or _dash_at_paragraph_end(article.text, p, q, names)
        )
        if found is None and (prev is None or prev_para != pi):
            found = _introduced_by_paragraph(paras, pi, q, names)
        if (
            found is None
            and prev is not None
            and (
                prev_para == pi
                or (prev_para == pi - 1 and q.continued)
                or (
                    prev_para == pi - 1
                    and prev.speaker is not None
                    and _whole_paragraph(article.text, p, q)
                )
            )
        ):
            # No cue of its own: the second half of a split quote, a quote that continues
            # the speaker's previous paragraph, or a paragraph of nothing but a quote after
            # one that quotes a speaker (news style for more of the same speaker's words).
            found = (_source_of(prev), (prev.cue, prev.cue_start, prev.cue_end))
        found = found or _colon_frame(p, q, names)
        if found is not None and prev is not None and prev_para is not None and pi - prev_para <= 1:
            found = (_pronoun_is_last_speaker(found[0], prev, names, inside), found[1])
        src, cue = found if found else (None, (None, None, None))
        quote = Quote(
            id=make_id("q", article.id, start, q.end),
            article=article.id,
            start=start,
            end=q.end,
            text=article.text[start : q.end],
            kind="direct",
            speaker=(src.speaker or src.text) if src else None,
            speaker_start=src.start if src else None,
            speaker_end=src.end if src else None,
            cue=cue[0],
            cue_start=cue[1],
            cue_end=cue[2],
            partial=_is_partial(p, q),
        )
        quotes.append(quote)
        continued.append(q.continued)
        prev, prev_para = quote, pi
    # A quotation running over paragraphs often names its speaker only in the last one:
    # the paragraphs before it are that speaker's words too.
    for i in range(len(quotes) - 2, -1, -1):
        nxt = quotes[i + 1]
        if quotes[i].speaker is None and continued[i + 1] and nxt.speaker is not None:
            quotes[i] = replace(
                quotes[i],
                speaker=nxt.speaker,
                speaker_start=nxt.speaker_start,
                speaker_end=nxt.speaker_end,
                cue=nxt.cue,
                cue_start=nxt.cue_start,
                cue_end=nxt.cue_end,
            )
    return quotes


def _source_of(q: Quote) -> Source | None:
    if q.speaker is None or q.speaker_start is None or q.speaker_end is None:
        return None
    return Source(q.speaker, q.speaker_start, q.speaker_end, "named", q.speaker)


def _whole_paragraph(text: str, p: _Para, q: QuoteSpan) -> bool:
    """The quote is all its paragraph holds."""
    end = p.start + len(p.text)
    return not text[p.start : q.open].strip() and not text[q.close + 1 : end].strip(' \t\xa0.,”"’')


def _pronoun_is_last_speaker(
    src: Source | None, prev: Quote, names: NameIndex, inside: list[tuple[int, int]]
) -> Source | None:
    """ "“…,” Ann Lee said. “…,” she said.": "she" is the speaker just quoted, unless
    someone else has been named (outside quotation marks) since."""
    if src is None or src.text.lower() not in THIRD_PERSON or prev.speaker is None:
        return src
    if prev.speaker_end is None or prev.speaker.lower() in THIRD_PERSON | {"i", "we"}:
        return src
    if prev.speaker_end > src.start:
        return src
    others = [
        at
        for at, mention in names.mentions
        if prev.speaker_end <= at < src.start
        and not any(a <= at < b for a, b in inside)
        and (names.resolve(mention, at) or mention) != prev.speaker
    ]
    if others:
        return src
    return replace(src, kind="named", speaker=prev.speaker)


def _paragraph_of(paras: list[_Para], pos: int) -> int | None:
    for i, p in enumerate(paras):
        if p.start <= pos <= p.start + len(p.text):
            return i
    return None


def _labelled(m: re.Match[str], names: NameIndex) -> tuple[Source, Cue]:
    label = m.group(1)
    name = names.resolve(label.title(), m.start(1)) or label
    colon = m.end(1)
    return Source(label, m.start(1), m.end(1), "named", name), (":", colon, colon + 1)


def _dash_speaker(text: str, p: _Para, q: QuoteSpan, names: NameIndex) -> tuple[Source, Cue] | None:
    end = p.start + len(p.text)
    if q.close >= end:
        return None
    m = _DASH_NAME.match(text, q.close + 1, end)
    if m is None:
        return None
    raw = m.group(1).rstrip(" .\xa0")
    if not raw:
        return None
    s = m.start(1)
    name = names.resolve(raw, s) or raw
    dash = text.index(next(ch for ch in text[q.close + 1 : m.start(1)] if ch in "―—–"), q.close + 1)
    return Source(raw, s, s + len(raw), "named", name), (text[dash], dash, dash + 1)


def _inverted_before(
    text: str, p: _Para, q: QuoteSpan, names: NameIndex
) -> tuple[Source, Cue] | None:
    m = _INVERTED.search(text, max(p.start, q.open - 80), q.open)
    if m is None:
        return None
    raw = m.group(2).rstrip(" \xa0")
    s = m.start(2)
    name = names.resolve(raw, s) or raw
    return Source(raw, s, s + len(raw), "named", name), (m.group(1), m.start(1), m.end(1))


def _dash_at_paragraph_end(
    text: str, p: _Para, q: QuoteSpan, names: NameIndex
) -> tuple[Source, Cue] | None:
    """A quote that opens its paragraph, which ends in "…” ― Ann Lee": her words, even when
    the quote found ends early at an inner mark that does not pair up."""
    if text[p.start : q.open].strip():
        return None
    end = p.start + len(p.text)
    m = _DASH_NAME_END.search(text, q.close, end)
    if m is None:
        return None
    raw = m.group(2).rstrip(" .\xa0")
    if not raw:
        return None
    s = m.start(2)
    name = names.resolve(raw, s) or raw
    return Source(raw, s, s + len(raw), "named", name), (m.group(1), m.start(1), m.end(1))


def _according_before(p: _Para, q: QuoteSpan, names: NameIndex) -> tuple[Source, Cue] | None:
    """'According to Jo, “…”': the phrase right before the quote, in its sentence."""
    at = q.open - p.start
    toks = [t for t in p.doc if t.idx < at and not t.is_space]
    sent_start = toks[-1].sent.start if toks else 0
    for t in reversed(toks):
        if t.i < sent_start:
            break
        if t.lower_ == "according" and t.i + 1 < len(p.doc) and p.doc[t.i + 1].lower_ == "to":
            to = p.doc[t.i + 1]
            obj = next((c for c in (*to.children, *t.children) if c.dep_ == "pobj"), None)
            if obj is None or p.text[obj.right_edge.idx + len(obj.right_edge.text) : at].strip(
                " ,:\xa0"
            ):
                return None
            return _resolve(p, t, obj, names)
    return None


def _colon_frame(p: _Para, q: QuoteSpan, names: NameIndex) -> tuple[Source, Cue] | None:
    """ "Jo had one message for the crowd: “…”": a clause ending in a colon right before the
    quote, without a cue, presents the words of its subject."""
    at = q.open - p.start
    if not p.text[:at].rstrip(" \xa0").endswith(":"):
        return None
    toks = [t for t in p.doc if t.idx < at and not t.is_space]
    colon = toks[-1] if toks and toks[-1].text == ":" else None
    if colon is None:
        return None
    # The verb of the clause before the colon: the parser may hang it on the quote's verb.
    before = [t for t in colon.sent if t.i < colon.i]
    tops = [
        t for t in before if (t.head.i >= colon.i or t.head.i == t.i) and t.pos_ in {"VERB", "AUX"}
    ]
    if not tops:
        return None
    root = tops[0]
    subj = subject_of(root)
    if (
        subj is None
        or subj.pos_ not in {"NOUN", "PROPN", "PRON"}
        or subj.lower_ in {"it", "this", "that"}
    ):
        return None
    src, _ = _resolve(p, root, subj, names)
    c = p.start + colon.idx
    return src, (":", c, c + 1)


def _is_quote_cue(tok: Token) -> bool:
    """A verb that can frame a direct quote: a reporting verb, a manner of speaking, or a
    text that "reads"."""
    if is_cue(tok):
        return True
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = tok.lemma_.lower()
    if lemma in _QUOTE_VERBS:
        return True
    if lemma == "read":
        subj = subject_of(tok)
        return subj is not None and subj.lemma_.lower() in _TEXT_NOUNS
    return False


def _cue_candidates(
    sents: Sequence[SpacySpan], p: _Para, q: QuoteSpan, inside: list[tuple[int, int]]
) -> list[tuple[int, Token, Token]]:
    out = []
    doc = p.doc

    def outside(t: Token) -> bool:
        return not q.open <= p.start + t.idx <= q.close

    for s in sents:
        for tok in s:
            pos = p.start + tok.idx
            if any(a <= pos < b for a, b in inside) or not _is_quote_cue(tok):
                continue
            # "footage of Jo asking, “…”": a participle right before the quote says who
            # asks; one elsewhere describes the source ("an official who asked not to be
            # named", "a spokesperson speaking on condition of anonymity").
            participle = (
                tok.tag_ == "VBG"
                and pos < q.open
                and not p.text[tok.idx + len(tok.text) : q.open - p.start].strip(" ,:\xa0")
            )
            if tok.dep_ in {"relcl", "amod"} or (tok.dep_ == "acl" and not participle):
                continue
            # The parser may make a quoted noun the cue's subject ("… mode," said Wimes).
            subjects = [c for c in tok.children if c.dep_ in _SUBJECTS and outside(c)]
            head = min(subjects, key=lambda c: abs(c.i - tok.i)) if subjects else None
            if head is None and participle:
                before = doc[tok.i - 1] if tok.i > 0 else None
                if tok.dep_ == "acl" and tok.head.pos_ in {"NOUN", "PROPN"}:
                    head = tok.head
                elif before is not None and before.ent_type_ == "PERSON":
                    head = before
            if head is None:
                # "…," said Wimes: an inverted subject the parser reads as an object (never
                # a pronoun: "asking her" names who was asked).
                head = next(
                    (
                        c
                        for c in tok.rights
                        if c.dep_ in {"dobj", "attr"} and outside(c) and c.pos_ != "PRON"
                    ),
                    None,
                )
            if head is None and tok.dep_ in {"conj", "advcl", "xcomp"}:
                head = subject_of(tok.head)
            if head is None and tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
                head = subject_of(tok.head.head)  # "Jo sang before asking, “…”"
            if head is None or not outside(head):
                continue
            if pos > q.close and head.i > tok.i:
                # "“…,” Flynn, a surrogate, said on Fox News": the parser took a noun after the
                # cue for its subject while a name stands between the quote and the cue.
                head = _name_after_close(p, q, tok) or head
            dist = min(abs(pos - q.open), abs(pos - q.close))
            out.append((dist, tok, head))
    return sorted(out, key=lambda x: x[0])


def _name_after_close(p: _Para, q: QuoteSpan, cue: Token) -> Token | None:
    """The person named first after the closing mark, before ``cue``."""
    after = [
        t
        for t in p.doc
        if p.start + t.idx > q.close and t.i < cue.i and not (t.is_punct or t.is_space)
    ]
    if not after:
        return None
    return next(
        (e.root for e in p.doc.ents if e.label_ == "PERSON" and e.start == after[0].i), None
    )


def _speaker_for(
    p: _Para, q: QuoteSpan, inside: list[tuple[int, int]], names: NameIndex
) -> tuple[Source, Cue] | None:
    """The cue nearest the quote in its sentences, outside any quotation, and its subject."""
    lo, hi = q.open - p.start, q.close - p.start
    all_sents = list(p.doc.sents)
    idx = [i for i, s in enumerate(all_sents) if s.end_char > lo and s.start_char <= hi]
    sents = [all_sents[i] for i in idx]
    # A quote introduced by "X said:" in the sentence before.
    if idx and idx[0] > 0 and all_sents[idx[0] - 1].text.rstrip().endswith(":"):
        sents = [all_sents[idx[0] - 1], *sents]
    cands = _cue_candidates(sents, p, q, inside)
    if not cands and idx and idx[-1] + 1 < len(all_sents):
        # The parser ended the sentence at the closing mark ("…?” Jo asked."): the next
        # sentence is the quote's frame when it starts right after the mark with the
        # cue's subject or the cue itself.
        nxt = all_sents[idx[-1] + 1]
        if not p.text[hi + 1 : nxt.start_char].strip():
            cands = [
                c
                for c in _cue_candidates([nxt], p, q, inside)
                if nxt.start in {c[1].i, c[2].left_edge.i}
            ]
    if not cands:
        return None
    _, cue, head = cands[0]
    return _resolve(p, cue, head, names)


def _resolve(p: _Para, cue: Token, head: Token, names: NameIndex) -> tuple[Source, Cue]:
    a, b = source_phrase(head)
    src = classify_source(p.doc[a:b], head, cue, names, p.start)
    return src, (cue.text, p.start + cue.idx, p.start + cue.idx + len(cue.text))


def _introduced_by_paragraph(
    paras: list[_Para], pi: int, q: QuoteSpan, names: NameIndex
) -> tuple[Source, Cue] | None:
    """A quote opening its paragraph after one that ends with a colon ("Jo said:" / "Ann Lee,
    34:")."""
    p = paras[pi]
    if pi == 0 or q.open - p.start > 2:
        return None
    prev = paras[pi - 1]
    if not prev.text.rstrip().endswith(":"):
        return None
    last = list(prev.doc.sents)[-1]
    fake = QuoteSpan(
        open=prev.start + len(prev.text),
        close=prev.start + len(prev.text),
        start=q.start,
        end=q.end,
    )
    cands = _cue_candidates([last], prev, fake, [])
    if cands:
        _, cue, head = cands[0]
        return _resolve(prev, cue, head, names)
    persons = [e for e in last.ents if e.label_ == "PERSON"]
    if persons:
        e = persons[0]
        s = prev.start + e.start_char
        colon = prev.start + len(prev.text.rstrip()) - 1
        return (
            Source(e.text, s, s + len(e.text), "named", names.resolve(e.text, s) or e.text),
            (":", colon, colon + 1),
        )
    return None


def _is_partial(p: _Para, q: QuoteSpan) -> bool:
    """A quote opened in the middle of the writer's clause: "called the plan 'a disgrace'".

    Quoted words right after a speech verb ("said 'We will win'") or its object ("told
    reporters 'We will win'") are the speaker's whole sentence, not a fragment.
    """
    at = q.open - p.start
    before = p.text[:at].rstrip()
    if not before or not (before[-1].isalnum() or before[-1] in ")%’'"):
        return False
    prev = [t for t in p.doc if t.idx < at and not t.is_space]
    if not prev:
        return False
    if p.text[q.start - p.start : q.start - p.start + 1].islower():
        return True
    tok = prev[-1]
    cue = tok if tok.dep_ not in {"dobj", "dative", "npadvmod"} else tok.head
    return not (cue.i <= tok.i and is_cue(cue) and cue.lemma_.lower() in REPORTING_VERBS)
