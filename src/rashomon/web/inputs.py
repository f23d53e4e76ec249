"""What clients send (the request bodies, as pydantic models) and how it becomes Articles.

Article text arrives as plain text, as HTML (its main text extracted by trafilatura) or as a
URL. A URL is only ever fetched through the guarded :class:`~rashomon.ingest.url.Fetcher`
(http and https, no private addresses unless ``allow_private_urls``, size and time limits,
robots.txt); nothing a client sends is ever read as a server-side path.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rashomon.errors import InputError, TooLargeError
from rashomon.ingest.html import article_from_html
from rashomon.ingest.items import Item, Skipped
from rashomon.ingest.sources import is_url, iter_sources
from rashomon.ingest.text import (
    MAX_ARTICLE_CHARS,
    article_from_text,
    check_compare_budget,
    normalise_date,
)
from rashomon.ingest.url import Fetcher, article_from_page
from rashomon.model import Article
from rashomon.settings import Settings

log = logging.getLogger(__name__)

MAX_ARTICLES = 20  # per comparison or ingest request
MAX_FIELD = 200  # characters of an outlet, title or date


class ArticleIn(BaseModel):
    """One article: ``text``, ``html`` or a ``url`` to fetch (``url`` is only metadata when
    text or HTML is given)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(
        default=None, description="Plain text; may open with a YAML front matter block."
    )
    html: str | None = Field(default=None, description="An HTML page; its main text is extracted.")
    url: str | None = Field(
        default=None,
        max_length=2000,
        description="http(s) URL fetched through the guarded fetcher when neither text nor "
        "html is given (a feed's entries too, when ingesting).",
    )
    outlet: str | None = Field(default=None, max_length=MAX_FIELD)
    published: str | None = Field(
        default=None,
        max_length=40,
        description="Publication date, YYYY-MM-DD (resolves relative dates).",
    )
    title: str | None = Field(default=None, max_length=MAX_FIELD)

    @model_validator(mode="after")
    def _one_source(self) -> ArticleIn:
        if self.text is None and self.html is None and not self.url:
            raise ValueError("give the article's text, html or url")
        if self.text is not None and self.html is not None:
            raise ValueError("give text or html, not both")
        if self.url and not self.url.lower().startswith(("http://", "https://")):
            raise ValueError("url must be an http:// or https:// URL")
        return self

    @property
    def fetched(self) -> bool:
        return self.text is None and self.html is None


class CompareIn(BaseModel):
    """Two or more articles about one event, compared and not stored."""

    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleIn] = Field(max_length=MAX_ARTICLES)


class IngestIn(BaseModel):
    """Articles (or URLs of pages or RSS/Atom feeds) to read into the store."""

    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)


def given_article(item: ArticleIn, index: int, settings: Settings | None = None) -> Article:
    """The Article of a text or HTML item; InputError naming ``articles[index]``."""
    meta: dict[str, Any] = {
        "source": f"articles[{index}]",
        "outlet": _blank(item.outlet),
        "published": _blank(item.published),
        "title": _blank(item.title),
        "url": _blank(item.url),
        "max_chars": getattr(settings, "max_article_chars", MAX_ARTICLE_CHARS),
    }
    if item.html is not None:
        return article_from_html(item.html, **meta)
    return article_from_text(item.text or "", **meta)


def fetch_article(item: ArticleIn, index: int, fetcher: Fetcher) -> Article:
    """The Article at ``item.url``, fetched through ``fetcher``; the item's metadata wins."""
    url = item.url or ""
    try:
        article = article_from_page(fetcher.fetch(url))
    except InputError as exc:
        raise type(exc)(
            str(exc).removeprefix(f"{url}: "), source=f"articles[{index}] ({url})"
        ) from exc
    changes: dict[str, Any] = {
        k: v for k in ("outlet", "published", "title") if (v := _blank(getattr(item, k)))
    }
    if "published" in changes:
        changes["published"] = normalise_date(changes["published"], source=f"articles[{index}]")
    return replace(article, **changes) if changes else article


def compare_articles(
    items: Sequence[ArticleIn],
    fetcher_factory: Callable[[], Fetcher],
    settings: Settings | None = None,
) -> list[Article]:
    """Every item as an Article, URLs fetched (one fetcher for the request, closed after).

    With ``settings``, the comparison is held to max_compare_chars: the texts given are
    counted before anything is read (a text holds at least its article), the articles once
    read (HTML and fetched pages are known only then).
    """
    budget = getattr(settings, "max_compare_chars", None)
    if budget is not None:
        given = sum(len(item.text) for item in items if item.text is not None)
        if given > budget:
            raise TooLargeError(
                f"the texts sent hold {given:,} characters together, more than the limit of "
                f"{budget:,} per comparison (max_compare_chars); compare fewer or shorter articles"
            )
    fetcher = None
    try:
        articles = []
        for i, item in enumerate(items):
            if item.fetched:
                fetcher = fetcher or fetcher_factory()
                articles.append(fetch_article(item, i, fetcher))
            else:
                articles.append(given_article(item, i, settings))
        if budget is not None:
            check_compare_budget(articles, max_chars=budget)
        return articles
    finally:
        if fetcher is not None:
            fetcher.close()


def ingest_items(
    items: Sequence[ArticleIn], fetcher: Fetcher, settings: Settings | None = None
) -> Iterator[Item]:
    """What ``Library.ingest_items`` reads: articles, and a Skipped for each item that fails.

    A URL goes through ``iter_sources`` (so a feed gives its entries), checked to be an
    http(s) URL first: ``iter_sources`` would read any other string as a local path.
    """
    for i, item in enumerate(items):
        if item.fetched:
            url = item.url or ""
            if not is_url(url):  # the model validator already refused it; never read a path
                yield Skipped(f"articles[{i}]", "not an http(s) URL")
                continue
            for got in iter_sources([url], fetcher=fetcher):
                if isinstance(got, Article) and (item.outlet or item.published):
                    yield _with_meta(got, item, i)
                else:
                    yield got
            continue
        try:
            yield given_article(item, i, settings)
        except InputError as exc:
            yield Skipped(f"articles[{i}]", str(exc).removeprefix(f"articles[{i}]: "))


def _with_meta(article: Article, item: ArticleIn, index: int) -> Article:
    changes: dict[str, Any] = {}
    if _blank(item.outlet):
        changes["outlet"] = item.outlet
    if _blank(item.published):
        changes["published"] = normalise_date(item.published, source=f"articles[{index}]")
    return replace(article, **changes)


def check_ingest(items: Sequence[ArticleIn]) -> None:
    """Refuse before queueing what can be checked cheaply: dates that do not parse."""
    for i, item in enumerate(items):
        if _blank(item.published):
            normalise_date(item.published, source=f"articles[{i}]")


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
