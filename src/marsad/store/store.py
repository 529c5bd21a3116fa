"""The event store: one database, its runs, planned batches written idempotently, and reads.

Ingest rules (issue 7), applied by `plan` and `write` (the ingest service, marsad.service,
runs extraction in between and fusion after):
- an article is keyed by its id; its text's SHA-256 (`content_hash`) tells whether it changed;
- the same article again (same id, same text, same engine version) is left alone;
- the same text under another id is a duplicate and is not stored twice;
- a new engine version (or changed text) re-extracts the article and replaces its events,
  keeping the article row;
- work is written in batches, one transaction each, so a crash loses only the batch in
  flight and a rerun skips everything already committed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, insert, update

from marsad import ENGINE_VERSION
from marsad.store.database import DEFAULT_URL, make_engine, upgrade_schema
from marsad.store.plans import IngestReport, ItemOutcome, Plan, plan_batch
from marsad.store.quarantine import count_quarantine, list_quarantine
from marsad.store.reads import StoreReads
from marsad.store.runs import claim_run, heartbeat, mark_interrupted
from marsad.store.tables import runs
from marsad.store.writes import write_batch
from marsad.util import utcnow


class Store(StoreReads):
    """One database (SQLite file or PostgreSQL), migrated to the shipped schema on open."""

    def __init__(self, url: str = DEFAULT_URL, *, upgrade: bool = True) -> None:
        self.engine: Engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        if upgrade:
            upgrade_schema(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- runs

    def start_run(self, version: str, origin: str | None) -> IngestReport:
        """A new ingest run (status running) and its empty report; runs whose process died
        are marked interrupted first (store/runs.py)."""
        with self.engine.begin() as conn:
            mark_interrupted(conn)
            result = conn.execute(
                insert(runs)
                .values(
                    engine_version=version,
                    origin=(origin or "")[:200] or None,
                    status="running",
                    started_at=utcnow(),
                    items_seen=0,
                    articles_added=0,
                    articles_updated=0,
                    articles_reextracted=0,
                    articles_unchanged=0,
                    duplicates=0,
                    item_errors=0,
                    events_written=0,
                )
                .returning(runs.c.run_id)
            )
            run_id = int(result.scalar_one())
            claim_run(conn, run_id)
            return IngestReport(run_id=run_id, engine_version=version)

    def finish_run(self, report: IngestReport, status: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(runs).where(runs.c.run_id == report.run_id).values(status=status, ended_at=utcnow())
            )

    # ---------------------------------------------------------------- batches

    def plan(self, items: list[dict[str, Any]], version: str) -> list[Plan]:
        """What writing these items (each with an id, see plans.as_item) would do."""
        with self.engine.connect() as conn:
            return plan_batch(conn, items, version)

    def needs_extraction(
        self, items: list[dict[str, Any]], *, engine_version: str | None = None
    ) -> list[bool]:
        """For each item, whether an ingest would extract it now (not unchanged, not a duplicate).

        Lets extraction run ahead of the writes, in other processes (issue 8): the writer
        plans again when it writes, so a stale answer costs time, never correctness."""
        return [p.needs_extraction for p in self.plan(items, engine_version or ENGINE_VERSION)]

    def write(self, plans: list[Plan], report: IngestReport) -> list[ItemOutcome]:
        """Write a planned batch (records attached to the plans that needed them) in one
        transaction, and count it in the run."""
        with self.engine.begin() as conn:
            delta = write_batch(conn, plans, report.engine_version, report.run_id)
            heartbeat(conn, report.run_id)
        for k, v in delta.items():
            report.counts[k] += v
        return [p.outcome() for p in plans]

    # ---------------------------------------------------------------- quarantine

    def counts(self) -> dict[str, int]:
        counts = super().counts()
        with self.engine.connect() as conn:
            counts["quarantine"] = count_quarantine(conn)
        return counts

    def quarantined(self, limit: int = 50) -> list[dict[str, Any]]:
        """Articles a step after storage failed on and leaves out (store/quarantine.py)."""
        with self.engine.connect() as conn:
            return list_quarantine(conn, limit)


def open_store(url: str = DEFAULT_URL, *, upgrade: bool = True) -> Store:
    return Store(url, upgrade=upgrade)
