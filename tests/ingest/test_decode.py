"""decode_bytes: encodings, newlines, and the empty, binary and size guards."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from rashomon.errors import BinaryInputError, EmptyInputError, InputError
from rashomon.ingest import decode_bytes

VOA = "000_7f752ea312c1a10c.txt"
WT = "001_0f23a78d9893c12c.txt"

PLAIN = "Officials met in Moscow on Saturday.\nThey did not agree on a date for new talks."
ACCENTED = (
    "The café in Zürich served crème brûlée to the minister, who said the naïve plan was "
    "déjà vu.\nThe señor left at noon for Düsseldorf."
)
SMART = (
    "“We’re not leaving,” the mayor said — and the council agreed… The vote was 5–2.\nIt’s final."
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PLAIN.encode("utf-8"), PLAIN),
        (codecs.BOM_UTF8 + PLAIN.encode("utf-8"), PLAIN),
        (codecs.BOM_UTF8 + SMART.encode("utf-8"), SMART),
        (ACCENTED.encode("utf-16"), ACCENTED),
        (codecs.BOM_UTF16_LE + ACCENTED.encode("utf-16-le"), ACCENTED),
        (codecs.BOM_UTF16_BE + SMART.encode("utf-16-be"), SMART),
        (ACCENTED.encode("utf-32"), ACCENTED),
    ],
    ids=["utf8", "utf8-bom", "utf8-bom-smart-quotes", "utf16", "utf16-le", "utf16-be", "utf32"],
)
def test_decode_bytes_reads_unicode_encodings(data: bytes, expected: str) -> None:
    assert decode_bytes(data, source="t") == expected


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(ACCENTED, "latin-1"), (ACCENTED, "cp1252"), (SMART, "cp1252")],
    ids=["latin-1", "windows-1252-accents", "windows-1252-smart-quotes"],
)
def test_decode_bytes_reads_legacy_western_encodings(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding), source="t") == text


@pytest.mark.parametrize("name", [VOA, WT])
def test_decode_bytes_reads_seed_files_unchanged(name: str, seeds_dir: Path) -> None:
    path = seeds_dir / name
    assert decode_bytes(path.read_bytes(), source=name) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"one\r\ntwo\r\n\r\nthree", "one\ntwo\n\nthree"),
        (b"one\rtwo\r\rthree", "one\ntwo\n\nthree"),
        (b"one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour"),
        ("un café\r\n".encode("cp1252") * 40, "un café\n" * 40),
        ("one\r\ntwo".encode("utf-16"), "one\ntwo"),
    ],
    ids=["crlf", "cr", "mixed", "crlf-legacy", "crlf-utf16"],
)
def test_decode_bytes_normalises_newlines(data: bytes, expected: str) -> None:
    assert decode_bytes(data, source="t") == expected


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b" \n ", " \n".encode("utf-16")],
    ids=["empty", "whitespace", "bom-only", "bom-whitespace", "utf16-whitespace"],
)
def test_decode_bytes_rejects_empty_input(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match=r"^empty\.txt: no article text"):
        decode_bytes(data, source="empty.txt")


PNG_HEADER = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61"
    "0000000467414d410000b18f0bfc6105"
)


@pytest.mark.parametrize(
    "data",
    [
        PNG_HEADER,
        random.Random(7).randbytes(4096),
        bytes(range(1, 32)) * 20,
        b"%PDF-1.4\n" + bytes(range(128, 256)) * 10 + b"\x00\x01\x02",
    ],
    ids=["png-header", "random-bytes", "control-characters", "pdf-like"],
)
def test_decode_bytes_rejects_binary_input(data: bytes) -> None:
    with pytest.raises(BinaryInputError, match=r"^blob: .*binary data, not text"):
        decode_bytes(data, source="blob")


def test_decode_bytes_rejects_bad_utf16_after_bom() -> None:
    with pytest.raises(BinaryInputError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF16_BE + b"\xd8\x00\x00", source="t")


@pytest.mark.parametrize(
    ("size", "max_bytes"), [(5_000_001, None), (101, 100)], ids=["default-limit", "given-limit"]
)
def test_decode_bytes_guards_huge_input(size: int, max_bytes: int | None) -> None:
    data = b"a" * size
    kwargs = {} if max_bytes is None else {"max_bytes": max_bytes}
    with pytest.raises(InputError, match=rf"^big\.txt: input is {size:,} bytes, more than"):
        decode_bytes(data, source="big.txt", **kwargs)


def test_decode_bytes_accepts_input_at_the_limit() -> None:
    assert decode_bytes(b"a" * 100, source="t", max_bytes=100) == "a" * 100
