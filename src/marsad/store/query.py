"""Event filters shared by exports, the CLI and the HTTP API.

Every value reaches the database as a bound parameter; LIKE patterns escape their
wildcards, so a filter value is only ever matched as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select

from marsad.schema import EVENT_TYPES, SUB_EVENT_TYPES
from marsad.store.reference import lookup_country
from marsad.store.review_tables import not_rejected
from marsad.store.tables import actors, event_actors, events
from marsad.text.normalize import normalize_key

_LIKE_ESCAPE = "\\"


def like_pattern(value: str) -> str:
    """`%value%` with the LIKE wildcards in `value` escaped."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class FilterError(ValueError):
    """A filter value that cannot be right (unknown event type, bad bbox, …)."""


def _canonical(values: Sequence[str], known: Sequence[str], what: str) -> list[str]:
    by_key = {v.casefold(): v for v in known}
    out = []
    for value in values:
        hit = by_key.get(value.strip().casefold())
        if hit is None:
            raise FilterError(f"unknown {what} {value!r}; expected one of: {', '.join(known)}")
        out.append(hit)
    return out


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """`min_lon,min_lat,max_lon,max_lat` (the GeoJSON order)."""
    try:
        parts = [float(p) for p in text.split(",")]
    except ValueError as exc:
        raise FilterError(f"bbox must be four numbers min_lon,min_lat,max_lon,max_lat, got {text!r}") from exc
    if len(parts) != 4:
        raise FilterError(f"bbox must be four numbers min_lon,min_lat,max_lon,max_lat, got {text!r}")
    min_lon, min_lat, max_lon, max_lat = parts
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise FilterError(f"bbox out of range or min_lat > max_lat: {text!r}")
    return min_lon, min_lat, max_lon, max_lat


@dataclass(slots=True)
class EventFilter:
    since: date | None = None
    until: date | None = None
    country: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    event_type: list[str] = field(default_factory=list)
    sub_event_type: list[str] = field(default_factory=list)
    actor: str | None = None
    q: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    article_id: str | None = None
    # Events an analyst rejected (or merged into another) are left out unless asked for.
    include_rejected: bool = False

    def __post_init__(self) -> None:
        self.event_type = _canonical(self.event_type, EVENT_TYPES, "event type")
        self.sub_event_type = _canonical(self.sub_event_type, tuple(SUB_EVENT_TYPES), "sub-event type")
        if self.since and self.until and self.since > self.until:
            raise FilterError(f"since ({self.since}) is after until ({self.until})")

    def conditions(self) -> list[ColumnElement[bool]]:
        out = self.value_conditions()
        if not self.include_rejected:
            out.append(not_rejected())
        return out

    def value_conditions(self) -> list[ColumnElement[bool]]:
        """The conditions on the events' own values (the filter the user gave)."""
        c = events.c
        out: list[ColumnElement[bool]] = []
        if self.since:
            out.append(c.event_date >= self.since)
        if self.until:
            out.append(c.event_date <= self.until)
        if self.country:
            names = set()
            for value in self.country:
                known = lookup_country(value)
                names.add((known.name if known else value.strip()).lower())
            out.append(func.lower(c.country).in_(sorted(names)))
        if self.admin1:
            out.append(func.lower(c.admin1).in_(sorted({v.strip().lower() for v in self.admin1})))
        if self.event_type:
            out.append(c.event_type.in_(self.event_type))
        if self.sub_event_type:
            out.append(c.sub_event_type.in_(self.sub_event_type))
        if self.article_id:
            out.append(c.article_id == self.article_id)
        if self.actor and self.actor.strip():
            pattern = like_pattern(self.actor.strip().lower())
            out.append(
                exists(
                    select(event_actors.c.event_actor_id)
                    .join(actors, actors.c.actor_id == event_actors.c.actor_id)
                    .where(
                        event_actors.c.event_id == c.event_id,
                        or_(
                            func.lower(actors.c.name).like(pattern, escape=_LIKE_ESCAPE),
                            actors.c.name_ar.like(pattern, escape=_LIKE_ESCAPE),
                            func.lower(event_actors.c.mention).like(pattern, escape=_LIKE_ESCAPE),
                        ),
                    )
                )
            )
        if self.q and normalize_key(self.q):
            out.append(c.search_text.like(like_pattern(normalize_key(self.q)), escape=_LIKE_ESCAPE))
        if self.bbox:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            lon_ok = (
                c.longitude.between(min_lon, max_lon)
                if min_lon <= max_lon  # a box across the antimeridian wraps around
                else or_(c.longitude >= min_lon, c.longitude <= max_lon)
            )
            out.append(and_(c.latitude.between(min_lat, max_lat), lon_ok))
        return out

    def is_empty(self) -> bool:
        return not self.value_conditions()


def ordered(stmt: Select[Any]) -> Select[Any]:
    """Newest first, undated last, then a stable tie-break."""
    c = events.c
    return stmt.order_by(c.event_date.is_(None), c.event_date.desc(), c.article_id, c.seq, c.event_id)
