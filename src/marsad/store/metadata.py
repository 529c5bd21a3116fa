"""The schema's MetaData, the column types shared by every table module, and the column and
table shapes that recur in them (serial ids, keys to an owning row, tables of owned rows)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, MetaData, Table
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
    seq = [Column("seq", Integer, nullable=False)] if ordered else []
    return Table(name, metadata, serial(row_id), *owners, *seq, *columns)
