"""`export_events`: stored incidents (or events) to ACLED CSV, article-record JSONL, GeoJSON or
Parquet. The formats themselves are in store/exports.py; this module picks the rows: one per
incident (issue 10) unless one per stored event is asked for."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from marsad.fusion.rows import iter_incident_rows
from marsad.store.exports import FORMATS, iter_acled_csv, iter_article_records, iter_geojson, write_parquet
from marsad.store.query import EventFilter
from marsad.store.store import Store
from marsad.util import json_line


def rows_of(store: Store, flt: EventFilter | None = None, unit: str = "incident") -> Iterator[dict[str, Any]]:
    """Export rows: one per incident (reports of one event by several outlets fused, issue 10),
    or one per stored event with unit="event"."""
    if unit == "event":
        return store.iter_events(flt)
    if unit != "incident":
        raise ValueError(f"unknown unit {unit!r}; expected incident or event")
    return iter_incident_rows(store, flt)


def export_events(
    store: Store, fmt: str, output: Path | IO[str], flt: EventFilter | None = None, unit: str = "incident"
) -> int:
    """Write the events matching `flt` to `output` in `fmt`; returns how many were written
    (events for acled-csv/geojson/parquet, article records for jsonl)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(output, Path):
            raise ValueError("parquet needs a file path")
        return write_parquet(rows_of(store, flt, unit), output)
    counter = {"n": 0}

    def counted(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            counter["n"] += 1
            yield row

    def write(fh: IO[str]) -> None:
        if fmt == "acled-csv":
            chunks = iter_acled_csv(counted(rows_of(store, flt, unit)))
        elif fmt == "geojson":
            chunks = iter_geojson(
                counted(r for r in rows_of(store, flt, unit) if r.get("latitude") is not None)
            )
        else:
            chunks = (json_line(rec) + "\n" for rec in counted(iter_article_records(store, flt)))
        for chunk in chunks:
            fh.write(chunk)

    if isinstance(output, Path):
        with output.open("w", encoding="utf-8", newline="") as fh:
            write(fh)
    else:
        write(output)
    return counter["n"]
