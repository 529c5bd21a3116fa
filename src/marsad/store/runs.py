"""Who owns a running ingest run, and runs whose owner died.

A run killed with `kill -9` (or by a power cut) never reaches `finish_run` and would stay
`running` forever. Each run therefore records its process (host, pid and the process's start
time, so a reused pid is not mistaken for the owner) and a heartbeat at every batch. When a
new run starts, a `running` run whose process is gone on this host, or whose heartbeat is
older than STALE_AFTER (its owner is on another machine, or predates this table), is marked
`interrupted`.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, Connection, Integer, String, Table, insert, select, update

from marsad.store.metadata import owned_by
from marsad.store.tables import Timestamp, metadata, runs
from marsad.util import utcnow

RUNNING, INTERRUPTED = "running", "interrupted"
# A run that wrote nothing for this long is not coming back (batches take seconds).
STALE_AFTER = timedelta(hours=6)

run_owners = Table(
    "run_owners",
    metadata,
    owned_by("run_id", runs.c.run_id, primary_key=True),
    Column("host", String(255), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("process_started", String(32), nullable=True),  # /proc/PID/stat start time, in clock ticks
    Column("heartbeat_at", Timestamp, nullable=False),
)


def _process_started(pid: int) -> str | None:
    """The start time of process `pid` (Linux), None when unknown or the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read().decode("ascii", "replace")
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def _alive(pid: int, started: str | None) -> bool:
    if os.path.isdir("/proc") and os.path.exists("/proc/self/stat"):
        now_started = _process_started(pid)
        return now_started is not None and (started is None or now_started == started)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def claim_run(conn: Connection, run_id: int, *, now: datetime | None = None) -> None:
    """Record this process as the owner of `run_id`."""
    pid = os.getpid()
    conn.execute(
        insert(run_owners).values(
            run_id=run_id,
            host=socket.gethostname()[:255],
            pid=pid,
            process_started=_process_started(pid),
            heartbeat_at=now or utcnow(),
        )
    )


def heartbeat(conn: Connection, run_id: int, *, now: datetime | None = None) -> None:
    conn.execute(update(run_owners).where(run_owners.c.run_id == run_id).values(heartbeat_at=now or utcnow()))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def mark_interrupted(conn: Connection, *, now: datetime | None = None) -> list[int]:
    """Mark `running` runs whose owner is gone as `interrupted`; returns their ids."""
    now = now or utcnow()
    host = socket.gethostname()[:255]
    o = run_owners.c
    rows = conn.execute(
        select(runs.c.run_id, runs.c.started_at, o.host, o.pid, o.process_started, o.heartbeat_at)
        .select_from(runs.outerjoin(run_owners, o.run_id == runs.c.run_id))
        .where(runs.c.status == RUNNING)
    )
    gone = []
    for r in rows:
        if r.host == host and r.pid is not None:
            dead = not _alive(r.pid, r.process_started)
        else:
            dead = now - _aware(r.heartbeat_at or r.started_at) > STALE_AFTER
        if dead:
            gone.append(r.run_id)
    if gone:
        conn.execute(update(runs).where(runs.c.run_id.in_(gone)).values(status=INTERRUPTED, ended_at=now))
    return gone
