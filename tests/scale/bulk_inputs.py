"""Inputs and database snapshots shared by the bulk tests.

Inputs mix the first articles of ../shared/corpus/bulk.jsonl.gz (read at test time, written
to a temporary file only) with items of our own that exercise the store's rules across
batches: an id seen twice with different texts, a text seen under a second id, a broken
line and an empty text.
"""

from __future__ import annotations

import gzip
import json
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import select

from marsad.store import Store
from marsad.store.tables import (
    ALL_TABLES,
    actors,
    article_bands,
    article_duplicates,
    article_signatures,
    articles,
    claims,
    event_actors,
    events,
    evidence,
    places,
)
from tests.integration.shared import shared_path

# Our own short reports (not corpus text).
OWN_A = "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب الجنوبي يوم السبت، ما أدى إلى مقتل خمسة مدنيين."
OWN_B = "اندلعت اشتباكات عنيفة بين القوات الحكومية ومسلحين في مدينة درعا، وقتل ثلاثة من عناصر الجيش."
# Columns that say when or in which run a row was written: they differ between any two runs.
VOLATILE = {"run_id", "created_at", "ingested_at", "updated_at", "computed_at", "recorded_at"}


def bulk_lines(n: int) -> list[str]:
    with gzip.open(shared_path("corpus", "bulk.jsonl.gz"), "rt", encoding="utf-8") as fh:
        return [line.rstrip("\n") for line in islice(fh, n)]


def write_mixed_input(path: Path, n_bulk: int) -> int:
    """A .jsonl of `n_bulk` corpus articles with our own items spread through it; the number of items."""
    lines = bulk_lines(n_bulk)
    copied = json.loads(lines[10])
    extra = {
        min(37, n_bulk): [
            json.dumps(
                {"id": "own-1", "text": OWN_A, "source": "OwnWire", "published": "2018-04-01"},
                ensure_ascii=False,
            )
        ],
        min(120, n_bulk): [
            json.dumps(
                {"id": "own-1", "text": OWN_B, "source": "OwnWire", "published": "2018-04-02"},
                ensure_ascii=False,
            )
        ],
        min(150, n_bulk): [json.dumps({**copied, "id": "copy-of-10"}, ensure_ascii=False)],
        min(200, n_bulk): ["{not json", json.dumps({"id": "own-empty", "text": "   "})],
    }
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        out.extend(extra.get(i + 1, []))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return len(out)


def snapshot(url: str) -> dict[str, Any]:
    """Everything the store holds about articles and events, without run ids, times and
    surrogate keys (places and actors by their natural keys)."""
    with Store(url, upgrade=False) as store, store.engine.connect() as conn:
        place_key = dict(conn.execute(select(places.c.place_id, places.c.place_key)).all())
        actor_key = dict(conn.execute(select(actors.c.actor_id, actors.c.actor_key)).all())

        def rows(
            table: Any, order: list[Any], rename: dict[str, dict[Any, Any]] | None = None
        ) -> list[tuple]:
            out = []
            for r in conn.execute(select(table).order_by(*order)):
                row = {
                    k: v
                    for k, v in r._mapping.items()
                    if k not in VOLATILE and k not in ("place_id", "actor_id")
                }
                for col, mapping in (rename or {}).items():
                    row[col + "_key"] = mapping.get(r._mapping[col])
                out.append(
                    tuple(sorted((k, json.dumps(v, sort_keys=True, default=str)) for k, v in row.items()))
                )
            return sorted(out)

        snap = {
            "articles": rows(articles, [articles.c.article_id]),
            "events": rows(events, [events.c.event_id], {"place_id": place_key}),
            "event_actors": rows(
                event_actors,
                [event_actors.c.event_id, event_actors.c.role, event_actors.c.actor_id],
                {"actor_id": actor_key},
            ),
            "evidence": rows(evidence, [evidence.c.event_id, evidence.c.seq]),
            "claims": rows(claims, [claims.c.event_id, claims.c.seq]),
            # Near-duplicate detection: workers sign the texts in a parallel ingest.
            "article_signatures": rows(article_signatures, [article_signatures.c.article_id]),
            "article_bands": rows(article_bands, [article_bands.c.band, article_bands.c.article_id]),
            "article_duplicates": rows(article_duplicates, [article_duplicates.c.article_id]),
            "places": sorted(place_key.values()),
            "actors": sorted(actor_key.values()),
        }
        snap["row_counts"] = {k: v for k, v in store.counts().items() if k != "runs"}
        assert {t.name for t in ALL_TABLES} >= {"articles", "events", "places", "actors"}
    return snap
