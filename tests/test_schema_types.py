"""The typed records in marsad.schema match the shipped JSON Schema field for field."""

from __future__ import annotations

import typing

from marsad import schema


def _keys(td: type) -> set[str]:
    return set(typing.get_type_hints(td))


def _schema_keys(node: dict) -> set[str]:
    return set(node.get("properties", {}))


def test_article_and_event_records_have_the_schema_fields() -> None:
    js = schema.article_json_schema()
    assert _keys(schema.ArticleRecord) == _schema_keys(js)
    assert set(schema.ArticleRecord.__required_keys__) == set(js["required"])
    event = js["$defs"]["event"]
    assert _keys(schema.EventRecord) == _schema_keys(event)
    assert set(schema.EventRecord.__required_keys__) == set(event["required"])


def test_nested_records_have_the_schema_fields() -> None:
    defs = schema.article_json_schema()["$defs"]
    event = defs["event"]["properties"]
    pairs = [
        (schema.ActorRecord, defs["actor"]),
        (schema.Count, defs["count"]),
        (schema.LocationRecord, event["location"]),
        (schema.Attribution, event["attribution"]),
        (schema.Loss, event["losses"]["items"]),
        (schema.EvidenceSpan, event["evidence"]["items"]),
    ]
    for td, node in pairs:
        # The schema may list fewer properties than the record carries (extra fields
        # such as `inter` are allowed), never more: every schema field is typed.
        assert _schema_keys(node) <= _keys(td), td.__name__
        assert set(node.get("required", [])) <= set(td.__required_keys__), td.__name__
