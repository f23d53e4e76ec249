"""article_from_text and is_english: front matter, flags, dates, title, the English gate."""

from __future__ import annotations

import datetime as dt

import pytest

from rashomon.errors import EmptyInputError, InputError, UnsupportedLanguageError
from rashomon.ingest import article_from_text, is_english
from rashomon.model import make_id

VOA = "000_7f752ea312c1a10c.txt"
WT = "001_0f23a78d9893c12c.txt"

BODY = (
    "Officials from both countries met on Saturday in Moscow and agreed to meet again next "
    "month, a former official who attended the conference said.\n\n"
    "The talks, the first in a year, ended without a joint statement from either side."
)
FRONT_MATTER = """---
title: Talks Resume in Moscow
outlet: Example News
published: 2019-11-14
url: https://example.com/talks
authors: [Jane Doe, John Roe]
---

"""

GERMAN = (
    "Die Gespräche zwischen den beiden Ländern sind am Samstag in Moskau ohne eine gemeinsame "
    "Erklärung zu Ende gegangen. Ein ehemaliger Beamter, der an der Konferenz teilgenommen hat, "
    "sagte, es habe ein Treffen gegeben. Die Regierung in Seoul wollte sich dazu nicht äußern, "
    "und auch aus Washington gab es zunächst keine Stellungnahme zu dem Bericht."
)
FRENCH = (
    "Les discussions entre les deux pays se sont terminées samedi à Moscou sans déclaration "
    "commune. Un ancien responsable qui a participé à la conférence a affirmé qu'une rencontre "
    "avait eu lieu. Le gouvernement de Séoul n'a pas souhaité commenter, et Washington n'a pas "
    "réagi dans l'immédiat à ces informations selon la presse locale."
)
RUSSIAN = (
    "Переговоры между двумя странами завершились в субботу в Москве без совместного заявления. "
    "Бывший чиновник, участвовавший в конференции, сказал, что встреча состоялась. "
    "Правительство в Сеуле отказалось от комментариев."
)


@pytest.mark.parametrize(
    ("name", "title"),
    [(VOA, "US-North Korean Officials Meet at Moscow Nonproliferation Conference"), (WT, None)],
)
def test_article_from_text_reads_seed_articles(
    name: str, title: str | None, seeds: dict[str, str]
) -> None:
    text = seeds[name]
    article = article_from_text(text, source=name)
    assert article.text == text
    assert article.title == title
    assert article.id == make_id("a", text)
    assert article.source == name
    assert (article.outlet, article.published, article.url, article.authors) == (
        None,
        None,
        None,
        (),
    )
    for span in article.skip:
        assert article.text[span.start : span.end].strip()


def test_article_from_text_keeps_title_line_in_text() -> None:
    text = f"Talks Resume in Moscow\n\n{BODY}"
    article = article_from_text(text, source="t")
    assert article.text == text
    assert article.title == "Talks Resume in Moscow"
    assert [(s.start, s.end, s.label) for s in article.skip] == [(0, 22, "title")]


def test_article_from_text_reads_front_matter() -> None:
    article = article_from_text(FRONT_MATTER + BODY, source="t.md")
    assert article.text == BODY
    assert article.title == "Talks Resume in Moscow"
    assert article.outlet == "Example News"
    assert article.published == "2019-11-14"
    assert article.url == "https://example.com/talks"
    assert article.authors == ("Jane Doe", "John Roe")
    assert article.id == make_id("a", "https://example.com/talks")


def test_article_from_text_marks_front_matter_title_when_text_repeats_it() -> None:
    article = article_from_text(FRONT_MATTER + "Talks Resume in Moscow\n" + BODY, source="t")
    assert article.text.startswith("Talks Resume in Moscow\n")
    assert article.skip[0].label == "title"
    assert article.text[article.skip[0].start : article.skip[0].end] == "Talks Resume in Moscow"


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (
            "date: '2019-11-14T09:30:00Z'\nauthor: Jane Doe and John Roe\n",
            ("2019-11-14", ("Jane Doe", "John Roe")),
        ),
        (
            "published: 2019-11-14 23:10:00\nauthors: Jane Doe; John Roe\n",
            ("2019-11-14", ("Jane Doe", "John Roe")),
        ),
        ("unknown: kept out\n", (None, ())),
        ("", (None, ())),
    ],
    ids=["date-alias", "datetime", "unknown-key", "empty"],
)
def test_article_from_text_reads_front_matter_variants(
    front_matter: str, expected: tuple[str | None, tuple[str, ...]]
) -> None:
    article = article_from_text(f"---\n{front_matter}---\n{BODY}", source="t")
    assert (article.published, article.authors) == expected
    assert article.text == BODY


@pytest.mark.parametrize(
    ("flag", "value", "expected"),
    [
        ("title", "Another Headline", "Another Headline"),
        ("outlet", "Other Outlet", "Other Outlet"),
        ("published", "2020-01-02", "2020-01-02"),
        ("published", dt.date(2020, 1, 2), "2020-01-02"),
        ("url", "https://example.org/other", "https://example.org/other"),
        ("authors", ["Ann Other"], ("Ann Other",)),
    ],
)
def test_article_from_text_flags_override_front_matter(
    flag: str, value: object, expected: object
) -> None:
    article = article_from_text(FRONT_MATTER + BODY, source="t", **{flag: value})
    assert getattr(article, flag) == expected


@pytest.mark.parametrize(
    "front_matter",
    ["title: [unclosed\n", "- a list\n- not a mapping\n", "title: {a: 1}\n", "authors: 3\n"],
    ids=["bad-yaml", "list", "title-mapping", "authors-number"],
)
def test_article_from_text_rejects_bad_front_matter(front_matter: str) -> None:
    with pytest.raises(InputError, match=r"^t\.md: "):
        article_from_text(f"---\n{front_matter}---\n{BODY}", source="t.md")


def test_article_from_text_reads_text_without_closing_fence_as_plain_text() -> None:
    text = f"---\n{BODY}"
    assert article_from_text(text, source="t").text == text


@pytest.mark.parametrize(
    "published",
    [
        "2019-11-14",
        " 2019-11-14 ",
        "2019-11-14T09:30:00Z",
        "2019-11-14T23:30:00-05:00",
        "2019-11-14T09:30:00.123456+0900",
        "2019-11-14 09:30",
        dt.date(2019, 11, 14),
        dt.datetime(2019, 11, 14, 9, 30, tzinfo=dt.UTC),
    ],
)
def test_article_from_text_normalises_published_date(published: object) -> None:
    assert article_from_text(BODY, source="t", published=published).published == "2019-11-14"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "published",
    [
        "14/11/2019",
        "Nov 14, 2019",
        "yesterday",
        "2019-02-30",
        "2019-13-01",
        "20191114",
        "2019-11",
        "",
    ],
)
def test_article_from_text_rejects_bad_published_date(published: str) -> None:
    with pytest.raises(InputError, match=r"published date .* expected YYYY-MM-DD") as caught:
        article_from_text(BODY, source="t", published=published)
    assert repr(published) in str(caught.value)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"url": "https://example.com/a"}, make_id("a", "https://example.com/a")),
        ({}, make_id("a", BODY)),
    ],
    ids=["by-url", "by-text"],
)
def test_article_from_text_id_is_deterministic(kwargs: dict[str, str], expected: str) -> None:
    first = article_from_text(BODY, source="one", **kwargs)
    again = article_from_text(BODY, source="two", **kwargs)
    assert first.id == again.id == expected


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("Jane Doe, John Roe and Ann Other", ("Jane Doe", "John Roe", "Ann Other")),
        (["Jane Doe", " Jane Doe ", ""], ("Jane Doe",)),
        ((), ()),
    ],
)
def test_article_from_text_normalises_authors(authors: object, expected: tuple[str, ...]) -> None:
    assert article_from_text(BODY, source="t", authors=authors).authors == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["", "   \n\n  ", "Short.", "1234 5678 90 -- ?? 2019-11-14", FRONT_MATTER]
)
def test_article_from_text_rejects_text_without_article(text: str) -> None:
    with pytest.raises(EmptyInputError, match="no article text"):
        article_from_text(text, source="t")


@pytest.mark.parametrize(
    ("text", "language"),
    [(GERMAN, "German"), (FRENCH, "French"), (RUSSIAN, "Cyrillic")],
)
def test_article_from_text_rejects_non_english(text: str, language: str) -> None:
    with pytest.raises(
        UnsupportedLanguageError,
        match=rf"^de\.txt: looks like {language}.*; rashomon reads English news",
    ):
        article_from_text(text, source="de.txt")


@pytest.mark.parametrize(
    "text", [GERMAN, FRENCH, RUSSIAN, "这是一篇关于朝鲜和美国会谈的新闻报道，会谈在莫斯科举行。"]
)
def test_is_english_rejects_other_languages(text: str) -> None:
    assert not is_english(text)


@pytest.mark.parametrize("name", [VOA, WT])
def test_is_english_accepts_seed_articles(name: str, seeds: dict[str, str]) -> None:
    assert is_english(seeds[name])


def test_is_english_accepts_real_english_news(corpus_texts: list[str]) -> None:
    assert all(is_english(text) for text in corpus_texts)


@pytest.mark.parametrize(
    "text", ["Talks Resume", "Moscow, Seoul and Washington", "Zürich café opens"]
)
def test_is_english_gives_short_latin_text_the_benefit_of_the_doubt(text: str) -> None:
    assert is_english(text)
