"""The English `notes` sentence of an ACLED row, built from a stored event.

Wording lives in `store/data/notes.yaml`; this module only fills it in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from marsad.store.reference import notes_templates

# English month names regardless of the process locale (strftime's %B follows the locale).
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_LOSS_WORDS = {
    "tank": ("tank", "tanks"),
    "armoured_vehicle": ("armoured vehicle", "armoured vehicles"),
    "technical": ("technical", "technicals"),
    "military_vehicle": ("military vehicle", "military vehicles"),
    "pickup": ("pickup truck", "pickup trucks"),
    "aircraft": ("aircraft", "aircraft"),
    "helicopter": ("helicopter", "helicopters"),
    "drone": ("drone", "drones"),
    "artillery": ("artillery piece", "artillery pieces"),
    "weapons_depot": ("weapons depot", "weapons depots"),
    "other": ("other item", "other items"),
}


def _join(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _actor_phrase(name: str | None, assoc: str | None) -> str | None:
    if not name:
        return None
    members = [m.strip() for m in (assoc or "").split(";") if m.strip() and m.strip() != name]
    return _join([name, *members])


def _when(event_date: date | None, precision: int | None, t: dict[str, Any]) -> str:
    if event_date is None:
        return t["when"]["none"]
    month = f"{_MONTHS[event_date.month - 1]} {event_date.year}"
    day = f"{event_date.day} {month}"
    template = t["when"].get(precision or 1, t["when"][1])
    return template.format(date=day, month=month)


def _where(row: dict[str, Any], t: dict[str, Any]) -> str:
    precision = row.get("geo_precision") or 1
    parts: list[str] = []
    if precision < 3 and row.get("location"):
        parts.append(row["location"])
    for name in (row.get("admin2"), row.get("admin1"), row.get("country")):
        if name and name not in parts:
            parts.append(name)
    if not parts:
        return ""
    return t["where"].get(precision, t["where"][1]).format(place=", ".join(parts))


def _count_sentences(row: dict[str, Any], record: dict[str, Any], t: dict[str, Any]) -> list[str]:
    counts = t["counts"]
    out: list[str] = []
    fatalities = row.get("fatalities")
    if isinstance(fatalities, int) and fatalities > 0:
        out.append(
            counts["fatalities_one"] if fatalities == 1 else counts["fatalities_many"].format(n=fatalities)
        )
    injuries = row.get("injuries")
    if isinstance(injuries, int) and injuries > 0:
        out.append(counts["injuries_one"] if injuries == 1 else counts["injuries_many"].format(n=injuries))
    casualties = row.get("casualties")
    if isinstance(casualties, int) and casualties > 0:
        out.append(counts["casualties"].format(n=casualties))
    losses = []
    for loss in record.get("losses") or []:
        if isinstance(loss, dict) and isinstance(loss.get("count"), int):
            one, many = _LOSS_WORDS.get(str(loss.get("item")), _LOSS_WORDS["other"])
            losses.append(f"{loss['count']} {one if loss['count'] == 1 else many}")
    if losses:
        out.append(counts["losses"].format(items=_join(losses)))
    return out


def event_notes(row: dict[str, Any]) -> str:
    """One English paragraph: what happened, when, where, the toll and who says so."""
    t = notes_templates()
    record = row.get("record") if isinstance(row.get("record"), dict) else {}
    actor1 = _actor_phrase(row.get("actor1"), row.get("assoc_actor_1")) or t["unknown_actor1"]
    actor2 = _actor_phrase(row.get("actor2"), row.get("assoc_actor_2"))
    templates = t["templates"].get(row.get("sub_event_type"), t["templates"]["Other"])
    sentence = (templates["both"] if actor2 else templates["one"]).format(
        when=_when(row.get("event_date"), row.get("time_precision"), t),
        actor1=actor1,
        actor2=actor2 or "",
        where=_where(row, t),
    )
    parts = [sentence[0].upper() + sentence[1:], *_count_sentences(row, record, t)]
    source = row.get("attribution_source")
    if row.get("hedged"):
        parts.append(
            t["attribution"]["hedged"].format(source=source) if source else t["attribution"]["hedged_unnamed"]
        )
    elif source:
        parts.append(t["attribution"]["plain"].format(source=source))
    return " ".join(parts)
