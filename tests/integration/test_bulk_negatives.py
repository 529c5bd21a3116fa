"""Sports, economy, technology and culture news (from the bulk corpus) are full of words
that also name violence ("خطف الأنظار", "هجوم" in football, "احتجاجا على"): the engine
must stay almost silent there."""

from __future__ import annotations

import gzip
import json

from marsad.extract.pipeline import extract_record
from tests.integration.shared import shared_path

QUIET = {"sport", "economy", "technology", "culture"}


def test_few_events_outside_conflict_news() -> None:
    items = []
    with gzip.open(shared_path("corpus", "bulk.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 11:
                continue
            item = json.loads(line)
            if item.get("category") in QUIET:
                items.append(item)
            if len(items) >= 400:
                break
    events = sum(len(extract_record(it)["events"]) for it in items)
    assert len(items) == 400
    assert events / len(items) <= 0.12, f"{events} events in {len(items)} non-conflict articles"
