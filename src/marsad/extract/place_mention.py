"""A place mention of the geoparser: its span, candidates and the place chosen
(extract/places.py finds them; extract/latin_places.py adds the Latin-only ones)."""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.geo.gazetteer import Place

# Features that name a point rather than an area.
_SPECIFIC = {
    "capital",
    "city",
    "town",
    "village",
    "community",
    "neighbourhood",
    "site",
    "base",
    "camp",
    "dam",
    "hill",
    "crossing",
    "populated place",
    "admin3",
}


@dataclass(slots=True)
class PlaceMention:
    start: int  # normalised span of the mention (cue words included)
    end: int
    name_start: int
    name_end: int
    key: str
    candidates: list[Place]
    precision: int = 1
    region: bool = False  # "ريف X", "جنوب X": a sub-region of X
    partner: PlaceMention | None = None  # the other end of "بين X و Y"
    local_admins: frozenset[tuple[str, str]] = frozenset()  # provinces other mentions of its sentence name
    place: Place | None = None
    score: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def specific(self) -> bool:
        return self.place is not None and self.place.feature in _SPECIFIC
