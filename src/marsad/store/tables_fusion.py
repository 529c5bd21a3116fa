"""What de-duplication and fusion record: article signatures and LSH bands, near-duplicate
pairs, exact copies, supersessions, incidents, their members and their history."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from marsad.store.metadata import (
    ArticleKey,
    EventKey,
    Timestamp,
    metadata,
    optional,
    owned_by,
    required,
    serial,
    when,
)
from marsad.store.tables_events import articles

# One row per article whose near-duplicate signature is computed; `content_hash` tells when the
# text changed and the signature must be recomputed.
article_signatures = Table(
    "article_signatures",
    metadata,
    owned_by("article_id", articles.c.article_id, primary_key=True),
    *required("content_hash"),
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
    *required("jaccard"),
    Column("containment", Float, nullable=False),
    *required("recorded_at"),
)

# Exact copies (same text under another id) that the store did not keep as articles.
article_copies = Table(
    "article_copies",
    metadata,
    Column("copy_id", ArticleKey, primary_key=True),
    owned_by("duplicate_of", articles.c.article_id),
    *optional("source", "published"),
    *required("recorded_at"),
)

# Which article superseded which (an updated re-post replaces the earlier copy's events).
supersessions = Table(
    "supersessions",
    metadata,
    owned_by("article_id", articles.c.article_id, primary_key=True),
    owned_by("superseded_by", articles.c.article_id),
    Column("reason", String(16), nullable=False),  # update | repost
    *required("jaccard", "recorded_at"),
)

# One incident per real-world event, fused from the events of several articles.
incidents = Table(
    "incidents",
    metadata,
    *required("incident_id", primary_key=True),
    *required("status"),  # active | retired
    # The representative event's coding, and the figures the incident's rule took.
    *required("event_type"),
    *optional("event_date", "country", "admin1"),
    Column("representative_event_id", EventKey, nullable=True),
    *optional("fatalities"),
    Column("fatalities_event_id", EventKey, nullable=True),
    Column("fatalities_rule", String(32), nullable=True),
    *optional("injuries"),
    Column("n_events", Integer, nullable=False),
    Column("n_sources", Integer, nullable=False),
    Column("sources", Text, nullable=True),
    Column("source_scale", String(100), nullable=True),
    *required("created_at", "updated_at"),
    Index(None, "event_date"),
    Index(None, "status"),
    Index(None, "representative_event_id"),
)

# Membership of events in incidents. No foreign key to events: when an article is re-extracted
# its old events go, and the fusion pass must still see where they were to record why they left.
incident_events = Table(
    "incident_events",
    metadata,
    *required("event_id", primary_key=True),
    Column("incident_id", EventKey, ForeignKey("incidents.incident_id"), nullable=False),
    *required("article_id"),
    *required("status"),  # active | superseded
    *when("event_created_at"),
    Column("joined_at", Timestamp, nullable=False),
    Column("match", Text, nullable=True),
    Index(None, "incident_id"),
    Index(None, "article_id"),
)

incident_log = Table(
    "incident_log",
    metadata,
    serial("log_id"),
    *required("incident_id"),
    Column("at", Timestamp, nullable=False),
    # created | joined | left | superseded | restored | retired | revived
    Column("action", String(16), nullable=False),
    *optional("event_id", "article_id"),
    Column("detail", Text, nullable=True),
    Index(None, "incident_id"),
)
