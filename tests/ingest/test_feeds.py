"""RSS/Atom feeds: the real publisher feeds in ../shared/data/feeds, read from disk and served
from a real HTTP server on 127.0.0.1 with their links pointed at it."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest

from rashomon.ingest.feeds import iter_feed, looks_like_feed
from rashomon.ingest.sources import Skipped, iter_sources
from rashomon.ingest.url import Fetcher, FetchPolicy
from rashomon.model import Article
from tests.conftest import shared_names, shared_path


def feeds() -> Path:
    return shared_path("data", "feeds")


def html_pages() -> Path:
    return shared_path("data", "html-pages", "html")


@contextlib.contextmanager
def serve(pages: dict[str, tuple[int, str, bytes]]) -> Iterator[str]:
    """A threaded server on 127.0.0.1 answering ``pages[path]``; stops with the block (or 120 s)."""

    class Handler(BaseHTTPRequestHandler):
        timeout = 10

        def do_GET(self) -> None:
            status, ctype, body = pages.get(self.path, (404, "text/html", b"<html>gone</html>"))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    watchdog = threading.Timer(120, server.shutdown)
    thread.start()
    watchdog.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        watchdog.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize("name", shared_names("data", "feeds", exclude=("README.md",)))
def test_every_real_feed_is_recognised_and_read_entry_by_entry(name):
    data = (feeds() / name).read_bytes()
    assert looks_like_feed(data)
    items = list(iter_feed(data, source=name, fetcher=None))
    assert len(items) == len(feedparser.parse(data).entries) > 0
    for item in items:  # without a fetcher, summary-only entries are skipped with a reason
        assert isinstance(item, Article) or item.reason


def test_html_page_is_not_a_feed():
    page = next(iter(sorted(html_pages().glob("*.html")))).read_bytes()
    assert not looks_like_feed(page, "text/html")


def test_full_content_feed_read_without_fetching():
    items = list(iter_sources([str(feeds() / "tpm-all-news.atom")], fetcher=None))
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) >= 15
    assert all(a.url and a.url.startswith("http://talkingpointsmemo.com/") for a in articles)
    assert all(a.published == "2017-11-08" and a.outlet == "All TPM News" for a in articles)
    first = articles[0]
    assert first.title and first.title.startswith("Hannity Announces Fox Has Hired Sebastian Gorka")
    assert "Gorka" in first.text
    assert [i.reason for i in items if isinstance(i, Skipped)] == [
        "entry holds only a summary and its page is not fetched here"
    ] * (len(items) - len(articles))


def test_not_a_feed_is_skipped_with_its_reason():
    (item,) = iter_feed(b"\x00\x01 this is no feed at all", source="junk.rss", fetcher=None)
    assert isinstance(item, Skipped) and item.source == "junk.rss" and "feed" in item.reason


def test_served_feed_entries_fetched_through_the_guarded_fetcher():
    original = (feeds() / "guardian-us.rss").read_bytes()
    pages = sorted(html_pages().glob("*.html"))[:3]
    served: dict[str, tuple[int, str, bytes]] = {}
    with serve(served) as base:
        feed = original.replace(b"https://www.theguardian.com", base.encode())
        links = [e.link for e in feedparser.parse(feed).entries]
        paths = [link[len(base) :] for link in links]
        for path, page in zip(paths, pages, strict=False):
            served[path] = (200, "text/html; charset=utf-8", page.read_bytes())
        served[paths[3]] = (200, "text/html", bytes(range(256)) * 50)  # garbage
        served["/feed.rss"] = (200, "application/rss+xml", feed)
        with Fetcher(FetchPolicy(allow_private=True, delay=0, timeout=2)) as fetcher:
            items = list(iter_sources([f"{base}/feed.rss"], fetcher=fetcher))
    assert len(items) == len(links) == 55
    articles = [i for i in items if isinstance(i, Article)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(articles) == 3 and [a.url for a in articles] == links[:3]
    assert all(a.published for a in articles), "the page's date, else the feed entry's"
    reasons = [s.reason for s in skipped]
    assert sum(r.startswith("HTTP 404") for r in reasons) == 51
    assert any("control characters" in r or "binary" in r for r in reasons)
