"""The streaming core of bulk work: read items lazily, cut them into batches, send the
items that need it to a runner in chunks, and hand back finished batches.

Memory stays constant whatever the input size: at most `max_in_flight` items (plus one
batch) are held between the reader and the consumer. Batches come back in input order
(`ordered=True`, what database writes need for a stable result) or as soon as they are
done; either way a batch's records are in the batch's order, and a batch's `index` says
where it sits in the input, so an output keyed by it is the same in both modes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from marsad import ENGINE_VERSION
from marsad.scale.runners import Runner, is_done
from marsad.scale.worker import ChunkResult
from marsad.util import chunked

# What the engine is given of an item: store.plans.EXTRACT_KEYS, the keys the ingest service passes
# to `extract_record` (repeated, not imported: workers import this module and must not load
# SQLAlchemy; tests/scale checks that the two agree).
ENGINE_KEYS = ("id", "text", "source", "published", "title", "language", "errors")

# plan(batch_index, items) -> for each item, whether it needs extracting.
Plan = Callable[[int, list[dict[str, Any]]], list[bool]]


class EngineVersionMismatch(RuntimeError):
    """A worker runs another engine version than this process: its records would be mislabelled."""


@dataclass(slots=True)
class DoneBatch:
    index: int  # the batch's position in the input: 0, 1, 2 …
    start: int  # the input ordinal of its first item
    items: list[dict[str, Any]]
    records: list[dict[str, Any] | None]  # None where the plan said no extraction was needed
    signatures: list[Any] = field(default_factory=list)  # with `sign`: the workers' text signatures


@dataclass(slots=True)
class StreamStats:
    items: int = 0
    extracted: int = 0
    events: int = 0
    items_with_errors: int = 0
    engine_failures: int = 0  # items whose extraction raised inside a worker
    peak_in_flight: int = 0  # most items held between reader and consumer at once
    busy_seconds: float = 0.0  # wall time workers spent on chunks (summed over workers)
    cpu_seconds: float = 0.0  # CPU time workers spent on chunks
    worker_peak_rss_kb: dict[int, int] = field(default_factory=dict)
    worker_knowledge_loads: dict[int, int] = field(default_factory=dict)

    def note_chunk(self, result: ChunkResult) -> None:
        self.worker_peak_rss_kb[result.pid] = max(
            result.peak_rss_kb, self.worker_peak_rss_kb.get(result.pid, 0)
        )
        self.worker_knowledge_loads[result.pid] = result.knowledge_loads
        self.engine_failures += len(result.failures)
        self.busy_seconds += result.seconds
        self.cpu_seconds += result.cpu_seconds
        self.extracted += len(result.records)
        for record in result.records:
            self.events += len(record.get("events") or [])


def item_dict(item: Any) -> dict[str, Any]:
    """A plain dict from an `InputItem` or a mapping; text always a string."""
    if isinstance(item, Mapping):
        out = dict(item)
    elif hasattr(item, "to_dict"):
        out = item.to_dict()
    else:
        raise TypeError(f"cannot read an item from {type(item).__name__}")
    if not isinstance(out.get("text"), str):
        out["text"] = "" if out.get("text") is None else str(out["text"])
    return out


def engine_input(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item[k] for k in ENGINE_KEYS if k in item}


@dataclass(slots=True, eq=False)
class _Pending:
    index: int
    start: int
    items: list[dict[str, Any]]
    chunks: list[tuple[list[int], Any]]  # (positions in the batch, handle)

    def done(self) -> bool:
        return all(is_done(h) for _, h in self.chunks)


def stream_batches(
    items: Iterable[Any],
    runner: Runner,
    *,
    batch_size: int = 50,
    chunk_size: int | None = None,
    max_in_flight: int | None = None,
    plan: Plan | None = None,
    ordered: bool = True,
    stats: StreamStats | None = None,
    sign: bool = False,
) -> Iterator[DoneBatch]:
    """Finished batches of `items`; see the module docstring.

    Chunks (tasks) are cut inside batches, `chunk_size` items at most (default: the
    runner's). `max_in_flight` bounds the items read ahead of the consumer (default: enough
    to keep every runner slot busy for a few chunks, and at least two batches). `plan`
    picks the items that need extraction (the others come back with record None). With
    `sign`, workers also return each extracted text's near-duplicate signature.
    """
    batch_size, chunk_size = max(1, batch_size), max(1, chunk_size or runner.chunk_size)
    if max_in_flight is None:
        max_in_flight = max(2 * batch_size, 4 * runner.slots * chunk_size)
    stats = stats if stats is not None else StreamStats()
    batches = enumerate(chunked((item_dict(i) for i in items), batch_size))
    pending: deque[_Pending] = deque()
    held = 0
    start = 0
    exhausted = False
    while True:
        # Read ahead while there is room; always keep at least one batch going.
        while not exhausted and (held < max_in_flight or not pending):
            nxt = next(batches, None)
            if nxt is None:
                exhausted = True
                break
            index, batch = nxt
            wanted = plan(index, batch) if plan is not None else [True] * len(batch)
            positions = [i for i, w in enumerate(wanted) if w]
            chunks = [
                (pos, runner.submit([engine_input(batch[i]) for i in pos], sign))
                for pos in chunked(positions, chunk_size)
            ]
            pending.append(_Pending(index, start, batch, chunks))
            start += len(batch)
            held += len(batch)
            stats.peak_in_flight = max(stats.peak_in_flight, held)
        if not pending:
            return
        chosen = pending[0] if ordered else _first_done(pending, runner)
        pending.remove(chosen)
        held -= len(chosen.items)
        yield _finish(chosen, stats)


def _first_done(pending: deque[_Pending], runner: Runner) -> _Pending:
    while True:
        for p in pending:
            if p.done():
                return p
        runner.wait_first([h for p in pending for _, h in p.chunks if not is_done(h)])


def _finish(p: _Pending, stats: StreamStats) -> DoneBatch:
    records: list[dict[str, Any] | None] = [None] * len(p.items)
    signatures: list[Any] = []
    for positions, handle in p.chunks:
        result: ChunkResult = handle.result()
        if result.engine_version != ENGINE_VERSION:
            raise EngineVersionMismatch(
                f"worker {result.pid} runs marsad engine {result.engine_version}, this process "
                f"{ENGINE_VERSION}: install the same version everywhere"
            )
        stats.note_chunk(result)
        for pos, record in zip(positions, result.records, strict=True):
            records[pos] = record
        signatures += result.signatures
    stats.items += len(p.items)
    stats.items_with_errors += sum(1 for rec in records if rec is not None and rec.get("errors"))
    return DoneBatch(index=p.index, start=p.start, items=p.items, records=records, signatures=signatures)
