"""The HTTP API and the dashboard (FastAPI).

    from marsad.api import create_app
    app = create_app("sqlite:///marsad.db", token="secret")   # uvicorn.run(app)

Read endpoints are open; write endpoints need `Authorization: Bearer <token>` (token from
`token=` or env MARSAD_API_TOKEN). Request bodies are capped (5 MB by default). Every
asset — dashboard, Leaflet, base map, Swagger UI — is served from the package: nothing
is fetched from a CDN.
"""

import os
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from marsad import ENGINE_VERSION
from marsad.api.common import TOKEN_ENV
from marsad.api.errors import validation_error
from marsad.api.events import router as events_router
from marsad.api.incidents import router as incidents_router
from marsad.api.middleware import CONTENT_SECURITY_POLICY, BodySizeLimit, SecurityHeaders
from marsad.api.places import router as places_router
from marsad.api.quarantine import router as quarantine_router
from marsad.api.reviews import router as reviews_router
from marsad.store import FilterError, Store

__all__ = ["CONTENT_SECURITY_POLICY", "TOKEN_ENV", "app_from_env", "create_app", "static_dir"]

DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024
# What `marsad serve --workers N` hands each server process (uvicorn starts them by import string).
DB_ENV = "MARSAD_DB"
MAX_BODY_ENV = "MARSAD_MAX_BODY_BYTES"


def static_dir() -> Path:
    return Path(str(resources.files("marsad.web").joinpath("static")))


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
    app.state.api_token = token if token is not None else os.environ.get(TOKEN_ENV) or None

    @app.exception_handler(FilterError)
    async def _filter_error(_request: Request, exc: FilterError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    app.add_exception_handler(RequestValidationError, validation_error)
    app.include_router(events_router)
    app.include_router(incidents_router)
    app.include_router(reviews_router)
    app.include_router(quarantine_router)
    app.include_router(places_router)

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

    # The last added runs first: the security headers go on every answer, the 413 included.
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)
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
