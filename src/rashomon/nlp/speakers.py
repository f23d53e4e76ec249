"""Sources within one article: the source phrase of a cue, its kind, and the full name it refers
to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from anyascii import anyascii

from rashomon.lexicon import FIRST_PERSON, HONORIFICS, REPORTING_VERBS, THIRD_PERSON, wordset
from rashomon.model import SourceKind

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


_SOURCE_DROP_DEPS = frozenset({"appos", "relcl", "acl", "punct", "advcl", "cc", "conj"})
_ANON_HEADS = wordset("""source sources official officials person people diplomat diplomats aide
    aides insider insiders spokesperson spokesman spokeswoman analyst analysts expert experts
    observer observers witness witnesses resident residents member members lawmaker lawmakers
    staffer staffers adviser advisers advisor advisors""")
_MEDIA_HEADS = wordset("""report reports media agency newspaper paper broadcaster network
    television tv radio wire wires outlet outlets press newswire daily""")
_DOC_HEADS = wordset("statement document study survey data filing letter memo poll release")
_ANON_MODIFIERS = wordset("unnamed anonymous unidentified")


def name_tokens(name: str, *, titles: frozenset[str] = HONORIFICS) -> list[str]:
    """Lower-case ASCII name parts, leading ``titles`` and possessives dropped: "Mr. Jo's" ->
    ["jo"]."""
    text = anyascii(name).lower()
    text = re.sub(r"['’]s\b", "", text)
    parts = [p for p in re.split(r"[\s\-‐.]+", text) if p]
    while parts and (parts[0] in titles or parts[0] + "." in titles):
        parts = parts[1:]
    return parts


def name_key(name: str, *, titles: frozenset[str] = HONORIFICS) -> str:
    """A key equal for spelling variants of a name: "Park Ji Won", "Park Ji-won" -> "parkjiwon",
    "O'Brien" -> "obrien"; leading ``titles`` (a person's honorifics and offices) dropped."""
    return re.sub(r"[^a-z0-9]", "", "".join(name_tokens(name, titles=titles)))


@dataclass
class NameIndex:
    """Full person names of one article, to resolve "Mr. Jo", "Jo" and "he" to them."""

    full: list[tuple[int, str]] = field(default_factory=list)  # (char offset, name)
    mentions: list[tuple[int, str]] = field(default_factory=list)  # every person mention

    def add(self, start: int, name: str) -> None:
        self.mentions.append((start, name))
        if len(name_tokens(name)) >= 2:
            self.full.append((start, name))

    def resolve(self, mention: str, at: int | None = None) -> str | None:
        parts = name_tokens(mention)
        if not parts:
            return None
        key = name_key(mention)
        matches: dict[str, str] = {}
        counts: dict[str, int] = {}
        for _, name in self.full:
            np_ = name_tokens(name)
            if name_key(name) == key:
                return name
            if len(parts) == 1 and (np_[0] == parts[0] or np_[-1] == parts[0]):
                matches.setdefault(name_key(name), name)
                counts[name_key(name)] = counts.get(name_key(name), 0) + 1
        # A longer name that contains a shorter match is the same person mis-tokenised.
        for k in list(matches):
            if any(o != k and o in k for o in matches):
                del matches[k]
        if len(matches) == 1:
            return next(iter(matches.values()))
        if matches and at is not None:
            # Several people share the surname: take the one named last before the mention.
            before = [(s, n) for s, n in self.full if s <= at and name_key(n) in matches]
            if before:
                return max(before)[1]
        return None

    def last_before(self, at: int) -> str | None:
        before = [(s, n) for s, n in self.full if s < at]
        return max(before)[1] if before else None


@dataclass(frozen=True, slots=True)
class Source:
    """A source phrase found in the parse: its text, offsets and kind."""

    text: str
    start: int
    end: int
    kind: SourceKind  # named | anonymous | media | document
    speaker: str | None  # resolved full name, when a person is named


def source_phrase(head: Token) -> tuple[int, int]:
    """Token range [lo, hi) of the noun phrase headed by ``head``, without clauses and
    appositions."""
    keep = [head]
    stack = [c for c in head.children if c.dep_ not in _SOURCE_DROP_DEPS]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _SOURCE_DROP_DEPS)
    idx = sorted(t.i for t in keep)
    lo, hi = idx[0], idx[-1] + 1
    # Keep the phrase contiguous around the head: cut at the first gap.
    run = [head.i]
    for i in range(head.i - 1, lo - 1, -1):
        if i in idx:
            run.append(i)
        else:
            break
    for i in range(head.i + 1, hi):
        if i in idx:
            run.append(i)
        else:
            break
    return min(run), max(run) + 1


def classify_source(
    doc_span: SpacySpan,
    head: Token,
    cue: Token | None,
    names: NameIndex,
    offset: int,
    quote_speaker: str | None = None,
) -> Source:
    """Kind and resolved name of the source phrase ``doc_span`` whose head is ``head``."""
    text = doc_span.text
    start = offset + doc_span.start_char
    end = offset + doc_span.end_char
    low = head.lower_
    if head.pos_ == "PRON" or low in FIRST_PERSON | THIRD_PERSON:
        if low in FIRST_PERSON and quote_speaker:
            return Source(text, start, end, "named", quote_speaker)
        if low in THIRD_PERSON:
            prev = names.last_before(start)
            return Source(text, start, end, "named" if prev else "anonymous", prev)
        return Source(text, start, end, "anonymous", None)
    # The person the phrase is headed by, not one it mentions ("Vance's deputy").
    persons = [e for e in doc_span.ents if e.label_ == "PERSON" and e.start <= head.i < e.end]
    if not persons:
        # "The mayor, Harriet Vance, said": the apposition names the speaker.
        appos = [c.i for c in head.children if c.dep_ == "appos"]
        persons = [
            e
            for e in head.doc.ents
            if e.label_ == "PERSON" and any(e.start <= i < e.end for i in appos)
        ]
    if persons:
        full = names.resolve(persons[0].text, start) or persons[0].text
        return Source(text, start, end, "named", full)
    mods = {c.lower_ for c in head.children}
    if head.pos_ == "PROPN" and head.ent_type_ == "PERSON":
        full = names.resolve(text, start) or text
        return Source(text, start, end, "named", full)
    if head.pos_ == "PROPN" and not head.ent_type_:
        # A surname the tagger missed ("Adeyemi said") that names a person met earlier.
        resolved = names.resolve(text, start)
        if resolved is not None:
            return Source(text, start, end, "named", resolved)
    lemma = head.lemma_.lower()
    if lemma in _DOC_HEADS or low in _DOC_HEADS:
        return Source(text, start, end, "document", None)
    if low in _MEDIA_HEADS or lemma in _MEDIA_HEADS:
        return Source(text, start, end, "media", None)
    if low in _ANON_HEADS or lemma in _ANON_HEADS:
        if (
            mods & _ANON_MODIFIERS
            or any(
                c.lower_ in {"a", "an", "some", "several", "two", "three"} for c in head.children
            )
            or head.tag_ == "NNS"
        ):
            return Source(text, start, end, "anonymous", None)
        return Source(text, start, end, "anonymous", None)
    if head.ent_type_ in {"ORG", "GPE", "NORP"} or head.pos_ == "PROPN":
        # An institution; one that "reports" is a news medium.
        if cue is not None and cue.lemma_ in {"report", "cite", "carry", "broadcast", "publish"}:
            return Source(text, start, end, "media", None)
        return Source(text, start, end, "named", None)
    return Source(text, start, end, "anonymous", None)


def is_cue(tok: Token) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in REPORTING_VERBS


def subject_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass"}:
            return c
    return None
