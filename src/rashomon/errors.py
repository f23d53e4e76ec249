"""The one exception tree of rashomon.

    RashomonError
    ├── InputError (ValueError)            bad input given by the user
    │   ├── EmptyInputError                empty file, empty text, only whitespace
    │   ├── BinaryInputError               bytes that are not text
    │   ├── NoMainTextError                HTML with no extractable article text
    │   ├── UnsupportedLanguageError       text that is not English
    │   ├── UnknownFormatError             a file format or option value we do not read
    │   └── TooFewArticlesError            compare needs two or more articles
    ├── StageError (RuntimeError)          a pipeline stage failed on one article
    ├── ModelError (RuntimeError)          a model could not be found or loaded
    └── ConfigError (ValueError)           a setting with a bad value

Every message names the bad value and, where there is one, what would be valid.
The CLI maps these to exit codes in one place (``rashomon.cli.EXIT_CODES``).
"""

from __future__ import annotations


class RashomonError(Exception):
    """Root of every error rashomon raises on purpose."""


class InputError(RashomonError, ValueError):
    """The input cannot be used; ``source`` names the file or record."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
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


class StageError(RashomonError, RuntimeError):
    """A pipeline stage failed on one article."""

    def __init__(self, stage: str, article: str, cause: BaseException) -> None:
        self.stage = stage
        self.article = article
        self.cause = cause
        super().__init__(f"stage {stage!r} failed on article {article!r}: {cause}")


class ModelError(RashomonError, RuntimeError):
    pass


class ConfigError(RashomonError, ValueError):
    pass
