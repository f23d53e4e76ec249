"""The records are plain frozen dataclasses with nothing mutable inside; ``plain`` and
``InputError.reason`` are the one home of what they do."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from rashomon import model
from rashomon.errors import InputError, TooLargeError
from rashomon.model import CertaintyCounts, Judgment, Scores, plain


def test_every_record_is_a_frozen_slotted_keyword_only_dataclass():
    records = [
        obj
        for obj in vars(model).values()
        if isinstance(obj, type) and obj.__module__ == model.__name__
    ]
    assert len(records) > 15
    for cls in records:
        assert dataclasses.is_dataclass(cls), cls
        params = cls.__dataclass_params__  # type: ignore[attr-defined]
        assert params.frozen and "__slots__" in vars(cls), cls
        assert all(f.kw_only for f in dataclasses.fields(cls)), cls


def test_no_record_holds_a_mutable_container():
    for cls in (c for c in vars(model).values() if dataclasses.is_dataclass(c)):
        for f in dataclasses.fields(cls):
            text = str(f.type)
            assert not text.startswith(("dict[", "list[", "set[")), f"{cls.__name__}.{f.name}"


def test_scores_read_like_a_mapping_and_refuse_other_labels():
    s = Scores.of({"agree": 0.7, "neutral": 0.3})
    assert s["agree"] == 0.7 and s.get("contradict") == 0.0 and dict(s)["neutral"] == 0.3
    assert list(s) == list(model.LABELS) and len(s) == 4
    with pytest.raises(KeyError):
        Scores.of({"entailment": 1.0})
    with pytest.raises(KeyError):
        s["entailment"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.agree = 1.0  # type: ignore[misc]
    judged = dataclasses.asdict(Judgment(label="agree", scores=s, reason="r"))
    assert judged["scores"] == {"agree": 0.7, "contradict": 0.0, "neutral": 0.3, "unrelated": 0.0}


def test_certainty_counts_keep_the_json_shape_of_a_mapping():
    counts = CertaintyCounts(asserted=3, hearsay=1)
    assert dict(counts) == {"asserted": 3, "reported": 0, "hedged": 0, "hearsay": 1}
    assert dataclasses.asdict(counts) == dict(counts)


def test_plain_gives_what_json_gives_back():
    value = {"t": (1, (2, 3)), "s": frozenset({"b", "a"}), "v": np.arange(2, dtype=np.float32)}
    value["n"] = np.int64(4)
    out = plain(value)
    assert out == {"t": [1, [2, 3]], "s": ["a", "b"], "v": [0.0, 1.0], "n": 4}
    assert json.loads(json.dumps(out)) == out


def test_input_error_reason_is_the_message_without_its_source():
    exc = TooLargeError("over the limit", source="a.txt")
    assert str(exc) == "a.txt: over the limit" and exc.reason == "over the limit"
    assert InputError("bad").reason == str(InputError("bad")) == "bad"
