"""The tables of analyst review (issue 18), on the schema's metadata (migration 0003).

`reviews` is the append-only log: who, when, which action, the field-level diff and why.
`review_state` is the event's current review, one row per reviewed event: its status, the
version that optimistic concurrency checks, the corrections (record fields → the analyst's
values) laid over the engine's record, and the anchor (the engine's record and incident when
it was reviewed) that re-extraction matches against. Engine rows in `events` are never
changed by a review; an event the analyst adds is an `events` row of its own
(engine_version "review") whose record is kept here too, so re-extraction can put it back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Connection,
    Index,
    String,
    Table,
    Text,
    exists,
    insert,
    select,
)

from marsad.store.metadata import EventKey, optional, owned_by, owned_rows, required
from marsad.store.tables import JSONType, Timestamp, articles, events, metadata

REVIEW_ENGINE = "review"  # engine_version of the events an analyst added

# No foreign key to events: re-extraction replaces an event's row, and its reviews must stay.
reviews = owned_rows(
    "reviews",
    "review_id",
    [
        *required("event_id", index=True),
        owned_by("article_id", articles.c.article_id),
    ],
    Column("action", String(16), nullable=False),  # confirm | edit | reject | merge | add | rematch | stale
    *required("version", "reviewer", "created_at"),  # version: the event's after this entry
    Column("changes", JSONType, nullable=False),  # {field: {"from": old, "to": new}}
    *optional("reason"),
    Column("note", Text, nullable=True),
)

review_state = Table(
    "review_state",
    metadata,
    *required("event_id", primary_key=True),
    owned_by("article_id", articles.c.article_id),
    *required("status", "version", "reviewer"),  # status: confirmed | corrected | rejected
    Column("reviewed_at", Timestamp, nullable=False),
    Column("corrections", JSONType, nullable=False),
    *optional("reason"),
    Column("merged_into", EventKey, nullable=True),
    Column("added", Boolean, nullable=False),
    Column("anchor", JSONType, nullable=False),  # engine record (or the added one) and incident_id
    Column("stale", Boolean, nullable=False),
    Column("stale_reason", Text, nullable=True),
    Index(None, "status"),
)

REVIEW_TABLES: tuple[Table, ...] = (reviews, review_state)

# The stale columns of a review that applies to its event (again): one just saved or re-anchored.
APPLIES: dict[str, Any] = {"stale": False, "stale_reason": None}


def not_rejected() -> ColumnElement[bool]:
    """Events no analyst rejected (or merged into another)."""
    s = review_state.c
    return ~exists(select(s.event_id).where(s.event_id == events.c.event_id, s.status == "rejected"))


def unreviewed() -> ColumnElement[bool]:
    s = review_state.c
    return ~exists(select(s.event_id).where(s.event_id == events.c.event_id))


def log_review(
    conn: Connection,
    state: dict[str, Any],
    action: str,
    changes: dict[str, Any],
    *,
    reviewer: str,
    at: datetime,
    reason: str | None = None,
    note: str | None = None,
) -> None:
    """One row of the reviews log for the event whose review state is `state`."""
    conn.execute(
        insert(reviews).values(
            event_id=state["event_id"],
            article_id=state["article_id"],
            action=action,
            version=state["version"],
            reviewer=reviewer,
            created_at=at,
            changes=changes,
            reason=reason,
            note=note,
        )
    )
