"""The report JSON schema and docs/schema.md, checked against model.py so neither can drift."""

from __future__ import annotations

import copy
import dataclasses
import re
import types
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from rashomon import model
from rashomon.model import Report
from rashomon.report import schema, to_dict

DOCS = Path(__file__).resolve().parents[2] / "docs" / "schema.md"


def _records(cls: type = Report, seen: dict[type, None] | None = None) -> list[type]:
    """Every dataclass reachable from Report through its field annotations."""
    seen = {} if seen is None else seen
    if cls not in seen:
        seen[cls] = None
        for tp in typing.get_type_hints(cls).values():
            for inner in _flatten(tp):
                if dataclasses.is_dataclass(inner):
                    _records(inner, seen)  # type: ignore[arg-type]
    return list(seen)


def _flatten(tp: Any) -> list[Any]:
    return [tp, *(inner for arg in typing.get_args(tp) for inner in _flatten(arg))]


RECORDS = _records()
FIELDS = [(cls, f.name) for cls in RECORDS for f in dataclasses.fields(cls)]


def _annotation_types(tp: Any) -> set[str]:
    """The JSON types a Python annotation allows."""
    origin = typing.get_origin(tp)
    if tp is type(None):
        return {"null"}
    if origin in (typing.Union, types.UnionType):
        return set().union(*(_annotation_types(arg) for arg in typing.get_args(tp)))
    if origin is typing.Literal:
        return {"string"}
    if origin is tuple:
        return {"array"}
    if origin is dict or dataclasses.is_dataclass(tp):
        return {"object"}
    return {str: {"string"}, int: {"integer"}, float: {"number"}, bool: {"boolean"}}[tp]


def _schema_types(node: dict[str, Any], defs: dict[str, Any]) -> set[str]:
    """The JSON types a schema node allows (through $ref, anyOf, enum and const)."""
    if "$ref" in node:
        return _schema_types(defs[node["$ref"].rsplit("/", 1)[1]], defs)
    if "anyOf" in node:
        return set().union(*(_schema_types(n, defs) for n in node["anyOf"]))
    values = node.get("enum", [node["const"]] if "const" in node else None)
    if values is not None:
        names = {str: "string", type(None): "null", int: "integer", bool: "boolean"}
        return {names[type(v)] for v in values}
    kind = node["type"]
    return {kind} if isinstance(kind, str) else set(kind)


def _docs_fields() -> dict[str, set[str]]:
    """``### Record`` headings of docs/schema.md and the `field` rows of each table."""
    sections: dict[str, set[str]] = {}
    current = None
    for line in DOCS.read_text("utf-8").splitlines():
        if heading := re.match(r"^### (\w+)\s*$", line):
            current = sections.setdefault(heading[1], set())
        elif current is not None and (row := re.match(r"^\| `(\w+)` \|", line)):
            current.add(row[1])
    return sections


def test_schema_is_valid_draft_2020_12() -> None:
    document = schema()
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("fixture", ["report", "hostile_report"])
def test_schema_validates_fixture_report(fixture: str, request: pytest.FixtureRequest) -> None:
    jsonschema.Draft202012Validator(schema()).validate(to_dict(request.getfixturevalue(fixture)))


def test_schema_validates_empty_report() -> None:
    empty = Report(
        articles=(),
        entities=(),
        claims=(),
        quotes=(),
        times=(),
        facts=(),
        quote_groups=(),
        relations=(),
        sourcing=(),
    )
    jsonschema.Draft202012Validator(schema()).validate(to_dict(empty))


def _break(data: dict[str, Any], how: str) -> None:
    if how == "verdict":
        data["facts"][0]["verdict"] = "probably"
    elif how == "grade":
        data["facts"][0]["grade"] = "slightly"
    elif how == "certainty":
        data["claims"][0]["certainty"] = "certain"
    elif how == "polarity":
        data["claims"][0]["polarity"] = "neutral"
    elif how == "label":
        data["relations"][0]["label"] = "maybe"
    elif how == "kind":
        data["claims"][0]["attribution"]["kind"] = "rumour"
    elif how == "missing_top_level":
        del data["quote_groups"]
    elif how == "missing_nested":
        del data["claims"][0]["attribution"]["cue"]
    elif how == "extra_key":
        data["articles"][0]["lang"] = "en"
    elif how == "schema_version":
        data["schema_version"] = "0.9"
    elif how == "offset_type":
        data["claims"][0]["start"] = "12"
    elif how == "certainty_key":
        data["sourcing"][0]["certainty"]["sure"] = 1


@pytest.mark.parametrize(
    "how",
    [
        "verdict",
        "grade",
        "certainty",
        "polarity",
        "label",
        "kind",
        "missing_top_level",
        "missing_nested",
        "extra_key",
        "schema_version",
        "offset_type",
        "certainty_key",
    ],
)
def test_schema_rejects_broken_report(report: Report, how: str) -> None:
    data = copy.deepcopy(to_dict(report))
    _break(data, how)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema()).validate(data)


def test_schema_requires_every_top_level_key() -> None:
    document = schema()
    names = [f.name for f in dataclasses.fields(Report)]
    assert document["required"] == names
    assert list(document["properties"]) == names
    assert document["additionalProperties"] is False


def test_schema_version_matches_model() -> None:
    assert schema()["properties"]["schema_version"]["const"] == model.SCHEMA_VERSION


def test_schema_defines_every_report_record() -> None:
    defs = schema()["$defs"]
    for cls in RECORDS:
        if cls is Report:
            continue
        names = [f.name for f in dataclasses.fields(cls)]
        assert list(defs[cls.__name__]["properties"]) == names, cls.__name__
        assert defs[cls.__name__]["required"] == names, cls.__name__
        assert defs[cls.__name__]["additionalProperties"] is False, cls.__name__


@pytest.mark.parametrize(("cls", "name"), FIELDS, ids=[f"{c.__name__}.{n}" for c, n in FIELDS])
def test_schema_field_types_match_model(cls: type, name: str) -> None:
    document = schema()
    node = document if cls is Report else document["$defs"][cls.__name__]
    hint = typing.get_type_hints(cls)[name]
    _assert_matches(node["properties"][name], hint, document["$defs"])


def _assert_matches(prop: dict[str, Any], hint: Any, defs: dict[str, Any]) -> None:
    """``prop`` allows the JSON types ``hint`` does, down through array items and dict values."""
    assert _schema_types(prop, defs) == _annotation_types(hint)
    if "$ref" in prop:
        target = prop["$ref"].rsplit("/", 1)[1]
        if dataclasses.is_dataclass(hint):
            assert target == hint.__name__  # type: ignore[union-attr]
        else:
            _assert_matches(defs[target], hint, defs)
    origin = typing.get_origin(hint)
    if origin is tuple:
        _assert_matches(prop["items"], typing.get_args(hint)[0], defs)
    elif origin is dict:
        _assert_matches(prop["additionalProperties"], typing.get_args(hint)[1], defs)
    elif origin is typing.Literal:
        values = prop.get("enum") or _resolve(prop, defs).get("enum")
        assert values == list(typing.get_args(hint))


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    return defs[node["$ref"].rsplit("/", 1)[1]] if "$ref" in node else node


@pytest.mark.parametrize(
    ("enum", "literal"),
    [
        ("Verdict", model.Verdict),
        ("Grade", model.Grade),
        ("Label", model.Label),
        ("Certainty", model.Certainty),
        ("Polarity", model.Polarity),
        ("SourceKind", model.SourceKind),
        ("QuoteKind", typing.get_type_hints(model.Quote)["kind"]),
        ("DiffOpKind", typing.get_type_hints(model.DiffOp)["op"]),
    ],
)
def test_schema_enums_match_model_literals(enum: str, literal: Any) -> None:
    assert schema()["$defs"][enum]["enum"] == list(typing.get_args(literal))


def test_docs_schema_documents_every_record_field() -> None:
    documented = _docs_fields()
    for cls in RECORDS:
        names = {f.name for f in dataclasses.fields(cls)}
        assert documented.get(cls.__name__) == names, cls.__name__


def test_docs_schema_names_every_enum_value_and_version() -> None:
    text = DOCS.read_text("utf-8")
    for literal in (
        model.Verdict,
        model.Grade,
        model.Label,
        model.Certainty,
        model.Polarity,
        model.SourceKind,
    ):
        for value in typing.get_args(literal):
            assert f"`{value}`" in text, value
    assert f"`schema_version` is `{model.SCHEMA_VERSION}`" in text
