"""Analyst review of stored events (issue 18): confirm, edit, reject, merge, add a missed event.

    reviews = Reviews(store)
    reviews.edit("e1", version=0, reviewer="amal", changes={"fatalities": {"best": 4, "min": 4, "max": None}})

Every action is one transaction that appends to the `reviews` log and moves the event's
`review_state` to the next version. The caller says which version it saw: a stale one (another
reviewer saved in between) raises `ReviewConflict` and nothing is written. The engine's rows are
never changed; the current view (review_view.py) lays the corrections over them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from marsad.store.flatten import flatten_event
from marsad.store.query import EventFilter
from marsad.store.review_fields import (
    COUNT_FIELDS,
    EDITABLE,
    NO_COUNT,
    REJECT_REASONS,
    ReviewError,
    clean_changes,
    current_record,
    diff,
    review_status,
)
from marsad.store.review_tables import APPLIES, REVIEW_ENGINE, log_review, review_state, reviews, unreviewed
from marsad.store.review_view import apply_review, reviewed, states_for
from marsad.store.store import Store
from marsad.store.tables import articles, claims, event_actors, events, evidence, incident_events
from marsad.store.writes import clip, upsert_actors, upsert_places
from marsad.util import utcnow

MAX_NOTE = 2000


class ReviewNotFound(ReviewError):
    """No such event or article."""


@dataclass
class ReviewConflict(Exception):
    """The event was reviewed since the version the caller saw."""

    event_id: str
    expected: int
    current: int | None = None

    def __str__(self) -> str:
        return (
            f"event {self.event_id!r} was changed by another review (you saw version {self.expected}, "
            f"it is now {self.current if self.current is not None else 'newer'}); reload and redo the change"
        )


def _note(note: str | None) -> str | None:
    if note is not None and len(note) > MAX_NOTE:
        raise ReviewError(f"note is longer than {MAX_NOTE} characters")
    return note or None


def _reviewer(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ReviewError("reviewer must be a name of 1 to 200 characters")
    return name


def incident_of(conn: Connection, event_id: str) -> str | None:
    m = incident_events.c
    return conn.execute(select(m.incident_id).where(m.event_id == event_id)).scalar()


def insert_event(conn: Connection, article_id: str, record: dict[str, Any], title: str | None = None) -> None:
    """An events row (with its actors, place, evidence and claims) for an analyst's record,
    after the article's engine events."""
    source = conn.execute(select(articles.c.source).where(articles.c.article_id == article_id)).scalar()
    seq = conn.execute(select(func.max(events.c.seq)).where(events.c.article_id == article_id)).scalar()
    flat = flatten_event(record, article_id=article_id, seq=(seq or 0) + 1, source=source, title=title)
    place_ids = upsert_places(conn, [flat.place] if flat.place else [])
    actor_ids = upsert_actors(conn, flat.actors)
    row = clip(events, dict(flat.row))
    row.update(
        run_id=None,
        engine_version=REVIEW_ENGINE,
        created_at=utcnow(),
        place_id=place_ids.get(flat.place["place_key"]) if flat.place else None,
    )
    eid = row["event_id"]
    conn.execute(insert(events), [row])
    for table, rows in (
        (
            event_actors,
            [
                {"event_id": eid, "actor_id": actor_ids[a.key], "role": a.role, "mention": a.mention}
                for a in flat.actors
            ],
        ),
        (evidence, [{"event_id": eid, "article_id": article_id, **e} for e in flat.evidence]),
        (claims, [{"event_id": eid, **c} for c in flat.claims]),
    ):
        if rows:
            conn.execute(insert(table), rows)


class Reviews:
    """Review actions and reads over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # ------------------------------------------------------------ reads

    def view(self, event_id: str) -> dict[str, Any] | None:
        """The event's current view (engine row + corrections + review fields)."""
        with self.store.engine.connect() as conn:
            row = conn.execute(select(events).where(events.c.event_id == event_id)).first()
            if row is None:
                return None
            return reviewed(conn, [dict(row._mapping)])[0]

    def history(self, event_id: str) -> list[dict[str, Any]]:
        with self.store.engine.connect() as conn:
            stmt = select(reviews).where(reviews.c.event_id == event_id).order_by(reviews.c.review_id)
            return [dict(r._mapping) for r in conn.execute(stmt)]

    def states(self, *, article_id: str | None = None, stale: bool | None = None) -> list[dict[str, Any]]:
        stmt = select(review_state).order_by(review_state.c.reviewed_at.desc(), review_state.c.event_id)
        if article_id is not None:
            stmt = stmt.where(review_state.c.article_id == article_id)
        if stale is not None:
            stmt = stmt.where(review_state.c.stale.is_(stale))
        with self.store.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    def queue(
        self, flt: EventFilter | None = None, *, limit: int = 50, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        """Unreviewed events, lowest confidence first (no confidence first of all), then newest."""
        conds = [*(flt or EventFilter()).conditions(), unreviewed()]
        c = events.c
        stmt = (
            select(events)
            .where(*conds)
            .order_by(c.confidence.is_not(None), c.confidence, c.event_date.desc(), c.article_id, c.seq)
            .limit(limit)
            .offset(offset)
        )
        with self.store.engine.connect() as conn:
            total = int(conn.execute(select(func.count()).select_from(events).where(*conds)).scalar_one())
            return total, reviewed(conn, [dict(r._mapping) for r in conn.execute(stmt)])

    # ------------------------------------------------------------ actions

    def confirm(
        self, event_id: str, *, version: int, reviewer: str, note: str | None = None
    ) -> dict[str, Any]:
        return self._save(event_id, version, reviewer, "confirm", note=note)

    def edit(
        self, event_id: str, *, version: int, reviewer: str, changes: dict[str, Any], note: str | None = None
    ) -> dict[str, Any]:
        if not changes:
            raise ReviewError("no field to change")
        return self._save(event_id, version, reviewer, "edit", changes=changes, note=note)

    def reject(
        self, event_id: str, *, version: int, reviewer: str, reason: str, note: str | None = None
    ) -> dict[str, Any]:
        if reason not in REJECT_REASONS:
            raise ReviewError(f"reason must be one of {', '.join(REJECT_REASONS)}")
        return self._save(event_id, version, reviewer, "reject", reason=reason, note=note)

    def merge(
        self, event_id: str, *, version: int, reviewer: str, into: str, note: str | None = None
    ) -> dict[str, Any]:
        """`event_id` reports the same incident as `into`: it is left out (rejected as a
        duplicate, pointing at `into`), and `into`'s log records the merge."""
        if into == event_id:
            raise ReviewError("an event cannot be merged into itself")
        return self._save(event_id, version, reviewer, "merge", reason="duplicate", into=into, note=note)

    def add(
        self,
        article_id: str,
        *,
        reviewer: str,
        fields: dict[str, Any],
        spans: list[tuple[int, int]],
        note: str | None = None,
    ) -> dict[str, Any]:
        """A missed event: the analyst's fields and evidence (offsets into the original text,
        code points, as the engine's)."""
        reviewer = _reviewer(reviewer)
        if "sub_event_type" not in fields:
            raise ReviewError("a new event needs a sub_event_type")
        with self.store.engine.begin() as conn:
            art = conn.execute(
                select(articles.c.text, articles.c.title).where(articles.c.article_id == article_id)
            ).first()
            if art is None:
                raise ReviewNotFound(f"no article {article_id!r}")
            text = art.text
            if not spans:
                raise ReviewError("a new event needs its evidence: at least one span of the text")
            ev_spans = []
            for start, end in spans:
                if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                    raise ReviewError(f"evidence span {start}:{end} is not inside the text (0:{len(text)})")
                ev_spans.append({"start": start, "end": end, "text": text[start:end]})
            record: dict[str, Any] = {
                "event_id": f"{article_id}:review:{uuid.uuid4().hex[:12]}"[-300:],
                "date": None,
                "time_precision": 1,
                "actor1": None,
                "actor2": None,
                "location": None,
                **{k: dict(NO_COUNT) for k in COUNT_FIELDS},
                "losses": [],
                "attribution": None,
                "confidence": None,
            }
            record.update(clean_changes(fields, {}))
            record["evidence"] = sorted(ev_spans, key=lambda s: (s["start"], s["end"]))
            insert_event(conn, article_id, record, art.title)
            now = utcnow()
            state = {
                "event_id": record["event_id"],
                "article_id": article_id,
                "status": "corrected",
                "version": 1,
                "reviewer": reviewer,
                "reviewed_at": now,
                "corrections": {},
                "reason": None,
                "merged_into": None,
                "added": True,
                "anchor": {"record": record, "incident_id": None},
                **APPLIES,
            }
            conn.execute(insert(review_state), [state])
            changes = {
                k: {"from": None, "to": record[k]}
                for k in (*EDITABLE, "evidence")
                if record.get(k) is not None
            }
            self._log(conn, state, "add", changes, None, _note(note))
        view = self.view(record["event_id"])
        assert view is not None
        return view

    # ------------------------------------------------------------ the one write path

    def _log(
        self,
        conn: Connection,
        state: dict[str, Any],
        action: str,
        changes: dict[str, Any],
        reason: str | None,
        note: str | None,
    ) -> None:
        log_review(
            conn,
            state,
            action,
            changes,
            reviewer=state["reviewer"],
            at=state["reviewed_at"],
            reason=reason,
            note=note,
        )

    def _save(
        self,
        event_id: str,
        version: int,
        reviewer: str,
        action: str,
        *,
        changes: dict[str, Any] | None = None,
        reason: str | None = None,
        into: str | None = None,
        note: str | None = None,
    ) -> dict[str, Any]:
        reviewer, note = _reviewer(reviewer), _note(note)
        try:
            with self.store.engine.begin() as conn:
                self._save_in(conn, event_id, version, reviewer, action, changes, reason, into, note)
        except IntegrityError as exc:  # another reviewer inserted the first review at the same time
            raise ReviewConflict(event_id, version) from exc
        view = self.view(event_id)
        assert view is not None
        return view

    def _save_in(
        self,
        conn: Connection,
        event_id: str,
        version: int,
        reviewer: str,
        action: str,
        changes: dict[str, Any] | None,
        reason: str | None,
        into: str | None,
        note: str | None,
    ) -> None:
        found = conn.execute(select(events).where(events.c.event_id == event_id).with_for_update()).first()
        if found is None:
            raise ReviewNotFound(f"no event {event_id!r}")
        row = dict(found._mapping)
        old = states_for(conn, [event_id]).get(event_id)
        current = old["version"] if old else 0
        if version != current:
            raise ReviewConflict(event_id, version, current)
        if (
            into is not None
            and conn.execute(select(events.c.event_id).where(events.c.event_id == into)).first() is None
        ):
            raise ReviewNotFound(f"no event {into!r} to merge into")
        corrections = dict(old["corrections"]) if old else {}
        before = apply_review(row, old)["record"]
        logged: dict[str, Any] = {}
        if changes:
            clean = clean_changes(changes, before)
            logged = diff(before, clean)
            # Values equal to the engine's are no correction at all.
            corrections = {k: v for k, v in {**corrections, **clean}.items() if row["record"].get(k) != v}
        status = review_status(action in ("reject", "merge"), corrections)
        if into is not None:
            logged["merged_into"] = {"from": old["merged_into"] if old else None, "to": into}
        if old and old["status"] != status:
            logged["status"] = {"from": old["status"], "to": status}
        state = {
            "event_id": event_id,
            "article_id": row["article_id"],
            "status": status,
            "version": current + 1,
            "reviewer": reviewer,
            "reviewed_at": utcnow(),
            "corrections": corrections,
            "reason": reason if status == "rejected" else None,
            "merged_into": into,
            "added": bool(old and old["added"]),
            "anchor": old["anchor"]
            if old
            else {
                "record": row["record"],
                "incident_id": incident_of(conn, event_id),
                "engine_version": row["engine_version"],
            },
            **APPLIES,
        }
        if old is None:
            conn.execute(insert(review_state), [state])
        else:
            done = conn.execute(
                update(review_state)
                .where(review_state.c.event_id == event_id, review_state.c.version == current)
                .values({k: v for k, v in state.items() if k != "event_id"})
            )
            if done.rowcount != 1:
                raise ReviewConflict(event_id, version)
        self._log(conn, state, action, logged, reason, note)
        if into is not None:
            kept = states_for(conn, [into]).get(into)
            self._log(
                conn,
                {**state, "event_id": into, "version": kept["version"] if kept else 0},
                "merge",
                {"merged_from": {"from": None, "to": event_id}},
                None,
                note,
            )


__all__ = [
    "REJECT_REASONS",
    "ReviewConflict",
    "ReviewError",
    "ReviewNotFound",
    "Reviews",
    "current_record",
    "insert_event",
]
