"""Routes of analyst review (issue 18). Reads are open; every action needs the write token
(`Authorization: Bearer <token>`, as `POST /api/articles`). Each action names the review
version it saw; a stale one gets 409 with the event's current version, and nothing is lost."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from marsad.api.common import Filter, Page, StoreDep, event_json, fast_json, iso_value, paging, require_token
from marsad.store.review_fields import EDITABLE, REJECT_REASONS, ReviewError
from marsad.store.reviews import ReviewConflict, ReviewNotFound, Reviews

router = APIRouter()
TOKEN = [Depends(require_token)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "missing or wrong token"},
    404: {"description": "no such event or article"},
    409: {"description": "stale version: the body holds the event's current view"},
    422: {"description": "a field value that cannot be right"},
}


class ReviewIn(BaseModel):
    version: int = Field(..., ge=0, description="The event's review_version you saw (0 = unreviewed).")
    reviewer: str = Field(..., min_length=1, max_length=200)
    note: str | None = Field(None, max_length=2000, description="Why, when not obvious.")


class EditIn(ReviewIn):
    changes: dict[str, Any] = Field(..., description=f"New values of record fields: {', '.join(EDITABLE)}.")


class RejectIn(ReviewIn):
    reason: str = Field(..., description=f"One of {', '.join(REJECT_REASONS)}.")


class MergeIn(ReviewIn):
    into: str = Field(..., min_length=1, max_length=300, description="The event this one duplicates.")


class SpanIn(BaseModel):
    start: int = Field(..., ge=0)
    end: int = Field(..., ge=1)


class AddIn(BaseModel):
    reviewer: str = Field(..., min_length=1, max_length=200)
    fields: dict[str, Any] = Field(..., description="Record fields of the event; sub_event_type is required.")
    evidence: list[SpanIn] = Field(
        ..., min_length=1, max_length=20, description="Offsets into the original text."
    )
    note: str | None = Field(None, max_length=2000)


def _reviews(store: StoreDep) -> Reviews:
    return Reviews(store)


ReviewsDep = Annotated[Reviews, Depends(_reviews)]
EventId = Annotated[str, PathParam(max_length=300)]


def _state_json(state: dict[str, Any]) -> dict[str, Any]:
    return {k: iso_value(v) for k, v in state.items()}


def _run(reviews: Reviews, event_id: str, action: Any) -> Response:
    try:
        view = action()
    except ReviewConflict as exc:
        current = reviews.view(event_id)
        return JSONResponse(
            {"detail": str(exc), "current": event_json(current) if current else None}, status_code=409
        )
    except ReviewNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    except ReviewError as exc:
        raise HTTPException(422, str(exc)) from exc
    return fast_json(event_json(view))


@router.get("/api/review/session", dependencies=TOKEN, tags=["review"], responses=ERRORS)
def session(request: Request) -> dict[str, Any]:
    """Whether the token opens review (the dashboard shows its controls only then)."""
    return {"review": True, "reasons": list(REJECT_REASONS), "editable": list(EDITABLE)}


@router.get("/api/review/queue", tags=["review"])
def queue(reviews: ReviewsDep, page: Annotated[Page, paging(50)], flt: Filter) -> Response:
    """Unreviewed events, lowest confidence first."""
    total, rows = reviews.queue(flt, limit=page.limit, offset=page.offset)
    return page.response(total, "events", [event_json(r) for r in rows])


@router.get("/api/reviews", tags=["review"])
def list_reviews(
    reviews: ReviewsDep,
    article_id: Annotated[str | None, Query(max_length=200)] = None,
    stale: Annotated[bool | None, Query(description="true: reviews that no longer apply")] = None,
) -> Response:
    """Reviewed events' current reviews (status, version, corrections, whether still applying)."""
    return fast_json(
        {"reviews": [_state_json(s) for s in reviews.states(article_id=article_id, stale=stale)]}
    )


@router.get("/api/reviews/log/{event_id:path}", tags=["review"])
def review_log(reviews: ReviewsDep, event_id: EventId) -> Response:
    """Every review of the event: who, when, what changed (field by field) and why."""
    return fast_json({"event_id": event_id, "log": [_state_json(r) for r in reviews.history(event_id)]})


def _action_route(action: str, body_model: type[ReviewIn], field: str | None = None) -> None:
    """`POST /api/reviews/ACTION/EVENT_ID`: `Reviews.ACTION` with the body's version, reviewer
    and note, and the body's `field` (the one thing edit, reject and merge take besides)."""

    def route(reviews: ReviewsDep, event_id: EventId, body: body_model) -> Response:
        method = getattr(reviews, action)
        extra = {field: getattr(body, field)} if field else {}
        return _run(
            reviews,
            event_id,
            lambda: method(event_id, version=body.version, reviewer=body.reviewer, note=body.note, **extra),
        )

    # name=action keeps the operation ids and summaries those of one function per action.
    router.add_api_route(
        f"/api/reviews/{action}/{{event_id:path}}",
        route,
        methods=["POST"],
        name=action,
        dependencies=TOKEN,
        tags=["review"],
        responses=ERRORS,
    )


_action_route("confirm", ReviewIn)
_action_route("edit", EditIn, "changes")
_action_route("reject", RejectIn, "reason")
_action_route("merge", MergeIn, "into")


@router.post("/api/reviews/add/{article_id:path}", dependencies=TOKEN, tags=["review"], responses=ERRORS)
def add(reviews: ReviewsDep, article_id: Annotated[str, PathParam(max_length=200)], body: AddIn) -> Response:
    """A missed event, from its evidence (offsets into the article's original text)."""
    return _run(
        reviews,
        article_id,
        lambda: reviews.add(
            article_id,
            reviewer=body.reviewer,
            fields=body.fields,
            spans=[(s.start, s.end) for s in body.evidence],
            note=body.note,
        ),
    )
