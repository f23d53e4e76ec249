"""The HTTP server under the web app: uvicorn (h11), with a deadline on each request's headers.

uvicorn bounds the size of a request's head (h11's 16 KB) and the idle time between two
requests (``timeout_keep_alive``, armed only once a response is complete), but not the time a
head takes to arrive: a client that connects and sends nothing, or trickles a header every
few seconds (slowloris), holds its connection, and its file descriptor, for as long as it
likes. :class:`HeaderTimeoutProtocol` closes such a connection once ``header_timeout``
seconds pass between the moment the server waits for a request (the connection opened, or
the previous response finished) and the end of that request's headers, answering 408 if part
of a request came. A request body is bounded separately, by the app (``body_timeout``).
Measured under ``rashomon serve``: 500 connections each trickling a header every 2 s were all
closed at 10 s (the default); without the deadline all 500 were still held at 30 s.

``rashomon serve`` and the tests give uvicorn :func:`options`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from rashomon.settings import Settings

log = logging.getLogger(__name__)


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request headers do not arrive in time.

    ``header_timeout`` is set by :func:`protocol` on a subclass (uvicorn builds protocols
    from a class and its own config)."""

    header_timeout: float = Settings().header_timeout

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    # -- the deadline -------------------------------------------------------------
    def _await_head(self) -> None:
        self._head_arrived()
        if self.header_timeout > 0 and not self.transport.is_closing():
            self._head_deadline = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _head_arrived(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_timed_out(self) -> None:
        self._head_deadline = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        partial = bool(self.conn.trailing_data[0])
        log.info(
            "%s: closed a connection whose request headers did not arrive within %g s "
            "(header_timeout)",
            f"{self.client[0]}:{self.client[1]}" if self.client else "a client",
            self.header_timeout,
        )
        if partial and self.conn.our_state is h11.IDLE:
            message = (
                f"the request headers did not arrive within {self.header_timeout:g} s"
                " (header_timeout)\n"
            ).encode()
            head = h11.Response(
                status_code=408,
                reason=b"Request Timeout",
                headers=[
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(message)).encode()),
                    (b"connection", b"close"),
                ],
            )
            with contextlib.suppress(h11.LocalProtocolError):  # h11 refused: just close
                for event in (head, h11.Data(data=message), h11.EndOfMessage()):
                    self.transport.write(self.conn.send(event) or b"")
        self.transport.close()

    # -- where a wait for a request starts and ends ----------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # the request line and headers are in
            self._head_arrived()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # may start the next request of the connection
        if self.conn.their_state is h11.IDLE:
            self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._head_arrived()
        super().connection_lost(exc)


def protocol(header_timeout: float) -> type[HeaderTimeoutProtocol]:
    """The protocol class with this deadline (0: none)."""
    return type(
        "HeaderTimeoutProtocol", (HeaderTimeoutProtocol,), {"header_timeout": float(header_timeout)}
    )


def options(settings: Settings) -> dict[str, Any]:
    """What ``rashomon serve`` adds to uvicorn's options (``uvicorn.run`` or ``uvicorn.Config``)."""
    return {"http": protocol(settings.header_timeout)}
