"""Runs, articles and their events, with the shared actors and places and what hangs off an
event (actor roles, evidence spans, per-source claims)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
)

from marsad.store.metadata import JSONType, Timestamp, metadata, owned_by, owned_rows, serial

runs = Table(
    "runs",
    metadata,
    serial("run_id"),
    Column("engine_version", String(64), nullable=False),
    Column("origin", String(200), nullable=True),
    Column("status", String(16), nullable=False),  # running | completed | failed
    Column("started_at", Timestamp, nullable=False),
    Column("ended_at", Timestamp, nullable=True),
    Column("items_seen", Integer, nullable=False, default=0),
    Column("articles_added", Integer, nullable=False, default=0),
    Column("articles_updated", Integer, nullable=False, default=0),
    Column("articles_reextracted", Integer, nullable=False, default=0),
    Column("articles_unchanged", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("item_errors", Integer, nullable=False, default=0),
    Column("events_written", Integer, nullable=False, default=0),
)

articles = Table(
    "articles",
    metadata,
    Column("article_id", String(200), primary_key=True),
    Column("source", String(200), nullable=True),
    Column("published", Date, nullable=True),
    Column("title", Text, nullable=True),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("language", String(16), nullable=True),
    Column("errors", JSONType, nullable=False),
    Column("engine_version", String(64), nullable=True),
    Column("run_id", Integer, ForeignKey("runs.run_id", ondelete="SET NULL"), nullable=True),
    Column("event_count", Integer, nullable=False, default=0),
    Column("ingested_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Index(None, "content_hash"),
    Index(None, "published"),
    Index(None, "source"),
)

places = Table(
    "places",
    metadata,
    serial("place_id"),
    Column("place_key", String(600), nullable=False, unique=True),
    Column("name", String(300), nullable=True),
    Column("name_ar", String(300), nullable=True),
    Column("admin1", String(200), nullable=True),
    Column("admin2", String(200), nullable=True),
    Column("country", String(200), nullable=True),
    Column("iso", Integer, nullable=True),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
)

actors = Table(
    "actors",
    metadata,
    serial("actor_id"),
    Column("actor_key", String(600), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("name_ar", String(300), nullable=True),
    Column("kind", String(32), nullable=True),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String(300), primary_key=True),
    owned_by("article_id", articles.c.article_id),
    Column("run_id", Integer, ForeignKey("runs.run_id", ondelete="SET NULL"), nullable=True),
    Column("engine_version", String(64), nullable=True),
    Column("seq", Integer, nullable=False),
    Column("disorder_type", String(64), nullable=True),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("event_date", Date, nullable=True),
    Column("year", Integer, nullable=True),
    Column("time_precision", SmallInteger, nullable=True),
    Column("actor1", String(300), nullable=True),
    Column("actor1_ar", String(300), nullable=True),
    Column("actor1_kind", String(32), nullable=True),
    Column("assoc_actor_1", Text, nullable=True),
    Column("inter1", SmallInteger, nullable=False),
    Column("actor2", String(300), nullable=True),
    Column("actor2_ar", String(300), nullable=True),
    Column("actor2_kind", String(32), nullable=True),
    Column("assoc_actor_2", Text, nullable=True),
    Column("inter2", SmallInteger, nullable=False),
    Column("interaction", SmallInteger, nullable=False),
    Column("civilian_targeting", String(32), nullable=True),
    Column("place_id", Integer, ForeignKey("places.place_id"), nullable=True),
    Column("location", String(300), nullable=True),
    Column("location_ar", String(300), nullable=True),
    Column("location_mention", Text, nullable=True),
    Column("admin1", String(200), nullable=True),
    Column("admin2", String(200), nullable=True),
    Column("country", String(200), nullable=True),
    Column("iso", Integer, nullable=True),
    Column("region", String(64), nullable=True),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("geo_precision", SmallInteger, nullable=True),
    Column("fatalities", Integer, nullable=True),
    Column("fatalities_min", Integer, nullable=True),
    Column("fatalities_max", Integer, nullable=True),
    Column("injuries", Integer, nullable=True),
    Column("injuries_min", Integer, nullable=True),
    Column("injuries_max", Integer, nullable=True),
    Column("casualties", Integer, nullable=True),
    Column("casualties_min", Integer, nullable=True),
    Column("casualties_max", Integer, nullable=True),
    Column("attribution_source", Text, nullable=True),
    Column("hedged", Boolean, nullable=True),
    Column("confidence", Float, nullable=True),
    Column("source", String(200), nullable=True),
    Column("search_text", Text, nullable=False),
    Column("record", JSONType, nullable=False),
    Column("created_at", Timestamp, nullable=False),
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
    Column("text", Text, nullable=False),
    ordered=True,
)

claims = owned_rows(
    "claims",
    "claim_id",
    [owned_by("event_id", events.c.event_id)],
    Column("source", Text, nullable=True),
    Column("hedged", Boolean, nullable=True),
    Column("fatalities", Integer, nullable=True),
    Column("data", JSONType, nullable=False),
    ordered=True,
)
