"""WARC files: the real captures in ../shared/data/warc, HTML responses in, the rest skipped."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rashomon.ingest.sources import Skipped, iter_sources
from rashomon.ingest.warc import iter_warc
from rashomon.model import Article
from tests.conftest import shared_path


def bbc() -> Path:
    return shared_path("data", "warc", "bbc-news-article-ccbot-2014.warc")


def frontpages() -> Path:
    return shared_path("data", "warc", "nytimes-wsj-frontpages-2022.warc.gz")


def test_common_crawl_record_becomes_an_article():
    # One CCBot response record, cut short by the capture (WARC-Truncated): still read.
    (article,) = iter_warc(bbc())
    assert isinstance(article, Article)
    assert article.url == "http://news.bbc.co.uk/2/hi/africa/3414345.stm"
    assert article.title == "Namibia braces for Nujoma exit"
    assert article.published == "2004-01-22"
    assert "Nujoma" in article.text and "<" not in article.text


def test_non_html_records_skipped_with_reasons():
    items = list(iter_warc(frontpages()))
    assert len(items) == 10  # one item per record: nothing is silently dropped
    articles = [i for i in items if isinstance(i, Article)]
    reasons = Counter(i.reason for i in items if isinstance(i, Skipped))
    assert [a.url for a in articles] == ["https://www.nytimes.com/"]
    assert reasons == {
        "WARC warcinfo record, not a response": 1,
        "WARC request record, not a response": 3,
        "HTTP 301 response": 1,
        "HTTP 404 response": 1,
        "WARC metadata record, not a response": 1,
        "WARC resource record, not a response": 2,
    }


def test_folder_of_warcs_read_in_order_through_iter_sources(tmp_path):
    (tmp_path / "a.warc").write_bytes(bbc().read_bytes())
    (tmp_path / "b.warc.gz").write_bytes(frontpages().read_bytes())
    items = list(iter_sources([str(tmp_path)]))
    assert [i.url for i in items if isinstance(i, Article)] == [
        "http://news.bbc.co.uk/2/hi/africa/3414345.stm",
        "https://www.nytimes.com/",
    ]


def test_garbage_and_cut_warc_files_skipped_not_raised(tmp_path):
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not a web archive\n" * 20)
    (item,) = iter_warc(junk)
    assert isinstance(item, Skipped) and "WARC" in item.reason
    cut = tmp_path / "cut.warc.gz"
    data = frontpages().read_bytes()
    cut.write_bytes(data[: len(data) // 2])  # a download that stopped half way
    items = list(iter_warc(cut))  # the records before the cut come through; no exception
    assert 4 <= len(items) < 10
    assert [i.url for i in items if isinstance(i, Article)] == ["https://www.nytimes.com/"]
