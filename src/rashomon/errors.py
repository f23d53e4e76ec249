"""The one exception tree of rashomon.

    RashomonError
    ├── InputError (ValueError)            bad input given by the user
    │   ├── EmptyInputError                empty file, empty text, only whitespace
    │   ├── BinaryInputError               bytes that are not text
    │   ├── NoMainTextError                HTML with no extractable article text
    │   ├── UnsupportedLanguageError       text that is not English
    │   ├── UnknownFormatError             a file format or option value we do not read
    │   ├── TooFewArticlesError            compare needs two or more articles
    │   ├── TooLargeError                  over a size or character budget (the message names it)
    │   ├── FetchError                     a URL or feed that could not be fetched or was refused
    │   ├── StoreError                     a database that cannot be opened or used
    │   └── UnknownStoryError (KeyError)   no story with that id in the store
    ├── StageError (RuntimeError)          a pipeline stage failed on one article
    │   └── JudgeError                     a judge endpoint failed or answered nonsense
    ├── ModelError (RuntimeError)          a model could not be found or loaded
    └── ConfigError (ValueError)           a setting with a bad value

Every message names the bad value and, where there is one, what would be valid.
The CLI maps these to exit codes in one place (``rashomon.cli.common.EXIT_CODES``).
"""

from __future__ import annotations


class RashomonError(Exception):
    """Root of every error rashomon raises on purpose."""


class InputError(RashomonError, ValueError):
    """The input cannot be used; ``source`` names the file or record, ``reason`` says why
    without it (for reports that show the source beside the reason)."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        self.reason = message
        super().__init__(f"{source}: {message}" if source else message)


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class NoMainTextError(InputError):
    pass


class UnsupportedLanguageError(InputError):
    pass


class UnknownFormatError(InputError):
    pass


class TooFewArticlesError(InputError):
    pass


class TooLargeError(InputError):
    """The input is over one of the limits (max_article_chars, max_compare_chars, ...)."""


class FetchError(InputError):
    """A URL could not be fetched: refused address, timeout, HTTP error, too large, robots.txt."""


class StoreError(InputError):
    """The database cannot be opened or used: not a rashomon database, a newer schema."""


class UnknownStoryError(InputError, KeyError):
    """No story with the given id is stored."""

    def __str__(self) -> str:  # KeyError would quote the message
        return Exception.__str__(self)


class StageError(RashomonError, RuntimeError):
    """A pipeline stage failed on one article."""

    def __init__(self, stage: str, article: str, cause: BaseException) -> None:
        self.stage = stage
        self.article = article
        self.cause: BaseException | None = cause
        super().__init__(f"stage {stage!r} failed on article {article!r}: {cause}")


class JudgeError(StageError):
    """A plug-in judge (an HTTP endpoint) failed or gave no usable answer."""

    def __init__(self, message: str) -> None:  # no article: a judge sees pairs
        self.stage, self.article, self.cause = "judge", "", None
        RuntimeError.__init__(self, message)


class ModelError(RashomonError, RuntimeError):
    pass


class ConfigError(RashomonError, ValueError):
    pass
