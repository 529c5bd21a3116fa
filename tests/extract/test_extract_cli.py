"""`marsad extract` end to end: inputs of every kind, formats, bad items, stdin."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from marsad.cli import app

REPORT = "مقتل 3 مدنيين في غارة جوية على بلدة كفرنبل\n\nقتل ثلاثة مدنيين أمس في غارة جوية على بلدة كفرنبل بريف إدلب الجنوبي، وفق ما أفاد الدفاع المدني."


def _run(*args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(app, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_txt_with_index_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a1.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "index.tsv").write_text("id\tpublished\toutlet\na1\t2018-05-09\tTestWire\n", encoding="utf-8")
    out = _run("extract", str(tmp_path), "--format", "jsonl")
    recs = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert len(recs) == 1 and recs[0]["article_id"] == "a1" and recs[0]["source"] == "TestWire"
    ev = recs[0]["events"][0]
    assert ev["sub_event_type"] == "Air/drone strike" and ev["date"] == "2018-05-08"
    assert ev["fatalities"]["best"] == 3


def test_bad_items_do_not_stop_the_run(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            [
                json.dumps({"id": "ok", "text": REPORT}, ensure_ascii=False),
                "{not json",
                json.dumps({"id": "empty", "text": "   "}),
                json.dumps(
                    {
                        "id": "fa",
                        "text": "این یک متن فارسی است که هیچ رویدادی ندارد و باید به عنوان فارسی شناخته شود.",
                    },
                    ensure_ascii=False,
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "out.jsonl"
    _run("extract", str(src), "--output", str(out_file))
    recs = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    by_id = {r["article_id"]: r for r in recs}
    assert by_id["ok"]["events"] and not by_id["ok"]["errors"]
    assert by_id["empty"]["errors"] and not by_id["empty"]["events"]
    assert by_id["fa"]["events"] == [] and by_id["fa"]["errors"]
    assert any(r["errors"] and "JSON" in " ".join(r["errors"]) for r in recs)


def test_csv_and_table_and_stdin(tmp_path: Path) -> None:
    out = _run("extract", "-", "--format", "csv", stdin=REPORT)
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["article_id", "event_id", "date"] and len(rows) == 2
    table = _run("extract", "-", "--format", "table", stdin=REPORT)
    assert "Air/drone strike" in table


def test_cp1256_file(tmp_path: Path) -> None:
    (tmp_path / "legacy.txt").write_bytes(REPORT.encode("cp1256"))
    out = _run("extract", str(tmp_path / "legacy.txt"))
    rec = json.loads(out.splitlines()[0])
    assert rec["events"] and any("cp1256" in e for e in rec["errors"])


def test_console_script_runs() -> None:
    out = subprocess.run([sys.executable, "-m", "marsad.cli", "version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip()
