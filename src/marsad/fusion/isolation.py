"""Fusion that one article cannot break: a pass that raises is searched for the articles it
fails on (bisection, each trial rolled back), those are quarantined (store/quarantine.py) with
the error, and the pass runs again without them.

Without this, one stored article whose fusion raised (a date at the edge of the calendar made
`date - timedelta` overflow) stayed pending, so every later pass — every later ingest, from the
CLI or the API — failed on it again.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, or_, select

from marsad.fusion.dedup import pending_articles
from marsad.fusion.passes import fuse_in
from marsad.fusion.rules import FusionRules
from marsad.fusion.scope import Scope
from marsad.fusion.signatures import Signature
from marsad.fusion.state import FusionReport
from marsad.store.quarantine import FUSION, held_articles, record_failures, release_changed
from marsad.store.store import Store
from marsad.store.tables import events, incident_events

log = logging.getLogger(__name__)
# Passes that each find new culprits before we give up (each round quarantines at least one).
MAX_ROUNDS = 5


class FusionBlocked(RuntimeError):
    """The pass fails and no article explains it (the database itself, or articles that fail
    only together)."""


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def work_articles(conn: Connection, scope: Scope) -> list[str]:
    """The articles a pass has work for: not yet signed, with events outside any incident, or
    with members rewritten or gone."""
    m = incident_events
    unfused = (
        select(events.c.article_id)
        .select_from(events.outerjoin(m, m.c.event_id == events.c.event_id))
        .where(m.c.event_id.is_(None))
    )
    moved = (
        select(m.c.article_id)
        .select_from(m.outerjoin(events, events.c.event_id == m.c.event_id))
        .where(
            or_(
                events.c.event_id.is_(None),
                m.c.event_created_at.is_(None),
                events.c.created_at != m.c.event_created_at,
            )
        )
    )
    ids = set(pending_articles(conn))
    ids.update(r[0] for r in conn.execute(unfused.distinct()))
    ids.update(r[0] for r in conn.execute(moved.distinct()))
    return sorted(scope.admitted(ids))


def _trial(store: Store, rules: FusionRules | None, scope: Scope) -> BaseException | None:
    """Run a pass limited to `scope` and roll it back; the exception it raised, if any."""
    with store.engine.connect() as conn:
        tx = conn.begin()
        try:
            fuse_in(conn, rules, scope=scope)
            return None
        except Exception as exc:
            return exc
        finally:
            tx.rollback()


def find_failures(
    store: Store, rules: FusionRules | None, skip: frozenset[str], ids: list[str], exc: BaseException
) -> dict[str, str]:
    """{article: error} for the articles of `ids` (whose pass raised `exc`) that fail alone."""
    if len(ids) == 1:
        return {ids[0]: describe(exc)}
    out: dict[str, str] = {}
    half = len(ids) // 2
    for part in (ids[:half], ids[half:]):
        failed = _trial(store, rules, Scope(skip=skip, only=frozenset(part)))
        if failed is not None:
            out.update(find_failures(store, rules, skip, part, failed))
    return out


def fuse_isolated(
    store: Store, rules: FusionRules | None = None, *, presigned: dict[str, Signature] | None = None
) -> FusionReport:
    """`fuse`, with every article it fails on quarantined (listed in the report's `quarantined`)
    and the others fused. Raises FusionBlocked when the failure is not any one article's."""
    with store.engine.begin() as conn:
        release_changed(conn)
        skip = frozenset(held_articles(conn, FUSION))
    found: dict[str, str] = {}
    for _ in range(MAX_ROUNDS):
        try:
            with store.engine.begin() as conn:
                report = fuse_in(conn, rules, presigned=presigned, scope=Scope(skip=skip))
            report.quarantined = found
            return report
        except Exception as exc:
            with store.engine.connect() as conn:
                ids = work_articles(conn, Scope(skip=skip))
            failures = find_failures(store, rules, skip, ids, exc) if ids else {}
            if not failures:
                raise FusionBlocked(describe(exc)) from exc
            with store.engine.begin() as conn:
                record_failures(conn, failures, FUSION)
            for article_id, error in sorted(failures.items()):
                log.warning("fusion failed on article %s (quarantined): %s", article_id, error)
            found.update(failures)
            skip = skip | frozenset(failures)
    raise FusionBlocked(f"fusion still fails after quarantining {len(found)} article(s)")
