"""Pages from URLs: a guarded, polite HTTP fetcher (httpx) and the page to Article step.

Guards: http and https only; every address a host name resolves to is checked when the
connection is made (so each redirect hop, and a name that re-resolves, is checked too),
and private, loopback, link-local, multicast and reserved addresses are refused unless
``allow_private`` is set; at most ``max_redirects`` redirects; the body is streamed and cut
at ``max_bytes``; a connect/read timeout plus an overall deadline. Politeness: robots.txt
is read once per host and obeyed (RFC 9309: a 4xx robots.txt allows all, a 5xx or an
unreachable one allows nothing), and requests to one host are spaced by ``delay`` seconds
or its Crawl-delay, whichever is longer.
"""

from __future__ import annotations

import codecs
import ipaddress
import logging
import socket
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from rashomon.errors import FetchError, UnknownFormatError
from rashomon.ingest.decode import decode_bytes
from rashomon.ingest.html import article_from_html
from rashomon.ingest.text import article_from_text
from rashomon.model import Article
from rashomon.version import __version__

log = logging.getLogger(__name__)

USER_AGENT = f"rashomon/{__version__} (news comparison; fetches what it is given, obeys robots.txt)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
ROBOTS_MAX_BYTES = 500_000
MAX_CRAWL_DELAY = 30.0  # a robots.txt asking for more is capped (and logged)


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchPolicy:
    timeout: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = USER_AGENT
    delay: float = 1.0
    robots: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    url: str  # after redirects
    requested: str
    status: int
    content_type: str  # lower case, without parameters
    charset: str | None
    body: bytes


def check_address(host: str, port: int, *, allow_private: bool) -> list[str]:
    """The addresses ``host`` resolves to, or FetchError if one of them may not be fetched."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc.strerror}") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        for address in addresses:
            if not is_public_address(address):
                raise FetchError(
                    f"refused: {host} resolves to {address}, a private, loopback, link-local "
                    "or reserved address (allow it with --allow-private-urls or "
                    "RASHOMON_ALLOW_PRIVATE_URLS=1)"
                )
    return addresses


# NAT64's well-known prefix (RFC 6052) carries an IPv4 address in its last 32 bits; a DNS64
# resolver maps every IPv4-only site into it, so it is judged by the address it carries.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# IPv4-compatible addresses (::a.b.c.d): deprecated by RFC 4291, no public site uses one, and
# some stacks still route them to the IPv4 address: refused whatever they carry.
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
# NAT64 for local use (RFC 8215): whatever it translates to is the site's own network.
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def is_public_address(address: str) -> bool:
    """True if ``address`` is a global unicast address, and so is every IPv4 address it
    carries (IPv4-mapped ``::ffff:a.b.c.d``, NAT64 ``64:ff9b::a.b.c.d``, 6to4
    ``2002:AABB:CCDD::``, Teredo): a translated 127.0.0.1 is 127.0.0.1. IPv4-compatible
    ``::a.b.c.d`` and local-use NAT64 are refused outright."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if not ip.is_global or ip.is_multicast:
        return False
    if isinstance(ip, ipaddress.IPv4Address):
        return True
    if ip in _NAT64_LOCAL or ip in _IPV4_COMPATIBLE:
        return False
    embedded: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        embedded.append(ip.ipv4_mapped)
    if ip in _NAT64:
        embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.sixtofour is not None:
        embedded.append(ip.sixtofour)
    if ip.teredo is not None:
        embedded.extend(ip.teredo)
    return all(v4.is_global and not v4.is_multicast for v4 in embedded)


class _GuardedBackend(httpcore.SyncBackend):
    """Connects only to vetted addresses: the check happens at connect time, per hop."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in check_address(host, port, allow_private=self.allow_private):
            try:  # connect to the checked address itself, not to a fresh lookup
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        raise last or httpcore.ConnectError(f"no address for {host}")


class Fetcher:
    """Fetches pages under a :class:`FetchPolicy`; one per run (it keeps robots and timing)."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        transport = httpx.HTTPTransport(trust_env=False)
        # httpx has no public hook for the network backend; pinned httpx 0.28 keeps it here.
        transport._pool._network_backend = _GuardedBackend(self.policy.allow_private)
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.policy.user_agent, "Accept": "text/html, */*;q=0.5"},
        )

    @classmethod
    def from_settings(cls, settings: Any) -> Fetcher:
        return cls(
            FetchPolicy(
                timeout=settings.fetch_timeout,
                max_bytes=settings.max_bytes,
                max_redirects=settings.fetch_max_redirects,
                allow_private=settings.allow_private_urls,
                user_agent=settings.user_agent,
                delay=settings.fetch_delay,
            )
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public -------------------------------------------------------------------
    def fetch(self, url: str) -> Page:
        """The page at ``url`` after redirects; FetchError (naming the URL) if it cannot be had."""
        try:
            return self._fetch(url, robots=self.policy.robots, max_bytes=self.policy.max_bytes)
        except FetchError as exc:
            if exc.source is None:
                raise FetchError(str(exc), source=url) from exc
            raise

    # -- internals --------------------------------------------------------------------
    def _fetch(self, url: str, *, robots: bool, max_bytes: int) -> Page:
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in {"http", "https"} or not parts.hostname:
                raise FetchError(f"cannot fetch {current!r}: only http and https URLs are fetched")
            # Checked here for a clear message before robots.txt is asked for; checked again
            # at connect time (a name may resolve differently the second time).
            try:
                port = parts.port or (443 if parts.scheme == "https" else 80)
            except ValueError as exc:
                raise FetchError(f"cannot fetch {current!r}: {exc}") from exc
            check_address(parts.hostname, port, allow_private=self.policy.allow_private)
            if robots and not self._allowed(current):
                raise FetchError(f"robots.txt of {parts.hostname} disallows {current}")
            self._wait(parts.netloc)
            response = self._get(current, max_bytes=max_bytes)
            if isinstance(response, Page):
                return response
            current = response  # a redirect: checked again like the first URL
        raise FetchError(f"more than {self.policy.max_redirects} redirects")

    def _get(self, url: str, *, max_bytes: int) -> Page | str:
        """The page, or the absolute URL a redirect points to."""
        deadline = self._clock() + 3 * self.policy.timeout
        try:
            with self._client.stream("GET", url) as resp:
                if resp.is_redirect:
                    location = resp.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {resp.status_code} redirect without a Location")
                    log.debug("%s redirects to %s", url, location)
                    return urljoin(url, location)
                if resp.status_code >= 400:
                    raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"page is {int(declared):,} bytes, more than {max_bytes:,}")
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"page is more than {max_bytes:,} bytes")
                    if self._clock() > deadline:
                        raise FetchError(
                            f"timed out: still reading after {3 * self.policy.timeout:g}s"
                        )
                    chunks.append(chunk)
                content_type, _, params = resp.headers.get("content-type", "").partition(";")
                return Page(
                    url=str(resp.url),
                    requested=url,
                    status=resp.status_code,
                    content_type=content_type.strip().lower(),
                    charset=charset_of(params),
                    body=b"".join(chunks),
                )
        except httpx.TimeoutException as exc:
            raise FetchError(
                f"timed out after {self.policy.timeout:g}s ({type(exc).__name__})"
            ) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"could not fetch: {exc or type(exc).__name__}") from exc

    def _wait(self, host: str) -> None:
        delay = self.policy.delay
        parser = self._robots.get(host)
        if parser is not None:
            asked = parser.crawl_delay(self._agent())
            if asked:
                delay = max(delay, min(float(asked), MAX_CRAWL_DELAY))
        last = self._last.get(host)
        now = self._clock()
        if last is not None and now - last < delay:
            self._sleep(delay - (now - last))
        self._last[host] = self._clock()

    def _agent(self) -> str:
        return self.policy.user_agent.split("/")[0].split()[0]

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self._robots:
            self._robots[host] = self._read_robots(f"{parts.scheme}://{host}/robots.txt")
        parser = self._robots[host]
        return parser is None or parser.can_fetch(self._agent(), url)

    def _read_robots(self, robots_url: str) -> urllib.robotparser.RobotFileParser | None:
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            page = self._fetch_following(robots_url)
        except FetchError as exc:
            text = str(exc)
            if text.startswith("HTTP 4"):
                log.debug("%s: %s, everything allowed", robots_url, text)
                return None
            log.info("%s unavailable (%s): the host is not fetched", robots_url, text)
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        parser.parse(page.body.decode("utf-8", errors="replace").splitlines())
        return parser

    def _fetch_following(self, url: str) -> Page:
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            self._wait(urlsplit(current).netloc)
            page = self._get(current, max_bytes=ROBOTS_MAX_BYTES)
            if isinstance(page, Page):
                return page
            current = page
        raise FetchError(f"more than {self.policy.max_redirects} redirects")


def charset_of(params: str) -> str | None:
    """The codec named by a Content-Type's ``charset=`` parameter, or None (absent, unknown)."""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            name = value.strip().strip("\"'")
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None


def page_text(page: Page) -> str:
    """The page's text: its declared charset if that decodes it, else detected."""
    if page.charset and page.charset not in {"utf-8", "ascii"}:
        try:
            text = page.body.decode(page.charset)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            return text.replace("\r\n", "\n").replace("\r", "\n")
    return decode_bytes(page.body, source=page.url, max_bytes=len(page.body) + 1)


def article_from_page(page: Page) -> Article:
    """An Article of an HTML (or plain text) page; InputError naming the URL if it is neither."""
    kind = page.content_type
    if kind and kind not in HTML_TYPES and kind != "text/plain":
        raise UnknownFormatError(
            f"not an HTML page (content type {kind}); rashomon reads HTML and plain text pages",
            source=page.url,
        )
    text = page_text(page)
    if kind == "text/plain":
        return article_from_text(text, source=page.url, url=page.url)
    return article_from_html(text, source=page.url, url=page.url)
