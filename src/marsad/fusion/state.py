"""What one fusion pass holds: the incidents it has loaded, an index of them by type and day,
the rows it will write, and the moves of one report (found an incident, join, leave).

The steps of the pass that use it are in fusion/passes.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, or_, select

from marsad.fusion.dedup import DedupReport
from marsad.fusion.reports import ACTIVE, Report, report_from_row, reports_stmt
from marsad.fusion.rules import FusionRules, Match, Matcher
from marsad.fusion.scope import EVERYTHING, Scope
from marsad.store.tables import articles, events, incident_events, incident_log, incidents
from marsad.util import chunked


@dataclass(slots=True)
class FusionReport:
    dedup: DedupReport = field(default_factory=DedupReport)
    new_events: int = 0
    created: int = 0
    joined: int = 0
    left: int = 0
    status_changes: int = 0
    updated_incidents: int = 0
    retired: int = 0
    quarantined: dict[str, str] = field(default_factory=dict)  # article -> error (fusion/isolation.py)

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles_signed": self.dedup.signed,
            "near_duplicate_pairs": self.dedup.pairs,
            "supersessions": len(self.dedup.superseded),
            "new_events": self.new_events,
            "incidents_created": self.created,
            "events_joined": self.joined,
            "events_left": self.left,
            "status_changes": self.status_changes,
            "incidents_updated": self.updated_incidents,
            "incidents_retired": self.retired,
            "articles_quarantined": len(self.quarantined),
        }


class PassState:
    def __init__(
        self,
        conn: Connection,
        rules: FusionRules,
        now: datetime,
        report: FusionReport,
        scope: Scope = EVERYTHING,
    ) -> None:
        self.conn = conn
        self.scope = scope  # the articles whose events this pass may move
        self.rules = rules
        self.matcher = Matcher(rules)
        self.now = now
        self.report = report
        self.dirty: set[str] = set()
        self.members: dict[str, list[Report]] = {}  # incident -> members (loaded on demand)
        # (event type, time precision, day ordinal) -> incidents with such a member
        self.index: dict[tuple[str, int, int], set[str]] = {}
        self.hints: dict[str, list[str]] = {}  # article -> incidents its replaced events were in
        self.incident_types: dict[str, str] = {}
        self.new_incidents: list[dict[str, Any]] = []
        self.new_members: list[dict[str, Any]] = []
        self.new_logs: list[dict[str, Any]] = []
        self.taken_ids: set[str] = set()

    # ------------------------------------------------------------ helpers

    def log(
        self,
        incident_id: str,
        action: str,
        event_id: str | None = None,
        article_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.new_logs.append(
            {
                "incident_id": incident_id,
                "at": self.now,
                "action": action,
                "event_id": event_id,
                "article_id": article_id,
                "detail": detail,
            }
        )

    def flush(self) -> None:
        """Write the buffered rows, a few statements for the whole pass (one per row is far slower)."""
        for table, rows in (
            (incidents, self.new_incidents),
            (incident_events, self.new_members),
            (incident_log, self.new_logs),
        ):
            if rows:
                self.conn.execute(insert(table), rows)
                rows.clear()

    def reserve_ids(self, wanted: Iterable[str]) -> None:
        """Incident ids already taken among the ones this pass may create."""
        wanted = sorted({w[:290] for w in wanted})
        for chunk in chunked(wanted, 500):
            self.taken_ids.update(
                r[0]
                for r in self.conn.execute(
                    select(incidents.c.incident_id).where(incidents.c.incident_id.in_(chunk))
                )
            )

    def _index_add(self, r: Report) -> None:
        if r.day is not None and r.incident_id:
            precision = r.time_precision if r.time_precision in dict(self.rules.date_window_days) else 1
            key = (r.event_type, precision, r.day.toordinal())
            self.index.setdefault(key, set()).add(r.incident_id)

    def load_members(self, incident_ids: Iterable[str]) -> None:
        wanted = sorted(set(incident_ids) - set(self.members))
        for chunk in chunked(wanted, 500):
            for i in chunk:
                self.members[i] = []
            for row in self.conn.execute(
                reports_stmt(True)
                .where(incident_events.c.incident_id.in_(chunk))
                .order_by(incident_events.c.incident_id, events.c.event_id)
            ):
                r = report_from_row(row)
                self.members[r.incident_id].append(r)  # type: ignore[index]
                self._index_add(r)
            for t in self.conn.execute(
                select(incidents.c.incident_id, incidents.c.event_type).where(
                    incidents.c.incident_id.in_(chunk)
                )
            ):
                self.incident_types[t.incident_id] = t.event_type

    def load_candidates(self, pending: Sequence[Report]) -> None:
        """Members of every incident that a pending report could join (by event type and date)."""
        dated = [r for r in pending if r.day is not None]
        if not dated:
            return
        margin = timedelta(days=max(v for _, v in self.rules.date_window_days))
        lo = min(r.day for r in dated) - margin  # type: ignore[type-var,operator]
        hi = max(r.day for r in dated) + margin  # type: ignore[type-var,operator]
        types = sorted({r.event_type for r in dated})
        stmt = (
            select(incident_events.c.incident_id)
            .distinct()
            .select_from(
                incident_events.join(events, events.c.event_id == incident_events.c.event_id).join(
                    articles, articles.c.article_id == events.c.article_id
                )
            )
            .where(
                events.c.event_type.in_(types),
                or_(
                    events.c.event_date.between(lo, hi),
                    and_(events.c.event_date.is_(None), articles.c.published.between(lo, hi)),
                ),
            )
        )
        self.load_members([r[0] for r in self.conn.execute(stmt)])

    def unique_incident_id(self, wanted: str) -> str:
        candidate, n = wanted[:290], 1
        while candidate in self.taken_ids:  # an id reused after a re-extraction
            n += 1
            candidate = f"{wanted[:290]}~{n}"
            # Every suffixed id is looked up, "~2" too: one left by an earlier reuse is stored
            # and only the bare ids were reserved (found by bench/fuzz.py --mode store: the
            # insert failed on the primary key and an innocent article was quarantined).
            if self.conn.execute(
                select(incidents.c.incident_id).where(incidents.c.incident_id == candidate)
            ).first():
                self.taken_ids.add(candidate)
        self.taken_ids.add(candidate)
        return candidate

    # ------------------------------------------------------------ steps

    def leave(self, r: Report, why: str) -> None:
        incident_id = r.incident_id or ""
        self.conn.execute(delete(incident_events).where(incident_events.c.event_id == r.event_id))
        self.members[incident_id] = [o for o in self.members.get(incident_id, []) if o.event_id != r.event_id]
        self.log(incident_id, "left", r.event_id, r.article_id, why)
        self.hints.setdefault(r.article_id, []).append(incident_id)
        self.dirty.add(incident_id)
        self.report.left += 1
        r.incident_id = None

    def attach(self, r: Report, target: tuple[str, Match] | None, status: str) -> None:
        if target is None:
            incident_id = self.unique_incident_id(r.event_id)
            self.new_incidents.append(
                dict(
                    incident_id=incident_id,
                    status=ACTIVE,
                    event_type=r.event_type,
                    event_date=r.day,
                    country=r.country,
                    admin1=r.admin1,
                    representative_event_id=r.event_id,
                    fatalities=None,
                    fatalities_event_id=None,
                    fatalities_rule=None,
                    injuries=None,
                    n_events=0,
                    n_sources=0,
                    sources=None,
                    source_scale=None,
                    created_at=self.now,
                    updated_at=self.now,
                )
            )
            self.incident_types[incident_id] = r.event_type
            self.members[incident_id] = []
            why = "founded the incident"
            self.log(incident_id, "created", r.event_id, r.article_id, why)
            self.report.created += 1
        else:
            incident_id, fit = target
            why = fit.why
            self.log(incident_id, "joined", r.event_id, r.article_id, why)
            self.report.joined += 1
        self.new_members.append(
            dict(
                event_id=r.event_id,
                incident_id=incident_id,
                article_id=r.article_id,
                status=status,
                event_created_at=r.created_at,
                joined_at=self.now,
                match=why,
            )
        )
        r.incident_id, r.status = incident_id, status
        self.members.setdefault(incident_id, []).append(r)
        self._index_add(r)
        self.dirty.add(incident_id)
