"""`GET /api/quarantine`: articles a step after storage (fusion) failed on, with the error; they
are stored and readable, and left out of incidents until they change (store/quarantine.py)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from marsad.api.common import StoreDep, iso_value

router = APIRouter()


@router.get("/api/quarantine", tags=["meta"])
def list_quarantined(store: StoreDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    entries = store.quarantined(limit)
    return {
        "total": store.counts()["quarantine"],
        "articles": [{k: iso_value(v) for k, v in e.items()} for e in entries],
    }
