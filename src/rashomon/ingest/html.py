"""Articles from HTML pages: main text and metadata by trafilatura."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from rashomon.errors import EmptyInputError, InputError, NoMainTextError
from rashomon.ingest.text import (
    MAX_ARTICLE_CHARS,
    build_article,
    normalise_authors,
    normalise_date,
)
from rashomon.model import Article

log = logging.getLogger(__name__)

# Main text needs one line at least this long; shorter lines are menus and link lists.
MIN_PROSE_WORDS = 10


def article_from_html(
    html: str,
    *,
    source: str,
    outlet: str | None = None,
    published: str | dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
    authors: Iterable[str] | str = (),
    max_chars: int = MAX_ARTICLE_CHARS,
) -> Article:
    """An :class:`Article` of the page's main text; the arguments win over the page's metadata.

    The page fills what the arguments leave out: title, date, outlet (site name, else
    host name), url and authors. Raises :class:`NoMainTextError` when the page has no
    article text (only navigation, say).
    """
    if not html.strip():
        raise EmptyInputError("no article text (the HTML page is empty)", source=source)
    document = _extract(html, url=url, source=source)
    text = (document.get("text") or "").strip()
    if not _has_prose(text):
        raise NoMainTextError(
            "no main article text found in the HTML page (only navigation, scripts or "
            "boilerplate?); give the article's own page or its plain text",
            source=source,
        )
    page_published = _page_date(document.get("date"), source=source)
    return build_article(
        text,
        source=source,
        outlet=outlet or document.get("sitename") or document.get("hostname"),
        published=published if published is not None else page_published,
        title=title or document.get("title"),
        url=url or document.get("url"),
        authors=normalise_authors(authors, source=source)
        or _page_authors(document.get("author"), source=source),
        max_chars=max_chars,
    )


def _extract(html: str, *, url: str | None, source: str) -> dict[str, Any]:
    import trafilatura  # heavy import (lxml, htmldate, justext), kept off the import path

    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
        )
    except Exception as exc:  # trafilatura and lxml raise many kinds on hostile markup
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise InputError(f"could not parse the HTML page: {reason}", source=source) from exc
    if document is None:
        return {}
    document = document.as_dict() if not isinstance(document, dict) else document
    log.debug("%s: trafilatura extracted %d characters", source, len(document.get("text") or ""))
    return document


def _has_prose(text: str) -> bool:
    """True if some line of ``text`` reads as a sentence: with nothing else, trafilatura
    returns a page's menu or link list, one short line per item."""
    return any(len(line.split()) >= MIN_PROSE_WORDS for line in text.split("\n"))


def _page_date(value: object, *, source: str) -> str | None:
    """The page's own date, or None when it is not a date: a page's metadata is a hint."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return normalise_date(value, source=source)
    except InputError:
        log.debug("%s: page date %r ignored", source, value)
        return None


def _page_authors(value: object, *, source: str) -> tuple[str, ...]:
    """trafilatura joins the authors it finds with "; "; a name may hold "and" or a comma."""
    if not isinstance(value, str):
        return ()
    return normalise_authors(value.split(";"), source=source)
