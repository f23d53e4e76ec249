"""Direct quotations: find the quoted spans in an article's text, then their cue and speaker."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Opening mark -> the closing marks that may end it.
_PAIRS = {"“": '”"', "«": "»", "„": "“”", '"': '"”', "‘": "’", "”": '”“"'}
# "”" opens a quote in some typesetting (”Fear. I am afraid…”) when it starts a word.
_OPEN_DOUBLE = '“«„"”'
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation in the text: ``open``/``close`` are the marks, ``start``/``end`` the content."""

    open: int
    close: int  # index of the closing mark, or the paragraph end for an unclosed quote
    start: int
    end: int
    continued: bool = False  # continues a quote left open at the end of the previous paragraph


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def find_quote_spans(text: str, skip: list[tuple[int, int]] | None = None) -> list[QuoteSpan]:
    """Every direct quotation in ``text``; scare quotes and quoted titles are left out.

    Handles curly, straight and angle marks, a quote left open at a paragraph's end and
    reopened in the next (news style for long quotations), and quotes split around a cue.
    """
    skip = skip or []
    spans: list[QuoteSpan] = []
    left_open = False
    for p_start, p_end in _paragraphs(text):
        if any(s <= p_start and p_end <= e for s, e in skip):
            left_open = False
            continue
        para = text[p_start:p_end]
        i = 0
        para_left_open = False
        while i < len(para):
            ch = para[i]
            if ch in _OPEN_DOUBLE and _is_opening(para, i):
                closers = _PAIRS[ch]
                j = i + 1
                while j < len(para) and not (para[j] in closers and _is_closing(para, j)):
                    j += 1
                continued = left_open and i == _first_non_space(para)
                if j >= len(para):
                    # Open to the paragraph's end: a multi-paragraph quote or a stray mark.
                    content = (p_start + i + 1, p_end)
                    if _is_quotation(text[content[0] : content[1]], closed=False):
                        spans.append(_span(text, p_start + i, p_end, content, continued))
                        para_left_open = True
                    break
                content = (p_start + i + 1, p_start + j)
                if _is_quotation(text[content[0] : content[1]], closed=True):
                    spans.append(_span(text, p_start + i, p_start + j, content, continued))
                i = j + 1
                continue
            i += 1
        left_open = para_left_open
    return spans


def _span(
    text: str, open_: int, close: int, content: tuple[int, int], continued: bool
) -> QuoteSpan:
    start, end = content
    while start < end and text[start].isspace():
        start += 1
    # Trailing comma or space before the closing mark is punctuation of the frame, not the words.
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return QuoteSpan(open=open_, close=close, start=start, end=end, continued=continued)


def _first_non_space(s: str) -> int:
    return len(s) - len(s.lstrip())


def _is_opening(para: str, i: int) -> bool:
    if para[i] not in '"”':
        return True
    before = para[i - 1] if i > 0 else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    if para[i] == "”":
        return (before.isspace() or i == 0) and after.isalnum()
    return (before.isspace() or before in "([{—–-:") and not after.isspace()


def _is_closing(para: str, j: int) -> bool:
    if para[j] != '"':
        return True
    before = para[j - 1] if j > 0 else " "
    return not before.isspace()


def _is_quotation(content: str, *, closed: bool) -> bool:
    """A quotation carries speech: several words, or a whole sentence; not a title or a term."""
    words = _WORD.findall(content)
    if len(words) >= 6:
        return True
    stripped = content.strip()
    # Short quotes count when they end like speech ("We will win," / "No.").
    return closed and len(words) >= 2 and stripped[-1:] in ",.!?" and stripped[:1].isupper()
