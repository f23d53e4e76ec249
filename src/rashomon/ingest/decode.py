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

# A text that is not valid UTF-8 is read as UTF-8 with its stray bytes as Windows-1252 (one
# fragment at a time) when at least this share of its non-ASCII bytes sit in well-formed UTF-8
# sequences. Chosen on how the two cases look: a UTF-8 article with a pasted latin-1 phrase
# has nearly all its non-ASCII bytes in such sequences (curly quotes, dashes: 3 bytes each
# against 1 per stray accent), a Windows-1252 article almost none (an accented letter
# followed by a byte from 0x80-0xBF, such as "Ã©").
MIXED_UTF8_SHARE = 0.5

_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_NON_ASCII = re.compile(rb"[\x80-\xff]")
# Bytes Windows-1252 leaves undefined; read as latin-1 (C1 controls) like browsers do.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")

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
    text = _repair(_decode(data, source=source), source=source)
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
    if _mostly_utf8(data):
        log.debug("%s: UTF-8 with stray bytes, read as Windows-1252 one fragment at a time", source)
        return data.decode("utf-8", errors=_STRAY_BYTES)
    return _decode_legacy(data, source=source)


def _mostly_utf8(data: bytes) -> bool:
    """True if most non-ASCII bytes of ``data`` sit in well-formed UTF-8 sequences."""
    non_ascii = len(_NON_ASCII.findall(data))
    in_sequences = sum(len(m) for m in _UTF8_SEQUENCE.findall(data))
    return non_ascii > 0 and in_sequences >= MIXED_UTF8_SHARE * non_ascii


def _stray_bytes_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """The codec error handler: bytes that are not UTF-8 read as Windows-1252."""
    assert isinstance(exc, UnicodeDecodeError)
    stray = exc.object[exc.start : exc.end]
    text = "".join(chr(b) if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252") for b in stray)
    return text, exc.end


_STRAY_BYTES = "rashomon-stray-bytes-as-cp1252"
codecs.register_error(_STRAY_BYTES, _stray_bytes_as_cp1252)


def _repair(text: str, *, source: str) -> str:
    """Mojibake (UTF-8 once read as Windows-1252 or latin-1: "Obamaâ€™s") repaired by ftfy;
    only its encoding fixes, so quotes, widths and everything else stay as written."""
    import ftfy  # kept off the import path until text is decoded

    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        log.debug("%s: mojibake repaired (ftfy)", source)
    return fixed


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
