"""Every article record the engine produces holds the output contract.

On real text: the seed report, the 50 dev reports, the first 300 bulk items and the
example reports. "Holds" is the shipped JSON Schema (Draft 2020-12) plus what a schema
cannot say (tests/reliability/record_checks.py): evidence text is the original slice,
event_type belongs to sub_event_type, losses are counted items, bounds are ordered, event
ids are unique — and stable, in this process and in another one with other hash seeds.
"""

from __future__ import annotations

import copy
import csv
import gzip
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from marsad.extract.pipeline import extract_record
from marsad.schema import article_json_schema
from tests.integration.shared import shared_path
from tests.reliability.record_checks import record_problems

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
SEED_ID = "aleppo-southwest-offensive.ar"
BULK_ITEMS = 300


def seed_items() -> list[dict[str, Any]]:
    text = shared_path("samples", f"{SEED_ID}.txt").read_text(encoding="utf-8")
    return [{"id": SEED_ID, "text": text}]


def dev_items() -> list[dict[str, Any]]:
    with shared_path("corpus", "dev.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def bulk_items() -> list[dict[str, Any]]:
    with gzip.open(shared_path("corpus", "bulk.jsonl.gz"), "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in itertools.islice(fh, BULK_ITEMS)]


def example_items() -> list[dict[str, Any]]:
    with (EXAMPLES / "index.tsv").open(encoding="utf-8") as fh:
        meta = {row["id"]: row for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}
    items = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        row = meta.get(path.stem, {})
        items.append(
            {
                "id": path.stem,
                "text": path.read_text(encoding="utf-8"),
                "source": row.get("outlet"),
                "published": row.get("published"),
                "title": row.get("title"),
            }
        )
    return items


SETS = {"seed": seed_items, "dev": dev_items, "bulk": bulk_items, "examples": example_items}
# Each set must yield at least this many events, so a broken engine cannot pass by
# producing nothing at all.
MIN_EVENTS = {"seed": 2, "dev": 35, "bulk": 10, "examples": 10}  # bulk opens with culture news


@pytest.fixture(scope="module")
def extracted() -> dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]:
    return {name: [(item, extract_record(item)) for item in load()] for name, load in SETS.items()}


def test_shipped_schema_is_draft_2020_12() -> None:
    schema = article_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", list(SETS))
def test_records_hold_the_contract(extracted, name: str) -> None:
    pairs = extracted[name]
    assert pairs, f"no items in {name}"
    if name == "bulk":
        assert len(pairs) == BULK_ITEMS
    failures = {
        item.get("id"): problems
        for item, rec in pairs
        if (problems := record_problems(item.get("text"), rec))
    }
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)[:4000]
    events = sum(len(rec["events"]) for _, rec in pairs)
    assert events >= MIN_EVENTS[name], f"only {events} events from {name}"


@pytest.mark.parametrize("name", list(SETS))
def test_same_input_same_record(extracted, name: str) -> None:
    for item, first in extracted[name]:
        again = extract_record(item)
        assert again == first, item.get("id")


def _event_ids(records: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {r["article_id"]: [e["event_id"] for e in r["events"]] for r in records}


def test_event_ids_stable_across_processes(extracted) -> None:
    """Another interpreter with other hash seeds (set and dict orders) gives the same ids."""
    items = [item for name in ("seed", "dev", "examples") for item, _ in extracted[name]]
    script = (
        "import json, sys\nfrom marsad.extract.pipeline import extract_record\n"
        "items = json.load(sys.stdin)\n"
        "print(json.dumps({r['article_id']: [e['event_id'] for e in r['events']]"
        " for r in map(extract_record, items)}))\n"
    )
    expected = _event_ids([rec for name in ("seed", "dev", "examples") for _, rec in extracted[name]])
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps(items),
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=True,
        )
        assert json.loads(out.stdout) == expected


def test_event_ids_unique_within_article(extracted) -> None:
    for name in SETS:
        for _, rec in extracted[name]:
            ids = [e["event_id"] for e in rec["events"]]
            assert len(ids) == len(set(ids)), rec["article_id"]


# The checks themselves must be able to fail: each broken copy of a real record is caught.


def _first_event_record(extracted) -> tuple[str, dict[str, Any]]:
    for item, rec in extracted["seed"] + extracted["examples"]:
        if rec["events"]:
            return item["text"], rec
    pytest.fail("no record with events")


BREAKAGES = {
    "evidence text": lambda r: r["events"][0]["evidence"][0].update(text="x"),
    "evidence offsets": lambda r: r["events"][0]["evidence"][0].update(end=10**9),
    "event_type": lambda r: r["events"][0].update(event_type="Protests", sub_event_type="Air/drone strike"),
    "unknown sub-type": lambda r: r["events"][0].update(sub_event_type="Massacre"),
    "loss item": lambda r: r["events"][0].update(losses=[{"item": "boat", "count": 1, "side": None}]),
    "loss count": lambda r: r["events"][0].update(losses=[{"item": "tank", "count": 0, "side": None}]),
    "bounds": lambda r: r["events"][0].update(fatalities={"min": 5, "max": 3, "best": 4}),
    "negative count": lambda r: r["events"][0].update(injuries={"min": -1, "max": None, "best": -1}),
    "confidence": lambda r: r["events"][0].update(confidence=1.5),
    "duplicate id": lambda r: r["events"].append(copy.deepcopy(r["events"][0])),
    "published": lambda r: r.update(published="yesterday"),
    "swallowed crash": lambda r: r["errors"].append("extraction failed: ValueError: boom"),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_checks_catch_a_broken_record(extracted, breakage: str) -> None:
    text, rec = _first_event_record(extracted)
    assert record_problems(text, rec) == []
    broken = copy.deepcopy(rec)
    BREAKAGES[breakage](broken)
    assert record_problems(text, broken), breakage
