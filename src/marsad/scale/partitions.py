"""Parquet partitions of a bulk extraction (`marsad extract --output-dir DIR`), resumable.

    DIR/_marsad_partitions.json    what was read, how it was cut, by which engine version
    DIR/events/part-000042.parquet  the events of input items 42*B … 43*B-1 (ACLED columns,
                                   article_id, the full event record as JSON)
    DIR/articles/part-000042.parquet one row per input item of that batch (id, metadata,
                                   errors, event count)

Partition k always holds the k-th batch of the input, whatever order the batches finish
in, so the dataset is the same for ordered and unordered runs. Each file is written to a
temporary name and renamed; the articles file is written last and marks the partition
done. A rerun of the same command skips done partitions (without extracting them again)
and writes the rest: a run killed at any point ends, after the rerun, with exactly the
partitions of an uninterrupted run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from marsad import ENGINE_VERSION
from marsad.scale.pipeline import DoneBatch

MANIFEST = "_marsad_partitions.json"
MANIFEST_FORMAT = 1


class PartitionsMismatch(ValueError):
    """The output directory holds partitions of another input, batch size or engine version."""


def part_name(index: int) -> str:
    return f"part-{index:06d}.parquet"


def describe_inputs(paths: Sequence[str]) -> list[dict[str, Any]]:
    """Inputs as the manifest records them: a changed file must not resume old partitions."""
    out: list[dict[str, Any]] = []
    for raw in paths:
        if raw == "-":
            out.append({"path": "-"})
            continue
        path = Path(raw).resolve()
        entry: dict[str, Any] = {"path": str(path)}
        if path.is_file():
            st = path.stat()
            entry.update(size=st.st_size, mtime_ns=st.st_mtime_ns)
        out.append(entry)
    return out


def _events_schema() -> Any:
    import pyarrow as pa

    # The columns of `marsad export --format parquet`, plus the record and its engine.
    from marsad.store.exports import _parquet_schema

    return (
        _parquet_schema()
        .append(pa.field("engine_version", pa.string()))
        .append(pa.field("record", pa.string()))
    )


def _articles_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            pa.field("position", pa.int64()),
            pa.field("article_id", pa.string()),
            pa.field("source", pa.string()),
            pa.field("published", pa.string()),
            pa.field("title", pa.string()),
            pa.field("language", pa.string()),
            pa.field("origin", pa.string()),
            pa.field("errors", pa.list_(pa.string())),
            pa.field("event_count", pa.int32()),
            pa.field("engine_version", pa.string()),
        ]
    )


class PartitionWriter:
    def __init__(
        self, root: Path, *, inputs: Sequence[str], batch_size: int, engine_version: str = ENGINE_VERSION
    ) -> None:
        self.root = Path(root)
        self.batch_size = batch_size
        self.engine_version = engine_version
        manifest = {
            "format": MANIFEST_FORMAT,
            "inputs": describe_inputs(inputs),
            "batch_size": batch_size,
            "engine_version": engine_version,
        }
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / MANIFEST
        if path.exists():
            found = json.loads(path.read_text(encoding="utf-8"))
            if found != manifest:
                diffs = [k for k in manifest if found.get(k) != manifest[k]]
                raise PartitionsMismatch(
                    f"{self.root} holds partitions of another run (different {', '.join(diffs)}); "
                    "use a new directory, or the same inputs and --batch-size to resume"
                )
        else:
            if any(p.name != MANIFEST for p in self.root.iterdir()):
                raise PartitionsMismatch(
                    f"{self.root} is not empty and has no {MANIFEST}: use a new directory"
                )
            self._atomic_write_bytes(path, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        for sub in ("events", "articles"):
            (self.root / sub).mkdir(exist_ok=True)
            for stale in (self.root / sub).glob(".part-*.tmp"):  # left by a killed run
                stale.unlink(missing_ok=True)
        self.skipped = 0
        self.written = 0

    def is_done(self, index: int) -> bool:
        return (self.root / "articles" / part_name(index)).exists()

    def plan(self, index: int, items: list[dict[str, Any]]) -> list[bool]:
        """Pipeline plan: extract a batch only if its partition is not written yet."""
        done = self.is_done(index)
        if done:
            self.skipped += 1
        return [not done] * len(items)

    def write(self, batch: DoneBatch) -> int:
        """Write the batch's partition (unless done); the number of events written."""
        if self.is_done(batch.index):
            return 0
        import pyarrow as pa
        import pyarrow.parquet as pq

        from marsad.store.exports import acled_row, review_columns
        from marsad.store.flatten import flatten_event

        events_schema, articles_schema = _events_schema(), _articles_schema()
        now = datetime.now(UTC)
        ev_cols: dict[str, list[Any]] = {f.name: [] for f in events_schema}
        art_cols: dict[str, list[Any]] = {f.name: [] for f in articles_schema}
        for offset, (item, record) in enumerate(zip(batch.items, batch.records, strict=True)):
            if record is None:
                raise ValueError(f"batch {batch.index} came back without the record of item {offset}")
            events = [e for e in record.get("events") or [] if isinstance(e, dict)]
            for seq, ev in enumerate(events):
                flat = flatten_event(
                    ev,
                    article_id=record["article_id"],
                    seq=seq,
                    source=item.get("source") or record.get("source"),
                    title=item.get("title"),
                )
                row = dict(flat.row, created_at=now)
                acled = acled_row(row)
                acled.update(
                    review_columns(row),
                    event_date=row.get("event_date"),
                    article_id=record["article_id"],
                    engine_version=self.engine_version,
                    record=json.dumps(ev, ensure_ascii=False),
                )
                for name, values in ev_cols.items():
                    values.append(acled[name])
            for name, value in (
                ("position", batch.start + offset),
                ("article_id", record["article_id"]),
                ("source", item.get("source") or record.get("source")),
                ("published", record.get("published")),
                ("title", item.get("title")),
                ("language", record.get("language")),
                ("origin", item.get("origin")),
                ("errors", [str(e) for e in record.get("errors") or []]),
                ("event_count", len(events)),
                ("engine_version", self.engine_version),
            ):
                art_cols[name].append(value)
        name = part_name(batch.index)
        self._atomic_write_table(pq, pa.table(ev_cols, schema=events_schema), self.root / "events" / name)
        self._atomic_write_table(
            pq, pa.table(art_cols, schema=articles_schema), self.root / "articles" / name
        )
        self.written += 1
        return len(ev_cols["article_id"])

    @staticmethod
    def _atomic_write_table(pq: Any, table: Any, path: Path) -> None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        pq.write_table(table, tmp)
        os.replace(tmp, path)

    @staticmethod
    def _atomic_write_bytes(path: Path, data: bytes) -> None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)


def read_partitions(root: Path, table: str = "events") -> Any:
    """All partitions of `table` ("events" or "articles") as one pyarrow Table, in input order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = sorted((Path(root) / table).glob("part-*.parquet"))
    schema = _events_schema() if table == "events" else _articles_schema()
    if not files:
        return schema.empty_table()
    return pa.concat_tables([pq.read_table(f, schema=schema) for f in files])
