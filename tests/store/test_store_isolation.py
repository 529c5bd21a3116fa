"""Issue 16: one article's failure after storage (de-duplication, fusion) is recorded against that
article and never blocks the others, nor later runs. Dates that slipped past the readers are the
known case: a year-1 event date made fusion's date window overflow, and since the article stayed
pending every later ingest failed with it."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, update

from marsad.extract.pipeline import extract_record
from marsad.fusion import count_incidents
from marsad.inputs.item import marked_id
from marsad.service import IngestService, ingest
from marsad.store import Store
from marsad.store.quarantine import quarantine
from marsad.store.tables import articles, events, incident_events

# Our own sentences: three incidents in three places.
TEXTS = {
    "aleppo": "قتل ثلاثة مدنيين وأصيب خمسة آخرون في غارة جوية استهدفت سوقا شعبيا في مدينة حلب صباح اليوم.",
    "homs": "أصيب أربعة أشخاص بجروح في قصف مدفعي على حي سكني في مدينة حمص مساء أمس.",
    "baghdad": "انفجرت سيارة مفخخة قرب مبنى حكومي في بغداد ما أدى إلى مقتل شخصين.",
}


def item(name: str, **extra: Any) -> dict[str, Any]:
    return {"id": name, "text": TEXTS[name], "published": "2024-03-05", "source": "وكالة", **extra}


def poisoned(name: str, day: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The item and a record whose events carry `day`: what a worker on another engine, or an
    older database, might hand the store."""
    it = item(name)
    record = copy.deepcopy(extract_record(it))
    assert record["events"], "the test sentence must give an event"
    for ev in record["events"]:
        ev["date"] = day
    return it, record


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_event_date_at_the_calendar_edge_is_quarantined_and_blocks_nothing(db_url: str, day: str) -> None:
    with Store(db_url) as store:
        service = IngestService(store)
        report = service.ingest_extracted([poisoned("aleppo", day)])
        assert report.counts["articles_added"] == 1
        outcome = report.outcomes[0]
        assert any("fusion failed" in e and "OverflowError" in e for e in outcome.errors)
        assert store.quarantined()[0]["article_id"] == "aleppo"
        assert store.counts()["quarantine"] == 1
        # Its errors, as the API and the JSONL export show them, say so.
        assert any("fusion failed" in e for e in store.get_article("aleppo")["errors"])

        # Later runs go on: new articles ingest and fuse.
        later = ingest(store, [item("homs"), item("baghdad")])
        assert later.counts["articles_added"] == 2 and not later.step_errors
        assert count_incidents(store) >= 2
        with store.engine.connect() as conn:
            fused = {r[0] for r in conn.execute(select(incident_events.c.article_id))}
        assert fused == {"homs", "baghdad"}
        # A rerun of the same input is unchanged, and the entry is not duplicated.
        again = service.ingest_extracted([poisoned("aleppo", day)])
        assert again.counts["articles_unchanged"] == 1 and not again.step_errors
        assert store.counts()["quarantine"] == 1


def test_a_quarantined_article_is_tried_again_once_it_changes(sqlite_url: str) -> None:
    with Store(sqlite_url) as store:
        IngestService(store).ingest_extracted([poisoned("aleppo", "0001-01-01")])
        assert store.counts()["quarantine"] == 1
        fixed = item("aleppo", text=TEXTS["aleppo"] + " وقال شاهد عيان إن الغارة دمرت عدة محال.")
        report = ingest(store, [fixed])
        assert report.counts["articles_updated"] == 1 and not report.step_errors
        assert store.counts()["quarantine"] == 0
        with store.engine.connect() as conn:
            assert conn.execute(select(incident_events.c.article_id)).scalars().all() == ["aleppo"]
            assert conn.execute(select(quarantine)).all() == []


def test_a_publication_date_that_slipped_into_the_database_does_not_poison(sqlite_url: str) -> None:
    """A row written before the readers checked dates: the events are pending, the article's
    date is year 1. Only that article is held back."""
    with Store(sqlite_url) as store:
        service = IngestService(store, fuse_after_batch=False)
        service.ingest([item("aleppo"), item("homs")])
        with store.engine.begin() as conn:
            conn.execute(
                update(articles).where(articles.c.article_id == "aleppo").values(published=date(1, 1, 1))
            )
            conn.execute(update(articles).values(errors=[]))
        # Fusion falls back on the publication date for events without a date of their own.
        with store.engine.begin() as conn:
            conn.execute(update(events).where(events.c.article_id == "aleppo").values(event_date=None))
        report = IngestService(store).ingest([item("baghdad")])
        assert report.counts["articles_added"] == 1
        assert [q["article_id"] for q in store.quarantined()] == ["aleppo"]
        with store.engine.connect() as conn:
            fused = {r[0] for r in conn.execute(select(incident_events.c.article_id))}
        assert fused == {"homs", "baghdad"}


def test_items_from_python_callers_get_the_readers_edge_checks(sqlite_url: str) -> None:
    with Store(sqlite_url) as store:
        report = ingest(
            store,
            [
                {"id": "far", "text": TEXTS["aleppo"], "published": "0001-01-01"},
                {"id": "s\ud800", "text": TEXTS["homs"] + "\udc00", "source": "\ud83d"},
            ],
        )
        assert report.counts["articles_added"] == 2 and not report.step_errors
        far = store.get_article("far")
        assert far["published"] is None
        assert any("published date out of range" in e for e in far["errors"])
        # The id carries a hash of the original, so ids that differ only in a surrogate stay apart.
        odd = store.get_article(marked_id("s\ud800", "s\ufffd"))
        assert odd["text"].endswith("\ufffd") and odd["source"] == "\ufffd"
        assert any("lone surrogate" in e for e in odd["errors"])
