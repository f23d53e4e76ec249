"""article_from_html: main text of real pages, page metadata, broken and empty pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rashomon.errors import EmptyInputError, InputError, NoMainTextError
from rashomon.ingest import article_from_html

# Five real pages from five sites (the smallest of the set, to keep the run fast).
PAGES = [
    "c00962aabe7bdd1fca78f5360ea7fa93cd7674863b05157e00827506a7aa58c4",  # thespacereview.com
    "14cc2a0ca59c62a8c9f205a171e9ccf4ef4cf69b0c642f51c8c65c051b39024f",  # sciencealert.com
    "d90bda7ed14df19574f4ca8b1ccde5752a78f40058af1393e81cc99adb3e8756",  # panarmenian.net
    "1ee91d1fce65e09be8b8d2d29eab771546d98ca2ba5c862941e660e9fec12432",  # polygraph.info
    "e372e42c0a3df7b86e1c0bacf7bc14d042144a01e88833bc5a643d61b3547090",  # jpost.com
]
POLYGRAPH = PAGES[3]

PARAGRAPHS = [
    "U.S. and North Korean officials held a meeting at a nonproliferation conference in "
    "Moscow, a former U.S. official who attended the conference said on Monday.",
    "The talks between Pyongyang and Washington have remained deadlocked since the failed "
    "Hanoi summit in February, despite attempts to break the stalemate in Stockholm.",
    "North Korea has said it will wait until the end of the year for the United States to "
    "change its position, and warned of consequences if it does not.",
]
NAV_ONLY = (
    "<!DOCTYPE html><html><head><title>Example News</title></head><body>"
    "<header><a href='/'>Example News</a></header><nav><ul>"
    + "".join(
        f"<li><a href='/{item.lower()}'>{item}</a></li>"
        for item in [
            "Home",
            "World",
            "Politics",
            "Business",
            "Science",
            "Sport",
            "Opinion",
            "Contact us",
        ]
    )
    + "</ul></nav><footer><p>Terms of use</p><p>Privacy policy</p></footer></body></html>"
)


def token_set(text: str) -> set[str]:
    return {token.lower() for token in re.findall(r"\w+", text)}


def read_page(html_pages_dir: Path, record: dict[str, str]) -> str:
    return (html_pages_dir / record["file"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_article_from_html_extracts_gold_article_body(
    page: str, html_gold: dict[str, dict[str, str]], html_pages_dir: Path
) -> None:
    record = html_gold[page]
    article = article_from_html(
        read_page(html_pages_dir, record), source=record["file"], url=record["url"]
    )
    gold = token_set(record["article_body"])
    recall = len(gold & token_set(article.text)) / len(gold)
    assert recall >= 0.8, f"{record['domain']}: token-set recall {recall:.2f}"
    for span in article.skip:
        assert (
            article.text[span.start : span.end] == article.text[span.start : span.end].strip() != ""
        )


def test_article_from_html_takes_metadata_from_page(
    html_gold: dict[str, dict[str, str]], html_pages_dir: Path
) -> None:
    record = html_gold[POLYGRAPH]
    article = article_from_html(read_page(html_pages_dir, record), source="page.html")
    assert article.title == "Russia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return"
    assert article.outlet == "POLYGRAPH.info"
    assert article.published == "2019-11-18"
    assert article.url == record["url"]
    assert article.source == "page.html"
    assert article.text.startswith("In a joint statement published Oct. 25")


def test_article_from_html_flags_override_page_metadata(
    html_gold: dict[str, dict[str, str]], html_pages_dir: Path
) -> None:
    record = html_gold[POLYGRAPH]
    article = article_from_html(
        read_page(html_pages_dir, record),
        source="page.html",
        outlet="Polygraph",
        published="2019-11-19T08:00:00Z",
        title="Fact check: Rukban",
        url="https://example.com/rukban",
        authors=["Jane Doe"],
    )
    assert (article.outlet, article.published, article.title, article.url, article.authors) == (
        "Polygraph",
        "2019-11-19",
        "Fact check: Rukban",
        "https://example.com/rukban",
        ("Jane Doe",),
    )


def test_article_from_html_falls_back_to_host_name_for_outlet(
    html_gold: dict[str, dict[str, str]], html_pages_dir: Path
) -> None:
    record = html_gold[PAGES[0]]  # a page without a site name
    article = article_from_html(read_page(html_pages_dir, record), source="p", url=record["url"])
    assert article.outlet == "thespacereview.com"


def test_article_from_html_reads_broken_html() -> None:
    body = "".join(
        f"<p><b>{text}</span></i>" if i % 2 else f"<p>{text}<div>"
        for i, text in enumerate(PARAGRAPHS)
    )
    # unclosed head, p, b, div and table; stray closing tags; no </body> or </html>
    html = (
        "<html><head><title>Officials meet</title><body><div class=article><h1>Officials Meet"
        f"{body}<table><tr><td>"
    )
    article = article_from_html(html, source="broken.html")
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text


@pytest.mark.parametrize(
    "html",
    [
        NAV_ONLY,
        "<<<>>>",
        "<html><body><div><p>Unclosed <b>bold",
        "<html><body></body></html>",
        "\x00<html>",
    ],
    ids=["nav-only", "angle-brackets", "fragment", "empty-body", "nul"],
)
def test_article_from_html_rejects_page_without_main_text(html: str) -> None:
    with pytest.raises(NoMainTextError, match=r"^page\.html: no main article text"):
        article_from_html(html, source="page.html")


@pytest.mark.parametrize("html", ["", "  \n\t "])
def test_article_from_html_rejects_empty_page(html: str) -> None:
    with pytest.raises(EmptyInputError, match="no article text"):
        article_from_html(html, source="page.html")


def test_article_from_html_rejects_bad_published_flag() -> None:
    html = (
        "<html><body><article>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</article></body></html>"
    )
    with pytest.raises(InputError, match="published date '19/11/2019'"):
        article_from_html(html, source="page.html", published="19/11/2019")
