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


def test_the_same_id_twice_in_one_batch_keeps_the_later_text(tmp_path: Path) -> None:
    # Found by bench/fuzz.py --mode store: the second text was reported a duplicate of the first
    # (same batch) and dropped; cut into two batches, it updates the first as two runs would.
    items = [
        {"id": "same", "text": "النص الأول عن المدينة"},
        {"id": "other", "text": "نص آخر لا علاقة له"},
        {"id": "same", "text": "النص الثاني وقد تغير"},
        {"id": "same", "text": "النص الثاني وقد تغير"},
    ]
    store, report = _ingest(tmp_path, items)
    with store:
        assert [o.status for o in report.outcomes] == ["added", "added", "updated", "unchanged"]
        stored = store.get_article("same")
        assert stored is not None and stored["text"] == "النص الثاني وقد تغير"
        assert store.counts()["articles"] == 2


def test_ids_that_differ_only_in_what_is_sanitised_stay_apart(tmp_path: Path) -> None:
    # Found by bench/fuzz.py --mode store: "a\ud800" and "a\udc00" both became "a\ufffd", and
    # "a\x00b" became "ab": the second article silently "updated" the first.
    items = [
        {"id": "a\ud800", "text": "النص الأول"},
        {"id": "a\udc00", "text": "النص الثاني"},
        {"id": "a\x00b", "text": "النص الثالث"},
        {"id": "ab", "text": "النص الرابع"},
    ]
    store, report = _ingest(tmp_path, items)
    with store:
        assert [o.status for o in report.outcomes] == ["added"] * 4
        assert len({o.article_id for o in report.outcomes}) == 4 and store.counts()["articles"] == 4
        assert report.outcomes[3].article_id == "ab"  # a clean id is kept as it is
        assert report.outcomes[0].article_id.startswith("a\ufffd~")
        again = IngestService(store).ingest(items)  # the same ids are known again
        assert [o.status for o in again.outcomes] == ["unchanged"] * 4


def test_gold_file_names_never_collide() -> None:
    from marsad.store.gold import file_stem

    ids = ["مقال-1", "مقال-2", "a/b", "a_b", "a\\b", "..", ".", "x" * 200, "و" * 200]
    stems = [file_stem(i) for i in ids]
    assert len(set(stems)) == len(ids), stems
    assert file_stem("art-7.v2") == "art-7.v2"  # a safe id is its own file name
    assert file_stem("مقال-1") == file_stem("مقال-1")
    assert all(s and "/" not in s and len(f"{s}.gold.json".encode()) < 255 for s in stems)
