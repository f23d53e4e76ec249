"""read_jsonl: real records, ids kept, html records, and bad lines named by file:line."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pytest

from rashomon.errors import InputError, UnsupportedLanguageError
from rashomon.ingest import read_jsonl

TEXT = (
    "Officials from both countries met on Saturday in Moscow and agreed to meet again next "
    "month, a former official who attended the conference said."
)
HTML = (
    "<html><head><title>Officials Meet</title></head><body><article><p>"
    + TEXT
    + "</p><p>The talks, the first in a year, ended without a joint statement from either "
    "side, and neither government commented.</p></article></body></html>"
)


def line(**fields: object) -> str:
    return json.dumps(fields)


def test_read_jsonl_reads_real_records(corpus_dir: Path) -> None:
    with (corpus_dir / "basil.jsonl").open(encoding="utf-8") as lines:
        records = [json.loads(raw) for raw in islice(lines, 6)]
    articles = list(read_jsonl((json.dumps(r) for r in records), source="basil.jsonl"))
    assert [a.id for a in articles] == [r["id"] for r in records]
    for record, article in zip(records, articles, strict=True):
        assert article.text == record["text"]
        assert (article.title, article.outlet, article.published, article.url) == (
            record["title"] or None,
            record["outlet"],
            record["published"],
            record["url"],
        )
    assert [a.source for a in articles] == [f"basil.jsonl:{n}" for n in range(1, 7)]


def test_read_jsonl_skips_blank_lines_and_counts_them() -> None:
    lines = ["", line(id="one", text=TEXT), "   ", line(text=TEXT + " Again.")]
    articles = list(read_jsonl(lines, source="in.jsonl"))
    assert [a.source for a in articles] == ["in.jsonl:2", "in.jsonl:4"]
    assert articles[0].id == "one"
    assert articles[1].id.startswith("a")


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        (["Jane Doe", "John Roe"], ("Jane Doe", "John Roe")),
        ("Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        (None, ()),
    ],
)
def test_read_jsonl_reads_authors(authors: object, expected: tuple[str, ...]) -> None:
    [article] = read_jsonl([line(text=TEXT, authors=authors)], source="in.jsonl")
    assert article.authors == expected


def test_read_jsonl_reads_html_records() -> None:
    [article] = read_jsonl([line(id=7, html=HTML, outlet="Example News")], source="in.jsonl")
    assert article.id == "7"
    assert article.text.startswith("Officials from both countries")
    assert (article.title, article.outlet) == ("Officials Meet", "Example News")


def test_read_jsonl_flags_override_records() -> None:
    [article] = read_jsonl(
        [line(text=TEXT, outlet="Record Outlet", published="2019-01-01", title="Record Title")],
        source="in.jsonl",
        outlet="Flag Outlet",
        published="2019-11-14",
        title="Flag Title",
    )
    assert (article.outlet, article.published, article.title) == (
        "Flag Outlet",
        "2019-11-14",
        "Flag Title",
    )


def test_read_jsonl_normalises_published() -> None:
    [article] = read_jsonl(
        [line(text=TEXT, published="2019-11-14T09:30:00+09:00")], source="in.jsonl"
    )
    assert article.published == "2019-11-14"


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ('{"text": "unterminated', "not valid JSON"),
        ("[1, 2, 3]", "expected a JSON object"),
        ('"just a string"', "expected a JSON object"),
        (line(title="No body"), "no 'text' or 'html' field"),
        (line(text=["a", "list"]), "field 'text' must be a string"),
        (line(text=TEXT, title=5), "field 'title' must be a string"),
        (line(text=TEXT, authors=5), "field 'authors' must be a list of names or a string"),
        (line(text=TEXT, authors=["ok", 5]), "author 5 is a int"),
        (line(text=TEXT, id=["x"]), "field 'id' must be a string or an integer"),
        (line(text=TEXT, published="14 Nov 2019"), "published date '14 Nov 2019'"),
        (line(text=""), "no article text"),
    ],
    ids=[
        "invalid-json",
        "array",
        "string",
        "no-text",
        "text-list",
        "title-number",
        "authors-number",
        "author-number",
        "id-list",
        "bad-date",
        "empty-text",
    ],
)
def test_read_jsonl_names_file_and_line_of_bad_line(bad: str, problem: str) -> None:
    lines = [line(text=TEXT), bad, line(text=TEXT)]
    with pytest.raises(InputError, match=r"^in\.jsonl:2: ") as caught:
        list(read_jsonl(lines, source="in.jsonl"))
    assert problem in str(caught.value)


def test_read_jsonl_yields_good_lines_before_a_bad_one() -> None:
    articles = read_jsonl([line(id="ok", text=TEXT), "{oops"], source="in.jsonl")
    assert next(articles).id == "ok"
    with pytest.raises(InputError, match=r"in\.jsonl:2: not valid JSON"):
        next(articles)


def test_read_jsonl_rejects_non_english_record() -> None:
    german = (
        "Die Gespräche zwischen den beiden Ländern sind am Samstag in Moskau ohne eine gemeinsame "
        "Erklärung zu Ende gegangen, sagte ein ehemaliger Beamter, der an der Konferenz "
        "teilgenommen hat und nach eigenen Angaben von dem Treffen erfahren hatte."
    )
    with pytest.raises(UnsupportedLanguageError, match=r"^in\.jsonl:1: looks like German"):
        list(read_jsonl([line(text=german)], source="in.jsonl"))
