"""Issue 16: a run killed with `kill -9` does not stay `running` forever: the next run marks it
`interrupted`. A run still going in a live process is left alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta

from sqlalchemy import select, update

from marsad.store import Store
from marsad.store.runs import STALE_AFTER, run_owners
from marsad.store.tables import runs
from marsad.util import utcnow


def _status(store: Store, run_id: int) -> str:
    with store.engine.connect() as conn:
        return str(conn.execute(select(runs.c.status).where(runs.c.run_id == run_id)).scalar_one())


def test_a_run_killed_by_sigkill_is_marked_interrupted_by_the_next(sqlite_url: str) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from marsad.store import Store
        store = Store({sqlite_url!r})
        report = store.start_run("test", "killed run")
        print(report.run_id, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    killed = int(done.stdout.split()[0])
    with Store(sqlite_url) as store:
        assert _status(store, killed) == "running"
        live = store.start_run("test", "live run")
        assert _status(store, killed) == "interrupted"
        # The live run (this process) survives the next start.
        store.start_run("test", "another")
        assert _status(store, live.run_id) == "running"


def test_a_run_of_another_host_is_interrupted_only_when_its_heartbeat_is_stale(db_url: str) -> None:
    with Store(db_url) as store:
        fresh = store.start_run("test", "elsewhere, fresh")
        stale = store.start_run("test", "elsewhere, stale")
        with store.engine.begin() as conn:
            conn.execute(update(run_owners).values(host="another-machine"))
            conn.execute(
                update(run_owners)
                .where(run_owners.c.run_id == stale.run_id)
                .values(heartbeat_at=utcnow() - STALE_AFTER - timedelta(minutes=1))
            )
        store.start_run("test", "next")
        assert _status(store, fresh.run_id) == "running"
        assert _status(store, stale.run_id) == "interrupted"
