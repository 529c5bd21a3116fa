"""Issue 16, what an operator meets: a missing input path fails (exit 2, a clear message, nothing
written); `--follow-symlinks` decides whether a link out of the folder is read; skipped files
are counted and listed; `export`, `serve` and `db stats` on a mistyped SQLite path fail instead
of creating an empty database."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app

TEXT = "قتل ثلاثة مدنيين وأصيب خمسة آخرون في غارة جوية استهدفت سوقا شعبيا في مدينة حلب صباح اليوم."
OUTSIDE = "أصيب أربعة أشخاص بجروح في قصف مدفعي على حي سكني في مدينة حمص مساء أمس."


def _invoke(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    (tmp_path / "outside.txt").write_text(OUTSIDE, encoding="utf-8")
    os.symlink(tmp_path / "outside.txt", root / "link.txt")
    return root


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_missing_input_path_exits_2_with_a_message(tmp_path: Path, folder: Path, command: str) -> None:
    db = tmp_path / "x.db"
    args = [command, str(folder), str(tmp_path / "typo.jsonl")]
    result = _invoke(*args, *(["--db", f"sqlite:///{db}"] if command == "ingest" else []))
    assert result.exit_code == 2
    assert "input not found" in result.output and "typo.jsonl" in result.output
    assert not db.exists()


def test_extract_lists_skipped_files_and_follows_links_only_when_asked(folder: Path) -> None:
    plain = _invoke("extract", str(folder), "--format", "jsonl")
    assert plain.exit_code == 0, plain.output
    ids = [json.loads(line)["article_id"] for line in plain.stdout.splitlines() if line.startswith("{")]
    assert ids == ["a"]
    assert "files skipped: 2" in plain.output
    assert "notes.docx" in plain.output and "link.txt" in plain.output

    followed = _invoke("extract", str(folder), "--format", "jsonl", "--follow-symlinks")
    assert followed.exit_code == 0, followed.output
    ids = [json.loads(line)["article_id"] for line in followed.stdout.splitlines() if line.startswith("{")]
    assert ids == ["a", "link"]
    assert "files skipped: 1" in followed.output


def test_ingest_counts_and_lists_skipped_files(tmp_path: Path, folder: Path) -> None:
    result = _invoke("ingest", str(folder), "--db", f"sqlite:///{tmp_path / 'x.db'}", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "skipped 2 files" in result.output
    assert "notes.docx: unsupported" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "jsonl", "--output", "-"],
        ["serve", "--port", "1"],
        ["db", "stats"],
        ["db", "current"],
    ],
)
def test_reading_commands_refuse_a_sqlite_file_that_is_not_there(
    tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)  # a server that would start returns at once
    db = tmp_path / "mistyped.db"
    result = _invoke(*args, "--db", f"sqlite:///{db}")
    assert result.exit_code == 2
    assert "no database at" in result.output and "mistyped.db" in result.output
    assert not db.exists()
