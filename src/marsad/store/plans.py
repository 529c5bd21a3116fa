"""What one ingest batch will do to the store: per item, its status (added, updated,
re-extracted, unchanged, duplicate), its record once extracted, and the outcome reported back.

Planning reads the database only; extraction is the caller's (the ingest service), and
store/writes.py writes the batch in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from marsad.store.flatten import FlatEvent, flatten_event
from marsad.store.tables import articles
from marsad.util import content_hash

ITEM_KEYS = ("id", "text", "source", "published", "title")
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
NEEDS_EXTRACTION = (ADDED, UPDATED, REEXTRACTED)
STATUS_COUNTER = {
    ADDED: "articles_added",
    UPDATED: "articles_updated",
    REEXTRACTED: "articles_reextracted",
    UNCHANGED: "articles_unchanged",
    DUPLICATE: "duplicates",
}


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


def stored_id(item: Mapping[str, Any]) -> str:
    """The article id the store keys an item by (ids are cut to the column's 200 characters)."""
    article_id = item.get("id")
    if article_id in (None, ""):
        raise ValueError("an item needs an id before the store plans it (the ingest service gives one)")
    return str(article_id)[:200]


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


def _zero_counts() -> dict[str, int]:
    return {
        "items_seen": 0,
        "articles_added": 0,
        "articles_updated": 0,
        "articles_reextracted": 0,
        "articles_unchanged": 0,
        "duplicates": 0,
        "item_errors": 0,
        "events_written": 0,
    }


@dataclass(slots=True)
class IngestReport:
    run_id: int
    engine_version: str
    counts: dict[str, int] = field(default_factory=_zero_counts)
    outcomes: list[ItemOutcome] = field(default_factory=list)
    # Failures of the steps after storage (fusion), which never stop the run.
    step_errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "engine_version": self.engine_version,
            **self.counts,
            "articles": [o.as_dict() for o in self.outcomes],
            "step_errors": self.step_errors,
        }


@dataclass(slots=True)
class Plan:
    item: dict[str, Any]
    article_id: str
    content_hash: str
    status: str
    duplicate_of: str | None = None
    record: dict[str, Any] | None = None
    flat: list[FlatEvent] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def needs_extraction(self) -> bool:
        return self.status in NEEDS_EXTRACTION

    def engine_input(self) -> dict[str, Any]:
        """The item as the engine takes it (EXTRACT_KEYS only)."""
        return {k: self.item.get(k) for k in EXTRACT_KEYS if k in self.item}

    def outcome(self) -> ItemOutcome:
        return ItemOutcome(
            article_id=self.article_id,
            status=self.status,
            events=len(self.flat),
            errors=self.errors,
            duplicate_of=self.duplicate_of,
        )


def attach_record(plan: Plan, record: dict[str, Any]) -> None:
    """The plan's extracted record: the reader's and the engine's errors merged, events flattened
    into rows."""
    item = plan.item
    input_errors = [str(e) for e in item.get("errors") or []]
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


def _known(conn: Connection, plans: list[Plan]) -> tuple[dict[str, Any], dict[str, str]]:
    """(stored rows by article id, the first article id of each stored text hash)."""
    ids = sorted({p.article_id for p in plans})
    hashes = sorted({p.content_hash for p in plans if p.item["text"].strip()})
    a = articles.c
    by_id = {
        r.article_id: r
        for r in conn.execute(
            select(a.article_id, a.content_hash, a.engine_version).where(a.article_id.in_(ids))
        )
    }
    by_hash: dict[str, str] = {}
    if hashes:
        for r in conn.execute(
            select(a.content_hash, func.min(a.article_id))
            .where(a.content_hash.in_(hashes))
            .group_by(a.content_hash)
        ):
            by_hash[r[0]] = r[1]
    return by_id, by_hash


def plan_batch(conn: Connection, items: list[dict[str, Any]], version: str) -> list[Plan]:
    """Each item's plan, given what is stored and what came earlier in the batch."""
    plans = [
        Plan(item=item, article_id=stored_id(item), content_hash=content_hash(item["text"]), status=ADDED)
        for item in items
    ]
    by_id, by_hash = _known(conn, plans)
    seen_ids: set[str] = set()
    for plan in plans:
        text_present = bool(plan.item["text"].strip())
        known = by_id.get(plan.article_id)
        if plan.article_id in seen_ids:
            # Same id twice in one batch: the ingest service cuts its batches before an id
            # repeats (service.ingest.id_batches), so only a look-ahead (needs_extraction) meets it.
            plan.status, plan.duplicate_of = DUPLICATE, plan.article_id
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
