"""The web app's guards: security headers, the request size limit, the API token, CSRF.

Both middlewares are plain ASGI so that they see every response (errors included) and can
answer 413 before a body is read: a declared ``Content-Length`` over the limit is refused
at once, and a chunked body is counted as it arrives and refused as soon as it passes it.
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from rashomon.ingest.jsonl import json_depth
from rashomon.web.errors import AuthError, CsrfError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# No inline script or style at all: the pages load /static/app.css and /static/app.js only.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
CSRF_COOKIE = "rashomon_csrf"
CSRF_FIELD = "csrf"


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Reads the request body before the app sees it, and refuses what should not get in.

    413 for a body over ``limit`` bytes (a declared ``Content-Length`` over it is refused
    unread; a chunked body as soon as it passes it); 408 for a body that has not all arrived
    ``timeout`` seconds after the request began (a client trickling bytes holds nothing for
    long); 400 for a JSON body nested more than ``max_depth`` levels, refused before a parser
    recurses into it. What passes is replayed to the app in one message.
    """

    def __init__(
        self, app: ASGIApp, *, limit: int, timeout: float = 30.0, max_depth: int = 32
    ) -> None:
        self.app = app
        self.limit = limit
        self.timeout = timeout
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        kind = b""
        for name, value in scope.get("headers", []):
            name = name.lower()
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _json_error(send, 400, "invalid Content-Length header")
                    return
            elif name == b"content-type":
                kind = value.split(b";")[0].strip().lower()
        if declared is not None and declared > self.limit:
            await _json_error(send, 413, self._message(declared))
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout if self.timeout > 0 else None
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            try:
                if deadline is None:
                    message = await receive()
                else:
                    message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                await _json_error(
                    send,
                    408,
                    f"the request body did not arrive within {self.timeout:g} s (body_timeout)",
                )
                return
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.limit:
                await _json_error(send, 413, self._message(declared))
                return
            chunks.append(body)
            more = message.get("more_body", False)
        data = b"".join(chunks)
        if data and (kind == b"application/json" or kind.endswith(b"+json")):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                await _json_error(
                    send,
                    400,
                    f"invalid JSON in the request body: not UTF-8 ({exc.reason} at byte "
                    f"{exc.start})",
                )
                return

            if json_depth(data, stop_at=self.max_depth) > self.max_depth:
                await _json_error(
                    send,
                    400,
                    f"invalid JSON in the request body: nested more than {self.max_depth} levels "
                    "deep (max_json_depth)",
                )
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": data, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _message(self, declared: int | None) -> str:
        size = f"is {declared:,} bytes" if declared is not None else "passed the limit"
        return f"request body {size}; the limit is {self.limit:,} bytes (max_request_bytes)"


async def _json_error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def check_token(expected: str, authorization: str | None) -> None:
    """Raise AuthError unless ``authorization`` is ``Bearer <expected>`` (no token set: pass)."""
    if not expected:
        return
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise AuthError("this endpoint needs the API token: send 'Authorization: Bearer TOKEN'")
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise AuthError("the API token does not match")


# The server's secret for CSRF tokens: new with each process, so a restart retires every
# token (a form open across a restart is sent again once reloaded).
_CSRF_SECRET = secrets.token_bytes(32)
_NONCE_BYTES = 18  # 24 characters of base64: guessing one is out of the question


def new_csrf_token() -> str:
    """A random nonce and its HMAC under the server's secret: ``nonce.mac`` (57 characters).

    A token this server did not make (a cookie planted by a sibling site, say) fails
    :func:`check_csrf` even when the form repeats it.
    """
    nonce = secrets.token_urlsafe(_NONCE_BYTES)
    return f"{nonce}.{_csrf_mac(nonce)}"


def csrf_token_is_ours(token: str | None) -> bool:
    if not token or token.count(".") != 1:
        return False
    nonce, mac = token.split(".")
    return bool(nonce) and hmac.compare_digest(mac.encode(), _csrf_mac(nonce).encode())


def _csrf_mac(nonce: str) -> str:
    digest = hmac.new(_CSRF_SECRET, nonce.encode(), "sha256").digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def check_csrf(
    cookie: str | None, field: str | None, *, origin: str | None, host: str | None
) -> None:
    """Double-submit, bound to the server: the form's hidden field must equal the cookie and
    the cookie must be a token this server signed; a foreign Origin fails."""
    if origin and origin != "null" and host and urlsplit(origin).netloc != host:
        raise CsrfError(f"form posted from another origin ({origin[:100]})")
    if (
        not cookie
        or not field
        or not hmac.compare_digest(cookie.encode(), field.encode())
        or not csrf_token_is_ours(cookie)
    ):
        raise CsrfError(
            "the form's security token is missing or stale: reload the page and send it again"
        )


class HostCheck:
    """Answers 421 to a request whose ``Host`` is not one of this server's names.

    A page on evil.example that rebinds its name to 127.0.0.1 reaches the server with
    ``Host: evil.example``: refusing it stops DNS rebinding, which the Origin check cannot
    (Origin and Host agree). Allowed: the address the connection reached (what the server
    listens on), localhost and the loopback addresses, and the names in ``allowed`` (the
    allowed_hosts setting; ``*`` allows any). A planted CSRF cookie that this server did not
    sign is dropped from the request here, so the page hands out a fresh one.
    """

    LOCAL = frozenset({"localhost", "127.0.0.1", "::1"})

    def __init__(self, app: ASGIApp, *, allowed: str = "") -> None:
        self.app = app
        self.allowed = frozenset(
            name.strip().lower().rstrip(".") for name in allowed.split(",") if name.strip()
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = None
        for name, value in scope.get("headers", []):
            if name.lower() == b"host":
                host = value.decode("latin-1")
                break
        if host is not None and not self.allows(host, scope.get("server")):
            await _json_error(
                send,
                421,
                f"this server does not answer to the host name {host[:100]!r}; "
                "add it to the allowed_hosts setting if it is the server's own",
            )
            return
        scope["headers"] = _without_forged_csrf_cookie(scope.get("headers", []))
        await self.app(scope, receive, send)

    def allows(self, host: str, server: Any) -> bool:
        name = _host_name(host)
        if name is None:
            return False
        if "*" in self.allowed or name in self.allowed or name in self.LOCAL:
            return True
        own = str(server[0]).lower() if server else None
        return name == own


def _host_name(host: str) -> str | None:
    """The name or address of a ``Host`` header, without its port; None if malformed."""
    host = host.strip().lower()
    if host.startswith("["):
        end = host.find("]")
        if end < 0 or (host[end + 1 :] and not host[end + 1 :].startswith(":")):
            return None
        return host[1:end]
    name, _, port = host.partition(":")
    if port and not port.isdigit():
        return None
    return name.rstrip(".") or None


def _without_forged_csrf_cookie(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    prefix = CSRF_COOKIE.encode() + b"="
    if not any(n.lower() == b"cookie" and prefix in v for n, v in headers):
        return headers
    kept_headers = []
    for name, value in headers:
        if name.lower() == b"cookie" and prefix in value:
            parts = [p.strip() for p in value.split(b";")]
            parts = [
                p
                for p in parts
                if not p.startswith(prefix)
                or csrf_token_is_ours(p[len(prefix) :].decode("latin-1"))
            ]
            if not parts:
                continue
            value = b"; ".join(parts)
        kept_headers.append((name, value))
    return kept_headers
