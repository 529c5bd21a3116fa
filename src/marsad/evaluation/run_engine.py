"""Run the engine over an input JSONL so its output can be scored in one step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from marsad.util import json_line


def to_jsonl_line(record: dict[str, Any]) -> str:
    """One JSON object on exactly one line, Arabic kept readable."""
    return json_line(record) + "\n"


def _failed_record(item: dict[str, Any], line_no: int, error: Exception) -> dict[str, Any]:
    # A crash on one item must not stop the run; it is scored as an article with no events.
    return {
        "article_id": str(item.get("id")) if item.get("id") not in (None, "") else f"line-{line_no}",
        "source": item.get("source"),
        "published": None,
        "language": "ar",
        "events": [],
        "errors": [f"engine failed: {type(error).__name__}: {error}"],
    }


def run_engine(input_jsonl: Path, output_jsonl: Path, without: frozenset[str] = frozenset()) -> int:
    """Extract an article record for every item of `input_jsonl` into `output_jsonl`
    (one JSON object per line), leaving out the engine components named in `without`.
    Returns the number of records written."""
    # Imported here: loading the engine's lexicons is only worth it when it runs.
    from marsad.extract.pipeline import check_without, extract_record

    without = check_without(without)

    written = 0
    with (
        Path(input_jsonl).open(encoding="utf-8") as source,
        Path(output_jsonl).open("w", encoding="utf-8") as sink,
    ):
        for line_no, line in enumerate(source, start=1):
            if not line.strip():
                continue
            item = json.loads(line)
            try:
                record = extract_record(item, without=without)
            except Exception as error:  # any engine failure becomes an errors entry
                record = _failed_record(item, line_no, error)
            sink.write(to_jsonl_line(record))
            written += 1
    return written
