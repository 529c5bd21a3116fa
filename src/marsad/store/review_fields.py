"""What an analyst may change in an event record, checked before it is stored, and how the
corrections make the event's current view (the engine's record with the analyst's values laid
over it, flattened again exactly as the engine's record is)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from marsad.schema import ACTOR_KINDS, CODED_FIELDS, EVENT_TYPES, LOSS_ITEMS, SUB_EVENT_TYPES
from marsad.store.flatten import flatten_event

# Record fields a review can correct: the coding of the event (event-schema.md names).
EDITABLE: tuple[str, ...] = CODED_FIELDS


def review_status(rejected: bool, corrections: dict[str, Any]) -> str:
    """A review's status: rejected (merged away too), else corrected when it changes a field."""
    return "rejected" if rejected else "corrected" if corrections else "confirmed"


COUNT_FIELDS = ("fatalities", "injuries", "casualties")
NO_COUNT: dict[str, Any] = {"min": None, "max": None, "best": None}
REJECT_REASONS: tuple[str, ...] = ("not_news", "duplicate", "not_conflict", "other")
MAX_TEXT = 300
# Flat columns a correction may change; the ids, order, source and search text stay the engine's.
_KEPT_COLUMNS = {"event_id", "article_id", "seq", "source", "search_text", "record"}


class ReviewError(ValueError):
    """A review that cannot be stored as asked (bad field value, unknown event, …)."""


def _text(value: Any, what: str, *, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ReviewError(f"{what} is required")
        return None
    if not isinstance(value, str):
        raise ReviewError(f"{what} must be text")
    if len(value) > MAX_TEXT:
        raise ReviewError(f"{what} is longer than {MAX_TEXT} characters")
    return value.strip()


def _int(value: Any, what: str, low: int, high: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ReviewError(f"{what} must be a whole number from {low} to {high}")
    return value


def _number(value: Any, what: str, low: float, high: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ReviewError(f"{what} must be a number")
    if not low <= value <= high:
        raise ReviewError(f"{what} must be from {low} to {high}")
    return float(value)


def _count(value: Any, what: str) -> dict[str, Any]:
    if value is None:
        return dict(NO_COUNT)
    if not isinstance(value, dict):
        raise ReviewError(f"{what} must be {{best, min, max}} or null")
    best = _int(value.get("best"), f"{what}.best", 0, 1_000_000)
    low = _int(value.get("min"), f"{what}.min", 0, 1_000_000)
    high = _int(value.get("max"), f"{what}.max", 0, 1_000_000)
    if best is None and (low is not None or high is not None):
        raise ReviewError(f"{what}: bounds without a best figure")
    if low is not None and best is not None and low > best:
        raise ReviewError(f"{what}: min is above best")
    if high is not None and best is not None and high < best:
        raise ReviewError(f"{what}: max is below best")
    return {"min": low, "max": high, "best": best}


def _actor(value: Any, what: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ReviewError(f"{what} must be an object with a name, or null")
    kind = _text(value.get("kind"), f"{what}.kind")
    if kind is not None and kind not in ACTOR_KINDS:
        raise ReviewError(f"{what}.kind must be one of {', '.join(ACTOR_KINDS)}")
    return {
        "mention": _text(value.get("mention"), f"{what}.mention"),
        "name": _text(value.get("name"), f"{what}.name", required=True),
        "name_ar": _text(value.get("name_ar"), f"{what}.name_ar"),
        "kind": kind,
        "members": [],
    }


def _location(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ReviewError("location must be an object or null")
    lat = _number(value.get("lat"), "location.lat", -90, 90)
    lon = _number(value.get("lon"), "location.lon", -180, 180)
    if (lat is None) != (lon is None):
        raise ReviewError("location needs both lat and lon, or neither")
    out: dict[str, Any] = {
        k: _text(value.get(k), f"location.{k}") for k in ("mention", "name", "name_ar", "admin1", "admin2")
    }
    out["country"] = _text(value.get("country"), "location.country", required=True)
    out.update(
        lat=lat, lon=lon, geo_precision=_int(value.get("geo_precision"), "location.geo_precision", 1, 3)
    )
    return out


def _losses(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ReviewError("losses must be a list")
    out = []
    for loss in value:
        if not isinstance(loss, dict) or loss.get("item") not in LOSS_ITEMS:
            raise ReviewError(f"each loss needs an item from: {', '.join(LOSS_ITEMS)}")
        entry: dict[str, Any] = {
            "item": loss["item"],
            "count": _int(loss.get("count"), "loss count", 0, 100_000),
        }
        if loss.get("side") in ("actor1", "actor2"):
            entry["side"] = loss["side"]
        out.append(entry)
    return out


def _attribution(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ReviewError("attribution must be {source, hedged} or null")
    return {"source": _text(value.get("source"), "attribution.source"), "hedged": bool(value.get("hedged"))}


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise ReviewError(f"date must be YYYY-MM-DD, got {value!r}") from exc


def clean_changes(changes: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The corrections as they will be stored, every value checked; `current` is the record
    they apply to (a new sub-event type brings its event type)."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ReviewError(f"not an editable field: {', '.join(unknown)} (editable: {', '.join(EDITABLE)})")
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "sub_event_type":
            if value not in SUB_EVENT_TYPES:
                raise ReviewError(f"unknown sub_event_type {value!r}")
            out[name] = value
            out["event_type"] = SUB_EVENT_TYPES[value]
        elif name == "event_type":
            if value not in EVENT_TYPES:
                raise ReviewError(f"unknown event_type {value!r}")
            out.setdefault(name, value)
        elif name == "date":
            out[name] = _date(value)
        elif name == "time_precision":
            out[name] = _int(value, "time_precision", 1, 3)
        elif name in ("actor1", "actor2"):
            out[name] = _actor(value, name)
        elif name == "location":
            out[name] = _location(value)
        elif name in COUNT_FIELDS:
            out[name] = _count(value, name)
        elif name == "losses":
            out[name] = _losses(value)
        else:
            out[name] = _attribution(value)
    sub = out.get("sub_event_type", current.get("sub_event_type"))
    if SUB_EVENT_TYPES.get(str(sub)) != out.get("event_type", current.get("event_type")):
        raise ReviewError(f"event_type {out.get('event_type')!r} does not hold sub_event_type {sub!r}")
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{field: {"from", "to"}} for the fields whose value changes."""
    return {k: {"from": before.get(k), "to": v} for k, v in after.items() if before.get(k) != v}


def current_record(engine_record: dict[str, Any], corrections: dict[str, Any]) -> dict[str, Any]:
    return {**engine_record, **corrections}


def corrected_columns(row: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """The flat columns of the corrected record (flattened like the engine's)."""
    flat = flatten_event(
        record, article_id=row["article_id"], seq=row.get("seq") or 0, source=row.get("source")
    )
    return {k: v for k, v in flat.row.items() if k not in _KEPT_COLUMNS}
