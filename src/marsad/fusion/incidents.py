"""Incident reads for the API and the dashboard: pages of incidents, one incident with every
report's claim, its copies and its history, and which incident an event is in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import exists, func, select

from marsad.fusion.copies import copies_of, superseded_articles
from marsad.fusion.figures import distinct_names
from marsad.fusion.reports import ACTIVE, SUPERSEDED, Report, iso_text, report_from_row, reports_stmt
from marsad.store.query import EventFilter
from marsad.store.store import Store
from marsad.store.tables import claims, events, incident_events, incident_log, incidents
from marsad.util import chunked


def _count(values: tuple[int | None, int | None, int | None]) -> dict[str, int | None]:
    low, high, best = values
    return {"min": low, "max": high, "best": best}


def claim_json(
    r: Report, chosen: str | None, superseded: dict[str, tuple[str, str]], inner: list[dict[str, Any]]
) -> dict[str, Any]:
    by = superseded.get(r.article_id)
    return {
        "event_id": r.event_id,
        "article_id": r.article_id,
        "outlet": r.outlet,
        "published": iso_text(r.published) or None,
        "status": r.status,
        "superseded_by": by[0] if by and r.status == SUPERSEDED else None,
        "fatalities": _count(r.fatalities),
        "injuries": _count(r.injuries),
        "casualties": _count(r.casualties),
        "attribution": {"source": r.attribution, "hedged": r.hedged},
        "actor1": r.actor1,
        "actor2": r.actor2,
        "location": r.location,
        "admin1": r.admin1,
        "country": r.country,
        "date": iso_text(r.day) or None,
        "sub_event_type": r.sub_event_type,
        "chosen": r.event_id == chosen,
        "claims_in_article": inner,
    }


def _incident_summary(row: Any) -> dict[str, Any]:
    m = row._mapping
    return {
        "incident_id": m["incident_id"],
        "status": m["status"],
        "event_type": m["event_type"],
        "date": iso_text(m["event_date"]) or None,
        "country": m["country"],
        "admin1": m["admin1"],
        "representative_event_id": m["representative_event_id"],
        "fatalities": m["fatalities"],
        "fatalities_claim": {"event_id": m["fatalities_event_id"], "rule": m["fatalities_rule"]},
        "injuries": m["injuries"],
        "sources": m["sources"],
        "source_scale": m["source_scale"],
        "n_reports": m["n_events"],
        "n_outlets": m["n_sources"],
        "created_at": iso_text(m["created_at"]) or None,
        "updated_at": iso_text(m["updated_at"]) or None,
    }


def _incident_query(flt: EventFilter | None) -> Any:
    """Active incidents whose representative event matches the filter; `article_id` matches any
    member instead (the incidents an article reports)."""
    flt = flt or EventFilter()
    by_article = flt.article_id
    if by_article:
        flt = replace(flt, article_id=None)
    stmt = (
        select(incidents)
        .select_from(incidents.join(events, events.c.event_id == incidents.c.representative_event_id))
        .where(incidents.c.status == ACTIVE, *flt.conditions())
    )
    if by_article:
        stmt = stmt.where(
            exists(
                select(incident_events.c.event_id).where(
                    incident_events.c.incident_id == incidents.c.incident_id,
                    incident_events.c.article_id == by_article,
                )
            )
        )
    return stmt


def count_incidents(store: Store, flt: EventFilter | None = None) -> int:
    with store.engine.connect() as conn:
        return int(
            conn.execute(select(func.count()).select_from(_incident_query(flt).subquery())).scalar_one()
        )


def list_incidents(
    store: Store,
    flt: EventFilter | None = None,
    *,
    limit: int = 100,
    offset: int = 0,
    with_claims: bool = False,
) -> list[dict[str, Any]]:
    stmt = (
        _incident_query(flt)
        .order_by(incidents.c.event_date.is_(None), incidents.c.event_date.desc(), incidents.c.incident_id)
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as conn:
        rows = list(conn.execute(stmt))
    out = [_incident_summary(r) for r in rows]
    if with_claims and out:
        details = incident_details(store, [o["incident_id"] for o in out])
        for o in out:
            o.update(details.get(o["incident_id"], {}))
    return out


def get_incident(store: Store, incident_id: str) -> dict[str, Any] | None:
    """The incident with every report's claim, its members' supersessions and its history."""
    with store.engine.connect() as conn:
        row = conn.execute(select(incidents).where(incidents.c.incident_id == incident_id)).first()
    if row is None:
        return None
    out = _incident_summary(row)
    out.update(incident_details(store, [incident_id]).get(incident_id, {}))
    with store.engine.connect() as conn:
        out["log"] = [
            {
                "at": iso_text(r.at),
                "action": r.action,
                "event_id": r.event_id,
                "article_id": r.article_id,
                "detail": r.detail,
            }
            for r in conn.execute(
                select(incident_log)
                .where(incident_log.c.incident_id == incident_id)
                .order_by(incident_log.c.log_id)
            )
        ]
    return out


def incident_details(store: Store, incident_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """{incident: {"outlets": [...], "claims": [...], "notes_extra": str}}."""
    with store.engine.connect() as conn:
        members: dict[str, list[Report]] = {i: [] for i in incident_ids}
        chosen: dict[str, str | None] = {}
        for chunk in chunked(list(incident_ids), 500):
            for row in conn.execute(reports_stmt(True).where(incident_events.c.incident_id.in_(chunk))):
                r = report_from_row(row)
                members[r.incident_id or ""].append(r)
            chosen.update(
                {
                    r.incident_id: r.fatalities_event_id
                    for r in conn.execute(
                        select(incidents.c.incident_id, incidents.c.fatalities_event_id).where(
                            incidents.c.incident_id.in_(chunk)
                        )
                    )
                }
            )
        event_ids = [r.event_id for rs in members.values() for r in rs]
        inner: dict[str, list[dict[str, Any]]] = {}
        for chunk in chunked(event_ids, 500):
            for c in conn.execute(
                select(claims).where(claims.c.event_id.in_(chunk)).order_by(claims.c.event_id, claims.c.seq)
            ):
                inner.setdefault(c.event_id, []).append(
                    {"source": c.source, "hedged": c.hedged, "fatalities": c.fatalities}
                )
        article_ids = {r.article_id for rs in members.values() for r in rs}
        superseded = superseded_articles(conn, article_ids)
        copies = copies_of(conn, article_ids)
    out: dict[str, dict[str, Any]] = {}
    for incident_id, reports in members.items():
        ordered_reports = sorted(reports, key=Report.order)
        outlets = distinct_names(
            [
                *(r.outlet for r in ordered_reports),
                *(c["source"] for r in ordered_reports for c in copies.get(r.article_id, [])),
            ]
        )
        out[incident_id] = {
            "outlets": outlets,
            "claims": [
                claim_json(r, chosen.get(incident_id), superseded, inner.get(r.event_id, []))
                for r in ordered_reports
            ],
            "copies": [
                {
                    "copy_id": c["copy_id"],
                    "source": c["source"],
                    "published": iso_text(c["published"]) or None,
                    "copy_of": r.article_id,
                }
                for r in ordered_reports
                for c in copies.get(r.article_id, [])
            ],
        }
    return out


def incident_of_events(store: Store, event_ids: Sequence[str]) -> dict[str, str]:
    """{event: incident} for the given events (those fused so far)."""
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        for chunk in chunked(list(event_ids), 500):
            out.update(
                {
                    r.event_id: r.incident_id
                    for r in conn.execute(
                        select(incident_events.c.event_id, incident_events.c.incident_id).where(
                            incident_events.c.event_id.in_(chunk)
                        )
                    )
                }
            )
    return out
