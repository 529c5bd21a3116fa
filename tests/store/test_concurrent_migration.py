"""Several processes opening one new database at once ("marsad serve" and "marsad ingest"
started together) all get the migrated schema; none fails creating tables another made."""

from __future__ import annotations

import subprocess
import sys

_OPEN = "from marsad.store import Store\nwith Store({url!r}) as s:\n    s.counts()\n"


def test_processes_opening_a_new_database_together_all_succeed(db_url: str) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN.format(url=db_url)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(6)
    ]
    failures = [p.stderr.read().decode()[-500:] for p in procs if p.wait(timeout=120) != 0]
    assert not failures, failures
