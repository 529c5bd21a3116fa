"""The gazetteer for the dashboard: `GET /api/places/candidates` (the places a name may be,
ranked as `marsad where` ranks them, for the reviewer's place picker) and `GET /api/map/labels`
(admin-1 divisions and large towns to label the map). Reads, open like the other reads."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from marsad.api.common import fast_json
from marsad.geo.candidates import geo_precision_of, ranked_candidates
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.map_labels import map_labels

router = APIRouter()


@router.get("/api/places/candidates", tags=["places"])
def place_candidates(
    name: Annotated[str, Query(min_length=1, max_length=200, description="Place name, Arabic or Latin.")],
    country: Annotated[
        str, Query(max_length=100, description="ISO2 code or English name: only this country's places.")
    ] = "",
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Any:
    """Gazetteer candidates for `name`, best first, with the score, why, and the
    `geo_precision` an event coded to each one's point gets."""
    gaz = Gazetteer.load()
    iso2 = (gaz.country_code(country) or "ZZ") if len(country) > 2 else country  # ZZ: no such country
    found = ranked_candidates(gaz, name, iso2)
    out: list[dict[str, Any]] = []
    for c in found[:limit]:
        p = c.place
        out.append(
            {
                "id": p.id,
                "name": p.name_en,
                "name_ar": p.name_ar or None,
                "country": p.country,
                "country_iso2": p.country_iso2,
                "admin1": p.name_en if p.feature == "admin1" else p.admin1,
                "admin2": p.admin2,
                "lat": p.lat,
                "lon": p.lon,
                "feature": p.feature,
                "population": p.population or None,
                "geo_precision": geo_precision_of(p),
                "score": c.score,
                "why": c.why,
                "source": p.source,
            }
        )
    return fast_json({"name": name, "total": len(found), "candidates": out})


@router.get("/api/map/labels", tags=["places"])
def labels(
    country: Annotated[list[str], Query(description="Country (English name or ISO2); repeatable.")] = [],  # noqa: B006
) -> Any:
    """Admin-1 divisions (at the gazetteer's point: we ship no outlines) and large towns of
    the countries named."""
    return fast_json({"labels": map_labels(Gazetteer.load(), [c[:100] for c in country[:50]])})
