"""Article copies (signatures, LSH bands, near-duplicates, exact copies, supersessions),
incidents fused from several reports (incidents, incident_events, incident_log) and the
state of `marsad watch` (feeds, feed_items).

Revision ID: 0002_fusion_feeds
Revises: 0001_initial
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002_fusion_feeds"
down_revision: str | None = "0001_initial"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)


def _article_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["articles.article_id"], name=op.f(f"fk_{table}_{column}_articles"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("computed_at", Timestamp, nullable=False),
        _article_fk("article_signatures", "article_id"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_signatures")),
    )
    op.create_table(
        "article_bands",
        sa.Column("band_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("band", sa.String(length=40), nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=False),
        _article_fk("article_bands", "article_id"),
        sa.PrimaryKeyConstraint("band_id", name=op.f("pk_article_bands")),
    )
    op.create_index(op.f("ix_article_bands_band"), "article_bands", ["band"])
    op.create_index(op.f("ix_article_bands_article_id"), "article_bands", ["article_id"])
    op.create_table(
        "article_duplicates",
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("duplicate_of", sa.String(length=200), nullable=False),
        sa.Column("jaccard", sa.Float(), nullable=False),
        sa.Column("containment", sa.Float(), nullable=False),
        sa.Column("recorded_at", Timestamp, nullable=False),
        _article_fk("article_duplicates", "article_id"),
        _article_fk("article_duplicates", "duplicate_of"),
        sa.PrimaryKeyConstraint("article_id", "duplicate_of", name=op.f("pk_article_duplicates")),
    )
    op.create_index(op.f("ix_article_duplicates_duplicate_of"), "article_duplicates", ["duplicate_of"])
    op.create_table(
        "article_copies",
        sa.Column("copy_id", sa.String(length=200), nullable=False),
        sa.Column("duplicate_of", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("recorded_at", Timestamp, nullable=False),
        _article_fk("article_copies", "duplicate_of"),
        sa.PrimaryKeyConstraint("copy_id", name=op.f("pk_article_copies")),
    )
    op.create_index(op.f("ix_article_copies_duplicate_of"), "article_copies", ["duplicate_of"])
    op.create_table(
        "supersessions",
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("superseded_by", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("jaccard", sa.Float(), nullable=False),
        sa.Column("recorded_at", Timestamp, nullable=False),
        _article_fk("supersessions", "article_id"),
        _article_fk("supersessions", "superseded_by"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_supersessions")),
    )
    op.create_index(op.f("ix_supersessions_superseded_by"), "supersessions", ["superseded_by"])

    op.create_table(
        "incidents",
        sa.Column("incident_id", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("country", sa.String(length=200), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("representative_event_id", sa.String(length=300), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("fatalities_event_id", sa.String(length=300), nullable=True),
        sa.Column("fatalities_rule", sa.String(length=32), nullable=True),
        sa.Column("injuries", sa.Integer(), nullable=True),
        sa.Column("n_events", sa.Integer(), nullable=False),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.Column("sources", sa.Text(), nullable=True),
        sa.Column("source_scale", sa.String(length=100), nullable=True),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_incidents")),
    )
    op.create_index(op.f("ix_incidents_event_date"), "incidents", ["event_date"])
    op.create_index(op.f("ix_incidents_status"), "incidents", ["status"])
    op.create_index(op.f("ix_incidents_representative_event_id"), "incidents", ["representative_event_id"])
    op.create_table(
        "incident_events",
        sa.Column("event_id", sa.String(length=300), nullable=False),
        sa.Column("incident_id", sa.String(length=300), nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("event_created_at", Timestamp, nullable=True),
        sa.Column("joined_at", Timestamp, nullable=False),
        sa.Column("match", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.incident_id"], name=op.f("fk_incident_events_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_incident_events")),
    )
    op.create_index(op.f("ix_incident_events_incident_id"), "incident_events", ["incident_id"])
    op.create_index(op.f("ix_incident_events_article_id"), "incident_events", ["article_id"])
    op.create_table(
        "incident_log",
        sa.Column("log_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(length=300), nullable=False),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=300), nullable=True),
        sa.Column("article_id", sa.String(length=200), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("log_id", name=op.f("pk_incident_log")),
    )
    op.create_index(op.f("ix_incident_log_incident_id"), "incident_log", ["incident_id"])

    op.create_table(
        "feeds",
        sa.Column("feed_url", sa.String(length=1000), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("polls", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_polled_at", Timestamp, nullable=True),
        sa.Column("last_ok_at", Timestamp, nullable=True),
        sa.Column("next_poll_at", Timestamp, nullable=True),
        sa.PrimaryKeyConstraint("feed_url", name=op.f("pk_feeds")),
    )
    op.create_table(
        "feed_items",
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("feed_url", sa.String(length=1000), nullable=False),
        sa.Column("entry_id", sa.Text(), nullable=True),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("entry_version", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("first_seen_at", Timestamp, nullable=False),
        sa.Column("fetched_at", Timestamp, nullable=True),
        sa.Column("stored_at", Timestamp, nullable=True),
        sa.Column("next_attempt_at", Timestamp, nullable=True),
        sa.PrimaryKeyConstraint("item_key", name=op.f("pk_feed_items")),
    )
    op.create_index(op.f("ix_feed_items_feed_url"), "feed_items", ["feed_url"])
    op.create_index(op.f("ix_feed_items_article_id"), "feed_items", ["article_id"])


def downgrade() -> None:
    for table in (
        "feed_items",
        "feeds",
        "incident_log",
        "incident_events",
        "incidents",
        "supersessions",
        "article_copies",
        "article_duplicates",
        "article_bands",
        "article_signatures",
    ):
        op.drop_table(table)
