"""Bulk work over any number of items: the database (`ingest_items`), Parquet partitions
(`extract_to_partitions`) or a stream of records (`extract_records`), with extraction
in this process, in local worker processes or on a Dask cluster.

Inputs with fewer than `BulkOptions.inline_below` items are extracted in this process:
starting worker processes costs about a second (import + knowledge) and would only slow
small inputs down.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from marsad.scale.pipeline import DoneBatch, Plan, StreamStats, stream_batches
from marsad.scale.runners import InlineRunner, ProcessRunner, Runner, default_workers

if TYPE_CHECKING:
    from marsad.scale.partitions import PartitionWriter
    from marsad.store import IngestReport, ItemOutcome, Store

ENGINES = ("local", "dask")


@dataclass(slots=True)
class BulkOptions:
    workers: int | None = None  # local processes; None: every core
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # the Dask scheduler address, for engine "dask"
    batch_size: int = 50  # items per database transaction / Parquet partition
    chunk_size: int | None = None  # items per task sent to a worker (default: the runner's)
    max_in_flight: int | None = None  # items read ahead of the writer (default from the runner)
    ordered: bool = True
    inline_below: int = 200
    start_method: str = "spawn"
    dask_client: Any = None  # an existing distributed.Client instead of --scheduler

    def check(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"--engine must be one of {', '.join(ENGINES)}, got {self.engine!r}")
        if self.engine == "dask" and not self.scheduler and self.dask_client is None:
            raise ValueError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        if self.engine == "local" and self.scheduler:
            raise ValueError("--scheduler is only used with --engine dask")
        if self.engine == "dask" and self.workers is not None:
            raise ValueError(
                "--workers is for --engine local: a Dask cluster has the workers it was started with"
            )
        if self.workers is not None and self.workers < 1:
            raise ValueError("--workers must be at least 1")

    def local_workers(self) -> int:
        return self.workers or default_workers()


@contextmanager
def open_runner(options: BulkOptions, items: Iterable[Any]) -> Iterator[tuple[Runner, Iterable[Any]]]:
    """The runner for these options and input, and the input to read (its head may have been
    read already to see whether the input is small)."""
    options.check()
    runner: Runner
    if options.engine == "dask":
        from marsad.scale.dask_engine import DaskRunner

        runner = DaskRunner(options.scheduler, client=options.dask_client)
    elif options.local_workers() == 1:
        runner = InlineRunner()
    else:
        it = iter(items)
        head = list(islice(it, options.inline_below))
        items = chain(head, it)
        small = len(head) < options.inline_below
        runner = (
            InlineRunner()
            if small
            else ProcessRunner(options.local_workers(), start_method=options.start_method)
        )
    ok = False
    try:
        yield runner, items
        ok = True
    finally:
        runner.close(cancel=not ok)


def _window(options: BulkOptions, runner: Runner) -> int | None:
    if options.max_in_flight is not None:
        return options.max_in_flight
    if isinstance(runner, InlineRunner):
        return 1  # extract a batch, write it, read the next: like a plain serial run
    return None


def stream(
    items: Iterable[Any],
    options: BulkOptions,
    *,
    plan: Plan | None = None,
    stats: StreamStats | None = None,
    sign: bool = False,
) -> Iterator[DoneBatch]:
    """Finished batches of `items` (see `marsad.scale.pipeline.stream_batches`)."""
    with open_runner(options, items) as (runner, source):
        # Signing in this process would only move the work: workers sign, the inline runner does not.
        yield from stream_batches(
            source,
            runner,
            batch_size=options.batch_size,
            chunk_size=options.chunk_size,
            max_in_flight=_window(options, runner),
            plan=plan,
            ordered=options.ordered,
            stats=stats,
            sign=sign and not isinstance(runner, InlineRunner),
        )


def extract_records(
    items: Iterable[Any], options: BulkOptions, *, stats: StreamStats | None = None
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(item, article record) for every item, in input order unless `options.ordered` is False."""
    for batch in stream(items, options, stats=stats):
        for item, record in zip(batch.items, batch.records, strict=True):
            if record is not None:
                yield item, record


def ingest_items(
    store: Store,
    items: Iterable[Any],
    options: BulkOptions,
    *,
    origin: str | None = None,
    on_item: Callable[[ItemOutcome], None] | None = None,
    keep_outcomes: bool = False,
    stats: StreamStats | None = None,
) -> IngestReport:
    """Extract in parallel and store: the same rows as `ingest(store, items)` (marsad.service),
    and resumable the same way (batches are transactions; a rerun skips what is committed without extracting it).

    Batches are written in input order whatever the engine, so duplicates and event-id
    clashes resolve exactly as in a serial run.
    """
    if not options.ordered:
        raise ValueError("database writes are always in input order")
    from marsad.service.ingest import IngestService

    service = IngestService(store)

    def plan(_index: int, batch: list[dict[str, Any]]) -> list[bool]:
        return service.needs_extraction(batch)

    def pairs() -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
        # Workers also sign the texts for near-duplicate detection, which would otherwise be
        # the writing process's largest cost.
        for batch in stream(items, options, plan=plan, stats=stats, sign=True):
            service.add_signatures(batch.signatures)
            yield from zip(batch.items, batch.records, strict=True)

    return service.ingest_extracted(
        pairs(), batch_size=options.batch_size, origin=origin, on_item=on_item, keep_outcomes=keep_outcomes
    )


def extract_to_partitions(
    items: Iterable[Any],
    writer: PartitionWriter,
    options: BulkOptions,
    *,
    on_batch: Callable[[DoneBatch, int], None] | None = None,
    stats: StreamStats | None = None,
) -> int:
    """Write every batch's Parquet partition (skipping those a killed run finished); the
    number of events written. `on_batch(batch, events)` is called after each batch."""
    if writer.batch_size != options.batch_size:
        raise ValueError("the partition writer and the options disagree on the batch size")
    total = 0
    for batch in stream(items, options, plan=writer.plan, stats=stats):
        written_before = all(r is None for r in batch.records)  # by a run that was killed
        n = 0 if written_before else writer.write(batch)
        total += n
        if on_batch is not None:
            on_batch(batch, n)
    return total
