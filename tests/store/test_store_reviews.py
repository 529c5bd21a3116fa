"""Analyst review on real SQLite and PostgreSQL: corrections over the engine's record (never in
place of it), the review log, optimistic concurrency, exports that honour reviews, the queue,
and reviews that follow their events through re-extraction."""

from __future__ import annotations

import copy
import csv
import io
import json
import threading
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select
from tests.conftest import TEXT_IDLIB, Handmade, make_handmade

from marsad.fusion.exports import export_events
from marsad.service import ingest
from marsad.store import EventFilter, Store
from marsad.store.review_tables import review_state, reviews
from marsad.store.reviews import ReviewConflict, ReviewError, ReviewNotFound, Reviews
from marsad.store.tables import events

FOUR = {"best": 4, "min": 4, "max": None}


@pytest.fixture
def filled(db_url: str) -> Any:
    hm = make_handmade()
    with Store(db_url) as store:
        ingest(store, hm.items, extract=hm.extract, origin="test")
        yield store, hm


def _engine_record(store: Store, event_id: str) -> dict[str, Any]:
    with store.engine.connect() as conn:
        return dict(conn.execute(select(events.c.record).where(events.c.event_id == event_id)).scalar_one())


def _csv_rows(store: Store, unit: str = "incident") -> list[dict[str, str]]:
    buf = io.StringIO()
    export_events(store, "acled-csv", buf, unit=unit)
    return list(csv.DictReader(io.StringIO(buf.getvalue())))


def test_edit_is_a_correction_over_the_engine_record_with_a_field_diff(filled: Any) -> None:
    store, hm = filled
    r = Reviews(store)
    before = _engine_record(store, "t-idlib-e1")
    view = r.edit("t-idlib-e1", version=0, reviewer="amal", changes={"fatalities": FOUR}, note="DCD revised")
    assert view["review_status"] == "corrected" and view["review_version"] == 1 and view["reviewer"] == "amal"
    assert view["fatalities"] == 4 and view["record"]["fatalities"] == FOUR
    # The engine's output is untouched; the current view is engine record + corrections.
    assert _engine_record(store, "t-idlib-e1") == before
    assert store.get_event("t-idlib-e1")["fatalities"] == 4  # type: ignore[index]
    [entry] = r.history("t-idlib-e1")
    assert entry["action"] == "edit" and entry["reviewer"] == "amal" and entry["note"] == "DCD revised"
    assert entry["changes"] == {"fatalities": {"from": {"min": 5, "max": None, "best": 5}, "to": FOUR}}
    # A new sub-type brings its event type; the flat columns follow the record.
    view = r.edit(
        "t-idlib-e1",
        version=1,
        reviewer="amal",
        changes={"sub_event_type": "Shelling/artillery/missile attack"},
    )
    assert view["event_type"] == "Explosions/Remote violence" and view["fatalities"] == 4
    view = r.edit("t-idlib-e2", version=0, reviewer="amal", changes={"sub_event_type": "Attack"})
    assert (view["event_type"], view["disorder_type"]) == ("Violence against civilians", "Political violence")


def test_place_actor_and_date_corrections_flatten_like_the_engine(filled: Any) -> None:
    store, _ = filled
    place = {
        "name": "Maarat al-Numan",
        "name_ar": "معرة النعمان",
        "admin1": "Idlib",
        "country": "Syria",
        "lat": 35.648,
        "lon": 36.672,
        "geo_precision": 1,
    }
    view = Reviews(store).edit(
        "t-idlib-e1",
        version=0,
        reviewer="amal",
        changes={"location": place, "actor2": None, "date": "2018-03-02"},
    )
    assert (view["location"], view["latitude"], view["iso"]) == ("Maarat al-Numan", 35.648, 760)
    assert view["actor2"] is None and view["inter2"] == 0 and view["interaction"] == 10
    assert str(view["event_date"]) == "2018-03-02" and view["year"] == 2018


def test_bad_values_are_refused_and_nothing_is_written(filled: Any) -> None:
    store, _ = filled
    r = Reviews(store)
    for changes in (
        {"fatalities": {"best": -1}},
        {"fatalities": {"best": 3, "min": 5}},
        {"sub_event_type": "Picnic"},
        {"event_type": "Protests"},  # does not hold the event's sub-type
        {"location": {"country": "Syria", "lat": 95, "lon": 1}},
        {"confidence": 1.0},
        {"date": "yesterday"},
    ):
        with pytest.raises(ReviewError):
            r.edit("t-idlib-e1", version=0, reviewer="amal", changes=changes)
    with pytest.raises(ReviewError):
        r.reject("t-idlib-e1", version=0, reviewer="amal", reason="boring")
    with pytest.raises(ReviewNotFound):
        r.confirm("no-such-event", version=0, reviewer="amal")
    assert r.history("t-idlib-e1") == [] and r.view("t-idlib-e1")["review_status"] == "unreviewed"  # type: ignore[index]


def test_a_stale_version_conflicts_and_loses_nothing(filled: Any) -> None:
    store, _ = filled
    r = Reviews(store)
    r.edit("t-idlib-e1", version=0, reviewer="amal", changes={"fatalities": FOUR})
    with pytest.raises(ReviewConflict) as caught:
        r.edit(
            "t-idlib-e1",
            version=0,
            reviewer="omar",
            changes={"fatalities": {"best": 9, "min": 9, "max": None}},
        )
    assert caught.value.current == 1
    view = r.view("t-idlib-e1")
    assert view["fatalities"] == 4 and view["reviewer"] == "amal" and len(r.history("t-idlib-e1")) == 1  # type: ignore[index]


def test_two_first_reviews_at_once_one_wins(filled: Any) -> None:
    store, _ = filled
    outcomes: list[str] = []

    def confirm(name: str) -> None:
        try:
            Reviews(store).confirm("t-basra-e1", version=0, reviewer=name)
            outcomes.append("ok")
        except ReviewConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=confirm, args=(n,)) for n in ("amal", "omar")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert Reviews(store).view("t-basra-e1")["review_version"] == 1  # type: ignore[index]


def test_rejected_and_merged_events_leave_exports_and_reads(filled: Any, tmp_path: Path) -> None:
    store, _ = filled
    r = Reviews(store)
    r.reject("t-script-e1", version=0, reviewer="amal", reason="not_conflict", note="a film set")
    r.merge("t-idlib-e2", version=0, reviewer="amal", into="t-idlib-e1")
    r.edit("t-idlib-e1", version=0, reviewer="amal", changes={"fatalities": FOUR})
    for unit in ("incident", "event"):
        rows = _csv_rows(store, unit)
        assert len(rows) == 2, unit
        assert all("t-script" not in row["notes"] and row["event_type"] != "Battles" for row in rows)
        [idlib] = [row for row in rows if row["admin1"] == "Idlib"]
        assert idlib["fatalities"] == "4"
    assert store.count_events() == 2 and store.count_events(EventFilter(include_rejected=True)) == 4
    merged = r.view("t-idlib-e2")
    assert merged["review_status"] == "rejected" and merged["merged_into"] == "t-idlib-e1"  # type: ignore[index]
    assert [e["action"] for e in r.history("t-idlib-e1")] == ["merge", "edit"]
    # JSONL: article records carry the review; the rejected events are not in them.
    out = tmp_path / "records.jsonl"
    export_events(store, "jsonl", out)
    by_id = {rec["article_id"]: rec for rec in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert [e["event_id"] for e in by_id["t-idlib"]["events"]] == ["t-idlib-e1"] and by_id["t-script"][
        "events"
    ] == []
    review = by_id["t-idlib"]["events"][0]["review"]
    assert review["status"] == "corrected" and review["reviewer"] == "amal" and review["version"] == 1
    assert by_id["t-idlib"]["events"][0]["fatalities"] == FOUR
    assert by_id["t-basra"]["events"][0]["review"]["status"] == "unreviewed"
    # GeoJSON and Parquet: review status, reviewer, time and confidence in columns of their own.
    geo = tmp_path / "events.geojson"
    export_events(store, "geojson", geo)
    props = {f["properties"]["admin1"]: f["properties"] for f in json.loads(geo.read_text())["features"]}
    assert props["Idlib"]["review_status"] == "corrected" and props["Idlib"]["reviewed_at"]
    assert props["Basra"]["review_status"] == "unreviewed" and props["Basra"]["confidence"] == 0.8
    parquet = tmp_path / "events.parquet"
    export_events(store, "parquet", parquet)
    table = pq.read_table(parquet).to_pylist()
    assert sorted(t["review_status"] for t in table) == ["corrected", "unreviewed"]


def test_confirm_after_reject_restores_the_event(filled: Any) -> None:
    store, _ = filled
    r = Reviews(store)
    r.reject("t-basra-e1", version=0, reviewer="amal", reason="other")
    assert store.count_events() == 3
    view = r.confirm("t-basra-e1", version=1, reviewer="omar")
    assert (
        view["review_status"] == "confirmed" and view["review_reason"] is None and store.count_events() == 4
    )


def test_queue_lowest_confidence_first_and_only_unreviewed(filled: Any) -> None:
    store, _ = filled
    r = Reviews(store)
    total, rows = r.queue()
    assert total == 4
    assert [row["event_id"] for row in rows] == ["t-script-e1", "t-idlib-e2", "t-basra-e1", "t-idlib-e1"]
    r.confirm("t-script-e1", version=0, reviewer="amal")
    total, rows = r.queue(limit=1)
    assert total == 3 and [row["event_id"] for row in rows] == ["t-idlib-e2"]


def _add_idlib_missed(r: Reviews) -> dict[str, Any]:
    phrase = "وإصابة عشرة آخرين"
    start = TEXT_IDLIB.index(phrase)
    return r.add(
        "t-idlib",
        reviewer="amal",
        fields={
            "sub_event_type": "Armed clash",
            "date": "2018-03-03",
            "location": {
                "name": "Aleppo",
                "admin1": "Aleppo",
                "country": "Syria",
                "lat": 36.2,
                "lon": 37.16,
                "geo_precision": 2,
            },
            "injuries": {"best": 10, "min": 10, "max": None},
        },
        spans=[(start, start + len(phrase))],
    )


def test_add_a_missed_event_by_its_evidence(filled: Any) -> None:
    store, _ = filled
    r = Reviews(store)
    view = _add_idlib_missed(r)
    assert view["review_status"] == "corrected" and view["review_added"] is True
    assert view["event_type"] == "Battles" and view["injuries"] == 10
    article = store.get_article("t-idlib")
    assert article is not None and [e["event_id"] for e in article["events"]][-1] == view["event_id"]
    [span] = [e for e in article["evidence"] if e["event_id"] == view["event_id"]]
    assert TEXT_IDLIB[span["span_start"] : span["span_end"]] == span["text"] == "وإصابة عشرة آخرين"
    with pytest.raises(ReviewError):
        r.add("t-idlib", reviewer="amal", fields={"sub_event_type": "Attack"}, spans=[(5, 10_000)])
    with pytest.raises(ReviewNotFound):
        r.add("t-nowhere", reviewer="amal", fields={"sub_event_type": "Attack"}, spans=[(0, 2)])


def _reingest(store: Store, hm: Handmade, records: dict[str, dict[str, Any]], version: str) -> None:
    ingest(store, hm.items, extract=lambda item: copy.deepcopy(records[item["id"]]), engine_version=version)


def test_corrections_survive_reextraction_with_a_new_engine_version(filled: Any) -> None:
    store, hm = filled
    r = Reviews(store)
    r.edit("t-idlib-e1", version=0, reviewer="amal", changes={"fatalities": FOUR})
    r.reject("t-script-e1", version=0, reviewer="amal", reason="not_news")
    added = _add_idlib_missed(r)
    _reingest(store, hm, hm.records, "next-engine")
    with store.engine.connect() as conn:
        versions = set(
            conn.execute(select(events.c.engine_version).where(events.c.article_id == "t-idlib")).scalars()
        )
    assert versions == {"next-engine", "review"}  # re-extracted, and the added event put back
    assert r.view("t-idlib-e1")["fatalities"] == 4  # type: ignore[index]
    assert r.view("t-script-e1")["review_status"] == "rejected"  # type: ignore[index]
    assert r.view(added["event_id"])["injuries"] == 10  # type: ignore[index]
    assert {row["fatalities"] for row in _csv_rows(store) if row["admin1"] == "Idlib"} == {"4"}
    assert r.states(stale=True) == []


def test_a_renamed_event_is_found_again_and_a_vanished_one_flagged(filled: Any) -> None:
    store, hm = filled
    r = Reviews(store)
    r.edit("t-idlib-e1", version=0, reviewer="amal", changes={"fatalities": FOUR})
    r.confirm("t-idlib-e2", version=0, reviewer="amal")
    records = copy.deepcopy(hm.records)
    first, second = records["t-idlib"]["events"]
    first["event_id"] = "t-idlib-new1"  # a new engine: other ids, slightly other evidence
    span = first["evidence"][0]
    first["evidence"] = [
        {"start": span["start"] + 3, "end": span["end"], "text": TEXT_IDLIB[span["start"] + 3 : span["end"]]}
    ]
    records["t-idlib"]["events"] = [first]  # the clash is no longer found
    _reingest(store, hm, records, "next-engine")
    view = r.view("t-idlib-new1")
    assert view["fatalities"] == 4 and view["review_status"] == "corrected" and view["review_version"] == 2  # type: ignore[index]
    assert [e["action"] for e in r.history("t-idlib-new1")] == ["edit", "rematch"]
    [stale] = r.states(stale=True)
    assert stale["event_id"] == "t-idlib-e2" and "no event" in stale["stale_reason"]
    # The engine now finds a missed event itself: the analyst's coding stays, as corrections.
    added = _add_idlib_missed(r)
    found = copy.deepcopy(records)
    engine_event = copy.deepcopy(first)
    engine_event.update(
        event_id="t-idlib-found",
        event_type="Battles",
        sub_event_type="Armed clash",
        evidence=copy.deepcopy(added["record"]["evidence"]),
        injuries={"best": 7, "min": 7, "max": None},
    )
    found["t-idlib"]["events"].append(engine_event)
    _reingest(store, hm, found, "third-engine")
    assert r.view(added["event_id"]) is None
    rebased = r.view("t-idlib-found")
    assert rebased["injuries"] == 10 and rebased["review_added"] is False  # type: ignore[index]
    with store.engine.connect() as conn:
        assert (
            conn.execute(select(review_state.c.event_id).where(review_state.c.added.is_(True))).first()
            is None
        )
        assert conn.execute(
            select(reviews.c.action).where(reviews.c.event_id == "t-idlib-found")
        ).scalars().all() == [
            "add",
            "rematch",
        ]
