"""Marking what later stages skip (title, captions, bylines, boilerplate, headings), never
rewriting."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rashomon.lexicon import words, wordset
from rashomon.model import Span

log = logging.getLogger(__name__)

TITLE_MAX_WORDS = 20
HEADING_MAX_WORDS = 8
BYLINE_MAX_WORDS = 12
# A line longer than this is a paragraph, whatever phrase it opens with.
NOTE_MAX_WORDS = 40
BOILERPLATE_MAX_WORDS = 25
CAPTION_MAX_WORDS = 70
# Share of a line's words found in a neighbouring caption that makes it the same
# caption again: lower for a truncated copy ("... in Seoul on…"), which was cut short.
TRUNCATED_OVERLAP = 0.6
DUPLICATE_OVERLAP = 0.8


# A bullet or dash that may open any line; it belongs to the marked span.
_BULLET = r"(?:[•·▪►■◆⦁*]\s*)?"

# Photo agencies and picture desks as they appear in credits: "(AP Photo/...)", ".../Reuters".
_AGENCY = r"(?:AP|AFP|Reuters|EPA|Getty\ Images|Getty|Bloomberg|Xinhua|Shutterstock|Pool)"
_CAPTION_OPENERS = re.compile(
    _BULLET
    + r"""(?:
        FILE(?:\s+PHOTO)?\s*[-–—:|]                       # FILE - People watch... / FILE PHOTO: ...
      | FILE\s+PHOTO\b
      | \(\s*(?:"""
    + _AGENCY
    + r"""\s+)?(?i:photo|image|picture)s?\b              # (AP Photo/...), (Photo: ...)
      | (?i:(?:photo|photograph|picture|image|video|illustration)s?\s*
            (?:caption|credit|copyright)?\s*[:|])          # Photo: ..., Image caption: ...
      | (?i:(?:image|media|photo)\s+(?:caption|copyright|credit)\b)
      | (?i:(?:photo|photograph|picture)\s+by\b)
      | (?i:(?:hide|show|toggle)\s+caption\b)             # image widgets scraped as text
      | (?i:enlarge\s+this\s+image\b)
      | (?i:slideshow\b)
      | (?i:pictured\s*:)
    )""",
    re.VERBOSE,
)
_CAPTION_MARKERS = re.compile(
    r"""(?:
        \b[Ii]n\ (?:this|these|an?)\                      # in this Oct. 31, 2019, file photo
          (?:(?:[A-Z][a-z]{2,8}\.?,?|\d{1,4},?
             |(?i:undated|handout|recent|aerial|file|combination|family|provided|still
                 |video|satellite|courtesy|pool))\ ){0,4}
          (?i:photo(?:graph)?|image|picture)s?\b
      | \(\s*"""
    + _AGENCY
    + r"""\ (?i:photo)\b                               # (AP Photo/Evan Vucci)
      | \b(?i:photo|photograph|image|picture|illustration)(?:\ (?i:credit))?\s*:\s*
          [A-Z][\w.'’ -]*/                                 # Photograph: A B/AFP
      | \((?:[\w ]+\ )?(?:(?i:photo|illustration|image)|"""
    + _AGENCY
    + r""")\s*:[^()]*\)\s*$                              # (Reuters photo: A B), (Reuters: A B)
      | \([^()]*/\s*"""
    + _AGENCY
    + r"""[^()]*\)\s*$                                  # (Dado Ruvic/Reuters)
      # a scraped credit glued on: ...Capitol.CreditJane
      | [.!?”)]\s*Credit\s*:?\s*[A-Z][\w.'’-]+
      | \b(?:Getty\ Images|Shutterstock|AFP)\s*\)?\s*$
    )""",
    re.VERBOSE,
)
_ELLIPSIS_END = re.compile(r"(?:…|\.\.\.)\s*$")

_BYLINE_BY = re.compile(_BULLET + r"(?:by|By|BY)\s+(?:via\s+)?(?P<names>\S.*)$")
# Words that may stand between the names of a byline ("By A and B of the X News Service").
_BYLINE_CONNECTORS = wordset(
    "and & of the for at in via from with - – — | , / staff writer writers reporter reporters "
    "correspondent correspondents editor news service wire"
)
_CONTRIBUTED_END = re.compile(r"(?P<names>.+?)\s+contributed\.?$")
_BYLINE_MARKERS = re.compile(
    r"""(?:
        \bcontributed\ (?:additional\ )?(?:reporting|to\ this\ (?:report|story|article))
      | \bcan\ be\ (?:reached|contacted|emailed)\ (?:at|on|via)\b
      | ^\(?(?:additional\ )?(?:reporting|writing|editing|edited|compiled|written|produced)
          \ (?:by|from)\b
      | ;\s*(?:writing|editing)\ by\b
      | ^(?:contact|email|e-mail|reach)\ (?:the\ )?(?:writer|reporter|author|him|her|them)\b
      | ^follow\ (?:him|her|them|[A-Z][\w.'’-]*(?:\ [A-Z][\w.'’-]*)?)
         \ on\ (?:twitter|x|facebook|instagram)\b
    )""",
    re.VERBOSE | re.IGNORECASE,
)

# Boilerplate phrases: opening a line, anywhere in a short line, or being the whole line.
_BOILERPLATE_OPENERS = (
    "please read our comment policy",
    "read our comment policy",
    "sign up for",
    "sign up to",
    "sign up here",
    "click here",
    "follow us on",
    "like us on",
    "subscribe",
    "story highlights",
    "read more",
    "related:",
    "related articles",
    "related stories",
    "recommended:",
    "share this",
    "share on",
    "skip to",
    "site mobile navigation",
    "site navigation",
    "continue reading",
    "get the latest",
    "get our newsletter",
    "join the conversation",
    "already a subscriber",
    "all rights reserved",
    "this material may not be published",
    "we use cookies",
    "terms of use",
    "privacy policy",
    "watch:",
    "listen:",
    "more:",
    "this article is more than",
)
_BOILERPLATE_ANYWHERE = (
    "all rights reserved",
    "comment policy",
    "may not be published, broadcast",
    "sign up for our newsletter",
    "click here to",
    "subscribe to our",
)
_BOILERPLATE_LINES = frozenset(
    (
        "advertisement",
        "advertising",
        "sponsored",
        "sponsored content",
        "comments",
        "newsletter",
        "main menu",
        "menu",
        "loading",
        "share",
        "supported by",
        "story continues below",
        "story continues below advertisement",
        "story continued below",
    )
)
_BOILERPLATE_OPENER = re.compile(
    _BULLET
    + r"(?:"
    + "|".join(re.escape(p) + (r"\b" if p[-1].isalnum() else "") for p in _BOILERPLATE_OPENERS)
    # a copyright notice, not a sentence about copyright law
    + r"|(?:copyright\s*)?(?:©|\(c\)\s*\d{4})|copyright\s+\d{4}\b"
    + r")",
    re.IGNORECASE,
)
_BOILERPLATE_MARKER = re.compile("|".join(map(re.escape, _BOILERPLATE_ANYWHERE)), re.IGNORECASE)

_SENTENCE_END = re.compile(r"[.!?:;,][\"'”’)\]]*$")
_TITLE_END = re.compile(r"[.:;,][\"'”’)\]]*$")
_LIST_ITEM = re.compile(r"^(?:[-–—*•·▪►■◆]|\d+[.)]\s)")


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of the text: ``start``/``end`` bound its content, spaces excluded."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def n_words(self) -> int:
        return len(self.text.split())


def mark_skips(text: str, *, title: str | None = None) -> tuple[Span, ...]:
    """Spans of ``text`` that later stages skip, sorted and non-overlapping.

    Each span covers one line, without its surrounding spaces; the text is never
    changed. Labels: ``title``, ``caption``, ``byline``, ``boilerplate``, ``heading``.
    With ``title`` given, the first line is marked as title only if it is that title;
    without, a short first line followed by a blank line is taken to be the title.
    """
    lines = _lines(text)
    labels: dict[int, str] = {}
    for i, line in enumerate(lines):
        if not line.blank and (label := _line_label(line.text)):
            labels[i] = label
    _mark_duplicate_captions(lines, labels)
    title_index = _title_index(lines, labels, title)
    if title_index is not None:
        labels[title_index] = "title"
    _mark_headings(lines, labels)
    spans = tuple(
        Span(start=lines[i].start, end=lines[i].end, label=label)
        for i, label in sorted(labels.items())
    )
    log.debug("marked %d spans to skip in %d lines", len(spans), len(lines))
    return spans


def _lines(text: str) -> list[_Line]:
    lines = []
    offset = 0
    for raw in text.split("\n"):
        content = raw.strip()
        start = offset + len(raw) - len(raw.lstrip())
        lines.append(_Line(start=start, end=start + len(content), text=content))
        offset += len(raw) + 1
    return lines


def _line_label(line: str) -> str | None:
    if _is_boilerplate(line):
        return "boilerplate"
    if _is_byline(line):
        return "byline"
    if _is_caption(line):
        return "caption"
    return None


def _is_boilerplate(line: str) -> bool:
    bare = line.strip("•·▪►■◆* ").rstrip(".:!").strip().lower()
    if bare in _BOILERPLATE_LINES:
        return True
    n_words = len(line.split())
    if n_words > BOILERPLATE_MAX_WORDS:
        return False
    return bool(_BOILERPLATE_OPENER.match(line) or _BOILERPLATE_MARKER.search(line))


def _is_byline(line: str) -> bool:
    n_words = len(line.split())
    if n_words <= BYLINE_MAX_WORDS and (match := _BYLINE_BY.match(line)):
        return _looks_like_names(match.group("names"))
    if n_words > NOTE_MAX_WORDS:
        return False
    if match := _CONTRIBUTED_END.match(line):  # "The Associated Press contributed."
        names = match.group("names")  # one word may be a sentence ("Everyone contributed.")
        return len(names.split()) > 1 and _looks_like_names(names)
    return bool(_BYLINE_MARKERS.search(line))


def _looks_like_names(words: str) -> bool:
    """True if ``words`` reads as names, not as a sentence ("By Monday, he had left")."""
    if _SENTENCE_END.search(words) and not re.search(r"\b[A-Z]\.$", words):
        return False
    tokens = [t.strip(",;|()") for t in words.split()]
    tokens = [t for t in tokens if t]
    return bool(tokens) and all(t[0].isupper() or t.lower() in _BYLINE_CONNECTORS for t in tokens)


def _is_caption(line: str) -> bool:
    if _CAPTION_OPENERS.match(line):
        return True
    return len(line.split()) <= CAPTION_MAX_WORDS and bool(_CAPTION_MARKERS.search(line))


def _mark_duplicate_captions(lines: Sequence[_Line], labels: dict[int, str]) -> None:
    """A caption is often scraped twice: once from the image's alt text (often cut
    short with "…"), once from the figure caption. The copy next to a caption is one too."""
    captions = [i for i, label in labels.items() if label == "caption"]
    for i in captions:
        for j in (i - 1, i + 1):
            if j in labels or not 0 <= j < len(lines) or lines[j].blank:
                continue
            candidate = lines[j].text
            truncated = bool(_ELLIPSIS_END.search(candidate))
            seen = words(candidate)
            if truncated and seen:
                seen = seen[:-1]  # the last word may be cut
            if not seen or len(seen) > CAPTION_MAX_WORDS:
                continue
            caption_words = set(words(lines[i].text))
            overlap = sum(1 for w in seen if w in caption_words) / len(seen)
            if overlap >= (TRUNCATED_OVERLAP if truncated else DUPLICATE_OVERLAP):
                labels[j] = "caption"


def _title_index(lines: Sequence[_Line], labels: dict[int, str], title: str | None) -> int | None:
    """The index of the title line: the first line that is not boilerplate."""
    first = next(
        (i for i, line in enumerate(lines) if not line.blank and labels.get(i) != "boilerplate"),
        None,
    )
    if first is None or first in labels:
        return None
    line = lines[first]
    if title is not None:
        return first if _normalised(line.text) == _normalised(title) else None
    followed_by_blank = first + 1 < len(lines) and lines[first + 1].blank
    has_body = any(not line.blank for line in lines[first + 1 :])
    if (
        followed_by_blank
        and has_body
        and line.n_words <= TITLE_MAX_WORDS
        and not _TITLE_END.search(line.text)
        and not _LIST_ITEM.match(line.text)
    ):
        return first
    return None


def _mark_headings(lines: Sequence[_Line], labels: dict[int, str]) -> None:
    """A heading: a short unpunctuated line that opens a paragraph, not one of a run
    of short lines (a list, a table, a fixture list)."""
    previous: int | None = None
    for i, line in enumerate(lines):
        if line.blank:
            continue
        if i not in labels and _heading_candidate(line):
            after = next((j for j in range(i + 1, len(lines)) if not lines[j].blank), None)
            before_is_short = (
                previous is not None
                and previous not in labels
                and _heading_candidate(lines[previous])
            )
            if (
                after is not None
                and after not in labels
                and lines[after].n_words > HEADING_MAX_WORDS
                and not before_is_short
            ):
                labels[i] = "heading"
        previous = i


def _heading_candidate(line: _Line) -> bool:
    text = line.text
    return (
        line.n_words <= HEADING_MAX_WORDS
        and (text[0].isupper() or text[0].isdigit())
        and any(ch.isalpha() for ch in text)
        and not _SENTENCE_END.search(text)
        and not _LIST_ITEM.match(text)
    )


def _normalised(title: str) -> str:
    return " ".join(words(title))
