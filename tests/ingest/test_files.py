"""load_file: format by extension or content, stdin, and the file-level errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.errors import BinaryInputError, EmptyInputError, InputError, UnknownFormatError
from rashomon.ingest import load_file

VOA = "000_7f752ea312c1a10c.txt"
WT = "001_0f23a78d9893c12c.txt"
POLYGRAPH = "1ee91d1fce65e09be8b8d2d29eab771546d98ca2ba5c862941e660e9fec12432"

TEXT = (
    "Officials from both countries met on Saturday in Moscow and agreed to meet again next "
    "month, a former official who attended the conference said.\n\n"
    "The talks, the first in a year, ended without a joint statement from either side."
)
PNG_HEADER = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000010000000100806000000")


@pytest.fixture
def html_page(html_pages_dir: Path) -> bytes:
    return (html_pages_dir / "html" / f"{POLYGRAPH}.html").read_bytes()


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize("name", [VOA, WT])
def test_load_file_reads_seed_text_files(name: str, seeds_dir: Path, seeds: dict[str, str]) -> None:
    [article] = load_file(seeds_dir / name)
    assert article.text == seeds[name]
    assert article.source == str(seeds_dir / name)


@pytest.mark.parametrize("name", ["a.txt", "a.text", "a.md", "a.TXT", "no-extension", "a.story"])
def test_load_file_reads_text_by_extension_or_content(name: str, tmp_path: Path) -> None:
    [article] = load_file(write(tmp_path, name, TEXT))
    assert article.text == TEXT


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.HTML", "page", "page.php"])
def test_load_file_reads_html_by_extension_or_content(
    name: str, tmp_path: Path, html_page: bytes
) -> None:
    [article] = load_file(write(tmp_path, name, html_page))
    assert article.outlet == "POLYGRAPH.info"
    assert article.text.startswith("In a joint statement published Oct. 25")


@pytest.mark.parametrize("name", ["in.jsonl", "in.ndjson", "in"])
def test_load_file_reads_jsonl_by_extension_or_content(name: str, tmp_path: Path) -> None:
    records = [{"id": "one", "text": TEXT}, {"id": "two", "text": TEXT + " More.", "outlet": "X"}]
    path = write(tmp_path, name, "\n".join(json.dumps(r) for r in records) + "\n\n")
    articles = load_file(path)
    assert [a.id for a in articles] == ["one", "two"]
    assert articles[1].source == f"{path}:2"


def test_load_file_reads_front_matter_in_markdown(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", f"---\ntitle: Talks Resume\noutlet: Example News\n---\n{TEXT}")
    [article] = load_file(path, outlet="Flag Outlet")
    assert (article.title, article.outlet, article.text) == ("Talks Resume", "Flag Outlet", TEXT)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.txt", TEXT),
        ("page.html", None),
        ("in.jsonl", json.dumps({"text": TEXT, "outlet": "Record", "published": "2001-01-01"})),
    ],
)
def test_load_file_flags_override_file_metadata(
    name: str, data: str | None, tmp_path: Path, html_page: bytes
) -> None:
    path = write(tmp_path, name, html_page if data is None else data)
    [article] = load_file(path, outlet="Flag Outlet", published="2019-11-14", title="Flag Title")
    assert (article.outlet, article.published, article.title) == (
        "Flag Outlet",
        "2019-11-14",
        "Flag Title",
    )


def test_load_file_rejects_one_title_for_many_articles(tmp_path: Path) -> None:
    path = write(tmp_path, "in.jsonl", "\n".join(json.dumps({"text": TEXT}) for _ in range(2)))
    with pytest.raises(InputError, match="a title names one article, but the file holds 2"):
        load_file(path, title="One Title")


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        (
            "latin-1",
            "The café in Zürich served crème brûlée to the minister, who said the naïve plan was "
            "déjà vu.",
        ),
        (
            "cp1252",
            "“We’re not leaving,” the mayor said — and the council agreed… The vote was 5–2 in "
            "the end.",
        ),
        (
            "utf-8-sig",
            "“We’re not leaving,” the mayor said — and the council agreed… The vote was 5–2 in "
            "the end.",
        ),
    ],
)
def test_load_file_decodes_legacy_and_bom_files(encoding: str, text: str, tmp_path: Path) -> None:
    [article] = load_file(write(tmp_path, "a.txt", text.encode(encoding)))
    assert article.text == text


def test_load_file_normalises_crlf(tmp_path: Path) -> None:
    [article] = load_file(write(tmp_path, "a.txt", TEXT.replace("\n", "\r\n")))
    assert article.text == TEXT


def test_load_file_reads_stdin(seeds_dir: Path, seeds: dict[str, str]) -> None:
    script = (
        "import json; from rashomon.ingest import load_file; "
        "[a] = load_file('-', outlet='VOA'); "
        "print(json.dumps([a.text, a.source, a.outlet, a.title]))"
    )
    with (seeds_dir / VOA).open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-c", script], stdin=stdin, capture_output=True, check=True, timeout=60
        )
    text, source, outlet, title = json.loads(done.stdout)
    assert (text, source, outlet) == (seeds[VOA], "<stdin>", "VOA")
    assert title.startswith("US-North Korean Officials Meet")


def test_load_file_rejects_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.txt: no such file"):
        load_file(tmp_path / "missing.txt")


def test_load_file_rejects_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_file(tmp_path)


@pytest.mark.parametrize("name", ["report.pdf", "report.docx", "photo.PNG", "archive.zip"])
def test_load_file_rejects_unreadable_extension(name: str, tmp_path: Path) -> None:
    path = write(tmp_path, name, TEXT)
    with pytest.raises(
        UnknownFormatError, match=r"cannot read \.\w+ files; rashomon reads plain text"
    ):
        load_file(path)


@pytest.mark.parametrize(
    "data",
    [
        PNG_HEADER,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"PK\x03\x04\x14\x00\x06\x00",
        bytes(range(256)) * 4,
    ],
    ids=["png", "pdf", "zip", "binary"],
)
def test_load_file_rejects_binary_without_telling_name(data: bytes, tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError, match="rashomon reads plain text"):
        load_file(write(tmp_path, "upload", data))


def test_load_file_rejects_binary_named_as_text(tmp_path: Path) -> None:
    with pytest.raises(BinaryInputError, match="binary data, not text"):
        load_file(write(tmp_path, "a.txt", PNG_HEADER))


@pytest.mark.parametrize("data", [b"", b"  \n\n\t"])
def test_load_file_rejects_empty_file(data: bytes, tmp_path: Path) -> None:
    with pytest.raises(EmptyInputError, match="no article text"):
        load_file(write(tmp_path, "a.txt", data))


def test_load_file_guards_huge_file(tmp_path: Path) -> None:
    path = write(tmp_path, "huge.txt", TEXT.encode("utf-8") * (5_000_000 // len(TEXT) + 1))
    with pytest.raises(
        InputError, match=r"huge\.txt: file is [\d,]+ bytes, more than the limit of 5,000,000"
    ):
        load_file(path)


def test_load_file_max_bytes_is_adjustable(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", TEXT)
    with pytest.raises(InputError, match="more than the limit of 100 bytes"):
        load_file(path, max_bytes=100)


def test_load_file_copies_keep_their_own_source(tmp_path: Path, seeds_dir: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(seeds_dir / VOA, copy)
    [original] = load_file(seeds_dir / VOA)
    [again] = load_file(copy)
    assert original.id == again.id  # ids hash the text, not the path
    assert again.source == str(copy)
