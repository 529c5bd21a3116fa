"""Bulk and scale (issue 8): every core on one machine, Dask beyond it, resumable.

    from marsad.scale import BulkOptions, ingest_items, extract_records
    from marsad.inputs import iter_items
    with Store("sqlite:///marsad.db") as store:
        ingest_items(store, iter_items(["archive.jsonl.gz"]), BulkOptions(workers=8))

Input is streamed (constant memory), extraction runs in worker processes that load the
knowledge once each (or on a Dask cluster: `BulkOptions(engine="dask", scheduler=ADDRESS)`),
and the main process writes batches in input order, one transaction each, so a killed run
resumes where it stopped. Heavy modules (Dask, pyarrow, Rich) are imported only by the
parts that need them.
"""

from marsad.scale.bulk import (
    BulkOptions,
    extract_records,
    extract_to_partitions,
    ingest_items,
    open_runner,
    stream,
)
from marsad.scale.pipeline import DoneBatch, EngineVersionMismatch, StreamStats, stream_batches
from marsad.scale.runners import InlineRunner, ProcessRunner, default_workers

__all__ = [
    "BulkOptions",
    "DoneBatch",
    "EngineVersionMismatch",
    "InlineRunner",
    "ProcessRunner",
    "StreamStats",
    "default_workers",
    "extract_records",
    "extract_to_partitions",
    "ingest_items",
    "open_runner",
    "stream",
    "stream_batches",
]
