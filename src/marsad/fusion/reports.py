"""One stored report of an event, as fusion sees it: a row of `events` joined with its article.

Also the statements that read reports (with or without their incident membership) and the
normalised keys names and places are compared on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Select, select

from marsad.store.tables import articles, events, incident_events
from marsad.text.normalize import normalize_key

ACTIVE, SUPERSEDED, RETIRED = "active", "superseded", "retired"

_YEARS = re.compile(r"\(\s*\d{4}\s*-\s*\d{0,4}\s*\)")


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """normalize_key, cached: the same names and places come back in every comparison."""
    return normalize_key(text)


@lru_cache(maxsize=65536)
def actor_key(name: str | None) -> str:
    """Actor names compared without ACLED's year ranges ('Military Forces of Russia (2000-)')."""
    return name_key(_YEARS.sub(" ", name or ""))


def _side(name: str | None, assoc: str | None) -> frozenset[str]:
    names = [name, *((assoc or "").split(";"))]
    return frozenset(k for k in (actor_key(n) for n in names) if k)


def iso_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date | datetime) else ""


@dataclass(slots=True)
class Report:
    """One stored event with what fusion needs (a row of events joined with its article)."""

    event_id: str
    article_id: str
    seq: int
    event_type: str
    sub_event_type: str
    day: date | None  # the event's date, or its article's publication date
    dated: bool  # the event itself carries a date
    time_precision: int | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    admin1: str | None
    country: str | None
    place_key: str
    sides: tuple[frozenset[str], frozenset[str]]
    outlet: str | None
    published: date | None
    updated_at: datetime | None
    created_at: datetime | None
    fatalities: tuple[int | None, int | None, int | None]  # min, max, best
    injuries: tuple[int | None, int | None, int | None]
    casualties: tuple[int | None, int | None, int | None]
    attribution: str | None
    hedged: bool | None
    confidence: float | None
    actor1: str | None = None
    actor2: str | None = None
    location: str | None = None
    incident_id: str | None = None
    status: str = ACTIVE

    @property
    def placed(self) -> bool:
        return bool(self.latitude is not None or self.admin1 or self.country or self.place_key)

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def precise(self) -> bool:
        """The place itself is named (geo_precision 1); 2-3 are near a place, a sub-region or a province."""
        return self.located and (self.geo_precision or 1) == 1

    def order(self) -> tuple[str, str, str, int]:
        """Publication order: date, then when this version was stored, then id."""
        return (iso_text(self.published), iso_text(self.updated_at), self.article_id, self.seq)


def report_columns() -> list[Any]:
    e, a = events.c, articles.c
    return [
        e.event_id,
        e.article_id,
        e.seq,
        e.event_type,
        e.sub_event_type,
        e.event_date,
        e.time_precision,
        e.latitude,
        e.longitude,
        e.geo_precision,
        e.admin1,
        e.country,
        e.location,
        e.location_ar,
        e.actor1,
        e.assoc_actor_1,
        e.actor2,
        e.assoc_actor_2,
        e.fatalities_min,
        e.fatalities_max,
        e.fatalities,
        e.injuries_min,
        e.injuries_max,
        e.injuries,
        e.casualties_min,
        e.casualties_max,
        e.casualties,
        e.attribution_source,
        e.hedged,
        e.confidence,
        e.created_at,
        a.source.label("outlet"),
        a.published,
        a.updated_at,
    ]


# The Report fields that are the row's columns of the same name.
_SAME_NAMED = (
    *("event_id", "article_id", "seq", "event_type", "sub_event_type", "time_precision", "created_at"),
    *("hedged", "confidence", "actor1", "actor2"),  # the event's coding
    *("latitude", "longitude", "geo_precision", "admin1", "country", "location"),  # its place
    *("outlet", "published", "updated_at"),  # its article
)


def _figure(m: Any, name: str) -> tuple[int | None, int | None, int | None]:
    return m[f"{name}_min"], m[f"{name}_max"], m[name]


def report_from_row(r: Row[Any]) -> Report:
    m = r._mapping
    return Report(
        **{name: m[name] for name in _SAME_NAMED},
        day=m["event_date"] or m["published"],
        dated=m["event_date"] is not None,
        place_key=name_key(m["location_ar"] or m["location"] or ""),
        sides=(_side(m["actor1"], m["assoc_actor_1"]), _side(m["actor2"], m["assoc_actor_2"])),
        fatalities=_figure(m, "fatalities"),
        injuries=_figure(m, "injuries"),
        casualties=_figure(m, "casualties"),
        attribution=m["attribution_source"],
        incident_id=m.get("incident_id"),
        status=m.get("member_status") or ACTIVE,
    )


def reports_stmt(with_membership: bool = False) -> Select[Any]:
    cols = report_columns()
    src = events.join(articles, articles.c.article_id == events.c.article_id)
    if with_membership:
        cols += [incident_events.c.incident_id, incident_events.c.status.label("member_status")]
        src = src.join(incident_events, incident_events.c.event_id == events.c.event_id)
    return select(*cols).select_from(src)
