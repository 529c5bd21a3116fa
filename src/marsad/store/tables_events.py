"""Runs, articles and their events, with the shared actors and places and what hangs off an
event (actor roles, evidence spans, per-source claims)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
)

from marsad.store.metadata import (
    JSONType,
    Timestamp,
    metadata,
    optional,
    owned_by,
    owned_rows,
    required,
    run_key,
    serial,
    when,
)


def _counters(*names: str) -> list[Column[int]]:
    """Counts that start at 0 and grow as the row's run (or article) goes."""
    return [Column(name, Integer, nullable=False, default=0) for name in names]


runs = Table(
    "runs",
    metadata,
    serial("run_id"),
    *required("engine_version"),
    Column("origin", String(200), nullable=True),
    *required("status"),  # running | completed | failed
    Column("started_at", Timestamp, nullable=False),
    *when("ended_at"),
    *_counters(
        "items_seen",
        "articles_added",
        "articles_updated",
        "articles_reextracted",
        "articles_unchanged",
        "duplicates",
        "item_errors",
        "events_written",
    ),
)

articles = Table(
    "articles",
    metadata,
    *required("article_id", primary_key=True),
    *optional("source", "published", "title"),
    *required("text", "content_hash"),
    Column("language", String(16), nullable=True),
    Column("errors", JSONType, nullable=False),
    *optional("engine_version"),
    run_key(),
    *_counters("event_count"),
    Column("ingested_at", Timestamp, nullable=False),
    *required("updated_at"),
    Index(None, "content_hash"),
    Index(None, "published"),
    Index(None, "source"),
)


def _dimension(name: str, row_id: str, key: str, *columns: Column[Any]) -> Table:
    """Rows events share, each once under its canonical string `key`."""
    return Table(
        name, metadata, serial(row_id), Column(key, String(600), nullable=False, unique=True), *columns
    )


places = _dimension(
    "places",
    "place_id",
    "place_key",
    *optional("name", "name_ar", "admin1", "admin2", "country", "iso", "latitude", "longitude"),
)

actors = _dimension(
    "actors",
    "actor_id",
    "actor_key",
    *required("name"),
    *optional("name_ar"),
    Column("kind", String(32), nullable=True),
)


def _actor(n: int) -> list[Column[Any]]:
    """The flattened columns of the event's actor `n` (1 or 2): its names, kind, associated
    actors and ACLED inter code."""
    return [
        Column(f"actor{n}", String(300), nullable=True),
        Column(f"actor{n}_ar", String(300), nullable=True),
        Column(f"actor{n}_kind", String(32), nullable=True),
        Column(f"assoc_actor_{n}", Text, nullable=True),
        Column(f"inter{n}", SmallInteger, nullable=False),
    ]


def _figure(name: str) -> list[Column[int]]:
    """A reported figure: its best value and its bounds."""
    return [Column(column, Integer, nullable=True) for column in (name, f"{name}_min", f"{name}_max")]


events = Table(
    "events",
    metadata,
    *required("event_id", primary_key=True),
    owned_by("article_id", articles.c.article_id),
    run_key(),
    *optional("engine_version"),
    *required("seq"),
    Column("disorder_type", String(64), nullable=True),
    *required("event_type"),
    Column("sub_event_type", String(64), nullable=False),
    *optional("event_date"),
    Column("year", Integer, nullable=True),
    Column("time_precision", SmallInteger, nullable=True),
    *_actor(1),
    *_actor(2),
    Column("interaction", SmallInteger, nullable=False),
    Column("civilian_targeting", String(32), nullable=True),
    Column("place_id", Integer, ForeignKey("places.place_id"), nullable=True),
    Column("location", String(300), nullable=True),
    Column("location_ar", String(300), nullable=True),
    Column("location_mention", Text, nullable=True),
    *optional("admin1", "admin2", "country", "iso"),
    Column("region", String(64), nullable=True),
    *optional("latitude", "longitude"),
    Column("geo_precision", SmallInteger, nullable=True),
    *_figure("fatalities"),
    *_figure("injuries"),
    *_figure("casualties"),
    Column("attribution_source", Text, nullable=True),
    *optional("hedged"),
    Column("confidence", Float, nullable=True),
    *optional("source"),
    Column("search_text", Text, nullable=False),
    Column("record", JSONType, nullable=False),
    *required("created_at"),
    Index(None, "event_date"),
    Index(None, "event_type"),
    Index(None, "country"),
    Index(None, "admin1"),
    Index(None, "latitude", "longitude"),
)

event_actors = owned_rows(
    "event_actors",
    "event_actor_id",
    [owned_by("event_id", events.c.event_id)],
    Column("actor_id", Integer, ForeignKey("actors.actor_id"), nullable=False),
    Column("role", String(16), nullable=False),  # actor1 | actor2 | assoc_actor_1 | assoc_actor_2
    Column("mention", Text, nullable=True),
    Index(None, "actor_id"),
)

evidence = owned_rows(
    "evidence",
    "evidence_id",
    [owned_by("event_id", events.c.event_id), owned_by("article_id", articles.c.article_id)],
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    *required("text"),
    ordered=True,
)

claims = owned_rows(
    "claims",
    "claim_id",
    [owned_by("event_id", events.c.event_id)],
    Column("source", Text, nullable=True),
    *optional("hedged", "fatalities"),
    Column("data", JSONType, nullable=False),
    ordered=True,
)
