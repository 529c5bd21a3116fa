"""Typing on sentences we wrote ourselves for every ACLED sub-event type, plus near misses.

Rows: tests/data/subevent_sentences.tsv. Each sentence is one report; the engine's first
event must carry the row's sub-type (or no event for `none`). The floor guards against
regressions; per-type misses are listed in the failure message."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from marsad.extract.pipeline import extract_record
from marsad.schema import SUB_EVENT_TYPES

ROWS = list(
    csv.DictReader(
        (Path(__file__).parents[1] / "data/subevent_sentences.tsv").open(encoding="utf-8"), delimiter="\t"
    )
)


def _typed(sentence: str) -> str:
    rec = extract_record({"id": "s", "text": sentence, "published": "2018-05-01"})
    return rec["events"][0]["sub_event_type"] if rec["events"] else "none"


def test_rows_use_exact_taxonomy() -> None:
    for r in ROWS:
        assert r["event_type"] == "none" or SUB_EVENT_TYPES[r["sub_event_type"]] == r["event_type"]


def test_sentence_typing_accuracy() -> None:
    misses: Counter[str] = Counter()
    hits = 0
    for r in ROWS:
        expected = "none" if r["event_type"] == "none" else r["sub_event_type"]
        if _typed(r["sentence"]) == expected:
            hits += 1
        else:
            misses[expected] += 1
    accuracy = hits / len(ROWS)
    assert accuracy >= 0.60, f"accuracy {accuracy:.3f}; misses by type: {dict(misses)}"


def test_near_misses_yield_few_events() -> None:
    negatives = [r["sentence"] for r in ROWS if r["event_type"] == "none"]
    false_alarms = sum(_typed(s) != "none" for s in negatives)
    assert false_alarms / len(negatives) <= 0.25
