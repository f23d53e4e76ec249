"""Records to stored values and back: dataclasses as JSON text, vectors as float32 blobs."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import numpy as np

from rashomon.model import Analysis, Article, Report, plain

T = TypeVar("T")


def dumps(record: Any) -> str:
    """A dataclass record as compact JSON text (``dataclasses.asdict``, tuples as lists)."""
    return json.dumps(dataclasses.asdict(record), ensure_ascii=False, separators=(",", ":"))


def loads(cls: type[T], text: str | bytes | dict[str, Any]) -> T:
    """The record of type ``cls`` that :func:`dumps` wrote (or its parsed dict)."""
    data = json.loads(text) if isinstance(text, str | bytes) else text
    return typing.cast(T, _decode(cls, data))


def analysis_json(analysis: Analysis) -> str:
    """An analysis without its article (the article is stored in its own row)."""
    data = dataclasses.asdict(analysis)
    data.pop("article")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def analysis_from_json(article: Article, text: str) -> Analysis:
    data = json.loads(text)
    data["article"] = article
    return typing.cast(Analysis, _decode(Analysis, data))


def doc_meta(doc: Any) -> str:
    """A story doc's fields other than id, text and vector, as JSON (sets sorted)."""
    meta = {
        f.name: plain(getattr(doc, f.name))
        for f in dataclasses.fields(doc)
        if f.name not in {"id", "text", "vector"}
    }
    return json.dumps(meta, ensure_ascii=False, separators=(",", ":"))


def build(cls: type[T], data: dict[str, Any]) -> T:
    """``cls(**data)`` with each field converted to its annotated type (lists to sets...)."""
    return typing.cast(T, _decode(cls, data))


def report_from_json(text: str) -> Report:
    return loads(Report, text)


def to_blob(vectors: np.ndarray) -> bytes:
    """float32 rows as raw bytes; the shape is stored beside them (``dim``)."""
    return np.ascontiguousarray(vectors, dtype=np.float32).tobytes()


def from_blob(blob: bytes | memoryview | None, dim: int) -> np.ndarray:
    if not blob or dim <= 0:
        return np.zeros((0, max(dim, 0)), dtype=np.float32)
    return np.frombuffer(bytes(blob), dtype=np.float32).reshape(-1, dim).copy()


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, value: Any) -> Any:
    if value is None or tp is Any:
        return value
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if isinstance(value, tp):
            return value
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        return tp(**{k: _decode(hints[k], v) for k, v in value.items() if k in names})
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        return tuple(_decode(a, v) for a, v in zip(args, value, strict=True))
    if origin in (Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return _decode(options[0], value) if len(options) == 1 else value
    if origin in (frozenset, set):
        return origin(_decode(args[0], v) for v in value) if args else origin(value)
    if origin is dict:
        return {k: _decode(args[1], v) for k, v in value.items()}
    if origin is Literal:
        return value
    return value
