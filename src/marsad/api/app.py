"""The HTTP API and the dashboard (FastAPI).

    from marsad.api import create_app
    app = create_app("sqlite:///marsad.db", token="secret")   # uvicorn.run(app)

Read endpoints are open; write endpoints need `Authorization: Bearer <token>` (token from
`token=` or env MARSAD_API_TOKEN). Request bodies are capped (5 MB by default). Every
asset — dashboard, Leaflet, base map, Swagger UI — is served from the package: nothing
is fetched from a CDN.
"""

import json
import os
import secrets
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marsad import ENGINE_VERSION
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
from marsad.store import EventFilter, FilterError, Store, parse_bbox
from marsad.store.database import current_revision
from marsad.store.exports import iter_acled_csv, iter_geojson
from marsad.store.notes import event_notes
from marsad.store.reference import labels, lookup_country

DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024
TOKEN_ENV = "MARSAD_API_TOKEN"
# What `marsad serve --workers N` hands each server process (uvicorn starts them by import string).
DB_ENV = "MARSAD_DB"
MAX_BODY_ENV = "MARSAD_MAX_BODY_BYTES"

# script-src 'self' only: no inline script anywhere, so injected markup cannot run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


def static_dir() -> Path:
    return Path(str(resources.files("marsad.web").joinpath("static")))


# ---------------------------------------------------------------- middleware


class BodySizeLimit:
    """Reject bodies over `max_bytes` with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _reject(self, send: Send) -> None:
        body = json.dumps({"detail": f"request body larger than {self.max_bytes} bytes"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._reject(send)
            return
        received = 0
        started = False
        rejected = False

        async def limited_receive() -> Message:
            nonlocal received, rejected
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Answer 413 now and tell the app the client is gone; whatever it
                    # answers after that is dropped.
                    if not started and not rejected:
                        rejected = True
                        await self._reject(send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if rejected:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, guarded_send)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


# ---------------------------------------------------------------- row → JSON

_HIDDEN = {"search_text", "record", "event_date", "created_at", "place_id", "run_id", "seq"}


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def event_json(row: dict[str, Any], *, full: bool = True) -> dict[str, Any]:
    out = {k: _iso(v) for k, v in row.items() if k not in _HIDDEN}
    out["date"] = _iso(row.get("event_date"))
    out["created_at"] = _iso(row.get("created_at"))
    out["notes"] = event_notes(row)
    if full:
        record = dict(row["record"])
        record["event_id"] = row["event_id"]
        out["record"] = record
    return out


def fast_json(data: Any) -> Response:
    """A JSON response without FastAPI's response-model pass: the dicts built here already
    have the documented shape, and validating 100 events per page costs more than the query."""
    return Response(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), media_type="application/json"
    )


def _evidence_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": row["event_id"],
        "start": row["span_start"],
        "end": row["span_end"],
        "text": row["text"],
    }


# ---------------------------------------------------------------- app


def create_app(
    db_url: str | None = None,
    *,
    token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    store: Store | None = None,
) -> FastAPI:
    """The API + dashboard over one database. Pass `store` to share an open Store."""
    if store is None:
        if db_url is None:
            raise ValueError("create_app needs db_url or store")
        store = Store(db_url)
    api_token = token if token is not None else os.environ.get(TOKEN_ENV) or None
    app = FastAPI(
        title="marsad API",
        version=ENGINE_VERSION,
        description="Conflict events extracted from Arabic news (ACLED-style). Read endpoints are open; "
        "`POST /api/articles` needs `Authorization: Bearer <token>`.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.store = store
    bearer = HTTPBearer(auto_error=False)

    def require_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
        challenge = {"WWW-Authenticate": "Bearer"}
        if api_token is None:
            raise HTTPException(
                401,
                f"writes are disabled: start the server with --token or set {TOKEN_ENV}",
                headers=challenge,
            )
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HTTPException(
                401, "missing bearer token (Authorization: Bearer <token>)", headers=challenge
            )
        if not secrets.compare_digest(credentials.credentials.encode(), api_token.encode()):
            raise HTTPException(401, "invalid token", headers=challenge)

    @app.exception_handler(FilterError)
    async def _filter_error(_request: Request, exc: FilterError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    def event_filter(
        since: Annotated[date | None, Query(description="Events on or after (YYYY-MM-DD).")] = None,
        until: Annotated[date | None, Query(description="Events on or before (YYYY-MM-DD).")] = None,
        country: Annotated[
            list[str], Query(description="Country (English, Arabic or ISO3); repeatable.")
        ] = [],  # noqa: B006
        admin1: Annotated[list[str], Query(description="Governorate/province; repeatable.")] = [],  # noqa: B006
        event_type: Annotated[list[str], Query(description="ACLED event type; repeatable.")] = [],  # noqa: B006
        sub_event_type: Annotated[list[str], Query(description="ACLED sub-event type; repeatable.")] = [],  # noqa: B006
        actor: Annotated[str | None, Query(max_length=200, description="Actor name, substring.")] = None,
        q: Annotated[str | None, Query(max_length=500, description="Text search.")] = None,
        bbox: Annotated[
            str | None, Query(max_length=100, description="min_lon,min_lat,max_lon,max_lat")
        ] = None,
        article_id: Annotated[str | None, Query(max_length=200)] = None,
    ) -> EventFilter:
        return EventFilter(
            since=since,
            until=until,
            country=country,
            admin1=admin1,
            event_type=event_type,
            sub_event_type=sub_event_type,
            actor=actor,
            q=q,
            bbox=parse_bbox(bbox) if bbox else None,
            article_id=article_id,
        )

    Filter = Annotated[EventFilter, Depends(event_filter)]

    @app.get("/api/health", response_model=Health, tags=["meta"])
    def health() -> dict[str, Any]:
        counts = store.counts()
        return {
            "status": "ok",
            "engine_version": ENGINE_VERSION,
            "database": store.dialect,
            "schema_revision": current_revision(store.engine),
            "articles": counts["articles"],
            "events": counts["events"],
        }

    @app.get("/api/meta", tags=["meta"])
    def meta() -> dict[str, Any]:
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

    @app.get("/api/events", response_model=EventPage, response_model_exclude_unset=True, tags=["events"])
    def list_events(
        flt: Filter,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        view: Annotated[
            str, Query(pattern="^(full|summary)$", description="summary leaves out the full record")
        ] = "full",
    ) -> Response:
        """Events matching the filters, newest first, with the total count for paging."""
        rows = store.list_events(flt, limit=limit, offset=offset)
        return fast_json(
            {
                "total": store.count_events(flt),
                "limit": limit,
                "offset": offset,
                "events": [event_json(r, full=view == "full") for r in rows],
            }
        )

    @app.get(
        "/api/events.geojson", tags=["exports"], responses={200: {"content": {"application/geo+json": {}}}}
    )
    def events_geojson(flt: Filter, limit: Annotated[int, Query(ge=1, le=200_000)] = 50_000) -> Response:
        """Events with coordinates as a GeoJSON FeatureCollection (RFC 7946)."""
        rows = (r for r in store.iter_events(flt, limit=limit) if r.get("latitude") is not None)
        return StreamingResponse(iter_geojson(rows), media_type="application/geo+json")

    @app.get("/api/events.csv", tags=["exports"], responses={200: {"content": {"text/csv": {}}}})
    def events_csv(flt: Filter) -> Response:
        """Events as ACLED CSV (31 columns, ACLED order)."""
        return StreamingResponse(
            iter_acled_csv(store.iter_events(flt)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="marsad-events.csv"'},
        )

    @app.get(
        "/api/events/{event_id:path}",
        response_model=EventDetail,
        response_model_exclude_unset=True,
        tags=["events"],
    )
    def get_event(event_id: Annotated[str, PathParam(max_length=300)]) -> Response:
        row = store.get_event(event_id)
        if row is None:
            raise HTTPException(404, f"no event {event_id!r}")
        article = store.articles_for([row["article_id"]]).get(row["article_id"], {})
        out = event_json(row)
        out["article"] = {
            "article_id": row["article_id"],
            "title": article.get("title"),
            "source": article.get("source"),
            "published": _iso(article.get("published")),
        }
        view = store.get_article(row["article_id"]) or {"evidence": []}
        out["evidence"] = [_evidence_json(e) for e in view["evidence"] if e["event_id"] == event_id]
        return fast_json(out)

    @app.get("/api/articles/{article_id:path}", response_model=ArticleView, tags=["articles"])
    def get_article(article_id: Annotated[str, PathParam(max_length=200)]) -> Response:
        """The article's text with its events and each event's evidence spans (original offsets)."""
        article = store.get_article(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return fast_json(
            {
                "article_id": article["article_id"],
                "source": article["source"],
                "published": _iso(article["published"]),
                "title": article["title"],
                "language": article["language"],
                "text": article["text"],
                "errors": list(article["errors"] or []),
                "engine_version": article["engine_version"],
                "ingested_at": _iso(article["ingested_at"]),
                "updated_at": _iso(article["updated_at"]),
                "events": [event_json(e) for e in article["events"]],
                "evidence": [_evidence_json(e) for e in article["evidence"]],
            }
        )

    @app.post(
        "/api/articles",
        response_model=IngestResult,
        tags=["articles"],
        dependencies=[Depends(require_token)],
        responses={401: {"description": "missing or wrong token"}, 413: {"description": "body too large"}},
    )
    def post_articles(body: ArticleIn | list[ArticleIn] | ArticlesIn) -> dict[str, Any]:
        """Ingest one article, a list, or {"items": [...]}; idempotent like `marsad ingest`."""
        from marsad.inputs.item import DEFAULT_MAX_CHARS, InputItem, finish_item

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
                ),
                max_chars=DEFAULT_MAX_CHARS,
            )
            d = item.to_dict()
            if not a.id:
                d["id"] = None
            prepared.append(d)
        report = store.ingest(prepared, origin="api")
        return report.as_dict()

    # ------------------------------------------------------------ incidents (issue 10)

    @app.get("/api/incidents", tags=["incidents"])
    def list_incidents(
        flt: Filter,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        view: Annotated[
            str, Query(pattern="^(full|summary)$", description="full adds every report's claim")
        ] = "summary",
    ) -> Response:
        """Incidents (one real event, fused from every outlet's report), newest first. Filters apply
        to the incident's representative event; `article_id` gives the incidents an article reports."""
        from marsad.store.fusion import count_incidents
        from marsad.store.fusion import list_incidents as incidents_page

        return fast_json(
            {
                "total": count_incidents(store, flt),
                "limit": limit,
                "offset": offset,
                "incidents": incidents_page(
                    store, flt, limit=limit, offset=offset, with_claims=view == "full"
                ),
            }
        )

    @app.get("/api/incidents.csv", tags=["exports"], responses={200: {"content": {"text/csv": {}}}})
    def incidents_csv(flt: Filter) -> Response:
        """ACLED CSV, one row per incident: `source` names every outlet, `fatalities` follows the
        incident's rule (lowest credible; a later official figure replaces early estimates)."""
        from marsad.store.fusion import iter_incident_rows

        return StreamingResponse(
            iter_acled_csv(iter_incident_rows(store, flt)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="marsad-incidents.csv"'},
        )

    @app.get(
        "/api/incidents.geojson", tags=["exports"], responses={200: {"content": {"application/geo+json": {}}}}
    )
    def incidents_geojson(flt: Filter, limit: Annotated[int, Query(ge=1, le=200_000)] = 50_000) -> Response:
        """Incidents with coordinates as a GeoJSON FeatureCollection, one feature per incident."""
        from marsad.store.fusion import iter_incident_rows

        rows = (r for r in iter_incident_rows(store, flt, limit=limit) if r.get("latitude") is not None)
        return StreamingResponse(iter_geojson(rows), media_type="application/geo+json")

    @app.get("/api/incidents/{incident_id:path}", tags=["incidents"])
    def get_incident(incident_id: Annotated[str, PathParam(max_length=300)]) -> Response:
        """One incident with every report's claim (outlet, figures with bounds, actors, attribution,
        article, published, whether it was superseded and which claim the figure took) and its history."""
        from marsad.store.fusion import get_incident as incident_detail

        found = incident_detail(store, incident_id)
        if found is None:
            raise HTTPException(404, f"no incident {incident_id!r}")
        return fast_json(found)

    # ------------------------------------------------------------ dashboard and docs

    static = static_dir()
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(static / "swagger.html", media_type="text/html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    return app


def app_from_env() -> FastAPI:
    """The app as configured by MARSAD_DB, MARSAD_API_TOKEN and MARSAD_MAX_BODY_BYTES: what each
    process of `marsad serve --workers N` builds. The parent has already brought the schema up to
    date, so the workers only open the database (no concurrent migrations)."""
    db_url = os.environ.get(DB_ENV)
    if not db_url:
        raise RuntimeError(f"{DB_ENV} is not set")
    max_body = int(os.environ.get(MAX_BODY_ENV) or DEFAULT_MAX_BODY_BYTES)
    return create_app(store=Store(db_url, upgrade=False), max_body_bytes=max_body)
