"""Bytes to text: encoding detection, binary and size guards, newline normalisation."""

from __future__ import annotations

import codecs
import logging
import re

from rashomon.errors import BinaryInputError, EmptyInputError, InputError

log = logging.getLogger(__name__)

MAX_BYTES = 5_000_000
# Share of control characters (other than tab, newline, form feed) above which
# decoded "text" is taken to be binary data that happened to decode.
MAX_CONTROL_SHARE = 0.05
# How much more chaotic than charset-normalizer's best guess a Windows-1252
# reading may be and still win (see _decode_legacy).
CP1252_CHAOS_SLACK = 0.1

# Unicode category Cc (C0, DEL, C1) less tab, newline, vertical tab, form feed, return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def decode_bytes(data: bytes, *, source: str, max_bytes: int = MAX_BYTES) -> str:
    """Decode ``data`` to text with ``\\n`` newlines, or raise an :class:`InputError`.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read directly; anything
    else goes to charset-normalizer. Newlines (``\\r\\n``, ``\\r``) become ``\\n``:
    the only change made to the text, before any offset into it exists.
    """
    if len(data) > max_bytes:
        raise InputError(
            f"input is {len(data):,} bytes, more than the limit of {max_bytes:,} bytes; "
            "split it into articles or raise max_bytes",
            source=source,
        )
    if not data.strip():
        raise EmptyInputError(
            "no article text (the input is empty or only whitespace)", source=source
        )
    text = _decode(data, source=source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInputError("no article text (the input is only whitespace)", source=source)
    share = _control_share(text)
    if share > MAX_CONTROL_SHARE:
        raise BinaryInputError(
            f"{share:.0%} of the characters are control characters: this looks like binary "
            "data, not text",
            source=source,
        )
    return text


def _decode(data: bytes, *, source: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _decode_with(data, "utf-8-sig", source=source)
    # UTF-32 LE's BOM starts with UTF-16 LE's, so it is checked first.
    if data.startswith(_UTF32_BOMS):
        return _decode_with(data, "utf-32", source=source)
    if data.startswith(_UTF16_BOMS):
        return _decode_with(data, "utf-16", source=source)
    if b"\x00" in data:
        raise BinaryInputError(
            "contains NUL bytes and no UTF-16 byte-order mark: this looks like binary data, "
            "not text",
            source=source,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, source=source)


def _decode_with(data: bytes, encoding: str, *, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise BinaryInputError(
            f"starts with a {encoding} byte-order mark but is not valid {encoding}: {exc.reason} "
            f"at byte {exc.start}",
            source=source,
        ) from exc


def _decode_legacy(data: bytes, *, source: str) -> str:
    """A legacy single- or multi-byte encoding, as charset-normalizer guesses it.

    On short texts charset-normalizer cannot tell Latin code pages apart (a few
    accented letters read equally well as cp1257 or cp1252). News in English is
    almost always Windows-1252 when it is not UTF-8 (browsers read every latin-1
    label as Windows-1252 too), so that reading wins when it is about as plausible.
    """
    from charset_normalizer import from_bytes  # heavy import, kept off the import path

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise BinaryInputError(
            "is not valid UTF-8 and matches no known text encoding: this looks like binary "
            "data, not text",
            source=source,
        )
    for match in matches:
        if (
            "cp1252" in match.could_be_from_charset
            and match.chaos <= best.chaos + CP1252_CHAOS_SLACK
        ):
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                break
            log.debug(
                "%s: decoded as cp1252 (charset-normalizer's best: %s)", source, best.encoding
            )
            return text
    log.debug("%s: decoded as %s", source, best.encoding)
    return str(best)


def _control_share(text: str) -> float:
    return sum(1 for _ in _CONTROL.finditer(text)) / len(text)
