"""Routes over incidents (issue 10): pages of incidents, one incident with every report's claim,
and one-row-per-incident exports."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.responses import Response, StreamingResponse

from marsad.api.common import Filter, Page, StoreDep, fast_json, paging
from marsad.fusion import count_incidents, iter_incident_rows
from marsad.fusion import get_incident as incident_detail
from marsad.fusion import list_incidents as incidents_page
from marsad.store.exports import iter_acled_csv, iter_geojson

router = APIRouter()


@router.get("/api/incidents", tags=["incidents"])
def list_incidents(
    store: StoreDep,
    page: Annotated[Page, paging(100, "summary", "full adds every report's claim")],
    flt: Filter,
) -> Response:
    """Incidents (one real event, fused from every outlet's report), newest first. Filters apply
    to the incident's representative event; `article_id` gives the incidents an article reports."""
    rows = incidents_page(store, flt, limit=page.limit, offset=page.offset, with_claims=page.full)
    return page.response(count_incidents(store, flt), "incidents", rows)


@router.get("/api/incidents.csv", tags=["exports"], responses={200: {"content": {"text/csv": {}}}})
def incidents_csv(store: StoreDep, flt: Filter) -> Response:
    """ACLED CSV, one row per incident: `source` names every outlet, `fatalities` follows the
    incident's rule (lowest credible; a later official figure replaces early estimates)."""
    return StreamingResponse(
        iter_acled_csv(iter_incident_rows(store, flt)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="marsad-incidents.csv"'},
    )


@router.get(
    "/api/incidents.geojson", tags=["exports"], responses={200: {"content": {"application/geo+json": {}}}}
)
def incidents_geojson(
    store: StoreDep, flt: Filter, limit: Annotated[int, Query(ge=1, le=200_000)] = 50_000
) -> Response:
    """Incidents with coordinates as a GeoJSON FeatureCollection, one feature per incident."""
    rows = (r for r in iter_incident_rows(store, flt, limit=limit) if r.get("latitude") is not None)
    return StreamingResponse(iter_geojson(rows), media_type="application/geo+json")


@router.get("/api/incidents/{incident_id:path}", tags=["incidents"])
def get_incident(store: StoreDep, incident_id: Annotated[str, PathParam(max_length=300)]) -> Response:
    """One incident with every report's claim (outlet, figures with bounds, actors, attribution,
    article, published, whether it was superseded and which claim the figure took) and its history."""
    found = incident_detail(store, incident_id)
    if found is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return fast_json(found)
