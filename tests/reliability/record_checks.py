"""Checks of one article record against the output contract (event-schema.md).

`record_problems` returns every violation as a short message (empty = the record is
fine): the shipped JSON Schema, plus what a schema cannot say — evidence text equals the
original slice, the event type belongs to the sub-event type, bounds are ordered, event
ids are unique, the record is plain JSON, and no crash was swallowed into `errors`.
"""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from marsad.schema import LOSS_ITEMS, SUB_EVENT_TYPES, article_json_schema

# extract_record turns an exception inside the engine into this per-article error: the
# run goes on, but the article lost its events, so for fuzzing it is a crash.
SWALLOWED_CRASH = "extraction failed"


@cache
def validator() -> Draft202012Validator:
    schema = article_json_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_problems(record: dict[str, Any]) -> list[str]:
    return [
        f"schema: /{'/'.join(map(str, e.absolute_path))}: {e.message}"[:300]
        for e in validator().iter_errors(record)
    ]


def _count_problems(where: str, count: dict[str, Any] | None) -> list[str]:
    if not isinstance(count, dict):
        return []
    lo, hi, best = count.get("min"), count.get("max"), count.get("best")
    out = []
    if lo is not None and hi is not None and lo > hi:
        out.append(f"bounds: {where}: min {lo} > max {hi}")
    if lo is not None and best is not None and best < lo:
        out.append(f"bounds: {where}: best {best} < min {lo}")
    if hi is not None and best is not None and best > hi:
        out.append(f"bounds: {where}: best {best} > max {hi}")
    return out


def event_problems(text: str, event: dict[str, Any], where: str) -> list[str]:
    out: list[str] = []
    sub = event.get("sub_event_type")
    if SUB_EVENT_TYPES.get(sub) != event.get("event_type"):
        out.append(
            f"event_type: {where}: event_type {event.get('event_type')!r} does not hold sub_event_type {sub!r}"
        )
    for j, ev in enumerate(event.get("evidence") or []):
        s, e = ev.get("start"), ev.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
            out.append(f"evidence: {where}/evidence/{j}: span [{s}, {e}) outside text of length {len(text)}")
        elif text[s:e] != ev.get("text"):
            out.append(f"evidence: {where}/evidence/{j}: text differs from original[{s}:{e}]")
    for j, loss in enumerate(event.get("losses") or []):
        if loss.get("item") not in LOSS_ITEMS:
            out.append(f"losses: {where}/losses/{j}: item {loss.get('item')!r} not in the vocabulary")
        count = loss.get("count")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            out.append(f"losses: {where}/losses/{j}: count {count!r} is not an integer >= 1")
    for field in ("fatalities", "injuries", "casualties"):
        out += _count_problems(f"{where}/{field}", event.get(field))
    conf = event.get("confidence")
    if not isinstance(conf, int | float) or not math.isfinite(conf) or not 0 <= conf <= 1:
        out.append(f"confidence: {where}: confidence {conf!r} not in [0, 1]")
    return out


def record_problems(text: str | None, record: dict[str, Any]) -> list[str]:
    """Every contract violation of `record`, extracted from the original `text`."""
    out = schema_problems(record)
    try:
        json.dumps(record, allow_nan=False)
    except (TypeError, ValueError) as exc:
        out.append(f"json: not plain JSON: {exc}")
    out += [
        f"swallowed crash: {e}"
        for e in record.get("errors") or []
        if isinstance(e, str) and e.startswith(SWALLOWED_CRASH)
    ]
    events = record.get("events") or []
    ids = [e.get("event_id") for e in events]
    if len(ids) != len(set(ids)):
        out.append(f"event_id: duplicate event ids: {sorted(i for i in set(ids) if ids.count(i) > 1)}")
    for i, event in enumerate(events):
        out += event_problems(text if isinstance(text, str) else "", event, f"/events/{i}")
    return out


def crash_kind(problems: list[str]) -> str:
    """A short label for a failing record, for counting failures by kind."""
    for p in problems:
        if p.startswith("swallowed crash: "):
            # "extraction failed: OverflowError: ..." -> "swallowed OverflowError"
            return "swallowed " + p.split(": ")[2]
    return problems[0].split(":")[0] if problems else ""  # the category each message starts with
