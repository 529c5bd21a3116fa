"""Short views of one event for reports: type, place, toll and an evidence excerpt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_EXCERPT_CHARS = 70


@dataclass(frozen=True, slots=True)
class EventBrief:
    """A one-line account of an event, engine's or gold, for reading misses and false alarms."""

    event_type: str | None
    sub_event_type: str | None
    place: str | None
    fatalities: Any
    injuries: Any
    casualties: Any
    evidence: str

    def line(self) -> str:
        kind = f"{self.event_type or '?'} / {self.sub_event_type or '?'}"
        counts = ", ".join(
            f"{label} {value}"
            for label, value in (
                ("killed", self.fatalities),
                ("wounded", self.injuries),
                ("casualties", self.casualties),
            )
            if value is not None
        )
        parts = [kind, f"@ {self.place or '?'}"]
        if counts:
            parts.append(f"[{counts}]")
        if self.evidence:
            parts.append(f"«{self.evidence}»")
        return " ".join(parts)


def excerpt(text: Any) -> str:
    """First characters of a quote, on one line."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= _EXCERPT_CHARS else flat[: _EXCERPT_CHARS - 1] + "…"


def _best(count: Any) -> Any:
    return count.get("best") if isinstance(count, dict) else None


def _dict_or_empty(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def brief_system_event(event: dict[str, Any]) -> EventBrief:
    loc = _dict_or_empty(event.get("location"))
    evidence = event.get("evidence")
    first = evidence[0] if isinstance(evidence, list) and evidence else None
    return EventBrief(
        event_type=event.get("event_type"),
        sub_event_type=event.get("sub_event_type"),
        place=loc.get("name")
        or loc.get("mention")
        or loc.get("name_ar")
        or loc.get("admin1")
        or loc.get("country"),
        fatalities=_best(event.get("fatalities")),
        injuries=_best(event.get("injuries")),
        casualties=_best(event.get("casualties")),
        evidence=excerpt(_dict_or_empty(first).get("text")),
    )


def brief_gold_event(event: dict[str, Any]) -> EventBrief:
    loc = _dict_or_empty(event.get("location"))
    names = loc.get("names") or []
    sub_types = event.get("sub_event_type") or []
    return EventBrief(
        event_type=event.get("event_type"),
        sub_event_type=" | ".join(sub_types) if isinstance(sub_types, list) else str(sub_types),
        place=(names[0] if names else None) or loc.get("admin1") or loc.get("country"),
        fatalities=_best(event.get("fatalities")),
        injuries=_best(event.get("injuries")),
        casualties=_best(event.get("casualties")),
        evidence=excerpt(event.get("evidence")),
    )
