"""Issue 10 acceptance, through the real engine on SQLite and PostgreSQL: two outlets report one
air strike in their own words with different tolls (our own texts) → one ACLED CSV row whose
`source` names both outlets and whose fatalities follow the rule; the incident's claims list
both figures. A later official toll then replaces the early estimates."""

from __future__ import annotations

import io

import pandas as pd

from marsad.fusion import get_incident, incident_of_events, list_incidents
from marsad.fusion.exports import export_events
from marsad.service import ingest
from marsad.store import Store
from marsad.store.acled_ids import acled_id_of

BBC = {
    "id": "acc-bbc",
    "source": "BBC",
    "published": "2018-02-05T09:10:00+00:00",
    "title": "قصف على سراقب",
    "text": "قالت مصادر محلية إن خمسة مدنيين قتلوا وأصيب ثمانية آخرون في قصف جوي استهدف سوقا شعبية في بلدة "
    "سراقب بريف إدلب صباح اليوم.",
}
SKY = {
    "id": "acc-sky",
    "source": "Sky News Arabia",
    "published": "2018-02-05T11:40:00+00:00",
    "title": "غارات على إدلب",
    "text": "أفاد المرصد السوري لحقوق الإنسان بمقتل ثمانية أشخاص، بينهم طفلان، جراء غارات جوية على مدينة سراقب "
    "شرقي إدلب اليوم.",
}
SKY_OFFICIAL = {
    "id": "acc-sky-2",
    "source": "Sky News Arabia",
    "published": "2018-02-05T18:00:00+00:00",
    "title": "ارتفاع الحصيلة",
    "text": "أعلنت مديرية الصحة في إدلب ارتفاع عدد قتلى الغارات الجوية على مدينة سراقب "
    "اليوم إلى أحد عشر قتيلا.",
}


def _csv(store: Store) -> pd.DataFrame:
    buf = io.StringIO()
    export_events(store, "acled-csv", buf)
    return pd.read_csv(io.StringIO(buf.getvalue()))


def test_two_outlets_one_row_with_both_claims(db_url: str) -> None:
    with Store(db_url) as store:
        report = ingest(store, [BBC, SKY], origin="acceptance")
        assert report.counts["events_written"] == 2
        df = _csv(store)
        assert len(df) == 1, df.to_dict("records")
        row = df.iloc[0]
        assert row["source"].split("; ")[:2] == ["BBC", "Sky News Arabia"]
        assert row["source_scale"] == "Regional-International"
        assert row["fatalities"] == 5  # lowest credible of 5 (local sources) and 8 (SOHR)
        assert row["event_type"] == "Explosions/Remote violence" and row["admin1"] == "Idlib"
        (summary,) = list_incidents(store)
        incident = get_incident(store, summary["incident_id"])
        assert incident is not None and incident["fatalities_claim"]["rule"] == "lowest_credible"
        figures = {c["outlet"]: c["fatalities"]["best"] for c in incident["claims"]}
        assert figures == {"BBC": 5, "Sky News Arabia": 8}
        assert [c["chosen"] for c in incident["claims"] if c["outlet"] == "BBC"] == [True]

        # Hours later the health directorate gives 11: a later official figure replaces the estimates.
        ingest(store, [SKY_OFFICIAL], origin="acceptance")
        df = _csv(store)
        assert len(df) == 1 and df.iloc[0]["fatalities"] == 11
        assert df.iloc[0]["event_id_cnty"] == acled_id_of(store.engine, summary["incident_id"])  # the same id
        incident = get_incident(store, summary["incident_id"])
        assert incident is not None
        assert incident["fatalities_claim"]["rule"] == "latest_official"
        assert sorted(c["fatalities"]["best"] for c in incident["claims"]) == [5, 8, 11]
        groups = incident_of_events(
            store,
            [
                e["event_id"]
                for a in ("acc-bbc", "acc-sky", "acc-sky-2")
                for e in store.get_article(a)["events"]
            ],
        )  # type: ignore[index]
        assert set(groups.values()) == {summary["incident_id"]}
