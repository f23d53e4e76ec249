"""Reading articles in: bytes, text, HTML, JSON lines and files, to :class:`Article` records.

Every reader returns articles whose ``text`` is never rewritten after decoding: noise
(captions, bylines, boilerplate, headings, the title) is marked in ``Article.skip``.
"""

from rashomon.ingest.clean import mark_skips
from rashomon.ingest.decode import decode_bytes
from rashomon.ingest.files import load_file
from rashomon.ingest.html import article_from_html
from rashomon.ingest.jsonl import read_jsonl
from rashomon.ingest.language import is_english
from rashomon.ingest.text import article_from_text

__all__ = [
    "article_from_html",
    "article_from_text",
    "decode_bytes",
    "is_english",
    "load_file",
    "mark_skips",
    "read_jsonl",
]
