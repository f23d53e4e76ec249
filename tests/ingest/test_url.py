"""The URL fetcher against a real HTTP server on 127.0.0.1 (started and stopped by each test)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rashomon.errors import FetchError
from rashomon.ingest.sources import Skipped, iter_sources
from rashomon.ingest.url import (
    Fetcher,
    FetchPolicy,
    _GuardedBackend,
    article_from_page,
    check_address,
)
from rashomon.model import Article
from tests.conftest import shared_path

UA = "rashomon-test/1.0 (+tests)"

Route = Callable[[BaseHTTPRequestHandler], None]


def send(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    ctype: str = "text/html; charset=utf-8",
    **headers: str,
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for k, v in headers.items():
        h.send_header(k.replace("_", "-"), v)
    h.end_headers()
    h.wfile.write(body)


@contextlib.contextmanager
def serve(routes: dict[str, Route]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """A threaded HTTP server on 127.0.0.1; yields its base URL and the (path, UA) log.

    It stops when the block ends, and by itself after 120 s whatever happens."""
    log: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        timeout = 10

        def do_GET(self) -> None:
            log.append((self.path, self.headers.get("User-Agent", "")))
            route = routes.get(self.path.split("?")[0])
            if route is None:
                send(self, 404, b"<html><body>not found</body></html>")
            else:
                route(self)

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
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        watchdog.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def real_page() -> bytes:
    return next(iter(sorted(shared_path("data", "html-pages", "html").glob("*.html")))).read_bytes()


def slow(seconds: float) -> Route:
    page = real_page()  # read here, in the test: a page missing skips it

    def route(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        with contextlib.suppress(OSError):
            send(h, 200, page)

    return route


def drip(h: BaseHTTPRequestHandler) -> None:
    """Headers at once, then a byte every 0.2 s: no read times out, the whole page does."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    with contextlib.suppress(OSError):
        for _ in range(100):
            h.wfile.write(b"<p>x</p>")
            h.wfile.flush()
            time.sleep(0.2)


def big_unsized(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    with contextlib.suppress(OSError):
        for _ in range(50):
            h.wfile.write(b"<p>" + b"word " * 2000 + b"</p>")


def redirect(to: str) -> Route:
    return lambda h: send(h, 302, b"", Location=to)


def loopback(**policy: object) -> Fetcher:
    """A fetcher allowed onto 127.0.0.1 (the test server), without delays unless asked."""
    values: dict[str, object] = {
        "allow_private": True,
        "delay": 0.0,
        "timeout": 2.0,
        "user_agent": UA,
    }
    values.update(policy)
    return Fetcher(FetchPolicy(**values))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def page_bytes() -> bytes:
    return real_page()


def test_fetch_real_page_to_article(page_bytes):
    routes = {"/news/story.html": lambda h: send(h, 200, page_bytes)}
    with serve(routes) as (base, log), loopback() as fetcher:
        page = fetcher.fetch(f"{base}/news/story.html")
        article = article_from_page(page)
    assert page.status == 200 and page.body == page_bytes and page.content_type == "text/html"
    assert isinstance(article, Article) and article.url == f"{base}/news/story.html"
    assert len(article.text) > 500
    assert all(ua == UA for _, ua in log), "every request carries the User-Agent"
    assert [p for p, _ in log] == ["/robots.txt", "/news/story.html"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "http://localhost:9/x",
        "http://10.0.0.1/x",
        "http://192.168.1.1/x",
        "http://172.16.0.5/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9/x",
        "http://0.0.0.0:9/x",
        "http://100.64.0.1/x",
    ],
)
def test_private_and_loopback_addresses_refused_by_default(url):
    with Fetcher() as fetcher, pytest.raises(FetchError, match="refused") as info:
        fetcher.fetch(url)
    assert url in str(info.value) and "--allow-private-urls" in str(info.value)


def test_loopback_refused_by_default_sends_nothing(page_bytes):
    with serve({"/a": lambda h: send(h, 200, page_bytes)}) as (base, log):
        with Fetcher(FetchPolicy(delay=0)) as fetcher, pytest.raises(FetchError, match="refused"):
            fetcher.fetch(f"{base}/a")
        assert log == [], "no request may reach a refused address"


def test_connect_time_check_refuses_what_dns_now_says_is_private():
    # The check that protects each hop and a re-resolved name lives in the connection itself.
    with pytest.raises(FetchError, match="refused"):
        _GuardedBackend(allow_private=False).connect_tcp("localhost", 9, timeout=1)
    assert check_address("127.0.0.1", 80, allow_private=True) == ["127.0.0.1"]


@pytest.mark.parametrize("scheme_url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://x/"])
def test_only_http_and_https(scheme_url):
    with loopback() as fetcher, pytest.raises(FetchError, match="only http and https"):
        fetcher.fetch(scheme_url)


def test_redirects_followed_up_to_the_limit_each_rechecked(page_bytes):
    routes: dict[str, Route] = {f"/r{i}": redirect(f"/r{i + 1}") for i in range(8)}
    routes["/r3"] = lambda h: send(h, 200, page_bytes)
    routes["/to-file"] = redirect("file:///etc/passwd")
    with serve(routes) as (base, _), loopback(max_redirects=3) as fetcher:
        page = fetcher.fetch(f"{base}/r0")
        assert page.url == f"{base}/r3" and page.requested == f"{base}/r3"
        routes["/r3"] = redirect("/r4")
        with pytest.raises(FetchError, match="more than 3 redirects"):
            fetcher.fetch(f"{base}/r0")
        with pytest.raises(FetchError, match="only http and https"):
            fetcher.fetch(f"{base}/to-file")


def test_size_limit_streamed_and_declared(page_bytes):
    routes = {"/unsized": big_unsized, "/sized": lambda h: send(h, 200, page_bytes)}
    with serve(routes) as (base, _), loopback(max_bytes=20_000) as fetcher:
        with pytest.raises(FetchError, match="more than 20,000 bytes"):
            fetcher.fetch(f"{base}/unsized")
        if len(page_bytes) > 20_000:
            with pytest.raises(FetchError, match="more than 20,000"):
                fetcher.fetch(f"{base}/sized")


def test_timeouts_read_and_overall():
    with serve({"/slow": slow(3.0), "/drip": drip}) as (base, _), loopback(timeout=0.5) as fetcher:
        start = time.monotonic()
        with pytest.raises(FetchError, match="timed out"):
            fetcher.fetch(f"{base}/slow")
        with pytest.raises(FetchError, match="timed out"):
            fetcher.fetch(f"{base}/drip")
        assert time.monotonic() - start < 5


def test_robots_txt_obeyed_and_read_once(page_bytes):
    robots = (
        b"User-agent: *\nDisallow: /private/\n\nUser-agent: rashomon-test\nDisallow: /no-bots/\n"
    )
    routes = {
        "/robots.txt": lambda h: send(h, 200, robots, ctype="text/plain"),
        "/public.html": lambda h: send(h, 200, page_bytes),
        "/no-bots/x.html": lambda h: send(h, 200, page_bytes),
    }
    with serve(routes) as (base, log), loopback() as fetcher:
        fetcher.fetch(f"{base}/public.html")
        with pytest.raises(FetchError, match=r"robots\.txt"):
            fetcher.fetch(f"{base}/no-bots/x.html")
        fetcher.fetch(f"{base}/public.html")
    paths = [p for p, _ in log]
    assert paths.count("/robots.txt") == 1 and "/no-bots/x.html" not in paths


def test_robots_txt_server_error_means_stay_away():
    routes = {"/robots.txt": lambda h: send(h, 503, b"down")}
    with (
        serve(routes) as (base, log),
        loopback() as fetcher,
        pytest.raises(FetchError, match=r"robots\.txt"),
    ):
        fetcher.fetch(f"{base}/page.html")
    assert [p for p, _ in log] == ["/robots.txt"]


@pytest.mark.parametrize(
    ("robots", "delay", "expected"), [(b"", 0.3, 0.6), (b"Crawl-delay: 1\n", 0.1, 2.0)]
)
def test_requests_to_one_host_are_spaced(page_bytes, robots, delay, expected):
    routes = {
        "/robots.txt": lambda h: send(h, 200, b"User-agent: *\n" + robots, ctype="text/plain"),
        "/a": lambda h: send(h, 200, page_bytes),
    }
    with serve(routes) as (base, log), loopback(delay=delay) as fetcher:
        start = time.monotonic()
        for _ in range(2):
            fetcher.fetch(f"{base}/a")
        elapsed = time.monotonic() - start
    # robots.txt, then two pages, each `delay` (or robots.txt's longer Crawl-delay) apart.
    assert [p for p, _ in log] == ["/robots.txt", "/a", "/a"]
    assert expected - 0.05 <= elapsed < expected + 1.5


def test_iter_sources_skips_failures_with_reasons_and_goes_on(page_bytes):
    routes = {
        "/good.html": lambda h: send(h, 200, page_bytes),
        "/garbage.html": lambda h: send(h, 200, bytes(range(256)) * 40),
        "/image.png": lambda h: send(
            h, 200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, ctype="image/png"
        ),
        "/nav.html": lambda h: send(
            h, 200, b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
        ),
        "/slow.html": slow(3.0),
    }
    with serve(routes) as (base, _), loopback(timeout=0.5) as fetcher:
        urls = [
            f"{base}{p}"
            for p in (
                "/missing.html",
                "/slow.html",
                "/garbage.html",
                "/image.png",
                "/nav.html",
                "/good.html",
            )
        ]
        items = list(iter_sources(urls, fetcher=fetcher))
    articles = [i for i in items if isinstance(i, Article)]
    skipped = {i.source.rsplit("/", 1)[1]: i.reason for i in items if isinstance(i, Skipped)}
    assert [a.url for a in articles] == [f"{base}/good.html"]
    assert skipped["missing.html"].startswith("HTTP 404")
    assert "timed out" in skipped["slow.html"]
    assert "control characters" in skipped["garbage.html"] or "binary" in skipped["garbage.html"]
    assert "not an HTML page" in skipped["image.png"]
    assert "no main article text" in skipped["nav.html"]
