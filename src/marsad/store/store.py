"""The event store: idempotent ingest of articles and their extracted events, and reads.

Ingest rules (issue 7):
- an article is keyed by its id; its text's SHA-256 (`content_hash`) tells whether it changed;
- the same article again (same id, same text, same engine version) is left alone;
- the same text under another id is a duplicate and is not stored twice;
- a new engine version (or changed text) re-extracts the article and replaces its events,
  keeping the article row;
- work is written in batches, one transaction each, so a crash loses only the batch in
  flight and a rerun skips everything already committed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, String, Table, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from marsad import ENGINE_VERSION
from marsad.store.database import DEFAULT_URL, make_engine, upgrade_schema
from marsad.store.flatten import FlatEvent, flatten_event, parse_date
from marsad.store.query import EventFilter, ordered
from marsad.store.tables import (
    ALL_TABLES,
    actors,
    articles,
    claims,
    event_actors,
    events,
    evidence,
    places,
    runs,
)

ExtractFn = Callable[[dict[str, Any]], dict[str, Any]]
if TYPE_CHECKING:
    from marsad.store.dedup import Signature

ITEM_KEYS = ("id", "text", "source", "published", "title")
# Worker signatures kept for the next de-duplication pass at most (a bound on memory).
MAX_PRESIGNED = 10_000
# What the engine is given: the item plus what the reader learnt (language, read errors).
EXTRACT_KEYS = (*ITEM_KEYS, "language", "errors")

# Statuses of one ingested item.
ADDED, UPDATED, REEXTRACTED, UNCHANGED, DUPLICATE = (
    "added",
    "updated",
    "reextracted",
    "unchanged",
    "duplicate",
)


def utcnow() -> datetime:
    return datetime.now(UTC)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _fallback_article_id(item: Mapping[str, Any]) -> str:
    if item.get("id") not in (None, ""):
        return str(item["id"])
    from marsad.extract.pipeline import article_id_for

    return article_id_for(dict(item))


def as_item(item: Any) -> dict[str, Any]:
    """A plain dict from a mapping or an `InputItem`-like object (id, text, source, …)."""
    if isinstance(item, Mapping):
        out = dict(item)
    else:
        names = (*ITEM_KEYS, "errors", "language", "origin")
        out = {k: getattr(item, k) for k in names if hasattr(item, k)}
    text = out.get("text")
    if text is None:
        out["text"] = ""
    elif not isinstance(text, str):
        out["text"] = str(text)
    return out


@dataclass(slots=True)
class ItemOutcome:
    article_id: str
    status: str
    events: int = 0
    errors: list[str] = field(default_factory=list)
    duplicate_of: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "article_id": self.article_id,
            "status": self.status,
            "events": self.events,
            "errors": self.errors,
        }
        if self.duplicate_of:
            out["duplicate_of"] = self.duplicate_of
        return out


@dataclass(slots=True)
class IngestReport:
    run_id: int
    engine_version: str
    counts: dict[str, int] = field(
        default_factory=lambda: {
            "items_seen": 0,
            "articles_added": 0,
            "articles_updated": 0,
            "articles_reextracted": 0,
            "articles_unchanged": 0,
            "duplicates": 0,
            "item_errors": 0,
            "events_written": 0,
        }
    )
    outcomes: list[ItemOutcome] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "engine_version": self.engine_version,
            **self.counts,
            "articles": [o.as_dict() for o in self.outcomes],
        }


_STATUS_COUNTER = {
    ADDED: "articles_added",
    UPDATED: "articles_updated",
    REEXTRACTED: "articles_reextracted",
    UNCHANGED: "articles_unchanged",
    DUPLICATE: "duplicates",
}


@dataclass(slots=True)
class _Plan:
    item: dict[str, Any]
    article_id: str
    content_hash: str
    status: str
    duplicate_of: str | None = None
    record: dict[str, Any] | None = None
    flat: list[FlatEvent] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


_STRING_LIMITS: dict[str, list[tuple[str, int]]] = {
    t.name: [(c.name, c.type.length) for c in t.c if isinstance(c.type, String) and c.type.length]
    for t in ALL_TABLES
}


def _clip(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """Cut strings to their column's length (PostgreSQL rejects longer ones)."""
    for name, length in _STRING_LIMITS[table.name]:
        value = row.get(name)
        if isinstance(value, str) and len(value) > length:
            row[name] = value[:length]
    return row


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class Store:
    """One database (SQLite file or PostgreSQL), migrated to the shipped schema on open."""

    def __init__(self, url: str = DEFAULT_URL, *, upgrade: bool = True) -> None:
        self.engine: Engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        # Near-duplicate signatures made by bulk workers, by content hash; the next
        # de-duplication pass takes what it needs (store/dedup.py).
        self.presigned: dict[str, Signature] = {}
        if upgrade:
            upgrade_schema(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- ingest

    def ingest(
        self,
        items: Iterable[Any],
        *,
        extract: ExtractFn | None = None,
        engine_version: str | None = None,
        batch_size: int = 50,
        origin: str | None = None,
        on_item: Callable[[ItemOutcome], None] | None = None,
        keep_outcomes: bool = True,
    ) -> IngestReport:
        """Extract and store input items; see the module docstring for the rules."""
        # The same run as for records extracted elsewhere, with every record made here.
        return self.ingest_extracted(
            ((item, None) for item in items),
            extract=extract,
            engine_version=engine_version,
            batch_size=batch_size,
            origin=origin,
            on_item=on_item,
            keep_outcomes=keep_outcomes,
        )

    def needs_extraction(self, items: list[Any], *, engine_version: str | None = None) -> list[bool]:
        """For each item, whether an ingest would extract it now (not unchanged, not a duplicate).

        Lets extraction run ahead of the writes, in other processes (issue 8):
        `ingest_extracted` plans again when it writes, so a stale answer costs time, never
        correctness."""
        plans = self._plan_batch(list(items), engine_version or ENGINE_VERSION)
        return [p.status in (ADDED, UPDATED, REEXTRACTED) for p in plans]

    def ingest_extracted(
        self,
        pairs: Iterable[tuple[Any, dict[str, Any] | None]],
        *,
        extract: ExtractFn | None = None,
        engine_version: str | None = None,
        batch_size: int = 50,
        origin: str | None = None,
        on_item: Callable[[ItemOutcome], None] | None = None,
        keep_outcomes: bool = True,
    ) -> IngestReport:
        """`ingest` of records extracted elsewhere (worker processes, a cluster): (item, its
        record or None) pairs in input order. The same rules apply batch by batch, so the
        result is the one `ingest` gives; an item that needs extraction but comes without a
        record is extracted here with `extract`. Records must come from `engine_version`."""
        if extract is None:
            from marsad.extract.pipeline import extract_record as extract
        fallback = extract
        version = engine_version or ENGINE_VERSION
        report = IngestReport(run_id=self._start_run(version, origin), engine_version=version)
        ready: dict[str, dict[str, Any]] = {}

        def take(given: dict[str, Any]) -> dict[str, Any]:
            record = ready.pop(_fallback_article_id(given)[:200], None)
            return record if record is not None else fallback(given)

        status = "failed"
        try:
            for chunk in _chunks(pairs, max(1, batch_size)):
                ready.clear()
                for raw, record in chunk:
                    if record is not None:
                        ready.setdefault(_fallback_article_id(as_item(raw))[:200], record)
                for outcome in self._ingest_batch([raw for raw, _ in chunk], take, version, report):
                    if keep_outcomes:
                        report.outcomes.append(outcome)
                    if on_item is not None:
                        on_item(outcome)
            status = "completed"
        finally:
            with self.engine.begin() as conn:
                conn.execute(
                    update(runs)
                    .where(runs.c.run_id == report.run_id)
                    .values(status=status, ended_at=utcnow())
                )
        return report

    def _start_run(self, version: str, origin: str | None) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(runs)
                .values(
                    engine_version=version,
                    origin=(origin or "")[:200] or None,
                    status="running",
                    started_at=utcnow(),
                    items_seen=0,
                    articles_added=0,
                    articles_updated=0,
                    articles_reextracted=0,
                    articles_unchanged=0,
                    duplicates=0,
                    item_errors=0,
                    events_written=0,
                )
                .returning(runs.c.run_id)
            )
            return int(result.scalar_one())

    def _plan_batch(self, batch: list[Any], version: str) -> list[_Plan]:
        plans: list[_Plan] = []
        for raw in batch:
            item = as_item(raw)
            plans.append(
                _Plan(
                    item=item,
                    article_id=_fallback_article_id(item)[:200],
                    content_hash=content_hash(item["text"]),
                    status=ADDED,
                )
            )
        ids = sorted({p.article_id for p in plans})
        hashes = sorted({p.content_hash for p in plans if p.item["text"].strip()})
        with self.engine.connect() as conn:
            by_id = {
                r.article_id: r
                for r in conn.execute(
                    select(articles.c.article_id, articles.c.content_hash, articles.c.engine_version).where(
                        articles.c.article_id.in_(ids)
                    )
                )
            }
            by_hash: dict[str, str] = {}
            if hashes:
                for r in conn.execute(
                    select(articles.c.content_hash, func.min(articles.c.article_id))
                    .where(articles.c.content_hash.in_(hashes))
                    .group_by(articles.c.content_hash)
                ):
                    by_hash[r[0]] = r[1]
        seen_ids: set[str] = set()
        for plan in plans:
            text_present = bool(plan.item["text"].strip())
            known = by_id.get(plan.article_id)
            if plan.article_id in seen_ids:
                plan.status, plan.duplicate_of = DUPLICATE, plan.article_id  # same id twice in one batch
            elif known is not None:
                if known.content_hash != plan.content_hash:
                    plan.status = UPDATED
                elif known.engine_version != version:
                    plan.status = REEXTRACTED
                else:
                    plan.status = UNCHANGED
            elif text_present and plan.content_hash in by_hash:
                plan.status, plan.duplicate_of = DUPLICATE, by_hash[plan.content_hash]
            if plan.status in (ADDED, UPDATED) and text_present:
                by_hash.setdefault(plan.content_hash, plan.article_id)
            seen_ids.add(plan.article_id)
        return plans

    def _extract(self, plan: _Plan, extract: ExtractFn) -> None:
        item = plan.item
        input_errors = [str(e) for e in item.get("errors") or []]
        try:
            record = extract({k: item.get(k) for k in EXTRACT_KEYS if k in item})
        except Exception as exc:  # one bad article must not stop the run
            record = {
                "article_id": plan.article_id,
                "source": item.get("source"),
                "published": None,
                "language": item.get("language"),
                "events": [],
                "errors": [f"extraction failed: {type(exc).__name__}: {exc}"],
            }
        record_errors = [str(e) for e in record.get("errors") or []]
        plan.errors = list(dict.fromkeys(input_errors + record_errors))
        record["errors"] = plan.errors
        plan.record = record
        source = item.get("source") or record.get("source")
        for seq, ev in enumerate(e for e in record.get("events") or [] if isinstance(e, dict)):
            plan.flat.append(
                flatten_event(
                    ev,
                    article_id=plan.article_id,
                    seq=seq,
                    source=str(source) if source else None,
                    title=item.get("title"),
                )
            )

    def _ingest_batch(
        self, batch: list[Any], extract: ExtractFn, version: str, report: IngestReport
    ) -> list[ItemOutcome]:
        plans = self._plan_batch(batch, version)
        for plan in plans:
            if plan.status in (ADDED, UPDATED, REEXTRACTED):
                self._extract(plan, extract)
        delta = dict.fromkeys(report.counts, 0)
        with self.engine.begin() as conn:
            writes = [p for p in plans if p.record is not None]
            self._fix_event_id_collisions(conn, writes)
            place_ids = self._upsert_places(conn, [f.place for p in writes for f in p.flat if f.place])
            actor_ids = self._upsert_actors(conn, [a for p in writes for f in p.flat for a in f.actors])
            self._write_articles(conn, writes, version, report.run_id, place_ids, actor_ids)
            self._record_copies(conn, plans)
            for plan in plans:
                delta["items_seen"] += 1
                delta[_STATUS_COUNTER[plan.status]] += 1
                delta["item_errors"] += 1 if plan.errors else 0
                delta["events_written"] += len(plan.flat)
            conn.execute(
                update(runs)
                .where(runs.c.run_id == report.run_id)
                .values({getattr(runs.c, k): getattr(runs.c, k) + v for k, v in delta.items()})
            )
        for k, v in delta.items():
            report.counts[k] += v
        if self.fuse_after_batch:
            self.fuse()
        return [
            ItemOutcome(
                article_id=p.article_id,
                status=p.status,
                events=len(p.flat),
                errors=p.errors,
                duplicate_of=p.duplicate_of,
            )
            for p in plans
        ]

    # Issue 10: after each batch, near-duplicates are found and new events fused into incidents
    # (in their own transaction: a crash in between leaves them pending for the next pass).
    fuse_after_batch: bool = True

    def fuse(self) -> Any:
        """De-duplicate new articles and fuse new events into incidents (store/fusion.py)."""
        from marsad.store.fusion import fuse

        try:
            return fuse(self)
        finally:
            if len(self.presigned) > MAX_PRESIGNED:  # left over by items that were not stored
                self.presigned.clear()

    def add_signatures(self, signatures: Iterable[Signature | None]) -> None:
        """Signatures of texts about to be ingested, made elsewhere (bulk workers)."""
        self.presigned.update((s.content_hash, s) for s in signatures if s is not None)

    def _record_copies(self, conn: Connection, plans: list[_Plan]) -> None:
        """Remember who else published an exact copy, so the incident names every outlet."""
        from marsad.store.dedup import record_copies

        record_copies(
            conn,
            self.dialect,
            [
                {
                    "copy_id": p.article_id,
                    "duplicate_of": p.duplicate_of,
                    "source": p.item.get("source"),
                    "published": p.item.get("published"),
                }
                for p in plans
                if p.status == DUPLICATE and p.duplicate_of and p.duplicate_of != p.article_id
            ],
        )

    def _fix_event_id_collisions(self, conn: Connection, plans: list[_Plan]) -> None:
        """Event ids are primary keys; one that another article already owns gets a prefix."""
        rewritten = {p.article_id for p in plans}
        wanted = [f.row["event_id"] for p in plans for f in p.flat]
        owners: dict[str, str] = {}
        for chunk in _chunks(wanted, 500):
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

    def _insert_ignore(self, conn: Connection, table: Table, rows: list[dict[str, Any]], key: str) -> None:
        ins = (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)
        self._bulk(conn, ins.on_conflict_do_nothing(index_elements=[key]), rows)

    def _upsert_places(self, conn: Connection, rows: list[dict[str, Any]]) -> dict[str, int]:
        unique = {r["place_key"]: _clip(places, dict(r)) for r in rows}
        if not unique:
            return {}
        self._insert_ignore(conn, places, sorted(unique.values(), key=lambda r: r["place_key"]), "place_key")
        out: dict[str, int] = {}
        for chunk in _chunks(sorted(unique), 500):
            out.update(
                {
                    r.place_key: r.place_id
                    for r in conn.execute(
                        select(places.c.place_key, places.c.place_id).where(places.c.place_key.in_(chunk))
                    )
                }
            )
        return out

    def _upsert_actors(self, conn: Connection, rows: list[Any]) -> dict[str, int]:
        unique = {
            a.key: _clip(actors, {"actor_key": a.key, "name": a.name, "name_ar": a.name_ar, "kind": a.kind})
            for a in rows
        }
        if not unique:
            return {}
        self._insert_ignore(conn, actors, sorted(unique.values(), key=lambda r: r["actor_key"]), "actor_key")
        out: dict[str, int] = {}
        for chunk in _chunks(sorted(unique), 500):
            out.update(
                {
                    r.actor_key: r.actor_id
                    for r in conn.execute(
                        select(actors.c.actor_key, actors.c.actor_id).where(actors.c.actor_key.in_(chunk))
                    )
                }
            )
        return out

    def _write_articles(
        self,
        conn: Connection,
        plans: list[_Plan],
        version: str,
        run_id: int,
        place_ids: dict[str, int],
        actor_ids: dict[str, int],
    ) -> None:
        """All of a batch's rows in a few multi-row statements (one transaction, the caller's)."""
        if not plans:
            return
        now = utcnow()
        article_rows = []
        for plan in plans:
            item, record = plan.item, plan.record or {}
            published = parse_date(record.get("published")) or parse_date(item.get("published"))
            article_rows.append(
                _clip(
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
            )
        ins = (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(articles)
        # An upsert rather than insert-or-update: two writers of one article serialise on its row,
        # and the first ingest time is kept.
        kept = {"article_id", "ingested_at"}
        self._bulk(
            conn,
            ins.on_conflict_do_update(
                index_elements=["article_id"],
                set_={c.name: ins.excluded[c.name] for c in articles.c if c.name not in kept},
            ),
            article_rows,
        )
        ids = [p.article_id for p in plans]
        for chunk in _chunks(ids, 500):
            conn.execute(delete(events).where(events.c.article_id.in_(chunk)))
        event_rows, actor_rows, evidence_rows, claim_rows = [], [], [], []
        for plan in plans:
            for f in plan.flat:
                row = _clip(events, dict(f.row))
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
                self._bulk(conn, insert(table), rows)

    def _bulk(self, conn: Connection, stmt: Any, rows: list[dict[str, Any]]) -> None:
        """Many rows in one call. On PostgreSQL a RETURNING clause lets SQLAlchemy batch the
        rows into multi-row VALUES ("insertmanyvalues"); psycopg's plain executemany sends
        one statement per row."""
        if self.dialect == "postgresql":
            conn.execute(stmt.returning(*stmt.table.primary_key.columns), rows).all()
        else:
            conn.execute(stmt, rows)

    # ---------------------------------------------------------------- reads

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
        return [rows[i] for i in ids if i in rows]

    def iter_events(
        self, flt: EventFilter | None = None, *, limit: int | None = None, chunk_size: int = 1000
    ) -> Iterator[dict[str, Any]]:
        """Stream event rows in display order (server-side cursor on PostgreSQL)."""
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
            return dict(row._mapping) if row else None

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """The article row with its events (in order) and their evidence spans."""
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.article_id == article_id)).first()
            if row is None:
                return None
            article = dict(row._mapping)
            article["events"] = [
                dict(r._mapping)
                for r in conn.execute(
                    select(events).where(events.c.article_id == article_id).order_by(events.c.seq)
                )
            ]
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
            for chunk in _chunks(sorted(set(article_ids)), 500):
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


def open_store(url: str = DEFAULT_URL, *, upgrade: bool = True) -> Store:
    return Store(url, upgrade=upgrade)
