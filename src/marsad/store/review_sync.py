"""Reviews across re-extraction: when an article's events are replaced (a new engine version,
a changed text), each review finds its event again — by article, evidence offsets and
incident — or is flagged as no longer applying; events an analyst added are put back.

Called by the ingest service after every batch it wrote (and fused)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from marsad.store.review_fields import EDITABLE, review_status
from marsad.store.review_tables import (
    APPLIES,
    REVIEW_ENGINE,
    log_review,
    review_state,
    reviews,
)
from marsad.store.reviews import insert_event
from marsad.store.tables import events, incident_events
from marsad.util import chunked, utcnow

# Share of the evidence characters two events must have in common to be the same event.
MIN_OVERLAP = 0.5
SYSTEM_REVIEWER = "marsad (re-extraction)"


@dataclass
class SyncReport:
    kept: int = 0
    rematched: int = 0
    restored: int = 0
    stale: int = 0
    stale_ids: list[str] = field(default_factory=list)


def _spans(record: dict[str, Any]) -> list[tuple[int, int]]:
    out = []
    for span in record.get("evidence") or []:
        if isinstance(span, dict) and isinstance(span.get("start"), int) and isinstance(span.get("end"), int):
            out.append((span["start"], span["end"]))
    return out


def overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> float:
    """Characters the two evidence sets share over the characters either covers."""
    chars_a = {i for s, e in a for i in range(s, e)}
    chars_b = {i for s, e in b for i in range(s, e)}
    union = len(chars_a | chars_b)
    return len(chars_a & chars_b) / union if union else 0.0


@dataclass
class _Candidate:
    event_id: str
    record: dict[str, Any]
    engine: bool
    incident_id: str | None


def _candidates(conn: Connection, article_id: str) -> list[_Candidate]:
    stmt = (
        select(events.c.event_id, events.c.record, events.c.engine_version, incident_events.c.incident_id)
        .select_from(events.outerjoin(incident_events, incident_events.c.event_id == events.c.event_id))
        .where(events.c.article_id == article_id)
        .order_by(events.c.seq)
    )
    return [
        _Candidate(r.event_id, r.record, r.engine_version != REVIEW_ENGINE, r.incident_id)
        for r in conn.execute(stmt)
    ]


def best_match(anchor: dict[str, Any], candidates: list[_Candidate], taken: set[str]) -> _Candidate | None:
    """The engine event with the most evidence in common (at least MIN_OVERLAP); the same
    event type, then the same incident, then the same sub-type break ties."""
    record = anchor.get("record") or {}
    spans = _spans(record)
    scored = []
    for c in candidates:
        if not c.engine or c.event_id in taken:
            continue
        share = overlap(spans, _spans(c.record))
        if share < MIN_OVERLAP:
            continue
        scored.append(
            (
                c.record.get("event_type") == record.get("event_type"),
                anchor.get("incident_id") is not None and c.incident_id == anchor.get("incident_id"),
                c.record.get("sub_event_type") == record.get("sub_event_type"),
                share,
                c,
            )
        )
    if not scored:
        return None
    scored.sort(key=lambda t: t[:4], reverse=True)
    return scored[0][4]


def _log(conn: Connection, state: dict[str, Any], action: str, changes: dict[str, Any], note: str) -> None:
    log_review(conn, state, action, changes, reviewer=SYSTEM_REVIEWER, at=utcnow(), note=note)


def _move(conn: Connection, state: dict[str, Any], match: _Candidate, corrections: dict[str, Any]) -> None:
    """The review now belongs to `match`: the state and its log follow the event."""
    old_id = state["event_id"]
    anchor = {"record": match.record, "incident_id": match.incident_id, "engine_version": None}
    conn.execute(
        update(review_state)
        .where(review_state.c.event_id == old_id)
        .values(
            event_id=match.event_id,
            version=state["version"] + 1,
            corrections=corrections,
            anchor=anchor,
            added=False,
            status=review_status(state["status"] == "rejected", corrections),
            **APPLIES,
        )
    )
    conn.execute(update(reviews).where(reviews.c.event_id == old_id).values(event_id=match.event_id))
    moved = {**state, "event_id": match.event_id, "version": state["version"] + 1}
    _log(conn, moved, "rematch", {"event_id": {"from": old_id, "to": match.event_id}}, "matched by evidence")


def _sync_one(
    conn: Connection, state: dict[str, Any], cands: list[_Candidate], taken: set[str], report: SyncReport
) -> None:
    present = {c.event_id for c in cands}
    anchor = state["anchor"] or {}
    if state["added"]:
        match = best_match(anchor, cands, taken)
        if match is not None:
            # The engine now finds the event itself: the analyst's coding stays, as corrections.
            added = anchor.get("record") or {}
            mine = {k: added.get(k) for k in EDITABLE if k in added}
            corrections = {
                k: v for k, v in {**mine, **state["corrections"]}.items() if match.record.get(k) != v
            }
            _move(conn, state, match, corrections)
            taken.add(match.event_id)
            report.rematched += 1
        elif state["event_id"] not in present:
            insert_event(conn, state["article_id"], anchor["record"])
            report.restored += 1
        else:
            report.kept += 1
        return
    if state["event_id"] in present:
        report.kept += 1
        return
    match = best_match(anchor, cands, taken)
    if match is None:
        if not state["stale"]:
            reason = "no event of the new extraction has this event's evidence"
            conn.execute(
                update(review_state)
                .where(review_state.c.event_id == state["event_id"])
                .values(stale=True, stale_reason=reason)
            )
            _log(conn, state, "stale", {}, reason)
        report.stale += 1
        report.stale_ids.append(state["event_id"])
        return
    corrections = {k: v for k, v in state["corrections"].items() if match.record.get(k) != v}
    _move(conn, state, match, corrections)
    taken.add(match.event_id)
    report.rematched += 1


def sync_reviews(engine: Engine, article_ids: Iterable[str]) -> SyncReport:
    """Re-anchor the reviews of these (just rewritten) articles; one transaction."""
    report = SyncReport()
    ids = sorted(set(article_ids))
    with engine.begin() as conn:
        for chunk in chunked(ids, 500):
            states: dict[str, list[dict[str, Any]]] = {}
            for r in conn.execute(
                select(review_state)
                .where(review_state.c.article_id.in_(chunk))
                .order_by(review_state.c.article_id, review_state.c.reviewed_at)
            ):
                states.setdefault(r.article_id, []).append(dict(r._mapping))
            for article_id, rows in states.items():
                cands = _candidates(conn, article_id)
                taken = {s["event_id"] for s in rows}
                for state in rows:
                    _sync_one(conn, state, cands, taken, report)
    return report
