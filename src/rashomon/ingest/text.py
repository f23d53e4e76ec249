"""Articles from plain text: front matter, metadata checks, the title, the English gate."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from rashomon.errors import EmptyInputError, InputError, TooLargeError, UnsupportedLanguageError
from rashomon.ingest.clean import mark_skips
from rashomon.ingest.language import guess_language, is_english
from rashomon.model import Article, make_id

log = logging.getLogger(__name__)

# Fewer letters than this is not an article, whatever else the text holds.
MIN_LETTERS = 20
# The default of the max_article_chars setting (see rashomon.settings for what it was chosen on).
MAX_ARTICLE_CHARS = 200_000

_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\n(?P<yaml>(?:.*?\n)??)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
_AUTHOR_SEPARATOR = re.compile(r"\s*(?:;|,|&|\band\b)\s*")
# Front-matter keys, and the other names they are often written as.
_FRONT_MATTER_KEYS = {
    "title": "title",
    "outlet": "outlet",
    "published": "published",
    "date": "published",
    "url": "url",
    "authors": "authors",
    "author": "authors",
}
DATE_FORMAT_HELP = "expected YYYY-MM-DD or an ISO 8601 datetime such as 2019-11-14T09:30:00Z"
# Front matter is a handful of short fields (real ones in shared/seeds and the news corpus are
# under 1 KB); 64 KB leaves room for a long author list and keeps YAML's work small.
MAX_FRONT_MATTER_CHARS = 64_000
# A mapping of scalars or lists of scalars is two levels deep; 8 allows odd but harmless
# nesting and stops a "[[[[…" bomb long before the YAML composer's recursion would.
MAX_FRONT_MATTER_DEPTH = 8
# How much of a bad value an error message quotes (never the whole of it): enough to
# recognise a title or a date, and the message still fits a terminal line.
QUOTE_CHARS = 60


def article_from_text(
    text: str,
    *,
    source: str,
    outlet: str | None = None,
    published: str | dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
    authors: Iterable[str] | str = (),
    max_chars: int = MAX_ARTICLE_CHARS,
) -> Article:
    """An :class:`Article` from plain text, optionally opened by a ``---`` YAML front matter.

    Front matter gives ``title``, ``outlet``, ``published``, ``url`` and ``authors``; the
    arguments override it. The article text is what follows the front matter.
    """
    check_length(text, source=source, max_chars=max_chars)
    meta, body = split_front_matter(text, source=source)
    given_authors = normalise_authors(authors, source=source)
    return build_article(
        body,
        source=source,
        outlet=outlet if outlet is not None else meta.get("outlet"),
        published=published if published is not None else meta.get("published"),
        title=title if title is not None else meta.get("title"),
        url=url if url is not None else meta.get("url"),
        authors=given_authors or meta.get("authors", ()),
        max_chars=max_chars,
    )


def check_length(text: str, *, source: str, max_chars: int = MAX_ARTICLE_CHARS) -> None:
    """An :class:`InputError` if ``text`` is longer than ``max_chars`` (max_article_chars)."""
    if len(text) > max_chars:
        raise TooLargeError(
            f"article is {len(text):,} characters, more than the limit of {max_chars:,} "
            "(max_article_chars); split it or raise the setting",
            source=source,
        )


def check_compare_budget(articles: Iterable[Article], *, max_chars: int) -> None:
    """A :class:`TooLargeError` if ``articles`` hold more than ``max_chars`` characters
    together (the max_compare_chars setting: what one comparison may cost)."""
    articles = list(articles)
    total = sum(len(a.text) for a in articles)
    if total > max_chars:
        raise TooLargeError(
            f"the {len(articles)} articles hold {total:,} characters together, more than the "
            f"limit of {max_chars:,} per comparison (max_compare_chars); compare fewer or "
            "shorter articles"
        )


def split_front_matter(text: str, *, source: str) -> tuple[dict[str, Any], str]:
    """The front matter's metadata (checked, keys as in :class:`Article`) and the text after it.

    Blank lines between the closing ``---`` and the article belong to the front matter.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    block = match.group("yaml")
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise InputError(
            f"front matter is {len(block):,} characters, more than the limit of "
            f"{MAX_FRONT_MATTER_CHARS:,}; it holds a few short fields",
            source=source,
        )
    raw = load_front_matter(block, source=source)
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise InputError(
            "front matter must be a YAML mapping with keys "
            f"{', '.join(sorted(_FRONT_MATTER_KEYS))}, "
            f"not a {type(raw).__name__}",
            source=source,
        )
    meta: dict[str, Any] = {}
    for key, value in raw.items():
        field = _FRONT_MATTER_KEYS.get(str(key).lower())
        if field is None:
            log.debug("%s: front matter key %r ignored", source, key)
        elif value is not None:
            meta[field] = _front_matter_value(field, value, source=source)
    body = text[match.end() :]
    return meta, body[len(body) - len(body.lstrip("\n")) :]


def load_front_matter(block: str, *, source: str) -> Any:
    """The YAML of a front-matter block, read without aliases, custom tags or deep nesting.

    Plain YAML scalars, lists and mappings only: an alias (``*name``) is refused outright, so
    no "billion laughs" expansion can happen; tags other than YAML's own are refused; dates
    stay strings (checked by :func:`normalise_date`, with its message). Every failure is an
    :class:`InputError` of one line naming the line of the file.
    """
    import yaml  # only needed when there is front matter

    try:
        return yaml.load(block, Loader=_front_matter_loader())  # a SafeLoader, narrowed further
    except _FrontMatterRefused as exc:
        raise InputError(f"front matter line {exc.line}: {exc}", source=source) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" line {mark.line + 2}" if mark is not None else ""  # +1: 0-based; +1: the ---
        reason = exc.problem or exc.context or "cannot be read"
        raise InputError(
            f"front matter{where} is not valid YAML: {_brief(reason)}", source=source
        ) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise InputError(
            "front matter is not valid YAML: "
            f"{_brief(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)}",
            source=source,
        ) from None


class _FrontMatterRefused(Exception):
    def __init__(self, message: str, line: int) -> None:
        self.line = line
        super().__init__(message)


_LOADER: Any = None


def _front_matter_loader() -> Any:
    """A SafeLoader subclass (built once): no aliases, no timestamps, bounded nesting."""
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import yaml
    from yaml.events import AliasEvent, CollectionStartEvent

    class FrontMatterLoader(yaml.SafeLoader):
        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            line = event.start_mark.line + 2 if event.start_mark else 0
            if isinstance(event, AliasEvent):
                raise _FrontMatterRefused(
                    f"YAML aliases (*{event.anchor}) are not read in front matter; "
                    "write the value out",
                    line,
                )
            if isinstance(event, CollectionStartEvent):
                self._depth += 1
                if self._depth > MAX_FRONT_MATTER_DEPTH:
                    raise _FrontMatterRefused(
                        f"nested more than {MAX_FRONT_MATTER_DEPTH} levels deep", line
                    )
            try:
                return super().compose_node(parent, index)
            finally:
                if isinstance(event, CollectionStartEvent):
                    self._depth -= 1

    def as_string(loader: Any, node: Any) -> Any:
        return loader.construct_scalar(node)

    # Dates stay text: YAML's own date constructor raises a bare ValueError on 2019-13-45.
    FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", as_string)

    def refuse_tag(loader: Any, suffix: str, node: Any) -> Any:
        raise _FrontMatterRefused(
            f"YAML tag {_brief(node.tag)} is not read in front matter",
            node.start_mark.line + 2 if node.start_mark else 0,
        )

    FrontMatterLoader.add_multi_constructor("", refuse_tag)  # any tag SafeLoader lacks
    _LOADER = FrontMatterLoader
    return _LOADER


def _brief(value: object) -> str:
    """``value`` as a short one-line string for an error message (never the whole of it)."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def _front_matter_value(field: str, value: object, *, source: str) -> object:
    if field == "authors":
        return normalise_authors(value, source=source)  # type: ignore[arg-type]
    if field == "published" and isinstance(value, dt.date):
        return value  # YAML reads an unquoted 2019-11-14 as a date
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # title: 1984
    return optional_str(value, name=f"front matter {field!r}", source=source)


def build_article(
    text: str,
    *,
    source: str,
    outlet: str | None = None,
    published: str | dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
    authors: Iterable[str] | str = (),
    max_chars: int = MAX_ARTICLE_CHARS,
) -> Article:
    """An :class:`Article` of exactly ``text``, its metadata checked and its skips marked.

    Raises :class:`EmptyInputError` for text with too few letters and
    :class:`UnsupportedLanguageError` for text that is not English.
    """
    check_length(text, source=source, max_chars=max_chars)
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < MIN_LETTERS:
        raise EmptyInputError(
            f"no article text ({letters} letters; an article needs at least {MIN_LETTERS})",
            source=source,
        )
    if not is_english(text):
        raise UnsupportedLanguageError(
            f"looks like {guess_language(text)}; rashomon reads English news", source=source
        )
    title = _clean(title)
    url = _clean(url)
    skip = mark_skips(text, title=title)
    if title is None:
        title = next((text[s.start : s.end] for s in skip if s.label == "title"), None)
    return Article(
        id=make_id("a", url or text),
        text=text,
        outlet=_clean(outlet),
        title=title,
        published=normalise_date(published, source=source),
        url=url,
        authors=normalise_authors(authors, source=source),
        source=source,
        skip=skip,
    )


def normalise_date(value: str | dt.date | None, *, source: str) -> str | None:
    """``value`` as an ISO date ``YYYY-MM-DD``; a datetime keeps the date it was written with."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise InputError(
            f"published date {_brief(value)} is a {type(value).__name__}; {DATE_FORMAT_HELP}",
            source=source,
        )
    written = value.strip()
    try:
        if _DATE.fullmatch(written):
            return dt.date.fromisoformat(written).isoformat()
        if _DATETIME.fullmatch(written):
            return dt.datetime.fromisoformat(written).date().isoformat()
    except ValueError as exc:
        raise InputError(
            f"published date {_brief(repr(value))} is not a valid date ({exc}); {DATE_FORMAT_HELP}",
            source=source,
        ) from exc
    raise InputError(
        f"published date {_brief(repr(value))} is not a date; {DATE_FORMAT_HELP}", source=source
    )


def normalise_authors(value: Iterable[str] | str | None, *, source: str) -> tuple[str, ...]:
    """Author names as a tuple, once each: from a list, or a string such as "A, B and C"."""
    if value is None:
        return ()
    if isinstance(value, str):
        names: Iterable[object] = _AUTHOR_SEPARATOR.split(value)
    elif isinstance(value, Iterable) and not isinstance(value, Mapping):
        names = value
    else:
        raise InputError(
            f"authors must be a list of names or a string, not {type(value).__name__}",
            source=source,
        )
    cleaned: dict[str, None] = {}
    for name in names:
        if not isinstance(name, str):
            raise InputError(
                f"author {_brief(name)} is a {type(name).__name__}; authors must be strings",
                source=source,
            )
        if name := name.strip():
            cleaned[name] = None
    return tuple(cleaned)


def optional_str(value: object, *, name: str, source: str) -> str | None:
    """``value`` if it is a string or None, else an :class:`InputError` naming ``name``."""
    if value is None or isinstance(value, str):
        return value
    raise InputError(
        f"{name} must be a string, not {type(value).__name__} {_brief(value)}", source=source
    )


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None
