"""The progress bar's input count (its total and ETA) and the bar itself."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from marsad.cli import app
from marsad.inputs import iter_items
from marsad.scale.progress import count_items

REPORT = "قتل ثلاثة مدنيين أمس في غارة جوية على بلدة كفرنبل بريف إدلب الجنوبي، وفق ما أفاد الدفاع المدني."


def _jsonl(n: int, *, final_newline: bool = True) -> str:
    lines = [json.dumps({"id": f"r-{i}", "text": f"{REPORT} ({i})"}, ensure_ascii=False) for i in range(n)]
    return "\n".join(lines) + ("\n" if final_newline else "")


def test_count_matches_what_the_readers_yield(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a1.txt").write_text(REPORT, encoding="utf-8")
    (folder / "a2.html").write_text(f"<html><body><p>{REPORT}</p></body></html>", encoding="utf-8")
    (folder / "index.tsv").write_text("id\tpublished\na1\t2018-05-09\n", encoding="utf-8")
    (folder / "a1.gold.json").write_text("{}", encoding="utf-8")
    (folder / "feed.jsonl").write_text(_jsonl(7, final_newline=False), encoding="utf-8")
    with gzip.open(tmp_path / "archive.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(_jsonl(30))
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(gzip.compress(_jsonl(12).encode("utf-8"))[:-40])
    paths = [str(folder), str(tmp_path / "archive.jsonl.gz"), str(broken), str(tmp_path / "missing.txt")]
    assert count_items(paths) == sum(1 for _ in iter_items(paths))


def test_count_is_unknown_for_stdin_and_json_arrays(tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text(
        json.dumps([{"id": "x", "text": REPORT}], ensure_ascii=False), encoding="utf-8"
    )
    assert count_items(["-"]) is None
    assert count_items([str(tmp_path / "list.json")]) is None


def test_extract_shows_rate_eta_events_and_errors_when_asked(tmp_path: Path) -> None:
    source = tmp_path / "feed.jsonl"
    source.write_text(_jsonl(5) + "{not json\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["extract", str(source), "--output", str(tmp_path / "out.jsonl"), "--progress", "--workers", "1"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    bar = result.output
    assert "6/6" in bar and "articles/s" in bar and "ETA" in bar
    assert "events 5" in bar and "errors 1" in bar
