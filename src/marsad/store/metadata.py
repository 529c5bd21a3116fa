"""The schema's MetaData and column types shared by every table module."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, MetaData, String
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


def serial(name: str) -> Column[int]:
    """An auto-numbered integer primary key."""
    return Column(name, Integer, primary_key=True, autoincrement=True)


def owned_by(name: str, target: str, length: int, *, primary_key: bool = False) -> Column[str]:
    """A string key to the row that owns this one (`target` "table.column"): the row goes
    when its owner goes."""
    return Column(
        name, String(length), ForeignKey(target, ondelete="CASCADE"), nullable=False, primary_key=primary_key
    )
