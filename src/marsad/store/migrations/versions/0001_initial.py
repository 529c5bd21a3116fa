"""Initial schema: runs, articles, places, actors, events, event_actors, evidence, claims.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels = None
depends_on = None

JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("run_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("engine_version", sa.String(length=64), nullable=False),
        sa.Column("origin", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", Timestamp, nullable=False),
        sa.Column("ended_at", Timestamp, nullable=True),
        sa.Column("items_seen", sa.Integer(), nullable=False),
        sa.Column("articles_added", sa.Integer(), nullable=False),
        sa.Column("articles_updated", sa.Integer(), nullable=False),
        sa.Column("articles_reextracted", sa.Integer(), nullable=False),
        sa.Column("articles_unchanged", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("item_errors", sa.Integer(), nullable=False),
        sa.Column("events_written", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_runs")),
    )
    op.create_table(
        "actors",
        sa.Column("actor_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("actor_key", sa.String(length=600), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_ar", sa.String(length=300), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("actor_id", name=op.f("pk_actors")),
        sa.UniqueConstraint("actor_key", name=op.f("uq_actors_actor_key")),
    )
    op.create_table(
        "places",
        sa.Column("place_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("place_key", sa.String(length=600), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("name_ar", sa.String(length=300), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("admin2", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=200), nullable=True),
        sa.Column("iso", sa.Integer(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("place_id", name=op.f("pk_places")),
        sa.UniqueConstraint("place_key", name=op.f("uq_places_place_key")),
    )
    op.create_table(
        "articles",
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("errors", JSONType, nullable=False),
        sa.Column("engine_version", sa.String(length=64), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("ingested_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.run_id"], name=op.f("fk_articles_run_id_runs"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_articles")),
    )
    op.create_index(op.f("ix_articles_content_hash"), "articles", ["content_hash"])
    op.create_index(op.f("ix_articles_published"), "articles", ["published"])
    op.create_index(op.f("ix_articles_source"), "articles", ["source"])

    op.create_table(
        "events",
        sa.Column("event_id", sa.String(length=300), nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("engine_version", sa.String(length=64), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("disorder_type", sa.String(length=64), nullable=True),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("sub_event_type", sa.String(length=64), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("time_precision", sa.SmallInteger(), nullable=True),
        sa.Column("actor1", sa.String(length=300), nullable=True),
        sa.Column("actor1_ar", sa.String(length=300), nullable=True),
        sa.Column("actor1_kind", sa.String(length=32), nullable=True),
        sa.Column("assoc_actor_1", sa.Text(), nullable=True),
        sa.Column("inter1", sa.SmallInteger(), nullable=False),
        sa.Column("actor2", sa.String(length=300), nullable=True),
        sa.Column("actor2_ar", sa.String(length=300), nullable=True),
        sa.Column("actor2_kind", sa.String(length=32), nullable=True),
        sa.Column("assoc_actor_2", sa.Text(), nullable=True),
        sa.Column("inter2", sa.SmallInteger(), nullable=False),
        sa.Column("interaction", sa.SmallInteger(), nullable=False),
        sa.Column("civilian_targeting", sa.String(length=32), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("location_ar", sa.String(length=300), nullable=True),
        sa.Column("location_mention", sa.Text(), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("admin2", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=200), nullable=True),
        sa.Column("iso", sa.Integer(), nullable=True),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.SmallInteger(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("fatalities_min", sa.Integer(), nullable=True),
        sa.Column("fatalities_max", sa.Integer(), nullable=True),
        sa.Column("injuries", sa.Integer(), nullable=True),
        sa.Column("injuries_min", sa.Integer(), nullable=True),
        sa.Column("injuries_max", sa.Integer(), nullable=True),
        sa.Column("casualties", sa.Integer(), nullable=True),
        sa.Column("casualties_min", sa.Integer(), nullable=True),
        sa.Column("casualties_max", sa.Integer(), nullable=True),
        sa.Column("attribution_source", sa.Text(), nullable=True),
        sa.Column("hedged", sa.Boolean(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("record", JSONType, nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.article_id"],
            name=op.f("fk_events_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["place_id"], ["places.place_id"], name=op.f("fk_events_place_id_places")),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.run_id"], name=op.f("fk_events_run_id_runs"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_admin1"), "events", ["admin1"])
    op.create_index(op.f("ix_events_article_id"), "events", ["article_id"])
    op.create_index(op.f("ix_events_country"), "events", ["country"])
    op.create_index(op.f("ix_events_event_date"), "events", ["event_date"])
    op.create_index(op.f("ix_events_event_type"), "events", ["event_type"])
    op.create_index(op.f("ix_events_latitude_longitude"), "events", ["latitude", "longitude"])

    op.create_table(
        "claims",
        sa.Column("claim_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=300), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("hedged", sa.Boolean(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("data", JSONType, nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.event_id"], name=op.f("fk_claims_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claims")),
    )
    op.create_index(op.f("ix_claims_event_id"), "claims", ["event_id"])

    op.create_table(
        "event_actors",
        sa.Column("event_actor_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=300), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("mention", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.actor_id"], name=op.f("fk_event_actors_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.event_id"],
            name=op.f("fk_event_actors_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_actor_id", name=op.f("pk_event_actors")),
    )
    op.create_index(op.f("ix_event_actors_actor_id"), "event_actors", ["actor_id"])
    op.create_index(op.f("ix_event_actors_event_id"), "event_actors", ["event_id"])

    op.create_table(
        "evidence",
        sa.Column("evidence_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=300), nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.article_id"],
            name=op.f("fk_evidence_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.event_id"], name=op.f("fk_evidence_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("evidence_id", name=op.f("pk_evidence")),
    )
    op.create_index(op.f("ix_evidence_article_id"), "evidence", ["article_id"])
    op.create_index(op.f("ix_evidence_event_id"), "evidence", ["event_id"])


def downgrade() -> None:
    for table in ("evidence", "event_actors", "claims", "events", "articles", "places", "actors", "runs"):
        op.drop_table(table)
