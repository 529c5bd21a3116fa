"""Fusion in the store, on SQLite and PostgreSQL, with hand-made records: incidents, claims,
the incident figure, supersession of updated copies, exact copies, re-extraction, idempotency."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from marsad.fusion import fuse, get_incident, incident_of_events, list_incidents
from marsad.fusion.exports import export_events
from marsad.service import IngestService, ingest
from marsad.store import Store
from marsad.store.acled_ids import acled_id_of
from marsad.store.database import current_revision, head_revision
from marsad.store.tables import (
    article_copies,
    incident_events,
    incident_log,
    incidents,
    metadata,
    supersessions,
)
from tests.fusion.records import (
    CIVILIANS,
    IS_IRAQ,
    POLICE_IRAQ,
    RUSSIA,
    SYRIA,
    Records,
    event,
    place,
    province,
)

# Our own report, long enough for near-duplicate detection; {n} is the toll.
LONG_REPORT = (
    "قتل {n} مدنيين وأصيب آخرون بجروح في غارات جوية شنتها طائرات حربية على بلدة كفرنبل في ريف إدلب الجنوبي "
    "صباح اليوم، واستهدفت الغارات سوقا شعبيا مكتظا بالمتسوقين ومبنى قريبا من مدرسة ابتدائية في وسط البلدة. "
    "وقال عامل في فرق الإنقاذ إن فرق الدفاع المدني ما زالت تبحث عن ناجين تحت الأنقاض، وإن المستشفى الميداني "
    "الوحيد في المنطقة استقبل عشرات الجرحى بينهم نساء وأطفال، وسط نقص حاد في الأدوية والمعدات الطبية. "
    "وأضاف أن الطائرات عادت بعد ساعة واستهدفت الطريق المؤدي إلى البلدة ما أعاق وصول سيارات الإسعاف."
)


def _snapshot(store: Store) -> dict[str, Any]:
    with store.engine.connect() as conn:
        return {
            "incidents": sorted(
                tuple(r)
                for r in conn.execute(
                    select(incidents).with_only_columns(
                        *(c for c in incidents.c if c.name not in ("created_at", "updated_at"))
                    )
                )
            ),
            "members": sorted(
                tuple(r)
                for r in conn.execute(
                    select(
                        incident_events.c.event_id, incident_events.c.incident_id, incident_events.c.status
                    )
                )
            ),
            "log": int(conn.execute(select(func.count()).select_from(incident_log)).scalar_one()),
        }


def _incident(store: Store, event_id: str) -> dict[str, Any]:
    found = get_incident(store, incident_of_events(store, [event_id])[event_id])
    assert found is not None
    return found


def _csv(store: Store) -> pd.DataFrame:
    buf = io.StringIO()
    export_events(store, "acled-csv", buf)
    return pd.read_csv(io.StringIO(buf.getvalue()))


def _strike(
    recs: Records,
    article_id: str,
    *,
    source: str,
    published: str,
    killed: int,
    attribution: str | None = None,
    where: str = "kafr_nabl",
    date: str | None = None,
    hedged: bool = False,
    text: str | None = None,
    actor1: dict[str, Any] | None = SYRIA,
) -> dict[str, Any]:
    text = text or f"قتل {killed} مدنيين في غارة جوية على بلدة في ريف إدلب، حسب تقرير {article_id}."
    return recs.add(
        article_id,
        text,
        source=source,
        published=published,
        events=[
            event(
                f"{article_id}-e1",
                text,
                date=date or published,
                where=place(where),
                actor1=actor1,
                actor2=CIVILIANS,
                killed=killed,
                attribution=attribution,
                hedged=hedged,
            )
        ],
    )


def test_migrations_to_head_create_exactly_the_tables(db_url: str) -> None:
    with Store(db_url) as store:
        assert current_revision(store.engine) == head_revision(store.engine) == "0004_quarantine_runs"
        with store.engine.connect() as conn:
            assert (
                compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
                == []
            )


def test_two_outlets_one_incident_lowest_credible_and_both_claims(db_url: str) -> None:
    recs = Records()
    _strike(recs, "bbc-1", source="BBC", published="2018-03-03", killed=5, attribution="ناشطون محليون")
    _strike(
        recs,
        "sky-1",
        source="Sky News Arabia",
        published="2018-03-03",
        killed=7,
        attribution="المرصد السوري لحقوق الإنسان",
        where="maarat",
    )  # ~10 km away
    with Store(db_url) as store:
        ingest(store, recs("bbc-1", "sky-1"), extract=recs.extract)
        df = _csv(store)
        assert len(df) == 1
        row = df.iloc[0]
        assert row["event_id_cnty"] == acled_id_of(store.engine, "bbc-1-e1")  # the founding report's id
        assert row["source"].startswith("BBC; Sky News Arabia")
        assert row["source_scale"] == "Regional-International"
        assert row["fatalities"] == 5  # the lowest credible figure
        assert "Reported by BBC and Sky News Arabia" in row["notes"] and "BBC 5" in row["notes"]
        incident = get_incident(store, "bbc-1-e1")
        assert incident is not None
        assert [(c["outlet"], c["fatalities"]["best"], c["chosen"]) for c in incident["claims"]] == [
            ("BBC", 5, True),
            ("Sky News Arabia", 7, False),
        ]
        assert incident["fatalities_claim"] == {"event_id": "bbc-1-e1", "rule": "lowest_credible"}
        assert incident["outlets"] == ["BBC", "Sky News Arabia"]
        joined = [e for e in incident["log"] if e["action"] == "joined"]
        assert joined and "km apart" in joined[0]["detail"] and "same day" in joined[0]["detail"]


def test_official_update_and_outlet_updates(sqlite_url: str) -> None:
    recs = Records()
    _strike(
        recs,
        "sky-early",
        source="Sky News Arabia",
        published="2018-03-03",
        killed=12,
        attribution="ناشطون",
        hedged=False,
    )
    _strike(
        recs,
        "bbc-hedged",
        source="BBC",
        published="2018-03-03",
        killed=3,
        attribution="أنباء غير مؤكدة",
        hedged=True,
    )
    with Store(sqlite_url) as store:
        ingest(store, recs("sky-early", "bbc-hedged"), extract=recs.extract)
        # A hedged figure is not credible while an unhedged one exists.
        assert _incident(store, "sky-early-e1")["fatalities"] == 12
        _strike(
            recs,
            "cnn-official",
            source="CNN",
            published="2018-03-04",
            killed=20,
            attribution="وزارة الصحة",
            date="2018-03-03",
        )
        ingest(store, recs("cnn-official"), extract=recs.extract)
        incident = _incident(store, "sky-early-e1")
        assert (incident["fatalities"], incident["fatalities_claim"]["rule"]) == (20, "latest_official")
        assert incident["fatalities_claim"]["event_id"] == "cnn-official-e1"
        figure_log = [e["detail"] for e in incident["log"] if e["action"] == "figure"]
        assert figure_log == ["fatalities 12 -> 20 (latest_official)"]
        # An unofficial figure published later does not override the official one.
        _strike(
            recs,
            "fr-late",
            source="France24",
            published="2018-03-04",
            killed=9,
            attribution="مصادر طبية",
            date="2018-03-03",
        )
        ingest(store, recs("fr-late"), extract=recs.extract)
        assert _incident(store, "sky-early-e1")["fatalities"] == 20
        assert len(_csv(store)) == 1


def test_an_outlets_later_report_replaces_its_own_earlier_figure(sqlite_url: str) -> None:
    recs = Records()
    _strike(recs, "sky-a", source="Sky News Arabia", published="2018-03-03", killed=4, attribution="ناشطون")
    _strike(recs, "bbc-a", source="BBC", published="2018-03-03", killed=8, attribution="ناشطون")
    _strike(
        recs,
        "sky-b",
        source="Sky News Arabia",
        published="2018-03-04",
        killed=10,
        attribution="ناشطون",
        date="2018-03-03",
    )
    with Store(sqlite_url) as store:
        ingest(store, recs("sky-a", "bbc-a"), extract=recs.extract)
        assert _incident(store, "sky-a-e1")["fatalities"] == 4
        ingest(store, recs("sky-b"), extract=recs.extract)
        incident = _incident(store, "sky-a-e1")
        assert incident["n_reports"] == 3
        # Sky's 4 was its early toll; its own later 10 replaces it, and BBC's 8 is now the lowest.
        assert (incident["fatalities"], incident["fatalities_claim"]["event_id"]) == (8, "bbc-a-e1")


def test_rerunning_over_the_same_input_changes_nothing(db_url: str) -> None:
    recs = Records()
    _strike(recs, "a1", source="BBC", published="2018-03-03", killed=5)
    _strike(recs, "a2", source="CNN", published="2018-03-03", killed=6, where="maarat")
    _strike(recs, "a3", source="BBC", published="2018-03-03", killed=2, where="saraqib")  # 35 km: apart
    with Store(db_url) as store:
        ingest(store, recs("a1", "a2", "a3"), extract=recs.extract)
        first = _snapshot(store)
        assert len(first["incidents"]) == 2 and len(first["members"]) == 3
        assert fuse(store).as_dict()["incidents_updated"] == 0
        ingest(store, recs("a1", "a2", "a3"), extract=recs.extract)
        fuse(store)
        assert _snapshot(store) == first


def test_incremental_batches_give_the_batch_result(sqlite_url: str, tmp_path: Any) -> None:
    recs = Records()
    for i, (where, day) in enumerate(
        [
            ("kafr_nabl", "2018-03-03"),
            ("maarat", "2018-03-03"),
            ("kafr_nabl", "2018-03-06"),
            ("saraqib", "2018-03-03"),
            ("kafr_nabl", "2018-03-04"),
        ]
    ):
        _strike(
            recs,
            f"r{i}",
            source=("BBC", "CNN", "Sky News Arabia")[i % 3],
            published=day,
            killed=i + 1,
            where=where,
        )
    ids = [f"r{i}" for i in range(5)]
    with Store(sqlite_url) as one_batch, Store(f"sqlite:///{tmp_path / 'inc.db'}") as one_by_one:
        ingest(one_batch, recs(*ids), extract=recs.extract)
        ingest(one_by_one, recs(*ids), extract=recs.extract, batch_size=1)
        assert _snapshot(one_batch)["members"] == _snapshot(one_by_one)["members"]
        groups = incident_of_events(one_batch, [f"r{i}-e1" for i in range(5)])
        # 3 Mar Kafr Nabl + Maarat (10 km) and 4 Mar Kafr Nabl (a day later) are one; 6 Mar and Saraqib apart.
        assert groups["r0-e1"] == groups["r1-e1"] == groups["r4-e1"]
        assert len({groups["r0-e1"], groups["r2-e1"], groups["r3-e1"]}) == 3


def test_an_imprecise_report_joins_by_admin1_and_conflicting_actors_stay_apart(sqlite_url: str) -> None:
    recs = Records()
    text = "قتل أربعة مدنيين في غارة على ريف إدلب."
    recs.add(
        "prov",
        text,
        source="CNN",
        published="2018-03-03",
        events=[
            event(
                "prov-e1",
                text,
                date="2018-03-03",
                where=province("Idlib", "Syria", 35.93, 36.63),
                actor1=RUSSIA,
                actor2=CIVILIANS,
                killed=4,
            )
        ],
    )
    _strike(recs, "town", source="BBC", published="2018-03-03", killed=5, actor1=SYRIA)
    _strike(
        recs, "other-actor", source="France24", published="2018-03-03", killed=2, actor1=IS_IRAQ
    )  # a named actor that agrees with neither
    text2 = "قتل شرطيان في هجوم لمسلحين على نقطة تفتيش في الموصل."
    recs.add(
        "mosul",
        text2,
        source="BBC",
        published="2018-03-03",
        events=[
            event(
                "mosul-e1",
                text2,
                date="2018-03-03",
                where=place("mosul"),
                event_type="Battles",
                sub="Armed clash",
                actor1=IS_IRAQ,
                actor2=POLICE_IRAQ,
                killed=2,
            )
        ],
    )
    with Store(sqlite_url) as store:
        ingest(store, recs("prov", "town", "other-actor", "mosul"), extract=recs.extract)
        groups = incident_of_events(store, ["prov-e1", "town-e1", "other-actor-e1", "mosul-e1"])
        # Russia and Syria name different actors, but "prov" is placed only in the province: it may
        # still join "town" only if the actors agree, and they do not (both named, disjoint).
        assert groups["prov-e1"] != groups["town-e1"]
        assert groups["other-actor-e1"] != groups["town-e1"]
        assert len(set(groups.values())) == 4
        # With Russia named as a member of the Syrian side, the province report joins the town report.
        recs.records["prov"]["events"][0]["actor1"] = dict(SYRIA, members=[RUSSIA])
        ingest(store, recs("prov"), extract=recs.extract, engine_version="next")
        groups = incident_of_events(store, ["prov-e1", "town-e1"])
        assert groups["prov-e1"] == groups["town-e1"]


def test_updated_copy_supersedes_the_earlier_copy(db_url: str) -> None:
    recs = Records()
    first, second = LONG_REPORT.format(n="خمسة"), LONG_REPORT.format(n="تسعة")
    second = second.replace("صباح اليوم", "صباح اليوم في حصيلة محدثة")
    recs.add(
        "sky-v1",
        first,
        source="Sky News Arabia",
        published="2018-03-03",
        events=[
            event(
                "sky-v1-e1",
                first,
                date="2018-03-03",
                where=place("kafr_nabl"),
                actor1=SYRIA,
                actor2=CIVILIANS,
                killed=5,
            )
        ],
    )
    recs.add(
        "sky-v2",
        second,
        source="Sky News Arabia",
        published="2018-03-03",
        events=[
            event(
                "sky-v2-e1",
                second,
                date="2018-03-03",
                where=place("kafr_nabl"),
                actor1=SYRIA,
                actor2=CIVILIANS,
                killed=9,
            )
        ],
    )
    _strike(recs, "bbc-x", source="BBC", published="2018-03-03", killed=7, attribution="ناشطون")
    with Store(db_url) as store:
        ingest(store, recs("sky-v1", "bbc-x"), extract=recs.extract)
        assert _incident(store, "sky-v1-e1")["fatalities"] == 5
        ingest(store, recs("sky-v2"), extract=recs.extract)
        with store.engine.connect() as conn:
            rows = [
                tuple(r)
                for r in conn.execute(
                    select(supersessions.c.article_id, supersessions.c.superseded_by, supersessions.c.reason)
                )
            ]
        assert rows == [("sky-v1", "sky-v2", "update")]
        incident = _incident(store, "sky-v1-e1")
        status = {c["event_id"]: (c["status"], c["superseded_by"]) for c in incident["claims"]}
        assert status == {
            "sky-v1-e1": ("superseded", "sky-v2"),
            "sky-v2-e1": ("active", None),
            "bbc-x-e1": ("active", None),
        }
        # The update replaces the early 5 instead of adding to it: the lowest credible is now BBC's 7.
        assert incident["fatalities"] == 7
        assert any(e["action"] == "superseded" and "sky-v2" in e["detail"] for e in incident["log"])
        df = _csv(store)
        assert len(df) == 1 and df.iloc[0]["fatalities"] == 7
        assert df.iloc[0]["source"].split("; ")[:2] == ["BBC", "Sky News Arabia"]


def test_a_late_repost_is_superseded_by_the_original(sqlite_url: str) -> None:
    recs = Records()
    original, repost = LONG_REPORT.format(n="خمسة"), LONG_REPORT.format(n="خمسة") + " (إعادة نشر)"
    recs.add(
        "orig",
        original,
        source="AlArabiya",
        published="2018-03-03",
        events=[
            event(
                "orig-e1",
                original,
                date="2018-03-03",
                where=place("kafr_nabl"),
                actor1=SYRIA,
                actor2=CIVILIANS,
                killed=5,
            )
        ],
    )
    # The re-post's relative date resolves to its own publication day, a month later.
    recs.add(
        "repost",
        repost,
        source="AlArabiya",
        published="2018-04-05",
        events=[
            event(
                "repost-e1",
                repost,
                date="2018-04-05",
                where=place("kafr_nabl"),
                actor1=SYRIA,
                actor2=CIVILIANS,
                killed=5,
            )
        ],
    )
    with Store(sqlite_url) as store:
        ingest(store, recs("orig", "repost"), extract=recs.extract)
        with store.engine.connect() as conn:
            assert [
                tuple(r)
                for r in conn.execute(
                    select(supersessions.c.article_id, supersessions.c.superseded_by, supersessions.c.reason)
                )
            ] == [("repost", "orig", "repost")]
        df = _csv(store)
        assert list(df["event_id_cnty"]) == [
            acled_id_of(store.engine, "orig-e1")
        ]  # the re-post adds no second incident
        assert list_incidents(store)[0]["incident_id"] == "orig-e1"


def test_an_exact_copy_from_another_outlet_is_named(sqlite_url: str) -> None:
    recs = Records()
    _strike(recs, "france24-1", source="France24", published="2018-03-03", killed=5)
    copy_item = dict(recs.items["france24-1"], id="cnn-copy", source="CNN")
    with Store(sqlite_url) as store:
        ingest(store, recs("france24-1"), extract=recs.extract)
        report = ingest(store, [copy_item], extract=recs.extract)
        assert report.outcomes[0].status == "duplicate"
        with store.engine.connect() as conn:
            assert [
                tuple(r)
                for r in conn.execute(
                    select(article_copies.c.copy_id, article_copies.c.duplicate_of, article_copies.c.source)
                )
            ] == [("cnn-copy", "france24-1", "CNN")]
        ingest(
            store, recs("france24-1"), extract=recs.extract, engine_version="again"
        )  # recompute the incident
        incident = get_incident(store, "france24-1-e1")
        assert incident is not None and incident["outlets"] == ["France24", "CNN"]
        assert _csv(store).iloc[0]["source"].startswith("France24; CNN")


def test_reextraction_keeps_the_incident_and_records_why_members_left(db_url: str) -> None:
    recs = Records()
    _strike(recs, "r1", source="BBC", published="2018-03-03", killed=5)
    _strike(recs, "r2", source="CNN", published="2018-03-03", killed=6)
    with Store(db_url) as store:
        ingest(store, recs("r1", "r2"), extract=recs.extract, engine_version="1")
        before = incident_of_events(store, ["r1-e1", "r2-e1"])
        assert before == {"r1-e1": "r1-e1", "r2-e1": "r1-e1"}

        def new_engine(item: dict[str, Any]) -> dict[str, Any]:
            record = recs.extract(item)
            for ev in record["events"]:
                ev["event_id"] += "-v2"  # a new engine version, new event ids
            return record

        ingest(store, recs("r1", "r2"), extract=new_engine, engine_version="2")
        after = incident_of_events(store, ["r1-e1-v2", "r2-e1-v2"])
        assert after == {"r1-e1-v2": "r1-e1", "r2-e1-v2": "r1-e1"}  # same incident id
        incident = get_incident(store, "r1-e1")
        assert incident is not None and incident["status"] == "active" and incident["n_reports"] == 2
        left = [e for e in incident["log"] if e["action"] == "left"]
        assert {e["event_id"] for e in left} == {"r1-e1", "r2-e1"}
        assert all("re-extracted" in e["detail"] for e in left)
        assert list(_csv(store)["event_id_cnty"]) == [acled_id_of(store.engine, "r1-e1")]

        # A newer engine that finds nothing in either article: the incident is retired, with the reason.
        ingest(
            store,
            recs("r1", "r2"),
            extract=lambda item: {**recs.extract(item), "events": []},
            engine_version="3",
        )
        incident = get_incident(store, "r1-e1")
        assert incident is not None and incident["status"] == "retired"
        assert incident["log"][-1]["action"] == "retired"
        assert len(_csv(store)) == 0


def test_events_not_yet_fused_are_still_exported(sqlite_url: str) -> None:
    recs = Records()
    _strike(recs, "u1", source="BBC", published="2018-03-03", killed=5)
    _strike(recs, "u2", source="CNN", published="2018-03-03", killed=6)
    with Store(sqlite_url) as store:
        IngestService(store, fuse_after_batch=False).ingest(recs("u1", "u2"), extract=recs.extract)
        assert sorted(_csv(store)["event_id_cnty"]) == sorted(
            [acled_id_of(store.engine, "u1-e1"), acled_id_of(store.engine, "u2-e1")]
        )
        assert fuse(store).as_dict()["incidents_created"] == 1
        assert list(_csv(store)["event_id_cnty"]) == [acled_id_of(store.engine, "u1-e1")]
        buf = io.StringIO()
        assert export_events(store, "acled-csv", buf, unit="event") == 2
