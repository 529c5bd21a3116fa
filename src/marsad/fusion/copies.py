"""Reads of what de-duplication recorded: exact copies, supersessions, near-duplicate clusters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from marsad.store.tables import article_copies, article_duplicates, articles, supersessions
from marsad.util import chunked


def superseded_articles(
    conn: Connection, article_ids: Iterable[str] | None = None
) -> dict[str, tuple[str, str]]:
    """{superseded article: (superseded_by, reason)} where the standing copy has events of its own
    (a newer copy in which the engine found nothing does not wipe out the older copy's events)."""
    winner = articles.alias("winner")
    stmt = (
        select(supersessions.c.article_id, supersessions.c.superseded_by, supersessions.c.reason)
        .join(winner, winner.c.article_id == supersessions.c.superseded_by)
        .where(winner.c.event_count > 0)
    )
    if article_ids is None:
        return {r.article_id: (r.superseded_by, r.reason) for r in conn.execute(stmt)}
    out: dict[str, tuple[str, str]] = {}
    for chunk in chunked(sorted(set(article_ids)), 500):
        out.update(
            {
                r.article_id: (r.superseded_by, r.reason)
                for r in conn.execute(stmt.where(supersessions.c.article_id.in_(chunk)))
            }
        )
    return out


def copies_of(conn: Connection, article_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Exact copies recorded for each article: [{copy_id, source, published}]."""
    out: dict[str, list[dict[str, Any]]] = {}
    for chunk in chunked(sorted(set(article_ids)), 500):
        for r in conn.execute(
            select(article_copies)
            .where(article_copies.c.duplicate_of.in_(chunk))
            .order_by(article_copies.c.copy_id)
        ):
            out.setdefault(r.duplicate_of, []).append(
                {"copy_id": r.copy_id, "source": r.source, "published": r.published}
            )
    return out


def near_duplicate_clusters(conn: Connection) -> list[list[str]]:
    """Connected components of the near-duplicate pairs, largest first."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in conn.execute(select(article_duplicates.c.article_id, article_duplicates.c.duplicate_of)):
        ra, rb = find(r.article_id), find(r.duplicate_of)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    clusters: dict[str, list[str]] = {}
    for x in parent:
        clusters.setdefault(find(x), []).append(x)
    return sorted((sorted(c) for c in clusters.values()), key=lambda c: (-len(c), c[0]))
