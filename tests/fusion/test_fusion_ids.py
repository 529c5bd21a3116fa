"""Incident ids and memberships never clash with stored ones, both found by bench/fuzz.py
--mode store: an event id reused a second time took "~2", which an earlier reuse had left in the
database (PostgreSQL); an updated event that left its incident was fused twice. Each insert
failed on a key and an innocent article was quarantined."""

from __future__ import annotations

from sqlalchemy import insert, select

from marsad.fusion.rules import default_fusion_rules
from marsad.fusion.state import FusionReport, PassState
from marsad.service import IngestService
from marsad.store import Store
from marsad.store.tables import incident_events, incidents
from marsad.util import utcnow


def test_a_suffixed_incident_id_in_the_database_is_not_taken_again(db_url: str) -> None:
    now = utcnow()
    row = {"status": "active", "event_type": "Battles", "n_events": 1, "n_sources": 1}
    with Store(db_url) as store, store.engine.begin() as conn:
        for incident_id in ("ev-1", "ev-1~2"):
            conn.execute(
                insert(incidents).values(incident_id=incident_id, created_at=now, updated_at=now, **row)
            )
        state = PassState(conn, default_fusion_rules(), now, FusionReport())
        state.reserve_ids(["ev-1", "ev-2"])
        assert state.unique_incident_id("ev-1") == "ev-1~3"
        assert state.unique_incident_id("ev-2") == "ev-2"
        assert state.unique_incident_id("ev-1") == "ev-1~4"


# Our own reports of one strike; the update moves it to another city, so its event (same id:
# same first sentence, type and trigger) no longer fits the incident it shared with the other.
STRIKE = "قتل ثلاثة مدنيين وأصيب خمسة آخرون في غارة جوية استهدفت سوقا شعبيا في مدينة حلب صباح اليوم."
OTHER_REPORT = "قتل ثلاثة مدنيين في غارة جوية استهدفت سوقا شعبيا في مدينة حلب صباح اليوم وفق مصادر طبية."
MOVED = "قتل ثلاثة مدنيين وأصيب خمسة آخرون في غارة جوية استهدفت سوقا شعبيا في مدينة الموصل صباح اليوم."


def test_an_updated_article_whose_event_leaves_its_incident_is_fused_again(db_url: str) -> None:
    # Found by bench/fuzz.py --mode store: the event that left was fused twice (once as leaving,
    # once as pending), the second membership failed on the UNIQUE event id and the article was
    # quarantined.
    with Store(db_url) as store:
        service = IngestService(store)
        first = service.ingest(
            [
                {"id": "a", "text": STRIKE, "published": "2024-03-05"},
                {"id": "b", "text": OTHER_REPORT, "published": "2024-03-05", "source": "other"},
            ]
        )
        assert not first.step_errors
        with store.engine.connect() as conn:
            shared = dict(
                conn.execute(select(incident_events.c.article_id, incident_events.c.incident_id)).all()
            )
        assert shared["a"] == shared["b"]  # one incident
        update = service.ingest([{"id": "a", "text": MOVED, "published": "2024-03-05"}])
        assert [o.status for o in update.outcomes] == ["updated"] and not update.step_errors
        assert store.counts()["quarantine"] == 0
        with store.engine.connect() as conn:
            now = dict(
                conn.execute(select(incident_events.c.article_id, incident_events.c.incident_id)).all()
            )
        assert now["b"] == shared["b"] and now["a"] != now["b"]  # a left and founded its own
