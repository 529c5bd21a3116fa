"""Formats of stored events: ACLED CSV, article-record JSONL, GeoJSON and Parquet (the entry
point, `export_events`, is in fusion/exports.py: exports are of incidents).

All four stream from the database, so an export's memory does not grow with its size
(Parquet is written in row groups).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from marsad.store.acled_defaults import default_actor1
from marsad.store.notes import event_notes
from marsad.store.query import EventFilter
from marsad.store.reference import source_scale
from marsad.store.review_view import record_review, reviewed
from marsad.store.store import Store
from marsad.store.tables import articles, events
from marsad.util import chunked

# ACLED's column set, in ACLED's order (issue 7).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
FORMATS: tuple[str, ...] = ("acled-csv", "jsonl", "geojson", "parquet")


def _source(row: dict[str, Any]) -> str:
    names = [row.get("source"), row.get("attribution_source")]
    seen: list[str] = []
    for name in names:
        if name and name.strip() and name.strip().casefold() not in {s.casefold() for s in seen}:
            seen.append(name.strip())
    return "; ".join(seen)


def _tags(row: dict[str, Any]) -> str:
    tags = []
    if isinstance(row.get("injuries"), int):
        tags.append(f"injured={row['injuries']}")
    if isinstance(row.get("casualties"), int):
        tags.append(f"casualties={row['casualties']}")
    if row.get("hedged"):
        tags.append("unconfirmed")
    return "; ".join(tags)


def _timestamp(value: Any) -> int | None:
    if not isinstance(value, datetime):
        return None
    # SQLite hands timestamps back without their zone; they were written in UTC.
    return int((value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp())


def _round(value: float | None) -> float | None:
    return round(value, 4) if isinstance(value, float) else None


def acled_row(row: dict[str, Any]) -> dict[str, Any]:
    """One stored event as an ACLED row (values typed; None where ACLED leaves a blank)."""
    event_date = row.get("event_date")
    return default_actor1(
        {
            # ISO3 + the country's sequence (store/acled_ids.py) when the row came through it.
            "event_id_cnty": row.get("event_id_cnty") or row["event_id"],
            "event_date": event_date.isoformat() if isinstance(event_date, date) else None,
            "year": row.get("year"),
            "time_precision": row.get("time_precision"),
            "disorder_type": row.get("disorder_type"),
            "event_type": row.get("event_type"),
            "sub_event_type": row.get("sub_event_type"),
            "actor1": row.get("actor1"),
            "assoc_actor_1": row.get("assoc_actor_1"),
            "inter1": row.get("inter1") or 0,
            "actor2": row.get("actor2"),
            "assoc_actor_2": row.get("assoc_actor_2"),
            "inter2": row.get("inter2") or 0,
            "interaction": row.get("interaction") or 0,
            "civilian_targeting": row.get("civilian_targeting"),
            "iso": row.get("iso"),
            "region": row.get("region"),
            "country": row.get("country"),
            "admin1": row.get("admin1"),
            "admin2": row.get("admin2"),
            "admin3": None,
            "location": row.get("location"),
            "latitude": _round(row.get("latitude")),
            "longitude": _round(row.get("longitude")),
            "geo_precision": row.get("geo_precision"),
            # An incident row (fusion.incident_row) carries every outlet's name and their combined scale.
            "source": row.get("incident_sources") or _source(row),
            "source_scale": row["incident_source_scale"]
            if "incident_source_scale" in row
            else source_scale(row.get("source")),
            "notes": " ".join(p for p in (event_notes(row), row.get("incident_note")) if p),
            "fatalities": row.get("fatalities") or 0,
            "tags": _tags(row),
            "timestamp": _timestamp(row.get("created_at")),
        }
    )


def review_columns(row: dict[str, Any]) -> dict[str, Any]:
    """Columns of their own (not ACLED's) for GeoJSON and Parquet: the engine's confidence and
    the analyst's review."""
    at = row.get("reviewed_at")
    return {
        "confidence": row.get("confidence"),
        "review_status": row.get("review_status") or "unreviewed",
        "reviewer": row.get("reviewer"),
        "reviewed_at": at.isoformat() if isinstance(at, datetime) else at,
    }


# ------------------------------------------------------------------ CSV


def iter_acled_csv(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV text in chunks: the header, then about 200 rows at a time."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    # The csv module quotes only the characters of its line terminator: with "\n", a field
    # holding a bare "\r" went out unquoted and readers split the row there. A row with one
    # is written with "\r\n" (so "\r" is quoted too), and its terminator made "\n" again.
    row_buf = io.StringIO()
    cr_writer = csv.DictWriter(row_buf, fieldnames=ACLED_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for n, row in enumerate(rows, 1):
        values = {k: "" if v is None else v for k, v in acled_row(row).items()}
        if any(isinstance(v, str) and "\r" in v for v in values.values()):
            cr_writer.writerow(values)
            buf.write(row_buf.getvalue()[:-2] + "\n")
            row_buf.seek(0)
            row_buf.truncate()
        else:
            writer.writerow(values)
        if n % 200 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


# ------------------------------------------------------------------ GeoJSON


def geojson_feature(row: dict[str, Any]) -> dict[str, Any] | None:
    lat, lon = row.get("latitude"), row.get("longitude")
    if lat is None or lon is None:
        return None
    props = acled_row(row)
    props.update(
        article_id=row["article_id"],
        actor1_ar=row.get("actor1_ar"),
        actor2_ar=row.get("actor2_ar"),
        location_ar=row.get("location_ar"),
        **review_columns(row),
    )
    if "incident_reports" in row:
        props.update(reports=row["incident_reports"], outlets=row["incident_outlets"])
    return {
        "type": "Feature",
        "id": row["event_id"],
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": props,
    }


def iter_geojson(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A FeatureCollection (RFC 7946) in chunks; events without coordinates are left out."""
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for row in rows:
        feature = geojson_feature(row)
        if feature is None:
            continue
        yield ("" if first else ",\n") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}\n"


# ------------------------------------------------------------------ JSONL (article records)


def _article_record(meta: dict[str, Any], event_rows: list[dict[str, Any]]) -> dict[str, Any]:
    published = meta.get("published")
    record: dict[str, Any] = {
        "article_id": meta["article_id"],
        "source": meta.get("source"),
        "published": published.isoformat() if isinstance(published, date) else None,
        "language": meta.get("language"),
        "title": meta.get("title"),
        "events": [],
        "errors": list(meta.get("errors") or []),
    }
    for row in event_rows:
        event = dict(row["record"])
        event["event_id"] = row["event_id"]  # the stored id (unique across articles)
        event["review"] = record_review(row)
        record["events"].append(event)
    return record


def iter_article_records(store: Store, flt: EventFilter | None = None) -> Iterator[dict[str, Any]]:
    """Article records (event-schema.md) holding the matching events.

    With no filter every article is written, with or without events, so the export
    round-trips the store; with a filter only articles with a matching event are.
    """
    flt = flt or EventFilter()
    meta_cols = [
        articles.c.article_id,
        articles.c.source,
        articles.c.published,
        articles.c.language,
        articles.c.title,
        articles.c.errors,
    ]
    with store.engine.connect() as conn:
        if flt.is_empty():
            ids = [r[0] for r in conn.execute(select(articles.c.article_id).order_by(articles.c.article_id))]
        else:
            ids = [
                r[0]
                for r in conn.execute(
                    select(events.c.article_id)
                    .where(*flt.conditions())
                    .distinct()
                    .order_by(events.c.article_id)
                )
            ]
        for chunk in chunked(ids, 200):
            metas = {
                r.article_id: dict(r._mapping)
                for r in conn.execute(select(*meta_cols).where(articles.c.article_id.in_(chunk)))
            }
            by_article: dict[str, list[dict[str, Any]]] = {a: [] for a in chunk}
            stmt = (
                select(events.c.article_id, events.c.event_id, events.c.record)
                .where(events.c.article_id.in_(chunk), *flt.conditions())
                .order_by(events.c.article_id, events.c.seq)
            )
            for r in reviewed(conn, [dict(r._mapping) for r in conn.execute(stmt)]):
                by_article[r["article_id"]].append(r)
            for article_id in chunk:
                yield _article_record(metas[article_id], by_article[article_id])


# ------------------------------------------------------------------ Parquet


def _parquet_schema() -> Any:
    import pyarrow as pa

    ints = {
        "year",
        "time_precision",
        "inter1",
        "inter2",
        "interaction",
        "iso",
        "geo_precision",
        "fatalities",
        "timestamp",
    }
    fields = []
    for name in ACLED_COLUMNS:
        if name in ints:
            fields.append(pa.field(name, pa.int64()))
        elif name in ("latitude", "longitude"):
            fields.append(pa.field(name, pa.float64()))
        elif name == "event_date":
            fields.append(pa.field(name, pa.date32()))
        else:
            fields.append(pa.field(name, pa.string()))
    fields.append(pa.field("article_id", pa.string()))
    fields.append(pa.field("confidence", pa.float64()))
    fields += [pa.field(name, pa.string()) for name in ("review_status", "reviewer", "reviewed_at")]
    return pa.schema(fields)


def write_parquet(rows: Iterable[dict[str, Any]], path: Path, row_group: int = 10_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for chunk in chunked(rows, row_group):
            cols: dict[str, list[Any]] = {f.name: [] for f in schema}
            for row in chunk:
                acled = acled_row(row)
                acled["event_date"] = row.get("event_date")
                acled["article_id"] = row["article_id"]
                acled.update(review_columns(row))
                for k, v in acled.items():
                    cols[k].append(v)
            writer.write_table(pa.table(cols, schema=schema))
            n += len(chunk)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n
