"""JSON lines stay one record per line for every reader: U+2028, U+2029 and U+0085 inside
strings (valid JSON) are escaped when we write, and "\\n" alone ends a line when we read."""

from __future__ import annotations

import json
from pathlib import Path

from marsad.evaluation.loading import read_input_texts, read_system_output
from marsad.util import json_line

_BREAKS = "قتل 3 مدنيين\u2028في غارة\u2029على بلدة\u0085كفرنبل"


def test_written_lines_survive_splitlines() -> None:
    line = json_line({"id": "a", "text": _BREAKS})
    assert "\n" not in line and len(line.splitlines()) == 1
    assert json.loads(line)["text"] == _BREAKS


def test_reading_splits_at_newlines_only(tmp_path: Path) -> None:
    raw = json.dumps({"id": "a", "text": _BREAKS}, ensure_ascii=False)  # raw separators, as others write
    path = tmp_path / "in.jsonl"
    path.write_text(raw + "\n" + json.dumps({"id": "b", "text": "نص"}) + "\n", encoding="utf-8")
    assert read_input_texts(path) == {"a": _BREAKS, "b": "نص"}
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"article_id": "a", "events": [], "note": _BREAKS}, ensure_ascii=False) + "\n")
    system = read_system_output(out)
    assert system.unparseable_lines == 0 and set(system.records) == {"a"}
