"""Checks of one gold file against the rules of shared/docs/gold-format.md: the shape of every
field, the taxonomy, count bounds, and that the evidence quote is in the article's text.

`gold_problems(gold, text)` returns what is wrong (an empty list for a good file). The shared
dev gold passes it, and so must the gold that `marsad export --format gold --reviewed` writes.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from marsad.schema import CODED_FIELDS, EVENT_TYPES, LOSS_ITEMS, SUB_EVENT_TYPES

# A gold event codes what a record codes, but for time_precision, and quotes its evidence.
EVENT_KEYS = frozenset(CODED_FIELDS) - {"time_precision"} | {"evidence"}
LOCATION_KEYS = frozenset(("names", "admin1", "country", "lat", "lon", "geo_precision"))


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _names(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        return [f"{where}: a non-empty list of names, or null"]
    return []


def _count(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict) or not _is_int(value.get("best")) or value["best"] < 0:
        return [f"{where}: null or {{best, min, max}} with a whole best >= 0"]
    low, high = value.get("min"), value.get("max")
    out = []
    if low is not None and (not _is_int(low) or low > value["best"]):
        out.append(f"{where}: min must be a whole number not above best")
    if high is not None and (not _is_int(high) or high < value["best"]):
        out.append(f"{where}: max must be a whole number not below best")
    return out


def _location(value: Any, where: str) -> list[str]:
    if not isinstance(value, dict) or set(value) - LOCATION_KEYS or "names" not in value:
        return [f"{where}: an object with names, admin1, country, lat, lon, geo_precision"]
    out = []
    if not isinstance(value["names"], list) or not all(isinstance(n, str) for n in value["names"]):
        out.append(f"{where}.names: a list of names")
    lat, lon = value.get("lat"), value.get("lon")
    if (lat is None) != (lon is None):
        out.append(f"{where}: lat and lon both or neither")
    for name, coord, bound in (("lat", lat, 90), ("lon", lon, 180)):
        if coord is not None and (
            isinstance(coord, bool)
            or not isinstance(coord, int | float)
            or not math.isfinite(coord)
            or abs(coord) > bound
        ):
            out.append(f"{where}.{name}: a number within ±{bound}")
    if value.get("geo_precision") not in (None, 1, 2, 3):
        out.append(f"{where}.geo_precision: 1, 2, 3 or null")
    return out


def _types(event: dict[str, Any], where: str) -> list[str]:
    out = []
    if event.get("event_type") not in EVENT_TYPES:
        out.append(f"{where}.event_type: not an ACLED event type")
    subs = event.get("sub_event_type")
    if not isinstance(subs, list) or not subs:
        return [*out, f"{where}.sub_event_type: a non-empty list"]
    for sub in subs:
        if SUB_EVENT_TYPES.get(sub) != event.get("event_type"):
            out.append(f"{where}.sub_event_type: {sub!r} is not a sub-type of {event.get('event_type')!r}")
    return out


def _event(event: Any, where: str, text: str | None) -> list[str]:
    if not isinstance(event, dict):
        return [f"{where}: not an object"]
    missing = sorted(EVENT_KEYS - set(event))
    if missing:
        return [f"{where}: missing {', '.join(missing)}"]
    out = _types(event, where)
    if event["date"] is not None and not _is_date(event["date"]):
        out.append(f"{where}.date: YYYY-MM-DD or null")
    out += _names(event["actor1"], f"{where}.actor1") + _names(event["actor2"], f"{where}.actor2")
    out += _names(event["attribution"], f"{where}.attribution")
    out += _location(event["location"], f"{where}.location")
    for name in ("fatalities", "injuries", "casualties"):
        out += _count(event[name], f"{where}.{name}")
    losses = event["losses"]
    if not isinstance(losses, list) or not all(
        isinstance(x, dict) and x.get("item") in LOSS_ITEMS and _is_int(x.get("count")) for x in losses
    ):
        out.append(f"{where}.losses: a list of {{item, count}} with items from the schema")
    evidence = event["evidence"]
    if not isinstance(evidence, str) or not evidence.strip():
        out.append(f"{where}.evidence: a quote from the article")
    elif text is not None and evidence not in text:
        out.append(f"{where}.evidence: the quote is not in the article's text")
    if event.get("note") is not None and not isinstance(event["note"], str):
        out.append(f"{where}.note: text or absent")
    return out


def gold_problems(gold: Any, text: str | None = None) -> list[str]:
    """What is wrong with one gold file (gold-format.md); `text` is the article's text."""
    if not isinstance(gold, dict):
        return ["not a JSON object"]
    out = []
    if not isinstance(gold.get("article_id"), str) or not gold["article_id"]:
        out.append("article_id: required text")
    if gold.get("published") is not None and not _is_date(gold["published"]):
        out.append("published: YYYY-MM-DD or null")
    events = gold.get("events")
    if not isinstance(events, list):
        return [*out, "events: a list (empty when the article has no codable event)"]
    for i, event in enumerate(events):
        out += _event(event, f"events[{i}]", text)
    return out
