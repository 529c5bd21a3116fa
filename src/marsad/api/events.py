"""Routes over stored events and articles: health, labels and facets, pages of events, their
exports, one event or article, and ingest (`POST /api/articles`)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.responses import Response, StreamingResponse

from marsad import ENGINE_VERSION
from marsad.api.common import (
    Filter,
    Page,
    StoreDep,
    event_json,
    evidence_json,
    fast_json,
    iso_value,
    paging,
    require_token,
)
from marsad.api.models import (
    MAX_ITEMS_PER_REQUEST,
    ArticleIn,
    ArticlesIn,
    ArticleView,
    EventDetail,
    EventPage,
    Health,
    IngestResult,
)
from marsad.inputs.item import DEFAULT_MAX_CHARS, InputItem, finish_item
from marsad.service import ingest
from marsad.store.database import current_revision
from marsad.store.exports import iter_acled_csv, iter_geojson
from marsad.store.reference import labels, lookup_country

router = APIRouter()


@router.get("/api/health", response_model=Health, tags=["meta"])
def health(store: StoreDep) -> dict[str, Any]:
    counts = store.counts()
    return {
        "status": "ok",
        "engine_version": ENGINE_VERSION,
        "database": store.dialect,
        "schema_revision": current_revision(store.engine),
        "articles": counts["articles"],
        "events": counts["events"],
        "quarantined": counts["quarantine"],
    }


@router.get("/api/meta", tags=["meta"])
def meta(store: StoreDep) -> dict[str, Any]:
    """Labels (English/Arabic, colours) and filter values with counts, for the dashboard."""
    facets = store.facets(limit=300)
    countries_ar = {}
    for f in facets["country"]:
        known = lookup_country(f["value"])
        if known and known.name_ar:
            countries_ar[f["value"]] = known.name_ar
    return {
        "labels": labels(),
        "facets": facets,
        "countries_ar": countries_ar,
        "engine_version": ENGINE_VERSION,
    }


@router.get("/api/events", response_model=EventPage, response_model_exclude_unset=True, tags=["events"])
def list_events(
    store: StoreDep,
    page: Annotated[Page, paging(100, "full", "summary leaves out the full record")],
    flt: Filter,
) -> Response:
    """Events matching the filters, newest first, with the total count for paging."""
    rows = store.list_events(flt, limit=page.limit, offset=page.offset)
    return page.response(store.count_events(flt), "events", [event_json(r, full=page.full) for r in rows])


@router.get(
    "/api/events.geojson", tags=["exports"], responses={200: {"content": {"application/geo+json": {}}}}
)
def events_geojson(
    store: StoreDep, flt: Filter, limit: Annotated[int, Query(ge=1, le=200_000)] = 50_000
) -> Response:
    """Events with coordinates as a GeoJSON FeatureCollection (RFC 7946)."""
    rows = (r for r in store.iter_events(flt, limit=limit) if r.get("latitude") is not None)
    return StreamingResponse(iter_geojson(rows), media_type="application/geo+json")


@router.get("/api/events.csv", tags=["exports"], responses={200: {"content": {"text/csv": {}}}})
def events_csv(store: StoreDep, flt: Filter) -> Response:
    """Events as ACLED CSV (31 columns, ACLED order)."""
    return StreamingResponse(
        iter_acled_csv(store.iter_events(flt)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="marsad-events.csv"'},
    )


@router.get(
    "/api/events/{event_id:path}",
    response_model=EventDetail,
    response_model_exclude_unset=True,
    tags=["events"],
)
def get_event(store: StoreDep, event_id: Annotated[str, PathParam(max_length=300)]) -> Response:
    row = store.get_event(event_id)
    if row is None:
        raise HTTPException(404, f"no event {event_id!r}")
    article = store.articles_for([row["article_id"]]).get(row["article_id"], {})
    out = event_json(row)
    out["article"] = {
        "article_id": row["article_id"],
        "title": article.get("title"),
        "source": article.get("source"),
        "published": iso_value(article.get("published")),
    }
    view = store.get_article(row["article_id"]) or {"evidence": []}
    out["evidence"] = [evidence_json(e) for e in view["evidence"] if e["event_id"] == event_id]
    return fast_json(out)


@router.get("/api/articles/{article_id:path}", response_model=ArticleView, tags=["articles"])
def get_article(store: StoreDep, article_id: Annotated[str, PathParam(max_length=200)]) -> Response:
    """The article's text with its events and each event's evidence spans (original offsets)."""
    article = store.get_article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return fast_json(
        {
            "article_id": article["article_id"],
            "source": article["source"],
            "published": iso_value(article["published"]),
            "title": article["title"],
            "language": article["language"],
            "text": article["text"],
            "errors": list(article["errors"] or []),
            "engine_version": article["engine_version"],
            "ingested_at": iso_value(article["ingested_at"]),
            "updated_at": iso_value(article["updated_at"]),
            "events": [event_json(e) for e in article["events"]],
            "evidence": [evidence_json(e) for e in article["evidence"]],
        }
    )


@router.post(
    "/api/articles",
    response_model=IngestResult,
    tags=["articles"],
    dependencies=[Depends(require_token)],
    responses={401: {"description": "missing or wrong token"}, 413: {"description": "body too large"}},
)
def post_articles(store: StoreDep, body: ArticleIn | list[ArticleIn] | ArticlesIn) -> dict[str, Any]:
    """Ingest one article, a list, or {"items": [...]}; idempotent like `marsad ingest`."""

    if isinstance(body, ArticlesIn):
        items = body.items
    elif isinstance(body, list):
        items = body
    else:
        items = [body]
    if not items:
        raise HTTPException(422, "no articles in the request")
    if len(items) > MAX_ITEMS_PER_REQUEST:
        raise HTTPException(422, f"at most {MAX_ITEMS_PER_REQUEST} articles per request")
    prepared = []
    for a in items:
        # The same cleaning as file input: NULs, binary content, blank text, language.
        item = finish_item(
            InputItem(
                id=a.id or "",
                text=a.text,
                source=a.source,
                published=a.published,
                title=a.title,
                origin="api",
                errors=list(a.edge_errors),
            ),
            max_chars=DEFAULT_MAX_CHARS,
        )
        d = item.to_dict()
        if not a.id:
            d["id"] = None
        prepared.append(d)
    report = ingest(store, prepared, origin="api")
    return report.as_dict()
