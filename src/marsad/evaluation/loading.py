"""Readers for the three scorer inputs: gold files, engine input, engine output."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GOLD_SUFFIX = ".gold.json"


def read_input_texts(input_jsonl: Path) -> dict[str, str]:
    """Original text of every input item, by id (a later duplicate id wins)."""
    texts: dict[str, str] = {}
    # JSON lines end at "\n" only: a raw U+2028 inside a string is valid JSON, and
    # str.splitlines() would cut the record there.
    for line in input_jsonl.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            item = json.loads(line)
            texts[str(item["id"])] = item["text"]
    return texts


def read_gold(gold_dir: Path) -> dict[str, dict[str, Any]]:
    """Gold annotations by article id, in file-name order (a later duplicate id wins)."""
    golds: dict[str, dict[str, Any]] = {}
    for path in sorted(gold_dir.glob(f"*{GOLD_SUFFIX}")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        golds[str(gold["article_id"])] = gold
    return golds


@dataclass
class SystemOutput:
    """Engine article records by article id, and how many lines were not JSON."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    unparseable_lines: int = 0


def read_system_output(system_jsonl: Path) -> SystemOutput:
    """Read engine output leniently: bad bytes are replaced, lines that are not a JSON
    object are counted rather than fatal, a later record for the same id wins."""
    out = SystemOutput()
    for line in system_jsonl.read_text(encoding="utf-8", errors="replace").split("\n"):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            out.unparseable_lines += 1
            continue
        if not isinstance(record, dict):
            out.unparseable_lines += 1
            continue
        out.records[str(record.get("article_id"))] = record
    return out
