"""The store's reads: counts, pages and streams of events, one event or article, facets, runs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Engine, func, select

from marsad.store.acled_ids import iter_with_acled_ids
from marsad.store.query import EventFilter, ordered
from marsad.store.review_view import iter_reviewed, reviewed
from marsad.store.tables import ALL_TABLES, actors, articles, event_actors, events, evidence, runs
from marsad.util import chunked


class StoreReads:
    """Read methods of `Store` (which provides `engine`)."""

    engine: Engine

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for t in ALL_TABLES
            }

    def count_events(self, flt: EventFilter | None = None) -> int:
        stmt = select(func.count()).select_from(events).where(*(flt or EventFilter()).conditions())
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def list_events(
        self, flt: EventFilter | None = None, *, limit: int = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        """One page of events in display order. The sort runs over ids only, then the page's
        full rows are fetched: sorting whole rows (JSON records included) is far slower."""
        page = ordered(select(events.c.event_id).where(*(flt or EventFilter()).conditions()))
        with self.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(page.limit(limit).offset(offset))]
            if not ids:
                return []
            rows = {
                r.event_id: dict(r._mapping)
                for r in conn.execute(select(events).where(events.c.event_id.in_(ids)))
            }
            return reviewed(conn, [rows[i] for i in ids if i in rows])

    def iter_events(
        self, flt: EventFilter | None = None, *, limit: int | None = None, chunk_size: int = 1000
    ) -> Iterator[dict[str, Any]]:
        """Stream event rows in display order (server-side cursor on PostgreSQL), in their
        current view (analysts' corrections applied) and with their ACLED ids."""
        rows = iter_reviewed(self.engine, self._iter_engine_events(flt, limit=limit, chunk_size=chunk_size))
        return iter(iter_with_acled_ids(self.engine, rows))

    def _iter_engine_events(
        self, flt: EventFilter | None, *, limit: int | None, chunk_size: int
    ) -> Iterator[dict[str, Any]]:
        stmt = ordered(select(events).where(*(flt or EventFilter()).conditions()))
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=chunk_size).execute(stmt)
            for row in result:
                yield dict(row._mapping)

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(events).where(events.c.event_id == event_id)).first()
            return reviewed(conn, [dict(row._mapping)])[0] if row else None

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """The article row with its events (in order) and their evidence spans."""
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.article_id == article_id)).first()
            if row is None:
                return None
            article = dict(row._mapping)
            article["events"] = reviewed(
                conn,
                [
                    dict(r._mapping)
                    for r in conn.execute(
                        select(events).where(events.c.article_id == article_id).order_by(events.c.seq)
                    )
                ],
            )
            article["evidence"] = [
                dict(r._mapping)
                for r in conn.execute(
                    select(
                        evidence.c.event_id,
                        evidence.c.seq,
                        evidence.c.span_start,
                        evidence.c.span_end,
                        evidence.c.text,
                    )
                    .where(evidence.c.article_id == article_id)
                    .order_by(evidence.c.span_start, evidence.c.event_id)
                )
            ]
            return article

    def articles_for(self, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Article metadata (no text) by id, for exports that need title/published."""
        out: dict[str, dict[str, Any]] = {}
        cols = [
            articles.c.article_id,
            articles.c.source,
            articles.c.published,
            articles.c.title,
            articles.c.language,
            articles.c.errors,
            articles.c.ingested_at,
        ]
        with self.engine.connect() as conn:
            for chunk in chunked(sorted(set(article_ids)), 500):
                for r in conn.execute(select(*cols).where(articles.c.article_id.in_(chunk))):
                    out[r.article_id] = dict(r._mapping)
        return out

    def facets(self, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
        """Values with counts for the dashboard's filters."""
        out: dict[str, list[dict[str, Any]]] = {}
        with self.engine.connect() as conn:
            for name, col in (
                ("event_type", events.c.event_type),
                ("country", events.c.country),
                ("admin1", events.c.admin1),
                ("source", events.c.source),
            ):
                rows = conn.execute(
                    select(col, func.count())
                    .where(col.is_not(None))
                    .group_by(col)
                    .order_by(func.count().desc(), col)
                    .limit(limit)
                )
                out[name] = [{"value": v, "count": int(n)} for v, n in rows]
            rows = conn.execute(
                select(actors.c.name, actors.c.name_ar, func.count(event_actors.c.event_id.distinct()))
                .join(event_actors, event_actors.c.actor_id == actors.c.actor_id)
                .group_by(actors.c.name, actors.c.name_ar)
                .order_by(func.count(event_actors.c.event_id.distinct()).desc(), actors.c.name)
                .limit(limit)
            )
            out["actor"] = [{"value": n, "name_ar": ar, "count": int(c)} for n, ar, c in rows]
            span = conn.execute(select(func.min(events.c.event_date), func.max(events.c.event_date))).first()
            out["date_range"] = [
                {
                    "min": span[0].isoformat() if span and span[0] else None,
                    "max": span[1].isoformat() if span and span[1] else None,
                }
            ]
        return out

    def recent_runs(self, limit: int = 20) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [
                dict(r._mapping)
                for r in conn.execute(select(runs).order_by(runs.c.run_id.desc()).limit(limit))
            ]
