"""Export rows of incidents: one row per active incident (its representative event's columns
with the incident's id, figure and sources), and one per event not yet fused, in display order,
with the sentence that names every outlet and each one's figure."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import and_, exists, or_, select

from marsad.fusion.figures import distinct_names, figure_text
from marsad.fusion.reports import ACTIVE, Report, report_from_row, reports_stmt
from marsad.fusion.rules import default_fusion_rules
from marsad.store.acled_ids import with_acled_ids
from marsad.store.query import EventFilter, ordered
from marsad.store.review_view import apply_review, corrected_toll, states_for
from marsad.store.store import Store
from marsad.store.tables import events, incident_events, incidents
from marsad.util import chunked

INCIDENT_EXTRA = (
    "incident_id",
    "incident_fatalities",
    "incident_fatalities_event_id",
    "incident_fatalities_rule",
    "incident_injuries",
    "incident_sources",
    "incident_source_scale",
    "incident_n_events",
    "incident_n_sources",
    "incident_attribution",
    "incident_hedged",
)
_CHOSEN = events.alias("chosen_claim")


def _incident_cols() -> list[Any]:
    i = incidents.c
    return [
        i.incident_id,
        i.fatalities.label("incident_fatalities"),
        i.fatalities_event_id.label("incident_fatalities_event_id"),
        i.fatalities_rule.label("incident_fatalities_rule"),
        i.injuries.label("incident_injuries"),
        i.sources.label("incident_sources"),
        i.source_scale.label("incident_source_scale"),
        i.n_events.label("incident_n_events"),
        i.n_sources.label("incident_n_sources"),
        _CHOSEN.c.attribution_source.label("incident_attribution"),
        _CHOSEN.c.hedged.label("incident_hedged"),
    ]


def _incident_rows_stmt(flt: EventFilter | None) -> Any:
    """Events that stand for an incident: representatives of active incidents, and events not yet fused."""
    flt = flt or EventFilter()
    unfused = ~exists(
        select(incident_events.c.event_id).where(incident_events.c.event_id == events.c.event_id)
    )
    return (
        select(events, *_incident_cols())
        .select_from(
            events.outerjoin(
                incidents,
                and_(incidents.c.representative_event_id == events.c.event_id, incidents.c.status == ACTIVE),
            ).outerjoin(_CHOSEN, _CHOSEN.c.event_id == incidents.c.fatalities_event_id)
        )
        .where(*flt.conditions(), or_(incidents.c.incident_id.is_not(None), unfused))
    )


def incident_row(row: dict[str, Any]) -> dict[str, Any]:
    """An export row: the representative event's columns with the incident's id, figure and sources
    (the keys `exports.acled_row` reads). An event not yet fused stays as it is."""
    out = {k: v for k, v in row.items() if k not in INCIDENT_EXTRA}
    if not row.get("incident_id"):
        return out
    chosen = row.get("incident_fatalities_event_id")
    out.update(
        event_id=row["incident_id"],
        fatalities=row["incident_fatalities"],
        incident_sources=row["incident_sources"],
        incident_source_scale=row["incident_source_scale"] or "",
        incident_reports=row["incident_n_events"],
        incident_outlets=row["incident_n_sources"],
    )
    if row.get("incident_injuries") is not None or row.get("injuries") is not None:
        out["injuries"] = row.get("incident_injuries")
    out["incident_fatalities_event_id"] = chosen
    if chosen:  # the notes name who gave the figure the incident uses
        out.update(attribution_source=row.get("incident_attribution"), hedged=row.get("incident_hedged"))
    out["incident_fatalities_rule"] = row.get("incident_fatalities_rule")
    return out


def iter_incident_rows(
    store: Store, flt: EventFilter | None = None, *, limit: int | None = None, chunk_size: int = 1000
) -> Iterator[dict[str, Any]]:
    """One row per incident (and per event not yet fused), in display order, streamed."""
    stmt = ordered(_incident_rows_stmt(flt))
    if limit is not None:
        stmt = stmt.limit(limit)
    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=chunk_size).execute(stmt)
        notes_for: dict[str, str] = {}
        batch: list[dict[str, Any]] = []
        for r in result:
            batch.append(dict(r._mapping))
            if len(batch) >= 200:
                yield from _with_claim_notes(store, batch, notes_for)
                batch = []
        yield from _with_claim_notes(store, batch, notes_for)


def _with_claim_notes(
    store: Store, batch: list[dict[str, Any]], cache_: dict[str, str]
) -> Iterator[dict[str, Any]]:
    multi = [
        r["incident_id"] for r in batch if r.get("incident_id") and (r.get("incident_n_events") or 0) > 1
    ]
    if multi:
        for incident_id, note in claim_notes(store, multi).items():
            cache_[incident_id] = note
    with store.engine.connect() as conn:
        states = states_for(conn, [r["event_id"] for r in batch])
    out = []
    for r in batch:
        state = states.get(r["event_id"])
        # The representative's corrections apply; an analyst's toll replaces the incident's figure.
        row = corrected_toll(incident_row(apply_review(r, state)), state)
        if r.get("incident_id") in cache_:
            row["incident_note"] = cache_.pop(r["incident_id"])
        out.append(row)
    yield from with_acled_ids(store.engine, out)


def claim_notes(store: Store, incident_ids: Sequence[str]) -> dict[str, str]:
    """The English sentences that name every outlet and, when they differ, each one's figure."""
    rules = default_fusion_rules()
    t = rules.notes
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        members: dict[str, list[Report]] = {}
        for chunk in chunked(list(incident_ids), 500):
            for row in conn.execute(reports_stmt(True).where(incident_events.c.incident_id.in_(chunk))):
                r = report_from_row(row)
                members.setdefault(r.incident_id or "", []).append(r)
        rule_of = {
            r.incident_id: r.fatalities_rule
            for r in conn.execute(
                select(incidents.c.incident_id, incidents.c.fatalities_rule).where(
                    incidents.c.incident_id.in_(list(incident_ids))
                )
            )
        }
    for incident_id, reports in members.items():
        active = sorted((r for r in reports if r.status == ACTIVE), key=Report.order)
        outlets = distinct_names(r.outlet for r in sorted(reports, key=Report.order))
        parts = []
        if len(outlets) > 1:
            parts.append(t["claims"].format(outlets=_join(outlets)))
        figures = {r.fatalities[2] for r in active}
        if len(figures) > 1:
            listed = "; ".join(
                f"{r.outlet or r.article_id} {figure_text(r)}"
                + (f" ({r.attribution})" if r.attribution else "")
                for r in active
            )
            rule = t["rules"].get(rule_of.get(incident_id) or "", "")
            parts.append(t["differing"].format(figures=listed, rule=rule))
        if parts:
            out[incident_id] = " ".join(parts)
    return out


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
