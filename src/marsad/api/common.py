"""What the API's routers share: the store and token of the app, the event filter and the page
taken from query parameters, and rows turned into JSON."""

import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from marsad.store import EventFilter, Store, parse_bbox
from marsad.store.notes import event_notes

TOKEN_ENV = "MARSAD_API_TOKEN"

bearer = HTTPBearer(auto_error=False)


def app_store(request: Request) -> Store:
    """The Store the app was created with."""
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(app_store)]


def require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    api_token: str | None = request.app.state.api_token
    challenge = {"WWW-Authenticate": "Bearer"}
    if api_token is None:
        raise HTTPException(
            401,
            f"writes are disabled: start the server with --token or set {TOKEN_ENV}",
            headers=challenge,
        )
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "missing bearer token (Authorization: Bearer <token>)", headers=challenge)
    if not secrets.compare_digest(credentials.credentials.encode(), api_token.encode()):
        raise HTTPException(401, "invalid token", headers=challenge)


def event_filter(
    since: Annotated[date | None, Query(description="Events on or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Events on or before (YYYY-MM-DD).")] = None,
    country: Annotated[list[str], Query(description="Country (English, Arabic or ISO3); repeatable.")] = [],  # noqa: B006
    admin1: Annotated[list[str], Query(description="Governorate/province; repeatable.")] = [],  # noqa: B006
    event_type: Annotated[list[str], Query(description="ACLED event type; repeatable.")] = [],  # noqa: B006
    sub_event_type: Annotated[list[str], Query(description="ACLED sub-event type; repeatable.")] = [],  # noqa: B006
    actor: Annotated[str | None, Query(max_length=200, description="Actor name, substring.")] = None,
    q: Annotated[str | None, Query(max_length=500, description="Text search.")] = None,
    bbox: Annotated[str | None, Query(max_length=100, description="min_lon,min_lat,max_lon,max_lat")] = None,
    article_id: Annotated[str | None, Query(max_length=200)] = None,
    include_rejected: Annotated[bool, Query(description="Also events an analyst rejected.")] = False,
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
        include_rejected=include_rejected,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]

Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


@dataclass(frozen=True)
class Page:
    """Which rows of a listing to return (`limit` of them from `offset`), and whether in full."""

    limit: int
    offset: int
    full: bool = True

    def response(self, total: int, key: str, rows: list[Any]) -> Response:
        """The listing: the total count for paging, this page's bounds, and its rows under `key`."""
        return fast_json({"total": total, "limit": self.limit, "offset": self.offset, key: rows})


def paging(limit: int, view: str | None = None, view_help: str = "") -> Any:
    """The `Depends` of a listing's page: `limit` (this default) and `offset`, and, when the
    listing has one, `view` (full|summary, this default; `view_help` says what differs)."""
    default_limit, default_view = limit, view
    if default_view is None:

        def page(limit: Limit = default_limit, offset: Offset = 0) -> Page:
            return Page(limit, offset)

    else:

        def page(
            limit: Limit = default_limit,
            offset: Offset = 0,
            view: Annotated[str, Query(pattern="^(full|summary)$", description=view_help)] = default_view,
        ) -> Page:
            return Page(limit, offset, view == "full")

    return Depends(page)


# ---------------------------------------------------------------- row → JSON

_HIDDEN = {"search_text", "record", "event_date", "created_at", "place_id", "run_id", "seq"}


def iso_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def event_json(row: dict[str, Any], *, full: bool = True) -> dict[str, Any]:
    out = {k: iso_value(v) for k, v in row.items() if k not in _HIDDEN}
    out["date"] = iso_value(row.get("event_date"))
    out["created_at"] = iso_value(row.get("created_at"))
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


def evidence_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": row["event_id"],
        "start": row["span_start"],
        "end": row["span_end"],
        "text": row["text"],
    }
