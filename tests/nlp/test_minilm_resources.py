"""The shipped MiniLM tokenizer is the upstream file, untouched: its vocabulary (names included)
is BERT's general English word list, not anything rashomon chose."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources
from pathlib import Path


def _minilm() -> Path:
    return Path(str(resources.files("rashomon") / "resources" / "minilm"))


def test_tokenizer_is_the_upstream_file_recorded_in_the_notice():
    recorded = re.search(
        r"sha256\s+`([0-9a-f]{64})`", (_minilm() / "NOTICE.md").read_text(encoding="utf-8")
    )
    assert recorded, "NOTICE.md records the tokenizer's sha256"
    assert hashlib.sha256(
        (_minilm() / "tokenizer.json").read_bytes()
    ).hexdigest() == recorded.group(1)


def test_tokenizer_vocabulary_is_the_general_bert_vocabulary():
    vocab = json.loads((_minilm() / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    assert len(vocab) == 30522 and vocab["[CLS]"] == 101 and vocab["[SEP]"] == 102
    # Ordinary English words sit beside names, as in any word list.
    assert {"the", "meeting", "government", "##ing"} <= set(vocab)
