"""The current view of events: each engine row with its review laid over it (corrections
applied, review status, reviewer and time), for the API and every export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from marsad.store.review_fields import corrected_columns, current_record
from marsad.store.review_tables import review_state
from marsad.util import chunked

UNREVIEWED = "unreviewed"
STATUSES: tuple[str, ...] = (UNREVIEWED, "confirmed", "corrected", "rejected")


def states_for(conn: Connection, event_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Review state rows by event id (only the reviewed ones)."""
    out: dict[str, dict[str, Any]] = {}
    for chunk in chunked(sorted(set(event_ids)), 500):
        for r in conn.execute(select(review_state).where(review_state.c.event_id.in_(chunk))):
            out[r.event_id] = dict(r._mapping)
    return out


def review_fields(state: dict[str, Any] | None) -> dict[str, Any]:
    """The review_* keys a row carries (unreviewed: status only, version 0)."""
    if state is None:
        return {
            "review_status": UNREVIEWED,
            "reviewer": None,
            "reviewed_at": None,
            "review_version": 0,
            "review_reason": None,
            "merged_into": None,
            "review_stale": False,
            "review_added": False,
        }
    return {
        "review_status": state["status"],
        "reviewer": state["reviewer"],
        "reviewed_at": state["reviewed_at"],
        "review_version": state["version"],
        "review_reason": state["reason"],
        "merged_into": state["merged_into"],
        "review_stale": bool(state["stale"]),
        "review_added": bool(state["added"]),
    }


def apply_review(row: dict[str, Any], state: dict[str, Any] | None) -> dict[str, Any]:
    """The row as the analyst left it: the engine's record plus the corrections, flattened
    again (full rows) or as a record only (rows of article-record exports)."""
    out = dict(row)
    corrections = (state or {}).get("corrections") or {}
    if corrections and isinstance(row.get("record"), dict):
        record = current_record(row["record"], corrections)
        if "seq" in row:
            out.update(corrected_columns(row, record))
        out["record"] = record
    out.update(review_fields(state))
    return out


def corrected_toll(row: dict[str, Any], state: dict[str, Any] | None) -> dict[str, Any]:
    """An incident row whose representative event had its toll corrected shows the analyst's."""
    corrections = (state or {}).get("corrections") or {}
    for name in ("fatalities", "injuries"):
        if name in corrections:
            row[name] = (corrections[name] or {}).get("best")
    return row


def reviewed(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    states = states_for(conn, [r["event_id"] for r in rows])
    return [apply_review(r, states.get(r["event_id"])) for r in rows]


def iter_reviewed(
    engine: Engine, rows: Iterable[dict[str, Any]], chunk: int = 200
) -> Iterator[dict[str, Any]]:
    """`rows` in the current view, a chunk at a time (one short read of review states each)."""
    for batch in chunked(rows, chunk):
        with engine.connect() as conn:
            yield from reviewed(conn, list(batch))


def record_review(row: dict[str, Any]) -> dict[str, Any]:
    """The `review` object of an article-record event (JSONL export)."""
    at = row.get("reviewed_at")
    return {
        "status": row.get("review_status", UNREVIEWED),
        "reviewer": row.get("reviewer"),
        "reviewed_at": at.isoformat() if isinstance(at, datetime) else at,
        "version": row.get("review_version", 0),
        "reason": row.get("review_reason"),
        "merged_into": row.get("merged_into"),
    }
