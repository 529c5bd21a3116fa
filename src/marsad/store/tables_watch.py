"""The feed watcher's state (`marsad watch`): each feed's poll state and each item's fetch state."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from marsad.store.metadata import Timestamp, metadata

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
