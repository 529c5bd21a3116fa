"""`marsad ingest --workers 2` killed with SIGKILL mid-run, then run again: the store ends
exactly as after an uninterrupted run (no loss, no duplicates), and no worker outlives
its parent. The same for Parquet partitions (`marsad extract --output-dir`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pyarrow.parquet as pq
from sqlalchemy import func, select

from marsad.scale.partitions import read_partitions
from marsad.store import Store
from marsad.store.tables import articles, events, runs
from tests.scale.bulk_inputs import snapshot, write_mixed_input

CLI = [sys.executable, "-c", "from marsad.cli import app; app()"]
ENV = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "100"}
BATCH = 5


def _kill_when(proc: subprocess.Popen[bytes], ready: Callable[[], bool], timeout: float = 120) -> list[int]:
    """SIGKILL `proc` once `ready()`; the pids of its child processes at that moment."""
    deadline = time.monotonic() + timeout
    children: list[int] = []
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                children = [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            if ready():
                break
            time.sleep(0.01)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    return children


def _assert_orphans_exit(pids: list[int], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [
            p for p in alive if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE
        ]
        time.sleep(0.1)
    assert not alive, f"worker processes outlived their killed parent: {alive}"


def _count(url: str, table: object) -> int:
    with Store(url, upgrade=False) as store, store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_ingest_killed_with_sigkill_resumes_to_the_uninterrupted_result(tmp_path: Path) -> None:
    source = tmp_path / "input.jsonl"
    n_items = write_mixed_input(source, 300)
    reference, resumed = f"sqlite:///{tmp_path / 'reference.db'}", f"sqlite:///{tmp_path / 'resumed.db'}"

    def ingest(url: str) -> list[str]:
        return [*CLI, "ingest", str(source), "--db", url, "--workers", "2", "--batch-size", str(BATCH)]

    done = subprocess.run(ingest(reference), capture_output=True, text=True, env=ENV, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    expected = snapshot(reference)
    assert expected["row_counts"]["events"] > 0

    Store(resumed).close()  # schema first, so the watcher can count rows from the start
    proc = subprocess.Popen(ingest(resumed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    workers = _kill_when(proc, lambda: _count(resumed, articles) >= 8 * BATCH)
    assert len(workers) >= 2, "the run used worker processes"
    _assert_orphans_exit(workers)

    with Store(resumed, upgrade=False) as store, store.engine.connect() as conn:
        kept = conn.execute(select(func.count()).select_from(articles)).scalar_one()
        declared = conn.execute(select(func.coalesce(func.sum(articles.c.event_count), 0))).scalar_one()
        n_events = conn.execute(select(func.count()).select_from(events)).scalar_one()
        (killed,) = conn.execute(select(runs)).all()
    assert 0 < kept < n_items and declared == n_events, "only whole batches were committed"
    assert killed.status == "running" and killed.items_seen % BATCH == 0

    rerun = subprocess.run(ingest(resumed), capture_output=True, text=True, env=ENV, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    got = snapshot(resumed)
    assert got["row_counts"] == expected["row_counts"]
    for table in ("articles", "events", "event_actors", "evidence", "claims", "places", "actors"):
        assert got[table] == expected[table], f"{table} differs from the uninterrupted run"
    with Store(resumed, upgrade=False) as store, store.engine.connect() as conn:
        last = conn.execute(select(runs).order_by(runs.c.run_id.desc())).first()
    assert last is not None and last.status == "completed"
    assert last.articles_unchanged >= killed.articles_added - 1, "committed work was not redone"


def test_parquet_partitions_killed_with_sigkill_resume_to_the_uninterrupted_result(tmp_path: Path) -> None:
    source = tmp_path / "input.jsonl"
    n_items = write_mixed_input(source, 300)

    def extract(out: Path) -> list[str]:
        return [
            *CLI,
            "extract",
            str(source),
            "--output-dir",
            str(out),
            "--workers",
            "2",
            "--batch-size",
            str(BATCH),
            "--unordered",
        ]

    reference, resumed = tmp_path / "reference", tmp_path / "resumed"
    done = subprocess.run(extract(reference), capture_output=True, text=True, env=ENV, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]

    proc = subprocess.Popen(extract(resumed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    workers = _kill_when(proc, lambda: len(list((resumed / "articles").glob("part-*.parquet"))) >= 8)
    _assert_orphans_exit(workers)
    written_before = {p.name for p in (resumed / "articles").glob("part-*.parquet")}
    assert 0 < len(written_before) < -(-n_items // BATCH)
    before = {p.name: p.stat().st_mtime_ns for p in (resumed / "articles").glob("part-*.parquet")}

    rerun = subprocess.run(extract(resumed), capture_output=True, text=True, env=ENV, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert f"{len(written_before)} already there" in rerun.stderr
    assert all((resumed / "articles" / name).stat().st_mtime_ns == ns for name, ns in before.items()), (
        "partitions of the killed run are kept, not rewritten"
    )
    for table in ("articles", "events"):
        want, got = read_partitions(reference, table), read_partitions(resumed, table)
        drop = [c for c in ("timestamp",) if c in want.column_names]
        assert got.drop_columns(drop).equals(want.drop_columns(drop)), f"{table} partitions differ"
    assert read_partitions(resumed, "articles").num_rows == n_items
    assert sorted(p.name for p in (resumed / "events").iterdir()) == sorted(
        p.name for p in (reference / "events").iterdir()
    )
    assert pq.read_schema(next((resumed / "events").glob("part-*.parquet"))).names[:2] == [
        "event_id_cnty",
        "event_date",
    ]
