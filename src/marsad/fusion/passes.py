"""Event fusion: events from different articles that report one real incident become one
*incident* with a stable id, every report as a member, and each source's claim beside it.

    from marsad.fusion import fuse
    report = fuse(store)            # the ingest service calls it after every batch

Matching is in fusion/rules.py, the incident's figure in fusion/figures.py.

Incremental and idempotent: each pass handles only events without an incident, members whose
event was rewritten or removed (re-extraction) and copies whose supersession changed; nothing
is split, and a member that leaves or is superseded is written to `incident_log` with the
reason. Running it again over the same input changes nothing. The id of an incident is the id
of the event that founded it, and a re-extracted article's new events go back to the incident
its old events were in when they still match, so ids survive engine upgrades.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, delete, or_, select, text, update

from marsad.fusion.copies import copies_of, superseded_articles
from marsad.fusion.dedup import update_duplicates
from marsad.fusion.figures import choose_figure, combined_scale, distinct_names, representative
from marsad.fusion.reports import (
    ACTIVE,
    RETIRED,
    SUPERSEDED,
    Report,
    report_columns,
    report_from_row,
    reports_stmt,
)
from marsad.fusion.rules import FusionRules, Match, default_fusion_rules
from marsad.fusion.scope import EVERYTHING, Scope
from marsad.fusion.signatures import Signature
from marsad.fusion.state import FusionReport, PassState
from marsad.store.store import Store
from marsad.store.tables import articles, events, incident_events, incident_log, incidents
from marsad.util import chunked, utcnow

# A PostgreSQL advisory lock key, so concurrent writers (watcher, API, ingest) fuse one at a time.
_FUSION_LOCK_KEY = 7_270_310


class FusionPass(PassState):
    """The steps of one pass, in the order `fuse_in` runs them."""

    def drop_departed(self) -> None:
        """Members whose event is gone (the article was re-extracted or removed)."""
        m = incident_events
        rows = list(
            self.conn.execute(
                select(m.c.event_id, m.c.incident_id, m.c.article_id)
                .select_from(m.outerjoin(events, events.c.event_id == m.c.event_id))
                .where(events.c.event_id.is_(None))
                .order_by(m.c.event_id)
            )
        )
        for r in rows:
            if not self.scope.admits(r.article_id):
                continue
            self.conn.execute(delete(m).where(m.c.event_id == r.event_id))
            self.log(
                r.incident_id,
                "left",
                r.event_id,
                r.article_id,
                f"event no longer in article {r.article_id} (re-extracted or removed)",
            )
            self.hints.setdefault(r.article_id, []).append(r.incident_id)
            self.dirty.add(r.incident_id)
            self.report.left += 1

    def recheck_rewritten(self) -> tuple[list[Report], list[Report]]:
        """Members whose event row was rewritten (same id, new extraction). Returns (events that
        must be fused again, lone members to re-examine). A member that no longer matches the
        other members of its incident leaves it; a lone member stays unless another incident now
        fits it (see `reexamine`)."""
        m = incident_events
        rows = [
            report_from_row(r)
            for r in self.conn.execute(
                reports_stmt(True)
                .where(or_(m.c.event_created_at.is_(None), events.c.created_at != m.c.event_created_at))
                .order_by(events.c.event_id)
            )
            if self.scope.admits(r.article_id)
        ]
        again: list[Report] = []
        alone: list[Report] = []
        refreshed: list[dict[str, Any]] = []
        self.load_members({r.incident_id for r in rows if r.incident_id})
        for r in rows:
            incident_id = r.incident_id or ""
            others = [o for o in self.members.get(incident_id, []) if o.event_id != r.event_id]
            self.members[incident_id] = [*others, r]
            refreshed.append({"b_event_id": r.event_id, "event_created_at": r.created_at})
            self.dirty.add(incident_id)
            if not others:
                alone.append(r)
            elif not all(self.matcher.compare(r, o) for o in others):
                self.leave(r, "re-extracted event no longer matches the other reports")
                again.append(r)
        if refreshed:
            self.conn.execute(
                update(m)
                .where(m.c.event_id == bindparam("b_event_id"))
                .values(event_created_at=bindparam("event_created_at")),
                refreshed,
            )
        return again, alone

    def pending(self) -> list[Report]:
        m = incident_events
        stmt = (
            select(*report_columns())
            .select_from(
                events.join(articles, articles.c.article_id == events.c.article_id).outerjoin(
                    m, m.c.event_id == events.c.event_id
                )
            )
            .where(m.c.event_id.is_(None))
        )
        return [report_from_row(r) for r in self.conn.execute(stmt) if self.scope.admits(r.article_id)]

    def best_incident(self, r: Report, exclude: str | None = None) -> tuple[str, Match] | None:
        """The incident `r` fits best: it must match every member. An incident its article's earlier
        events were in is preferred, and an emptied one is its fallback (ids survive re-extraction)."""
        candidates: set[str] = set()
        if r.day is not None:
            day = r.day.toordinal()
            # Look only as far as the looser of the two dates allows, per precision of the members.
            for precision, _ in self.rules.date_window_days:
                window = self.rules.window(r.time_precision, precision)
                for d in range(day - window, day + window + 1):
                    candidates |= self.index.get((r.event_type, precision, d), set())
        hinted = [i for i in self.hints.get(r.article_id, []) if self.incident_types.get(i) == r.event_type]
        candidates |= set(hinted)
        candidates.discard(exclude or "")
        best: tuple[float, str, Match] | None = None
        fallback: str | None = None
        fits = 0
        for incident_id in sorted(candidates):
            members = self.members.get(incident_id, [])
            if not members:
                fallback = fallback or incident_id
                continue
            if any(o.article_id == r.article_id for o in members):
                continue  # one article's events are separate events by the engine's own decision
            matches = [self.matcher.compare(r, o) for o in members]
            if not all(matches):
                continue
            fit = max((x for x in matches if x), key=lambda x: x.score)
            fits += 1
            score = fit.score + (10.0 if incident_id in hinted else 0.0)
            if best is None or score > best[0]:
                best = (score, incident_id, fit)
        if best is not None and not r.placed and fits > 1 and best[0] < 10.0:
            best = None  # a report with no place that fits several incidents is not guessed into one
        if best is not None:
            return best[1], best[2]
        if fallback is not None:
            return fallback, Match(0.0, "back to its incident after re-extraction")
        return None

    def assign(self, r: Report, superseded: dict[str, tuple[str, str]]) -> None:
        self.attach(r, self.best_incident(r), SUPERSEDED if r.article_id in superseded else ACTIVE)

    def reexamine(self, r: Report) -> None:
        """A lone re-extracted member moves when another incident now fits it; its old incident,
        left empty, is retired with the reason."""
        target = self.best_incident(r, exclude=r.incident_id)
        if target is None or not self.members.get(target[0]):
            return
        status = r.status
        self.leave(r, f"re-extracted event now matches incident {target[0]}")
        self.attach(r, target, status)

    def sync_supersessions(self, superseded: dict[str, tuple[str, str]]) -> None:
        """Members of superseded copies stop counting; members of copies no longer superseded count again."""
        m = incident_events
        rows = list(
            self.conn.execute(
                select(m.c.event_id, m.c.incident_id, m.c.article_id, m.c.status).where(
                    m.c.status == SUPERSEDED
                )
            )
        )
        for chunk in chunked(sorted(superseded), 500):
            rows += list(
                self.conn.execute(
                    select(m.c.event_id, m.c.incident_id, m.c.article_id, m.c.status).where(
                        m.c.article_id.in_(chunk), m.c.status == ACTIVE
                    )
                )
            )
        for r in sorted(rows, key=lambda x: x.event_id):
            want = SUPERSEDED if r.article_id in superseded else ACTIVE
            if want == r.status:
                continue
            self.conn.execute(update(m).where(m.c.event_id == r.event_id).values(status=want))
            if want == SUPERSEDED:
                by, reason = superseded[r.article_id]
                detail = f"article {r.article_id} superseded by {by} " + (
                    "(an updated copy)" if reason == "update" else "(the original of this re-post)"
                )
                self.log(r.incident_id, "superseded", r.event_id, r.article_id, detail)
            else:
                self.log(
                    r.incident_id,
                    "restored",
                    r.event_id,
                    r.article_id,
                    f"article {r.article_id} is no longer superseded",
                )
            self.dirty.add(r.incident_id)
            self.report.status_changes += 1

    def recompute(self) -> None:
        ids = sorted(self.dirty)
        if not ids:
            return
        for i in ids:
            self.members.pop(i, None)
        self.load_members(ids)
        current = {}
        for chunk in chunked(ids, 500):
            current.update(
                {
                    r.incident_id: r
                    for r in self.conn.execute(select(incidents).where(incidents.c.incident_id.in_(chunk)))
                }
            )
        all_articles = {r.article_id for i in ids for r in self.members.get(i, [])}
        copies = copies_of(self.conn, all_articles)
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}  # by the columns they set
        for incident_id in ids:
            row = current.get(incident_id)
            if row is None:
                continue
            members = self.members.get(incident_id, [])
            values = self.summarise(incident_id, members, copies, row)
            changed = {k: v for k, v in values.items() if getattr(row, k) != v}
            if not changed:
                continue
            if "status" in changed:
                if changed["status"] == RETIRED:
                    reason = (
                        "every report left the incident"
                        if not members
                        else "every report is superseded by a copy whose events are elsewhere"
                    )
                    self.log(incident_id, "retired", detail=reason)
                    self.report.retired += 1
                else:
                    self.log(incident_id, "revived", detail="a report counts again")
            if (
                "fatalities" in changed
                and row.n_events
                and row.status == ACTIVE
                and values["status"] == ACTIVE
            ):
                self.log(
                    incident_id,
                    "figure",
                    values.get("fatalities_event_id"),
                    None,
                    f"fatalities {row.fatalities} -> {values['fatalities']} ({values['fatalities_rule']})",
                )
            changed["updated_at"] = self.now
            updates.setdefault(tuple(sorted(changed)), []).append({"b_incident_id": incident_id, **changed})
            self.report.updated_incidents += 1
        for columns, rows in updates.items():
            self.conn.execute(
                update(incidents)
                .where(incidents.c.incident_id == bindparam("b_incident_id"))
                .values({c: bindparam(c) for c in columns}),
                rows,
            )

    def summarise(
        self, incident_id: str, members: list[Report], copies: dict[str, list[dict[str, Any]]], row: Any
    ) -> dict[str, Any]:
        active = [r for r in members if r.status == ACTIVE]
        if not active:
            return {"status": RETIRED, "n_events": len(members)}
        rep = representative(active)
        figure = choose_figure(active, self.rules)
        injuries = choose_figure(active, self.rules, "injuries")
        ordered_members = sorted(members, key=Report.order)
        outlets = distinct_names(
            [
                *(r.outlet for r in ordered_members),
                *(c["source"] for r in ordered_members for c in copies.get(r.article_id, [])),
            ]
        )
        chosen = next((r for r in active if r.event_id == figure.event_id), rep)
        attributions = distinct_names(
            [chosen.attribution, *(r.attribution for r in sorted(active, key=Report.order))]
        )
        return {
            "status": ACTIVE,
            "event_type": rep.event_type,
            "event_date": rep.day,
            "country": rep.country,
            "admin1": rep.admin1,
            "representative_event_id": rep.event_id,
            "fatalities": figure.value,
            "fatalities_event_id": figure.event_id,
            "fatalities_rule": figure.rule,
            "injuries": injuries.value,
            "n_events": len(members),
            "n_sources": len(outlets) or 1,
            "sources": "; ".join(distinct_names([*outlets, *attributions])) or None,
            "source_scale": combined_scale(outlets, self.rules) or None,
        }


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _FUSION_LOCK_KEY})
    else:
        # Take SQLite's write lock now (a no-op write), so the reads below cannot go stale before we write.
        conn.execute(delete(incident_log).where(incident_log.c.log_id < 0))


def fuse_in(
    conn: Connection,
    rules: FusionRules | None = None,
    *,
    presigned: dict[str, Signature] | None = None,
    scope: Scope = EVERYTHING,
) -> FusionReport:
    """One fusion pass in the caller's transaction (see the module docstring); `presigned`:
    article signatures made by bulk workers (dedup.update_duplicates); `scope`: the articles
    it may de-duplicate and move (fusion/isolation.py leaves out those it failed on)."""
    rules = rules or default_fusion_rules()
    now = utcnow()  # one time for the whole pass, its de-duplication included
    _lock(conn)
    report = FusionReport(dedup=update_duplicates(conn, now=now, presigned=presigned, scope=scope))
    step = FusionPass(conn, rules, now, report, scope)
    step.drop_departed()
    again, alone = step.recheck_rewritten()
    # The events that left their incident in recheck_rewritten have no membership now, so
    # pending() finds them too: once each, or both copies are inserted (a UNIQUE failure that
    # quarantined every article updated so that its event no longer fits its incident).
    rejoining = {r.event_id for r in again}
    fresh = [r for r in step.pending() if r.event_id not in rejoining]
    pending = sorted([*again, *fresh], key=lambda r: (r.order(), r.event_id))
    report.new_events = len(pending)
    superseded = superseded_articles(conn)
    if pending or alone:
        step.reserve_ids(r.event_id for r in [*pending, *alone])
        step.load_candidates([*pending, *alone])
        step.load_members({i for ids in step.hints.values() for i in ids})
        for r in pending:
            step.assign(r, superseded)
        for r in alone:
            step.reexamine(r)
    step.flush()
    step.sync_supersessions(superseded)
    step.recompute()
    step.flush()
    return report


def fuse(
    store: Store, rules: FusionRules | None = None, *, presigned: dict[str, Signature] | None = None
) -> FusionReport:
    """De-duplicate new articles and fuse new events into incidents, in one transaction;
    `presigned` signatures are taken from the dict as they are used (see `fuse_in`)."""
    with store.engine.begin() as conn:
        return fuse_in(conn, rules, presigned=presigned)
