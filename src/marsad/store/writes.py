"""Writing one planned batch: articles, their events and what hangs off them (places, actors,
evidence, claims), the exact copies not stored twice, and the run's counts — in the caller's
transaction, in a few multi-row statements."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Insert, String, Table, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from marsad.store.flatten import ActorRow, parse_date
from marsad.store.plans import DUPLICATE, STATUS_COUNTER, Plan
from marsad.store.tables import (
    ALL_TABLES,
    actors,
    article_copies,
    articles,
    claims,
    event_actors,
    events,
    evidence,
    places,
    runs,
)
from marsad.util import chunked, utcnow

_STRING_LIMITS: dict[str, list[tuple[str, int]]] = {
    t.name: [(c.name, c.type.length) for c in t.c if isinstance(c.type, String) and c.type.length]
    for t in ALL_TABLES
}


def clip(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """Cut strings to their column's length (PostgreSQL rejects longer ones)."""
    for name, length in _STRING_LIMITS[table.name]:
        value = row.get(name)
        if isinstance(value, str) and len(value) > length:
            row[name] = value[:length]
    return row


def _upsert_statement(conn: Connection, table: Table) -> Any:
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


def bulk(conn: Connection, stmt: Insert, rows: list[dict[str, Any]]) -> None:
    """Many rows in one call. On PostgreSQL a RETURNING clause lets SQLAlchemy batch the
    rows into multi-row VALUES ("insertmanyvalues"); psycopg's plain executemany sends
    one statement per row."""
    if conn.dialect.name == "postgresql":
        table: Table = stmt.table  # type: ignore[assignment]  # an Insert's table is a Table
        conn.execute(stmt.returning(*table.primary_key.columns), rows).all()
    else:
        conn.execute(stmt, rows)


def _insert_ignore(conn: Connection, table: Table, rows: list[dict[str, Any]], key: str) -> None:
    bulk(conn, _upsert_statement(conn, table).on_conflict_do_nothing(index_elements=[key]), rows)


def fix_event_id_collisions(conn: Connection, plans: list[Plan]) -> None:
    """Event ids are primary keys; one that another article already owns gets a prefix."""
    rewritten = {p.article_id for p in plans}
    wanted = [f.row["event_id"] for p in plans for f in p.flat]
    owners: dict[str, str] = {}
    for chunk in chunked(wanted, 500):
        for r in conn.execute(
            select(events.c.event_id, events.c.article_id).where(events.c.event_id.in_(chunk))
        ):
            if r.article_id not in rewritten:
                owners[r.event_id] = r.article_id
    taken: set[str] = set()
    for plan in plans:
        for f in plan.flat:
            eid = f.row["event_id"]
            if eid in owners or eid in taken:
                eid = f"{plan.article_id}:{f.row['seq']}:{eid}"
            f.row["event_id"] = eid[:300]
            taken.add(f.row["event_id"])


def _ids_by_key(conn: Connection, key: Any, id_column: Any, keys: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for chunk in chunked(keys, 500):
        out.update({r[0]: r[1] for r in conn.execute(select(key, id_column).where(key.in_(chunk)))})
    return out


def upsert_places(conn: Connection, rows: list[dict[str, Any]]) -> dict[str, int]:
    """{place_key: place_id}, inserting the places not stored yet."""
    unique = {r["place_key"]: clip(places, dict(r)) for r in rows}
    if not unique:
        return {}
    _insert_ignore(conn, places, sorted(unique.values(), key=lambda r: r["place_key"]), "place_key")
    return _ids_by_key(conn, places.c.place_key, places.c.place_id, sorted(unique))


def upsert_actors(conn: Connection, rows: list[ActorRow]) -> dict[str, int]:
    """{actor_key: actor_id}, inserting the actors not stored yet."""
    unique = {
        a.key: clip(actors, {"actor_key": a.key, "name": a.name, "name_ar": a.name_ar, "kind": a.kind})
        for a in rows
    }
    if not unique:
        return {}
    _insert_ignore(conn, actors, sorted(unique.values(), key=lambda r: r["actor_key"]), "actor_key")
    return _ids_by_key(conn, actors.c.actor_key, actors.c.actor_id, sorted(unique))


def _article_row(plan: Plan, version: str, run_id: int, now: Any) -> dict[str, Any]:
    item, record = plan.item, plan.record or {}
    published = parse_date(record.get("published")) or parse_date(item.get("published"))
    return clip(
        articles,
        {
            "article_id": plan.article_id,
            "source": item.get("source") or record.get("source"),
            "published": published,
            "title": item.get("title"),
            "text": item["text"],
            "content_hash": plan.content_hash,
            "language": record.get("language") or item.get("language"),
            "errors": plan.errors,
            "engine_version": version,
            "run_id": run_id,
            "event_count": len(plan.flat),
            "ingested_at": now,
            "updated_at": now,
        },
    )


def write_articles(
    conn: Connection,
    plans: list[Plan],
    version: str,
    run_id: int,
    place_ids: dict[str, int],
    actor_ids: dict[str, int],
) -> None:
    """All of a batch's rows in a few multi-row statements (one transaction, the caller's)."""
    if not plans:
        return
    now = utcnow()
    ins = _upsert_statement(conn, articles)
    # An upsert rather than insert-or-update: two writers of one article serialise on its row,
    # and the first ingest time is kept.
    kept = {"article_id", "ingested_at"}
    bulk(
        conn,
        ins.on_conflict_do_update(
            index_elements=["article_id"],
            set_={c.name: ins.excluded[c.name] for c in articles.c if c.name not in kept},
        ),
        [_article_row(p, version, run_id, now) for p in plans],
    )
    for chunk in chunked([p.article_id for p in plans], 500):
        conn.execute(delete(events).where(events.c.article_id.in_(chunk)))
    event_rows, actor_rows, evidence_rows, claim_rows = [], [], [], []
    for plan in plans:
        for f in plan.flat:
            row = clip(events, dict(f.row))
            row.update(
                run_id=run_id,
                engine_version=version,
                created_at=now,
                place_id=place_ids.get(f.place["place_key"]) if f.place else None,
            )
            event_rows.append(row)
            eid = row["event_id"]
            actor_rows += [
                {"event_id": eid, "actor_id": actor_ids[a.key], "role": a.role, "mention": a.mention}
                for a in f.actors
            ]
            evidence_rows += [{"event_id": eid, "article_id": plan.article_id, **e} for e in f.evidence]
            claim_rows += [{"event_id": eid, **c} for c in f.claims]
    for table, rows in (
        (events, event_rows),
        (event_actors, actor_rows),
        (evidence, evidence_rows),
        (claims, claim_rows),
    ):
        if rows:
            bulk(conn, insert(table), rows)


def record_copies(conn: Connection, plans: list[Plan]) -> None:
    """Remember who else published an exact copy (the store did not keep it), so the incident
    names every outlet; the first record of a copy wins."""
    rows = [p for p in plans if p.status == DUPLICATE and p.duplicate_of and p.duplicate_of != p.article_id]
    if not rows:
        return
    now = utcnow()
    unique = {
        p.article_id[:200]: {
            "copy_id": p.article_id[:200],
            "duplicate_of": p.duplicate_of,
            "source": (p.item.get("source") or None) and str(p.item["source"])[:200],
            "published": parse_date(p.item.get("published")),
            "recorded_at": now,
        }
        for p in rows
    }
    stmt = _upsert_statement(conn, article_copies).on_conflict_do_nothing(index_elements=["copy_id"])
    conn.execute(stmt, list(unique.values()))


def write_batch(conn: Connection, plans: list[Plan], version: str, run_id: int) -> dict[str, int]:
    """Write a planned batch (the plans with a record) and add its counts to the run; returns
    the counts added."""
    writes = [p for p in plans if p.record is not None]
    fix_event_id_collisions(conn, writes)
    place_ids = upsert_places(conn, [f.place for p in writes for f in p.flat if f.place])
    actor_ids = upsert_actors(conn, [a for p in writes for f in p.flat for a in f.actors])
    write_articles(conn, writes, version, run_id, place_ids, actor_ids)
    record_copies(conn, plans)
    delta = dict.fromkeys(
        ("items_seen", *STATUS_COUNTER.values(), "item_errors", "events_written"),
        0,
    )
    for plan in plans:
        delta["items_seen"] += 1
        delta[STATUS_COUNTER[plan.status]] += 1
        delta["item_errors"] += 1 if plan.errors else 0
        delta["events_written"] += len(plan.flat)
    conn.execute(
        update(runs)
        .where(runs.c.run_id == run_id)
        .values({getattr(runs.c, k): getattr(runs.c, k) + v for k, v in delta.items()})
    )
    return delta
