"""New incident ids never clash with stored ones (found by bench/fuzz.py --mode store on
PostgreSQL: an event id reused a second time took "~2", which an earlier reuse had left in the
database; the insert failed on the primary key and the article was quarantined)."""

from __future__ import annotations

from sqlalchemy import insert

from marsad.fusion.rules import default_fusion_rules
from marsad.fusion.state import FusionReport, PassState
from marsad.store import Store
from marsad.store.tables import incidents
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
