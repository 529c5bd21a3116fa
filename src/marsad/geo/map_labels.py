"""Map labels from our own gazetteer: each first-level division (admin-1) at its point and
the large towns, for the dashboard. We ship no admin-1 outlines (neither ../shared/data/geo
nor the package holds boundary polygons), so a division is labelled at the point the
gazetteer gives it: its seat's GeoNames point, or the Open-Syria centroid for Syria."""

from __future__ import annotations

from typing import Any

from marsad.geo.gazetteer import Gazetteer, Place

LARGE_TOWN = 100_000  # inhabitants: a town this big is labelled at town zoom
TOWN_FEATURES = ("capital", "city")  # labelled whatever their population (often unknown)


def _label(place: Place, kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": place.id,
        "name": place.name_en,
        "name_ar": place.name_ar or None,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "population": place.population or None,
    }


def map_labels(gaz: Gazetteer, countries: list[str]) -> list[dict[str, Any]]:
    """Labels of the countries named (English names as events carry them, or ISO2 codes):
    admin-1 divisions first, then towns, the most populous first."""
    wanted = {gaz.country_code(c) or c.upper() for c in countries if c}
    admin1, towns = [], []
    for place in gaz.places:
        if place.country_iso2 not in wanted or not place.has_coords:
            continue
        if place.feature == "admin1":
            admin1.append(_label(place, "admin1"))
        elif place.feature in TOWN_FEATURES or place.population >= LARGE_TOWN:
            towns.append(_label(place, "town"))
    admin1.sort(key=lambda x: (x["country"], x["name"]))
    towns.sort(key=lambda x: (-(x["population"] or 0), x["name"]))
    return admin1 + towns
