"""Hand-made article records (event-schema.md) for fusion tests: each article's text is our own
short report, and `Records.extract` returns the record we wrote for it instead of running the engine."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

PLACES: dict[str, tuple[str, str, str, str, float, float]] = {
    # key: (English, Arabic, admin1, country, lat, lon)
    "kafr_nabl": ("Kafr Nabl", "كفرنبل", "Idlib", "Syria", 35.6131, 36.5611),
    "maarat": (
        "Maarat al-Numan",
        "معرة النعمان",
        "Idlib",
        "Syria",
        35.6483,
        36.6769,
    ),  # ~10 km from Kafr Nabl
    "saraqib": ("Saraqib", "سراقب", "Idlib", "Syria", 35.8617, 36.8006),  # ~35 km from Kafr Nabl
    "mosul": ("Mosul", "الموصل", "Ninewa", "Iraq", 36.3350, 43.1189),
    "kirkuk": ("Kirkuk", "كركوك", "Kirkuk", "Iraq", 35.4681, 44.3922),
}


def actor(
    name: str, kind: str, name_ar: str | None = None, members: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "mention": name_ar or name,
        "name": name,
        "name_ar": name_ar,
        "kind": kind,
        "members": members or [],
    }


def place(key: str, precision: int = 1) -> dict[str, Any]:
    name, name_ar, admin1, country, lat, lon = PLACES[key]
    return {
        "mention": name_ar,
        "name": name,
        "name_ar": name_ar,
        "admin1": admin1,
        "admin2": None,
        "country": country,
        "lat": lat,
        "lon": lon,
        "geo_precision": precision,
    }


def province(admin1: str, country: str, lat: float, lon: float) -> dict[str, Any]:
    return {
        "mention": admin1,
        "name": admin1,
        "name_ar": None,
        "admin1": admin1,
        "admin2": None,
        "country": country,
        "lat": lat,
        "lon": lon,
        "geo_precision": 3,
    }


def count(best: int | None, low: int | None = None, high: int | None = None) -> dict[str, Any]:
    return {"min": best if low is None else low, "max": high, "best": best}


SYRIA = actor("Military Forces of Syria", "state", "القوات الحكومية السورية")
RUSSIA = actor("Military Forces of Russia (2000-)", "external", "القوات الروسية")
CIVILIANS = actor("Civilians (Syria)", "civilians", "مدنيون")
IS_IRAQ = actor("Islamic State (Iraq)", "rebel", "داعش")
POLICE_IRAQ = actor("Police Forces of Iraq", "state", "الشرطة العراقية")
UNKNOWN = actor("Unidentified Armed Group (Iraq)", "political_militia", "مسلحون مجهولون")


def event(
    event_id: str,
    text: str,
    *,
    date: str,
    where: dict[str, Any] | None,
    event_type: str = "Explosions/Remote violence",
    sub: str = "Air/drone strike",
    actor1: dict[str, Any] | None = None,
    actor2: dict[str, Any] | None = None,
    killed: int | None = None,
    injured: int | None = None,
    attribution: str | None = None,
    hedged: bool = False,
    time_precision: int = 1,
) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "event_type": event_type,
        "sub_event_type": sub,
        "date": date,
        "time_precision": time_precision,
        "actor1": actor1,
        "actor2": actor2,
        "location": where,
        "fatalities": count(killed),
        "injuries": count(injured),
        "casualties": count(None),
        "losses": [],
        "attribution": {"source": attribution, "hedged": hedged} if attribution or hedged else None,
        "evidence": [{"start": 0, "end": len(text), "text": text}],
        "confidence": 0.8,
    }


@dataclass
class Records:
    """Items to ingest and the record the 'engine' returns for each (a deep copy)."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    items: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(
        self, article_id: str, text: str, *, source: str, published: str, events: list[dict[str, Any]]
    ) -> dict[str, Any]:
        item = {"id": article_id, "text": text, "source": source, "published": published, "title": None}
        self.items[article_id] = item
        self.records[article_id] = {
            "article_id": article_id,
            "source": source,
            "published": published,
            "language": "ar",
            "events": events,
            "errors": [],
        }
        return item

    def extract(self, item: dict[str, Any]) -> dict[str, Any]:
        return copy.deepcopy(self.records[item["id"]])

    def __call__(self, *ids: str) -> list[dict[str, Any]]:
        return [dict(self.items[i]) for i in ids]
