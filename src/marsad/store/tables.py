"""The database schema (SQLAlchemy Core), one definition for SQLite and PostgreSQL.

Alembic revisions under `migrations/versions/` create exactly this; a test compares the
two so they cannot drift apart.

Events keep every schema field flattened into columns (for filters and exports) and the
full event record as JSON (so nothing the engine emits is lost). Actors and places are
shared dimension rows keyed by a canonical string; evidence spans and per-source claims
hang off their event and go when the event is replaced.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects import postgresql

# Stable constraint names, so later migrations can refer to them on both databases.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# JSONB on PostgreSQL (indexable, compact); JSON text on SQLite.
JSONType = JSON().with_variant(postgresql.JSONB(), "postgresql")
Timestamp = DateTime(timezone=True)

runs = Table(
    "runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
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
    Column("place_id", Integer, primary_key=True, autoincrement=True),
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
    Column("actor_id", Integer, primary_key=True, autoincrement=True),
    Column("actor_key", String(600), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("name_ar", String(300), nullable=True),
    Column("kind", String(32), nullable=True),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String(300), primary_key=True),
    Column(
        "article_id",
        String(200),
        ForeignKey("articles.article_id", ondelete="CASCADE"),
        nullable=False,
    ),
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
    Index(None, "article_id"),
    Index(None, "event_date"),
    Index(None, "event_type"),
    Index(None, "country"),
    Index(None, "admin1"),
    Index(None, "latitude", "longitude"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_actor_id", Integer, primary_key=True, autoincrement=True),
    Column(
        "event_id",
        String(300),
        ForeignKey("events.event_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("actor_id", Integer, ForeignKey("actors.actor_id"), nullable=False),
    Column("role", String(16), nullable=False),  # actor1 | actor2 | assoc_actor_1 | assoc_actor_2
    Column("mention", Text, nullable=True),
    Index(None, "event_id"),
    Index(None, "actor_id"),
)

evidence = Table(
    "evidence",
    metadata,
    Column("evidence_id", Integer, primary_key=True, autoincrement=True),
    Column(
        "event_id",
        String(300),
        ForeignKey("events.event_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "article_id",
        String(200),
        ForeignKey("articles.article_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("seq", Integer, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index(None, "event_id"),
    Index(None, "article_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("claim_id", Integer, primary_key=True, autoincrement=True),
    Column(
        "event_id",
        String(300),
        ForeignKey("events.event_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("seq", Integer, nullable=False),
    Column("source", Text, nullable=True),
    Column("hedged", Boolean, nullable=True),
    Column("fatalities", Integer, nullable=True),
    Column("data", JSONType, nullable=False),
    Index(None, "event_id"),
)

# ---------------------------------------------------------------- issue 10: copies, incidents, feeds

# One row per article whose near-duplicate signature is computed; `content_hash` tells when the
# text changed and the signature must be recomputed.
article_signatures = Table(
    "article_signatures",
    metadata,
    Column(
        "article_id", String(200), ForeignKey("articles.article_id", ondelete="CASCADE"), primary_key=True
    ),
    Column("content_hash", String(64), nullable=False),
    Column("shingles", Integer, nullable=False),
    Column("computed_at", Timestamp, nullable=False),
)

# MinHash LSH bands: articles sharing a band key are near-duplicate candidates.
article_bands = Table(
    "article_bands",
    metadata,
    Column("band_id", Integer, primary_key=True, autoincrement=True),
    Column("band", String(40), nullable=False),
    Column(
        "article_id",
        String(200),
        ForeignKey("articles.article_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Index(None, "band"),
    Index(None, "article_id"),
)

# Verified near-duplicate pairs (article_id found later than duplicate_of).
article_duplicates = Table(
    "article_duplicates",
    metadata,
    Column(
        "article_id", String(200), ForeignKey("articles.article_id", ondelete="CASCADE"), primary_key=True
    ),
    Column(
        "duplicate_of", String(200), ForeignKey("articles.article_id", ondelete="CASCADE"), primary_key=True
    ),
    Column("jaccard", Float, nullable=False),
    Column("containment", Float, nullable=False),
    Column("recorded_at", Timestamp, nullable=False),
    Index(None, "duplicate_of"),
)

# Exact copies (same text under another id) that the store did not keep as articles.
article_copies = Table(
    "article_copies",
    metadata,
    Column("copy_id", String(200), primary_key=True),
    Column(
        "duplicate_of",
        String(200),
        ForeignKey("articles.article_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("source", String(200), nullable=True),
    Column("published", Date, nullable=True),
    Column("recorded_at", Timestamp, nullable=False),
    Index(None, "duplicate_of"),
)

# Which article superseded which (an updated re-post replaces the earlier copy's events).
supersessions = Table(
    "supersessions",
    metadata,
    Column(
        "article_id", String(200), ForeignKey("articles.article_id", ondelete="CASCADE"), primary_key=True
    ),
    Column(
        "superseded_by",
        String(200),
        ForeignKey("articles.article_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("reason", String(16), nullable=False),  # update | repost
    Column("jaccard", Float, nullable=False),
    Column("recorded_at", Timestamp, nullable=False),
    Index(None, "superseded_by"),
)

# One incident per real-world event, fused from the events of several articles.
incidents = Table(
    "incidents",
    metadata,
    Column("incident_id", String(300), primary_key=True),
    Column("status", String(16), nullable=False),  # active | retired
    Column("event_type", String(64), nullable=False),
    Column("event_date", Date, nullable=True),
    Column("country", String(200), nullable=True),
    Column("admin1", String(200), nullable=True),
    Column("representative_event_id", String(300), nullable=True),
    Column("fatalities", Integer, nullable=True),
    Column("fatalities_event_id", String(300), nullable=True),
    Column("fatalities_rule", String(32), nullable=True),
    Column("injuries", Integer, nullable=True),
    Column("n_events", Integer, nullable=False),
    Column("n_sources", Integer, nullable=False),
    Column("sources", Text, nullable=True),
    Column("source_scale", String(100), nullable=True),
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Index(None, "event_date"),
    Index(None, "status"),
    Index(None, "representative_event_id"),
)

# Membership of events in incidents. No foreign key to events: when an article is re-extracted
# its old events go, and the fusion pass must still see where they were to record why they left.
incident_events = Table(
    "incident_events",
    metadata,
    Column("event_id", String(300), primary_key=True),
    Column("incident_id", String(300), ForeignKey("incidents.incident_id"), nullable=False),
    Column("article_id", String(200), nullable=False),
    Column("status", String(16), nullable=False),  # active | superseded
    Column("event_created_at", Timestamp, nullable=True),
    Column("joined_at", Timestamp, nullable=False),
    Column("match", Text, nullable=True),
    Index(None, "incident_id"),
    Index(None, "article_id"),
)

incident_log = Table(
    "incident_log",
    metadata,
    Column("log_id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(300), nullable=False),
    Column("at", Timestamp, nullable=False),
    Column(
        "action", String(16), nullable=False
    ),  # created | joined | left | superseded | restored | retired | revived
    Column("event_id", String(300), nullable=True),
    Column("article_id", String(200), nullable=True),
    Column("detail", Text, nullable=True),
    Index(None, "incident_id"),
)

# `marsad watch` state: one row per feed and per feed item, so a restart resumes.
feeds = Table(
    "feeds",
    metadata,
    Column("feed_url", String(1000), primary_key=True),
    Column("source", String(200), nullable=True),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("status", String(16), nullable=True),  # ok | not_modified | failed
    Column("failures", Integer, nullable=False),
    Column("polls", Integer, nullable=False),
    Column("last_error", Text, nullable=True),
    Column("last_polled_at", Timestamp, nullable=True),
    Column("last_ok_at", Timestamp, nullable=True),
    Column("next_poll_at", Timestamp, nullable=True),
)

feed_items = Table(
    "feed_items",
    metadata,
    Column("item_key", String(64), primary_key=True),
    Column("feed_url", String(1000), nullable=False),
    Column("entry_id", Text, nullable=True),
    Column("link", Text, nullable=True),
    Column("title", Text, nullable=True),
    Column("entry_version", String(64), nullable=False),
    Column("article_id", String(200), nullable=True),
    Column("status", String(16), nullable=False),  # pending | stored | failed | gave_up
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=True),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("first_seen_at", Timestamp, nullable=False),
    Column("fetched_at", Timestamp, nullable=True),
    Column("stored_at", Timestamp, nullable=True),
    Column("next_attempt_at", Timestamp, nullable=True),
    Index(None, "feed_url"),
    Index(None, "article_id"),
)

ALL_TABLES: tuple[Table, ...] = (
    runs,
    articles,
    places,
    actors,
    events,
    event_actors,
    evidence,
    claims,
    article_signatures,
    article_bands,
    article_duplicates,
    article_copies,
    supersessions,
    incidents,
    incident_events,
    incident_log,
    feeds,
    feed_items,
)
