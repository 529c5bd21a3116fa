"""The schema's MetaData, the column types shared by every table module, and the column and
table shapes that recur in them: the columns that several tables have (one type per name),
serial ids, keys to an owning row, tables of owned rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
    String,
    Table,
    Text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import TypeEngine

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
# The types of the ids of articles and events, wherever a table holds one.
ArticleKey, EventKey = String(200), String(300)

# The type of every column name that more than one table has, so that a name means one thing
# across the schema; tables declare these columns with `required` and `optional`.
SHARED: dict[str, TypeEngine[Any]] = {
    # keys
    "article_id": ArticleKey,
    "event_id": EventKey,
    "incident_id": EventKey,  # made from its first event's id
    "seq": Integer,
    # what an event codes, flattened into events, places, incidents and claims
    "event_type": String(64),
    "event_date": Date,
    "name": String(300),
    "name_ar": String(300),
    "admin1": String(200),
    "admin2": String(200),
    "country": String(200),
    "iso": Integer,
    "latitude": Float,
    "longitude": Float,
    "fatalities": Integer,
    "injuries": Integer,
    "hedged": Boolean,
    # articles and where they come from
    "source": String(200),
    "published": Date,
    "title": Text,
    "text": Text,
    "content_hash": String(64),
    "engine_version": String(64),
    # bookkeeping
    "status": String(16),
    "attempts": Integer,
    "etag": Text,
    "last_modified": Text,
    "last_error": Text,
    "jaccard": Float,
    "version": Integer,
    "reviewer": String(200),
    "reason": String(32),
    "created_at": Timestamp,
    "updated_at": Timestamp,
    "recorded_at": Timestamp,
}


def required(*names: str, **options: Any) -> list[Column[Any]]:
    """NOT NULL columns of SHARED names (`options` as Column's: primary_key, index, default)."""
    return [Column(name, SHARED[name], nullable=False, **options) for name in names]


def optional(*names: str) -> list[Column[Any]]:
    """Nullable columns of SHARED names."""
    return [Column(name, SHARED[name], nullable=True) for name in names]


def when(*names: str) -> list[Column[Any]]:
    """Timestamps of what happens to the row (or is due), NULL until it does."""
    return [Column(name, Timestamp, nullable=True) for name in names]


def run_key() -> Column[int]:
    """The run that last wrote the row; the row stays (with NULL) when that run's row goes."""
    return Column("run_id", Integer, ForeignKey("runs.run_id", ondelete="SET NULL"), nullable=True)


def serial(name: str) -> Column[int]:
    """An auto-numbered integer primary key."""
    return Column(name, Integer, primary_key=True, autoincrement=True)


def owned_by(
    name: str, target: Column[Any], *, primary_key: bool = False, index: bool | None = None
) -> Column[Any]:
    """A key to the row that owns this one (`target`, that row's key column, whose type it takes):
    the row goes when its owner goes. Rows are looked up (and cascaded) by their owner, so the key
    is indexed unless it leads the primary key; `index=True` for a later primary key column."""
    return Column(
        name,
        target.type,
        ForeignKey(target, ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
        index=(not primary_key if index is None else index) or None,
    )


def owned_rows(
    name: str,
    row_id: str,
    owners: Iterable[Column[Any]],
    *columns: Column[Any] | Index,
    ordered: bool = False,
) -> Table:
    """A table of rows that belong to other rows (an event's actor roles, evidence spans, claims,
    reviews): the serial `row_id`, the keys of its `owners`, when `ordered` a `seq` (the row's
    place among its owner's rows, as the engine emitted them), then the table's own `columns`."""
    seq = required("seq") if ordered else []
    return Table(name, metadata, serial(row_id), *owners, *seq, *columns)
