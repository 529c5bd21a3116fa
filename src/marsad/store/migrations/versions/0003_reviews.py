"""Analyst review (issue 18): the review log (`reviews`) and each reviewed event's current
review (`review_state`); ACLED-shaped export ids (`acled_ids`).

Revision ID: 0003_reviews
Revises: 0002_fusion_feeds
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003_reviews"
down_revision: str | None = "0002_fusion_feeds"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)
JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _article_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["article_id"],
        ["articles.article_id"],
        name=op.f(f"fk_{table}_article_id_articles"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("review_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=300), nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("changes", JSONType, nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        _article_fk("reviews"),
        sa.PrimaryKeyConstraint("review_id", name=op.f("pk_reviews")),
    )
    op.create_index(op.f("ix_reviews_event_id"), "reviews", ["event_id"])
    op.create_index(op.f("ix_reviews_article_id"), "reviews", ["article_id"])
    op.create_table(
        "review_state",
        sa.Column("event_id", sa.String(length=300), nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("reviewed_at", Timestamp, nullable=False),
        sa.Column("corrections", JSONType, nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("merged_into", sa.String(length=300), nullable=True),
        sa.Column("added", sa.Boolean(), nullable=False),
        sa.Column("anchor", JSONType, nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("stale_reason", sa.Text(), nullable=True),
        _article_fk("review_state"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_review_state")),
    )
    op.create_index(op.f("ix_review_state_article_id"), "review_state", ["article_id"])
    op.create_index(op.f("ix_review_state_status"), "review_state", ["status"])

    op.create_table(
        "acled_ids",
        sa.Column("row_key", sa.String(length=300), nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("assigned_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("row_key", "iso3", name=op.f("pk_acled_ids")),
        sa.UniqueConstraint("iso3", "number", name=op.f("uq_acled_ids_iso3_number")),
    )


def downgrade() -> None:
    op.drop_table("acled_ids")
    op.drop_table("review_state")
    op.drop_table("reviews")
