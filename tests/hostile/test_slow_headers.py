"""Slow headers (slowloris, issue 17): a client that trickles its request line or headers, or
connects and sends nothing, is closed once header_timeout passes; a slow body is not cut by it.

Real servers on 127.0.0.1 port 0: in process with the options `rashomon serve` gives uvicorn,
and `rashomon serve` itself. Before, each trickling connection was held for as long as it
trickled (the test gives up at HELD seconds).
"""

from __future__ import annotations

import itertools
import re
import select
import socket
import time
from collections.abc import Iterable

import pytest

from rashomon.settings import Settings
from tests.conftest import ServeProcess

TIMEOUT = 1.0  # header_timeout in these tests
HELD = 8.0  # a connection still open after this long was held: the guard failed
EVERY = 0.2  # seconds between two trickled pieces


def trickle(port: int, pieces: Iterable[bytes], *, first: bytes = b"") -> tuple[float, bytes]:
    """Send ``first`` at once, then one piece every EVERY s (then a made-up header every EVERY s)
    until the server closes the connection; returns (seconds from the last complete exchange or
    the connection, everything the server sent after ``first``)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        if first:
            sock.sendall(first)
            _read_response(sock)
        started = time.monotonic()
        answer = b""
        filler = (f"X-Slow-{i}: 1\r\n".encode() for i in itertools.count())
        for piece in itertools.chain(pieces, filler):
            try:
                sock.sendall(piece)
                ready, _, _ = select.select([sock], [], [], EVERY)
                if ready:
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    answer += chunk
            except (BrokenPipeError, ConnectionResetError):
                break
            assert time.monotonic() - started < HELD, f"the connection was held ({answer[:100]!r})"
        return time.monotonic() - started, answer


def _read_response(sock: socket.socket) -> bytes:
    """One whole response with a Content-Length."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        assert chunk, data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"(?i)content-length: *(\d+)", head)[1])  # type: ignore[index]
    while len(body) < length:
        body += sock.recv(4096)
    return head


@pytest.fixture
def server(serve, hostile_db, svc):
    from rashomon.web import create_app, server

    settings = Settings(db=hostile_db, header_timeout=TIMEOUT)
    return serve(create_app(settings, service=svc), **server.options(settings))


def _timed_out(waited: float, answer: bytes) -> None:
    assert TIMEOUT * 0.9 < waited < TIMEOUT + 4, waited  # room for a busy machine
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"header_timeout" in answer


def test_a_trickled_request_line_is_closed(server):
    waited, answer = trickle(server.port, [bytes([c]) for c in b"GET /api/health HTTP/1.1\r\n"])
    _timed_out(waited, answer)


def test_trickled_headers_are_closed(server):
    waited, answer = trickle(server.port, [b"GET /api/health HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n"])
    _timed_out(waited, answer)


def test_a_trickled_second_request_on_a_kept_alive_connection_is_closed(server):
    """The deadline starts again when a response is sent: the first byte of the next request
    stops uvicorn's keep-alive timer, and must not buy the client unlimited time."""
    first = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    waited, answer = trickle(server.port, [b"GET /api/health HTTP/1.1\r\n"], first=first)
    _timed_out(waited, answer)


def test_a_silent_connection_is_closed(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=HELD) as sock:
        started = time.monotonic()
        assert sock.recv(4096) == b"", "closed without an answer: nothing was asked"
        waited = time.monotonic() - started
    assert TIMEOUT * 0.9 < waited < TIMEOUT + 4, waited


def test_headers_in_time_then_a_slow_body_are_served(server):
    """The deadline ends with the headers: a body slower than it is body_timeout's business."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        for piece in (
            b"POST /api/compare HTTP/1.1\r\n",
            b"Host: 127.0.0.1\r\n",
            b"Content-Type: application/json\r\n",
            b"Content-Length: 5\r\n\r\n",
        ):
            sock.sendall(piece)
            time.sleep(TIMEOUT / 8)
        time.sleep(TIMEOUT * 1.5)
        sock.sendall(b"{oops")
        head = _read_response(sock)
        assert head.startswith(b"HTTP/1.1 400"), head  # read and judged, not cut off
        # Kept alive: the next request is answered too.
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert _read_response(sock).startswith(b"HTTP/1.1 200")


def test_rashomon_serve_closes_slow_headers(tmp_path):
    """`rashomon serve` itself, on port 0, with header_timeout from the environment."""
    env = {"RASHOMON_HEADER_TIMEOUT": str(TIMEOUT), "RASHOMON_API_TOKEN": ""}
    with ServeProcess(tmp_path / "served.db", env) as served:
        waited, answer = trickle(
            served.port, [b"GET /api/health HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n"]
        )
        _timed_out(waited, answer)
    assert served.returncode == 0, served.output
