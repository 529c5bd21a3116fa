"""ACLED-shaped export ids (issue 18): `event_id_cnty` is the country's ISO3 code and a number
from that country's own sequence ("SYR12"), handed out the first time a row is exported and kept:
the same incident (or event not yet fused) has the same id in every later export, and a number
is never given twice, even when its incident is retired. A row whose country an analyst
corrects gets a number in the new country's sequence; the old one stays reserved."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    String,
    Table,
    UniqueConstraint,
    func,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from marsad.store.reference import lookup_country
from marsad.store.tables import Timestamp, metadata
from marsad.util import chunked, utcnow

UNKNOWN_ISO3 = "XXX"  # a row without a known country

acled_ids = Table(
    "acled_ids",
    metadata,
    Column("row_key", String(300), primary_key=True),  # the incident id, or the unfused event's id
    Column("iso3", String(3), primary_key=True),
    Column("number", Integer, nullable=False),
    Column("assigned_at", Timestamp, nullable=False),
    UniqueConstraint("iso3", "number"),
)


def iso3_of(country: Any) -> str:
    known = lookup_country(country) if country else None
    code = (known.iso3 if known else None) or UNKNOWN_ISO3
    return code.upper()[:3]


def _assign(conn: Connection, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    if conn.dialect.name == "postgresql":  # one exporter at a time hands out numbers
        conn.exec_driver_sql("LOCK TABLE acled_ids IN SHARE ROW EXCLUSIVE MODE")
    c = acled_ids.c
    out: dict[tuple[str, str], int] = {}
    for chunk in chunked(sorted({k for k, _ in wanted}), 500):
        for r in conn.execute(select(c.row_key, c.iso3, c.number).where(c.row_key.in_(chunk))):
            out[(r.row_key, r.iso3)] = r.number
    missing = sorted(wanted - set(out), key=lambda kc: (kc[1], kc[0]))
    if not missing:
        return out
    top = dict(conn.execute(select(c.iso3, func.max(c.number)).group_by(c.iso3)).all())
    rows = []
    now = utcnow()
    for key, iso3 in missing:
        top[iso3] = (top.get(iso3) or 0) + 1
        out[(key, iso3)] = top[iso3]
        rows.append({"row_key": key, "iso3": iso3, "number": top[iso3], "assigned_at": now})
    conn.execute(insert(acled_ids), rows)
    return out


def with_acled_ids(engine: Engine, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with `event_id_cnty` set (numbers handed out in one short transaction)."""
    batch = list(rows)
    wanted = {(str(r["event_id"])[:300], iso3_of(r.get("country"))) for r in batch}
    if not wanted:
        return batch
    for attempt in (1, 2):
        try:
            with engine.begin() as conn:
                numbers = _assign(conn, wanted)
            break
        except IntegrityError:  # another exporter took the same number first (SQLite): once more
            if attempt == 2:
                raise
    for r in batch:
        iso3 = iso3_of(r.get("country"))
        r["event_id_cnty"] = f"{iso3}{numbers[(str(r['event_id'])[:300], iso3)]}"
    return batch


def acled_id_of(engine: Engine, row_key: str) -> str | None:
    """The id an incident (or unfused event) was exported under, if it was."""
    c = acled_ids.c
    with engine.connect() as conn:
        r = conn.execute(
            select(c.iso3, c.number).where(c.row_key == row_key).order_by(c.assigned_at.desc()).limit(1)
        ).first()
    return f"{r.iso3}{r.number}" if r else None


def iter_with_acled_ids(
    engine: Engine, rows: Iterable[dict[str, Any]], chunk: int = 200
) -> Iterable[dict[str, Any]]:
    for batch in chunked(rows, chunk):
        yield from with_acled_ids(engine, batch)
