"""Ranked gazetteer candidates for a place name, with the reasons for each score: what
`marsad where NAME` prints and what the dashboard's place picker offers an analyst."""

from __future__ import annotations

import math
from dataclasses import dataclass

from marsad.geo.gazetteer import Gazetteer, Place
from marsad.text.normalize import normalize_key

# Preference among features when the same name is found at several levels.
_FEATURE_RANK = {
    "capital": 6,
    "city": 5,
    "country": 5,
    "admin1": 4,
    "town": 4,
    "community": 3,
    "populated place": 3,
    "village": 3,
    "neighbourhood": 3,
    "camp": 3,
    "base": 3,
    "site": 3,
    "admin2": 2,
    "admin3": 1,
}


@dataclass(frozen=True, slots=True)
class Candidate:
    score: float
    place: Place
    why: list[str]


def score_candidate(query_key: str, place: Place, exact_names: set[str]) -> tuple[float, list[str]]:
    """A simple ranking: exact name > alias, coordinates > none, then population and
    feature. Returns the score and the reasons that made it."""
    score, why = 0.0, []
    if query_key in exact_names:
        score += 4
        why.append("exact name")
    else:
        score += 2
        why.append("alias")
    if place.has_coords:
        score += 3
        why.append("has coordinates")
    else:
        why.append("no coordinates")
    if place.population:
        score += min(2.0, math.log10(place.population + 1) / 3)
        why.append(f"population {place.population:,}")
    score += _FEATURE_RANK.get(place.feature, 2) / 6
    why.append(place.feature)
    return round(score, 2), why


def ranked_candidates(gaz: Gazetteer, name: str, country: str = "") -> list[Candidate]:
    """The gazetteer's places for `name` (Arabic or Latin), best first; with an ISO2
    `country`, only that country's, plus the places GeoNames names only in Latin there."""
    key = normalize_key(name)
    cc = country.upper()
    out = []
    for p in gaz.candidates(key):
        if cc and p.country_iso2 != cc:
            continue
        exact = {normalize_key(p.name_ar), normalize_key(p.name_en)}
        s, why = score_candidate(key, p, exact)
        out.append(Candidate(s, p, why))
    out.sort(key=lambda c: (-c.score, c.place.id))
    return out + (_latin_candidates(name, cc, gaz) if cc else [])


def _latin_candidates(name: str, country: str, gaz: Gazetteer) -> list[Candidate]:
    """Candidates among the places GeoNames names only in Latin (cities500), as the
    geoparser's Latin matcher scores them inside one country."""
    from marsad.geo.latin import LatinGazetteer
    from marsad.geo.latin_match import rank

    latin = LatinGazetteer.default(gaz.country_codes_to_names())
    out = []
    for c in rank(name, [country], latin):
        why = [
            f"Latin match: {c.name}",
            f"skeleton {c.skeleton}",
            f"reading similarity {c.similarity:.2f}",
            "exact skeleton" if not c.edits else f"{c.edits} edit",
        ]
        out.append(Candidate(c.score, gaz.get(c.place.id) or c.place, why))
    return out


def geo_precision_of(place: Place) -> int:
    """ACLED's geo_precision when an event is coded to this place's point: 1 a town or
    village, 2 a district or region, 3 a province or country."""
    if place.feature in ("country", "admin1"):
        return 3
    if place.feature in ("admin2", "admin3", "region"):
        return 2
    return 1
