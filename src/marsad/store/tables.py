"""The database schema (SQLAlchemy Core), one definition for SQLite and PostgreSQL.

Alembic revisions under `migrations/versions/` create exactly this (tables_events.py,
tables_fusion.py, tables_watch.py; imported here in that order); a test compares the
two so they cannot drift apart.

Events keep every schema field flattened into columns (for filters and exports) and the
full event record as JSON (so nothing the engine emits is lost). Actors and places are
shared dimension rows keyed by a canonical string; evidence spans and per-source claims
hang off their event and go when the event is replaced.
"""

from __future__ import annotations

from sqlalchemy import Table

from marsad.store.metadata import JSONType, Timestamp, metadata
from marsad.store.tables_events import actors, articles, claims, event_actors, events, evidence, places, runs
from marsad.store.tables_fusion import (
    article_bands,
    article_copies,
    article_duplicates,
    article_signatures,
    incident_events,
    incident_log,
    incidents,
    supersessions,
)
from marsad.store.tables_watch import feed_items, feeds

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

__all__ = [
    "ALL_TABLES",
    "JSONType",
    "Timestamp",
    "metadata",
    "runs",
    "articles",
    "places",
    "actors",
    "events",
    "event_actors",
    "evidence",
    "claims",
    "article_signatures",
    "article_bands",
    "article_duplicates",
    "article_copies",
    "supersessions",
    "incidents",
    "incident_events",
    "incident_log",
    "feeds",
    "feed_items",
]
