"""`marsad demo`: the built-in examples → SQLite → a table → the dashboard on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from marsad.cli import app
from marsad.cli.demo import find_examples
from marsad.store import Store


def test_examples_are_found() -> None:
    folder = find_examples()
    assert len(list(folder.glob("*.txt"))) >= 5


def test_demo_without_serving_builds_the_database_once(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    runner = CliRunner()
    first = runner.invoke(app, ["demo", "--no-serve", "--db", str(db)], env={"COLUMNS": "160"})
    assert first.exit_code == 0, first.output
    n_examples = len(list(find_examples().glob("*.txt")))
    assert f"{n_examples} reports · {n_examples} new" in first.output
    assert "extracted events" in first.output
    with Store(f"sqlite:///{db}") as store:
        counts = store.counts()
        assert counts["articles"] == n_examples and counts["events"] > 0
        some = store.list_events(limit=1)[0]
        assert some["event_type"] in first.output
    again = runner.invoke(app, ["demo", "--no-serve", "--db", str(db)], env={"COLUMNS": "160"})
    assert again.exit_code == 0 and f"{n_examples} reports · 0 new" in again.output
    with Store(f"sqlite:///{db}") as store:
        assert store.counts() | {"runs": 0} == counts | {"runs": 0}


def test_demo_serves_the_dashboard(tmp_path: Path, unused_port: int) -> None:
    cmd = [
        sys.executable,
        "-c",
        "from marsad.cli import app; app()",
        "demo",
        "--port",
        str(unused_port),
        "--db",
        str(tmp_path / "demo.db"),
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "120"},
    )
    base = f"http://127.0.0.1:{unused_port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                health = httpx.get(base + "/api/health", timeout=2)
                if health.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            assert time.monotonic() < deadline, "marsad demo did not start serving"
            time.sleep(0.2)
        assert health.json()["events"] > 0
        page = httpx.get(base + "/", timeout=5)
        assert page.status_code == 200 and "مرصد" in page.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    output = proc.stdout.read().decode() if proc.stdout else ""
    assert f"http://127.0.0.1:{unused_port}/" in output


def test_db_upgrade_command(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'fresh.db'}"
    runner = CliRunner()
    result = runner.invoke(app, ["db", "upgrade", "--db", db])
    assert result.exit_code == 0 and "0004_quarantine_runs" in result.output
    assert (
        "current 0004_quarantine_runs · head 0004_quarantine_runs"
        in runner.invoke(app, ["db", "current", "--db", db]).output
    )
    stats = runner.invoke(app, ["db", "stats", "--db", db])
    assert stats.exit_code == 0 and "articles" in stats.output
