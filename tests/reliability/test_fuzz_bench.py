"""The short CI version of bench/fuzz.py: the script runs, checks and reports."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FUZZ = REPO / "bench" / "fuzz.py"


def test_short_fuzz_run_passes() -> None:
    out = subprocess.run(
        [sys.executable, str(FUZZ), "--n", "300", "--seed", "7"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    lines = dict(line.split(None, 1) for line in out.stdout.splitlines() if line and not line.startswith(" "))
    assert lines["inputs"].strip() == "300"
    assert lines["failures"].strip() == "0"
    assert float(lines["inputs/s"]) > 0


def test_replay_prints_the_input_and_its_record(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("bench_fuzz", FUZZ)
    assert spec is not None and spec.loader is not None
    bench_fuzz = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_fuzz", bench_fuzz)  # dataclasses look their module up there
    spec.loader.exec_module(bench_fuzz)
    assert bench_fuzz.replay(7, 12) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["index"] == 12 and report["problems"] == []
    assert report["item"] == bench_fuzz.make_item(7, 12)
    assert report["record"]["article_id"] and isinstance(report["item"]["text"], str)
