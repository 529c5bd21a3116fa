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

from marsad.store.metadata import Timestamp, metadata, optional, required, when

FeedUrl = String(1000)

feeds = Table(
    "feeds",
    metadata,
    Column("feed_url", FeedUrl, primary_key=True),
    *optional("source", "etag", "last_modified", "status"),  # status: ok | not_modified | failed
    Column("failures", Integer, nullable=False),
    Column("polls", Integer, nullable=False),
    *optional("last_error"),
    *when("last_polled_at", "last_ok_at", "next_poll_at"),
)

feed_items = Table(
    "feed_items",
    metadata,
    Column("item_key", String(64), primary_key=True),
    Column("feed_url", FeedUrl, nullable=False),
    Column("entry_id", Text, nullable=True),
    Column("link", Text, nullable=True),
    *optional("title"),
    Column("entry_version", String(64), nullable=False),
    *optional("article_id"),
    *required("status", "attempts"),  # status: pending | stored | failed | gave_up
    *optional("last_error", "etag", "last_modified"),
    Column("first_seen_at", Timestamp, nullable=False),
    *when("fetched_at", "stored_at", "next_attempt_at"),
    Index(None, "feed_url"),
    Index(None, "article_id"),
)
