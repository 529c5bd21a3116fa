"""Quarantine: articles a step after storage (de-duplication, fusion, notes) failed on.

A stored article whose fusion raises must not block the others, nor every later pass (issue
16: one date out of range made every ingest fail). The step's caller finds the article,
records it here with the error, and the step leaves it out from then on. The entry holds
the article's text hash and engine version: once the article is re-extracted or its text
changes, the entry no longer holds (`release_changed` deletes it) and the step tries again.

The error is also appended to the article's `errors`, so `GET /api/articles/ID` and the
JSONL export show it; `marsad db stats` lists the entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    String,
    Table,
    Text,
    and_,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)

from marsad.store.metadata import optional, owned_by, required
from marsad.store.tables import Timestamp, articles, metadata
from marsad.util import utcnow

FUSION, NOTES = "fusion", "notes"
MAX_ERROR_CHARS = 2000

quarantine = Table(
    "quarantine",
    metadata,
    owned_by("article_id", articles.c.article_id, primary_key=True),
    Column("step", String(16), primary_key=True),  # fusion | notes
    *required("content_hash"),
    *optional("engine_version"),
    Column("error", Text, nullable=False),
    *required("attempts"),
    Column("first_at", Timestamp, nullable=False),
    Column("last_at", Timestamp, nullable=False),
)


def _current(step: str | None) -> Any:
    """Entries that still hold: the article's text and engine version are those that failed."""
    q = quarantine.c
    conditions = [
        articles.c.article_id == q.article_id,
        articles.c.content_hash == q.content_hash,
        or_(
            articles.c.engine_version == q.engine_version,
            and_(articles.c.engine_version.is_(None), q.engine_version.is_(None)),
        ),
    ]
    if step is not None:
        conditions.append(q.step == step)
    return and_(*conditions)


def held_articles(conn: Connection, step: str | None = None) -> set[str]:
    """Ids of the articles `step` (any step when None) must leave out."""
    rows = conn.execute(
        select(quarantine.c.article_id).select_from(quarantine.join(articles, _current(step))).distinct()
    )
    return {r[0] for r in rows}


def release_changed(conn: Connection) -> int:
    """Delete entries of articles re-extracted or changed since they failed; how many went."""
    still = exists(select(articles.c.article_id).where(_current(None)))
    return int(conn.execute(delete(quarantine).where(~still)).rowcount or 0)


def record_failures(
    conn: Connection, failures: Mapping[str, str], step: str, *, now: datetime | None = None
) -> int:
    """Quarantine each article of `failures` (article id → error) for `step`, and append the
    error to its `errors`. Returns how many articles were recorded (ids not stored are ignored)."""
    now = now or utcnow()
    ids = sorted(failures)
    if not ids:
        return 0
    rows = {
        r.article_id: r
        for r in conn.execute(
            select(
                articles.c.article_id, articles.c.content_hash, articles.c.engine_version, articles.c.errors
            ).where(articles.c.article_id.in_(ids))
        )
    }
    q = quarantine.c
    earlier = {
        r.article_id: r
        for r in conn.execute(
            select(q.article_id, q.attempts, q.first_at).where(q.article_id.in_(ids), q.step == step)
        )
    }
    for article_id, row in rows.items():
        error = failures[article_id][:MAX_ERROR_CHARS]
        before = earlier.get(article_id)
        conn.execute(delete(quarantine).where(q.article_id == article_id, q.step == step))
        conn.execute(
            insert(quarantine).values(
                article_id=article_id,
                step=step,
                content_hash=row.content_hash,
                engine_version=row.engine_version,
                error=error,
                attempts=(before.attempts if before else 0) + 1,
                first_at=before.first_at if before else now,
                last_at=now,
            )
        )
        entry = f"{step} failed, article left out of {step} until it changes: {error}"
        errors = [str(e) for e in row.errors or []]
        if entry not in errors:
            conn.execute(
                update(articles).where(articles.c.article_id == article_id).values(errors=[*errors, entry])
            )
    return len(rows)


def list_quarantine(conn: Connection, limit: int = 50) -> list[dict[str, Any]]:
    """The entries that still hold, latest first."""
    q = quarantine.c
    stmt = (
        select(q.article_id, q.step, q.error, q.attempts, q.first_at, q.last_at)
        .select_from(quarantine.join(articles, _current(None)))
        .order_by(q.last_at.desc(), q.article_id)
        .limit(limit)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def count_quarantine(conn: Connection) -> int:
    stmt = select(func.count()).select_from(quarantine.join(articles, _current(None)))
    return int(conn.execute(stmt).scalar_one())
