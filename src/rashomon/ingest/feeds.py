"""Articles from RSS and Atom feeds (feedparser): each entry's page, fetched by the same Fetcher.

An entry whose feed already carries the whole article (Atom ``content`` or RSS
``content:encoded`` with at least ``FULL_CONTENT_WORDS`` words) is read from the feed and
not fetched again; any other entry's link is fetched. The feed fills what the page lacks:
title, publication date, and the feed's title as the outlet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from rashomon.errors import FetchError, InputError
from rashomon.ingest.html import article_from_html
from rashomon.ingest.items import Item, Skipped
from rashomon.ingest.url import article_from_page
from rashomon.model import Article

if TYPE_CHECKING:
    from rashomon.ingest.url import Fetcher

log = logging.getLogger(__name__)

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+xml",
        "application/xml",
        "text/xml",
    }
)
FULL_CONTENT_WORDS = 150


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    """True for a feed by its content type, or by an ``<rss``/``<feed``/``<rdf`` root."""
    if content_type in FEED_TYPES and content_type != "application/xml":
        return True
    head = body[:2048].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.startswith((b"<rss", b"<feed", b"<rdf")):
        return True
    return head.startswith(b"<?xml") and any(tag in head for tag in (b"<rss", b"<feed", b"<rdf"))


def iter_feed(data: bytes, *, source: str, fetcher: Fetcher | None) -> Iterator[Item]:
    """An Article (or a Skipped with its reason) per entry of the feed in ``data``."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f"not a readable feed ({problem})" if problem else "the feed has no entries"
        yield Skipped(source, reason)
        return
    if parsed.bozo:
        log.info("%s: feed is not well-formed (%s); read anyway", source, parsed.bozo_exception)
    outlet = _clean(parsed.feed.get("title"))
    # Relative entry links resolve against the feed's own URL, else the site it names.
    base = source if source.lower().startswith(("http://", "https://")) else parsed.feed.get("link")
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link")
        if link and base:
            entry["link"] = link = urljoin(base, link)
        where = link or f"{source}#{number}"
        try:
            yield _entry(entry, where=where, outlet=outlet, fetcher=fetcher)
        except InputError as exc:
            yield Skipped(where, exc.reason)


def _entry(entry: Any, *, where: str, outlet: str | None, fetcher: Fetcher | None) -> Article:
    title = _clean(entry.get("title"))
    published = _date(entry)
    link = entry.get("link")
    content = _full_content(entry)
    if content is not None:
        article = article_from_html(
            content, source=where, url=link, title=title, published=published, outlet=outlet
        )
        log.debug("%s: article read from the feed's own content", where)
        return article
    if not link:
        raise InputError("entry has no link and only a summary", source=where)
    if fetcher is None:
        raise FetchError(
            "entry holds only a summary and its page is not fetched here", source=where
        )
    article = article_from_page(fetcher.fetch(link))
    return dataclasses.replace(
        article,
        title=article.title or title,
        published=article.published or published,
        outlet=article.outlet or outlet,
    )


def _full_content(entry: Any) -> str | None:
    for content in entry.get("content") or ():
        value = content.get("value") or ""
        if "html" in (content.get("type") or "html") and _words(value) >= FULL_CONTENT_WORDS:
            return str(value)
    return None


def _words(html: str) -> int:
    import re

    return len(re.sub(r"<[^>]+>", " ", html).split())


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # FeedParserDict.get warns when it maps one to another
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
            except ValueError:
                continue
    return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
