"""Request and response bodies of the HTTP API (they also document it in /openapi.json)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from marsad.inputs.item import replace_surrogates

MAX_ITEMS_PER_REQUEST = 1000
_TEXT_FIELDS = ("id", "text", "source", "published", "title")


class ArticleIn(BaseModel):
    """One article to ingest: the same fields as a line of an input .jsonl file."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = Field(
        None, min_length=1, max_length=200, description="Stable id; a hash of the text when absent."
    )
    text: str = Field(..., description="The article's text (Arabic).")
    source: str | None = Field(None, max_length=200, description="Outlet, e.g. 'almanar'.")
    published: str | None = Field(
        None,
        max_length=40,
        pattern=r"^\d{4}-\d{2}-\d{2}",
        description="YYYY-MM-DD, or an ISO 8601 timestamp.",
    )
    title: str | None = Field(None, max_length=2000)
    # What the edge check below replaced, for the article's errors (not a client field).
    edge_errors: SkipJsonSchema[list[str]] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _replace_lone_surrogates(cls, data: Any) -> Any:
        """JSON may escape a lone surrogate ("\\ud800"), which no UTF-8 text can hold: replaced by
        U+FFFD with an error entry, as the file readers do, instead of a validation error."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        errors: list[str] = []
        for name in _TEXT_FIELDS:
            value = data.get(name)
            if isinstance(value, str):
                data[name], count = replace_surrogates(value)
                if count:
                    errors.append(f"{name}: {count} lone surrogate(s) replaced by U+FFFD")
        data["edge_errors"] = errors
        return data


class ArticlesIn(BaseModel):
    items: list[ArticleIn] = Field(..., min_length=1, max_length=MAX_ITEMS_PER_REQUEST)


class ItemResult(BaseModel):
    article_id: str
    status: str = Field(..., description="added | updated | reextracted | unchanged | duplicate")
    events: int
    errors: list[str]
    duplicate_of: str | None = None


class IngestResult(BaseModel):
    run_id: int
    engine_version: str
    items_seen: int
    articles_added: int
    articles_updated: int
    articles_reextracted: int
    articles_unchanged: int
    duplicates: int
    item_errors: int
    events_written: int
    articles: list[ItemResult]
    step_errors: list[str] = Field(
        default_factory=list, description="Failures after storage (fusion); the articles are stored."
    )


class Event(BaseModel):
    """A stored event: the ACLED-style flat fields; `record` is the engine's full event record."""

    model_config = ConfigDict(extra="allow")

    event_id: str
    article_id: str
    event_type: str
    sub_event_type: str
    disorder_type: str | None = None
    date: str | None = None
    time_precision: int | None = None
    actor1: str | None = None
    actor1_ar: str | None = None
    actor1_kind: str | None = None
    actor2: str | None = None
    actor2_ar: str | None = None
    actor2_kind: str | None = None
    location: str | None = None
    location_ar: str | None = None
    admin1: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    source: str | None = None
    notes: str
    record: dict[str, Any] | None = None


class EventPage(BaseModel):
    total: int = Field(..., description="Events matching the filters (all pages).")
    limit: int
    offset: int
    events: list[Event]


class EvidenceSpan(BaseModel):
    event_id: str
    start: int
    end: int
    text: str


class ArticleRef(BaseModel):
    article_id: str
    title: str | None = None
    source: str | None = None
    published: str | None = None


class EventDetail(Event):
    article: ArticleRef
    evidence: list[EvidenceSpan]


class ArticleView(BaseModel):
    article_id: str
    source: str | None
    published: str | None
    title: str | None
    language: str | None
    text: str
    errors: list[str]
    engine_version: str | None
    ingested_at: str | None
    updated_at: str | None
    events: list[Event]
    evidence: list[EvidenceSpan]


class Health(BaseModel):
    status: str
    engine_version: str
    database: str
    schema_revision: str | None
    articles: int
    events: int
    quarantined: int = Field(0, description="Articles fusion failed on and leaves out (/api/quarantine).")
