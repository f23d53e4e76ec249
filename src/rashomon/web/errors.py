"""HTTP status codes for rashomon's errors, in one place, and the web app's own two errors.

``status_of`` walks the exception's MRO, so a subclass takes its nearest listed ancestor's
code: ``EmptyInputError`` is an ``InputError`` (422: the request was understood, its content
cannot be used), while ``UnknownStoryError`` (404) and the server-side ``StoreError`` (500)
are listed before their parent wins.
"""

from __future__ import annotations

from rashomon.errors import (
    ConfigError,
    FetchError,
    InputError,
    JudgeError,
    ModelError,
    RashomonError,
    StageError,
    StoreError,
    TooFewArticlesError,
    TooLargeError,
    UnknownFormatError,
    UnknownStoryError,
)


class UnknownJobError(InputError, KeyError):
    """No background job with the given id (finished jobs are kept for a while, then dropped)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return Exception.__str__(self)


class BusyError(RashomonError):
    """The model queue is full; the client should retry later."""


class TimeBudgetError(RashomonError):
    """A comparison did not finish within compare_timeout; it was stopped."""


class AuthError(RashomonError):
    """A write endpoint was called without the API token the server requires."""


class CsrfError(RashomonError):
    """A form post without a matching CSRF token (or from another origin)."""


# The one mapping; looked up along the MRO, most specific class first.
HTTP_STATUS: dict[type[BaseException], int] = {
    UnknownStoryError: 404,
    UnknownJobError: 404,
    TooFewArticlesError: 422,
    TooLargeError: 413,  # over a size or character budget: the message names it
    FetchError: 422,
    UnknownFormatError: 422,
    StoreError: 500,  # a database the server cannot use is the server's problem
    InputError: 422,
    AuthError: 401,
    CsrfError: 403,
    BusyError: 503,
    TimeBudgetError: 503,
    ConfigError: 500,
    JudgeError: 502,  # the judge endpoint behind us failed
    StageError: 500,
    ModelError: 503,
    RashomonError: 500,
}


def status_of(exc: BaseException) -> int:
    """The HTTP status for ``exc``: its nearest class in ``HTTP_STATUS``, else 500."""
    for cls in type(exc).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 500


def public_message(exc: BaseException) -> str:
    """What the client is told: the message for a 4xx, a generic line for a server fault."""
    status = status_of(exc)
    if status < 500 or isinstance(exc, BusyError | TimeBudgetError | ModelError | JudgeError):
        return str(exc)
    return "internal error: the server could not complete the request (see its log)"
