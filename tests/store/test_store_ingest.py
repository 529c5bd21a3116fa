"""Ingest into real SQLite and real PostgreSQL: rows, idempotency, re-extraction, errors."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from marsad.service import ingest
from marsad.store import Store
from marsad.store.database import current_revision, head_revision
from marsad.store.tables import actors, articles, claims, event_actors, events, evidence, metadata, runs


def test_migrations_create_exactly_the_table_definitions(db_url: str) -> None:
    with Store(db_url) as store:
        assert current_revision(store.engine) == head_revision(store.engine) == "0004_quarantine_runs"
        with store.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        assert diffs == []
        assert {
            "articles",
            "events",
            "actors",
            "places",
            "evidence",
            "claims",
            "runs",
            "event_actors",
            "alembic_version",
        } <= set(inspect(store.engine).get_table_names())


def test_sqlite_uses_wal_and_foreign_keys(sqlite_url: str) -> None:
    with Store(sqlite_url) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_handmade_records_are_flattened_into_all_tables(db_url: str, handmade: Any) -> None:
    with Store(db_url) as store:
        report = ingest(store, handmade.items, extract=handmade.extract, origin="test")
        assert report.counts["articles_added"] == 4
        assert report.counts["events_written"] == handmade.event_count == 4
        counts = store.counts()
        assert counts["articles"] == 4 and counts["events"] == 4 and counts["evidence"] == 4
        # Syria state forces appear in two events but are one actor row; Russia is a member.
        with store.engine.connect() as conn:
            names = sorted(r.name for r in conn.execute(select(actors.c.name)))
            assert names.count("Military Forces of Syria") == 1
            assert "Military Forces of Russia" in names
            roles = {
                (r.event_id, r.role)
                for r in conn.execute(select(event_actors.c.event_id, event_actors.c.role))
            }
            assert ("t-idlib-e1", "assoc_actor_1") in roles and ("t-idlib-e1", "actor2") in roles
            claim = conn.execute(select(claims)).one()
            assert claim.event_id == "t-idlib-e1" and claim.source == "Syrian Civil Defence"
            assert claim.fatalities == 5
            ev = conn.execute(select(events).where(events.c.event_id == "t-idlib-e1")).one()
            assert (ev.inter1, ev.inter2, ev.interaction) == (1, 7, 17)
            assert ev.civilian_targeting == "Civilian targeting"
            assert (ev.iso, ev.region, ev.country) == (760, "Middle East", "Syria")
            assert ev.assoc_actor_1 == "Military Forces of Russia"
            assert (ev.fatalities, ev.injuries) == (5, 10)
            assert ev.record["actor1"]["members"][0]["name"] == "Military Forces of Russia"
            protest = conn.execute(select(events).where(events.c.event_id == "t-basra-e1")).one()
            assert (protest.inter1, protest.inter2, protest.interaction) == (6, 0, 60)
            for span in conn.execute(select(evidence, articles.c.text).join(articles)):
                assert span.text == span[-1][span.span_start : span.span_end]
        article = store.get_article("t-sport")
        assert article is not None and article["events"] == [] and article["title"] == "نتيجة مباراة"
        assert str(article["published"]) == "2018-06-01"


def test_ingesting_twice_stores_once(db_url: str, handmade: Any) -> None:
    with Store(db_url) as store:
        ingest(store, handmade.items, extract=handmade.extract)
        first = store.counts()
        again = ingest(store, handmade.items, extract=handmade.extract)
        assert again.counts["articles_unchanged"] == 4 and again.counts["events_written"] == 0
        assert {o.status for o in again.outcomes} == {"unchanged"}
        second = store.counts()
        assert {k: v for k, v in second.items() if k != "runs"} == {
            k: v for k, v in first.items() if k != "runs"
        }
        assert second["runs"] == 2


def test_new_engine_version_reextracts_and_keeps_the_article(db_url: str, handmade: Any) -> None:
    with Store(db_url) as store:
        ingest(store, handmade.items, extract=handmade.extract, engine_version="1.0")
        before = store.get_article("t-idlib")
        assert before is not None and len(before["events"]) == 2

        def newer_engine(item: dict[str, Any]) -> dict[str, Any]:
            record = handmade.extract(item)
            if item["id"] == "t-idlib":
                record["events"] = record["events"][:1]  # the new engine finds one event here
            return record

        report = ingest(store, handmade.items, extract=newer_engine, engine_version="2.0")
        assert report.counts["articles_reextracted"] == 4 and report.counts["articles_added"] == 0
        after = store.get_article("t-idlib")
        assert after is not None
        assert [e["event_id"] for e in after["events"]] == ["t-idlib-e1"]
        assert after["ingested_at"] == before["ingested_at"] and after["engine_version"] == "2.0"
        assert [e["event_id"] for e in after["evidence"]] == ["t-idlib-e1"]
        with store.engine.connect() as conn:
            assert (
                conn.execute(select(event_actors).where(event_actors.c.event_id == "t-idlib-e2")).first()
                is None
            )
        assert store.counts()["articles"] == 4
        # The same version again is a no-op.
        assert (
            ingest(store, handmade.items, extract=newer_engine, engine_version="2.0").counts[
                "articles_unchanged"
            ]
            == 4
        )


def test_changed_text_updates_the_article(sqlite_url: str, handmade: Any) -> None:
    with Store(sqlite_url) as store:
        ingest(store, handmade.items, extract=handmade.extract)
        items = copy.deepcopy(handmade.items)
        items[3]["text"] += " وانتهت المباراة بفوز مستحق."
        report = ingest(store, items, extract=handmade.extract)
        assert [o.status for o in report.outcomes] == ["unchanged", "unchanged", "unchanged", "updated"]
        assert store.get_article("t-sport")["text"].endswith("بفوز مستحق.")  # type: ignore[index]
        assert store.counts()["articles"] == 4


def test_same_text_under_another_id_is_a_duplicate(db_url: str, handmade: Any) -> None:
    with Store(db_url) as store:
        ingest(store, handmade.items, extract=handmade.extract)
        copy_item = dict(handmade.items[0], id="t-idlib-copy")
        report = ingest(store, [copy_item], extract=handmade.extract)
        assert report.outcomes[0].status == "duplicate"
        assert report.outcomes[0].duplicate_of == "t-idlib"
        assert store.get_article("t-idlib-copy") is None
        # Twice in one batch, too.
        fresh = [
            dict(handmade.items[1], id="x-1", text="نص جديد تماما"),
            dict(handmade.items[1], id="x-2", text="نص جديد تماما"),
        ]
        report = ingest(
            store,
            fresh,
            extract=lambda item: {**handmade.extract({"id": "t-sport"}), "article_id": item["id"]},
        )
        assert [o.status for o in report.outcomes] == ["added", "duplicate"]


def test_a_failing_extraction_is_an_error_on_its_article_and_the_run_goes_on(
    db_url: str, handmade: Any
) -> None:
    def flaky(item: dict[str, Any]) -> dict[str, Any]:
        if item["id"] == "t-basra":
            raise RuntimeError("boom")
        return handmade.extract(item)

    items = [*handmade.items, {"id": "t-empty", "text": "", "errors": ["empty text"]}]
    with Store(db_url) as store:
        report = ingest(
            store,
            items,
            extract=lambda i: (
                flaky(i)
                if i["id"] != "t-empty"
                else {
                    "article_id": "t-empty",
                    "source": None,
                    "published": None,
                    "language": None,
                    "events": [],
                    "errors": ["empty text"],
                }
            ),
        )
        outcomes = {o.article_id: o for o in report.outcomes}
        assert outcomes["t-basra"].errors == ["extraction failed: RuntimeError: boom"]
        assert outcomes["t-empty"].errors == ["empty text"]
        assert report.counts["item_errors"] == 2 and report.counts["articles_added"] == 5
        assert store.get_article("t-basra")["errors"] == ["extraction failed: RuntimeError: boom"]  # type: ignore[index]
        assert store.count_events() == 3
        with store.engine.connect() as conn:
            run = conn.execute(select(runs).where(runs.c.run_id == report.run_id)).one()
        assert run.status == "completed" and run.item_errors == 2 and run.items_seen == 5


def test_an_event_id_owned_by_another_article_gets_a_unique_id(db_url: str, handmade: Any) -> None:
    def same_ids(item: dict[str, Any]) -> dict[str, Any]:
        record = handmade.extract(item)
        for ev in record["events"]:
            ev["event_id"] = "e-1"
        record["events"] = record["events"][:1]
        return record

    with Store(db_url) as store:
        ingest(store, handmade.items, extract=same_ids)
        ids = [r["event_id"] for r in store.list_events(limit=10)]
        assert len(ids) == len(set(ids)) == 3
        assert "e-1" in ids
        # Re-extraction of the article that owns "e-1" keeps the id stable.
        owner = store.get_event("e-1")["article_id"]  # type: ignore[index]
        ingest(store, handmade.items, extract=same_ids, engine_version="again")
        assert store.get_event("e-1")["article_id"] == owner  # type: ignore[index]


def test_long_values_are_cut_to_their_columns(db_url: str, handmade: Any) -> None:
    def long_names(item: dict[str, Any]) -> dict[str, Any]:
        record = handmade.extract(item)
        for ev in record["events"]:
            if ev["actor1"]:
                ev["actor1"]["name"] = "ا" * 1000
        return record

    with Store(db_url) as store:
        ingest(store, handmade.items, extract=long_names)
        assert {len(r["actor1"]) for r in store.list_events(limit=10)} == {300}


def test_database_urls() -> None:
    from marsad.store.database import make_engine, normalize_url

    assert normalize_url("marsad.db") == "sqlite:///marsad.db"
    assert normalize_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(ValueError, match="SQLite file"):
        make_engine("sqlite://")
    with pytest.raises(ValueError, match="unsupported"):
        make_engine("mysql://u@h/db")
