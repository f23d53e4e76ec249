"""Issue 17, case 6: a UTF-8 article with a stray latin-1 phrase is decoded fragment by
fragment, not whole as some other code page ("ObamaтАЩs"); mojibake is repaired by ftfy."""

from __future__ import annotations

from rashomon.ingest import decode_bytes, load_file

UTF8_PART = (
    "President Obama\u2019s speech \u2014 the first in a decade \u2014 was, aides said, "
    "\u201ca turning point\u201d for the talks. "
)
LATIN1_PART = "The chef\u2019s caf\u00e9 served cr\u00e8me br\u00fbl\u00e9e after the summit."


def mixed_bytes() -> bytes:
    return (UTF8_PART * 4).encode("utf-8") + LATIN1_PART.replace("\u2019", "'").encode("latin-1")


def test_a_utf8_article_with_a_latin1_phrase_keeps_both(tmp_path):
    text = decode_bytes(mixed_bytes(), source="mixed.txt")
    assert text.startswith(UTF8_PART * 4)
    assert text.endswith(
        "The chef's caf\u00e9 served cr\u00e8me br\u00fbl\u00e9e after the summit."
    )
    assert "\u0442\u0410\u0429" not in text and "\u00e2\u20ac" not in text  # no тАЩ, no â€


def test_the_article_is_stored_as_written(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(mixed_bytes())
    (article,) = load_file(path)
    assert "Obama\u2019s" in article.text and "cr\u00e8me br\u00fbl\u00e9e" in article.text


def test_windows_1252_stray_quotes_in_utf8_are_read_as_quotes():
    data = (UTF8_PART * 3).encode("utf-8") + b"He said \x93enough\x94 and left."
    assert decode_bytes(data, source="q.txt").endswith("He said \u201cenough\u201d and left.")


def test_utf8_mojibake_is_repaired():
    import ftfy.bad_codecs  # noqa: F401 - registers "sloppy-windows-1252", as browsers read it

    garbled = (UTF8_PART * 3).encode("utf-8").decode("sloppy-windows-1252")
    assert "\u00e2\u20ac\u2122" in garbled  # Obamaâ€™s
    assert decode_bytes(garbled.encode("utf-8"), source="m.txt") == UTF8_PART * 3


def test_a_plain_windows_1252_article_still_reads_as_one():
    text = "Un caf\u00e9 cr\u00e8me, tr\u00e8s bien, said the \u201cchef\u201d. " * 20
    assert decode_bytes(text.encode("cp1252"), source="w.txt") == text
