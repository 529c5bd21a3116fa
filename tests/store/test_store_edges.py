"""The edge checks of the ingest service for items from Python callers (no reader in between),
each found by `bench/fuzz.py --mode store`: whatever the metadata, the batch is written and
every item ends up stored under an id of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marsad.service import IngestService
from marsad.store import Store


def _ingest(tmp_path: Path, items: list[dict[str, Any]]) -> tuple[Store, Any]:
    store = Store(f"sqlite:///{tmp_path / 'edges.db'}")
    return store, IngestService(store).ingest(items)


def test_metadata_of_any_type_never_fails_the_batch(tmp_path: Path) -> None:
    items = [
        {"id": "list-title", "text": "first text", "title": ["a", "b"]},
        {"id": "dict-source", "text": "second text", "source": {"name": "x"}},
        {"id": 7, "text": "third text", "source": 1.5, "published": 1709600000},
        {"id": ["a", 1], "text": "fourth text", "title": True},
    ]
    store, report = _ingest(tmp_path, items)
    with store:
        assert [o.status for o in report.outcomes] == ["added"] * 4
        first = store.get_article("list-title")
        assert first is not None and first["title"] is None
        assert any("title" in e and "not a string" in e for e in first["errors"])
        numbered = store.get_article("7")
        assert numbered is not None and numbered["source"] == "1.5" and numbered["published"] is None
        # An id that is not a string, number or boolean is ignored, as the JSON reader does.
        fourth = report.outcomes[3]
        assert fourth.article_id.startswith("sha1-")
        assert any("'id' is not a string" in e for e in fourth.errors)
