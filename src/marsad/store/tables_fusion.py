"""What de-duplication and fusion record: article signatures and LSH bands, near-duplicate
pairs, exact copies, supersessions, incidents, their members and their history."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from marsad.store.metadata import Timestamp, metadata, owned_by, serial
from marsad.store.tables_events import articles

# One row per article whose near-duplicate signature is computed; `content_hash` tells when the
# text changed and the signature must be recomputed.
article_signatures = Table(
    "article_signatures",
    metadata,
    owned_by("article_id", articles.c.article_id, primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("shingles", Integer, nullable=False),
    Column("computed_at", Timestamp, nullable=False),
)

# MinHash LSH bands: articles sharing a band key are near-duplicate candidates.
article_bands = Table(
    "article_bands",
    metadata,
    serial("band_id"),
    Column("band", String(40), nullable=False),
    owned_by("article_id", articles.c.article_id),
    Index(None, "band"),
)

# Verified near-duplicate pairs (article_id found later than duplicate_of).
article_duplicates = Table(
    "article_duplicates",
    metadata,
    owned_by("article_id", articles.c.article_id, primary_key=True),
    owned_by("duplicate_of", articles.c.article_id, primary_key=True, index=True),
    Column("jaccard", Float, nullable=False),
    Column("containment", Float, nullable=False),
    Column("recorded_at", Timestamp, nullable=False),
)

# Exact copies (same text under another id) that the store did not keep as articles.
article_copies = Table(
    "article_copies",
    metadata,
    Column("copy_id", String(200), primary_key=True),
    owned_by("duplicate_of", articles.c.article_id),
    Column("source", String(200), nullable=True),
    Column("published", Date, nullable=True),
    Column("recorded_at", Timestamp, nullable=False),
)

# Which article superseded which (an updated re-post replaces the earlier copy's events).
supersessions = Table(
    "supersessions",
    metadata,
    owned_by("article_id", articles.c.article_id, primary_key=True),
    owned_by("superseded_by", articles.c.article_id),
    Column("reason", String(16), nullable=False),  # update | repost
    Column("jaccard", Float, nullable=False),
    Column("recorded_at", Timestamp, nullable=False),
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
    serial("log_id"),
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
