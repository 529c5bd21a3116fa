"""The streaming pipeline without the engine: bounded read-ahead, order, plans, version checks."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from marsad import ENGINE_VERSION
from marsad.scale import EngineVersionMismatch, StreamStats, stream_batches
from marsad.scale.pipeline import ENGINE_KEYS
from marsad.scale.worker import ChunkResult


class _Deferred:
    """A handle that is done only once the runner releases it."""

    def __init__(self, value: ChunkResult) -> None:
        self.value = value
        self.ready = False

    def done(self) -> bool:
        return self.ready

    def result(self) -> ChunkResult:
        self.ready = True
        return self.value


class FakeRunner:
    """Records are {"article_id": id, "events": [n of them]}; handles finish newest first,
    so an unordered stream really comes back out of order."""

    name = "fake"
    chunk_size = 4

    def __init__(self, slots: int = 2, version: str = ENGINE_VERSION) -> None:
        self.slots = slots
        self.version = version
        self.submitted: list[list[dict[str, Any]]] = []
        self.open: list[_Deferred] = []

    def submit(self, items: list[dict[str, Any]], sign: bool = False) -> _Deferred:
        assert all(set(i) <= set(ENGINE_KEYS) for i in items), "only engine keys go to workers"
        self.submitted.append(items)
        records = [
            {"article_id": i["id"], "events": [{}] * (int(i["id"].split("-")[1]) % 3), "errors": []}
            for i in items
        ]
        handle = _Deferred(
            ChunkResult(
                records=records,
                pid=os.getpid(),
                peak_rss_kb=1000,
                engine_version=self.version,
                seconds=0.0,
                knowledge_loads=1,
            )
        )
        self.open.append(handle)
        return handle

    def wait_first(self, handles: Sequence[Any]) -> None:
        newest = max(handles, key=self.open.index)
        newest.ready = True

    def close(self, *, cancel: bool = False) -> None:
        return None


def _items(n: int, pulled: list[int]) -> Iterator[dict[str, Any]]:
    for i in range(n):
        pulled[0] += 1
        yield {"id": f"a-{i}", "text": f"نص {i}", "origin": f"test:{i}", "source": "OwnWire"}


def test_read_ahead_is_bounded_whatever_the_input_size() -> None:
    pulled = [0]
    consumed = 0
    runner = FakeRunner(slots=2)
    for batch in stream_batches(_items(5_000, pulled), runner, batch_size=10, chunk_size=4, max_in_flight=40):
        consumed += len(batch.items)
        # The reader is never more than the window (plus the batch being cut) ahead.
        assert pulled[0] - consumed <= 40 + 10
    assert consumed == pulled[0] == 5_000


def test_ordered_batches_come_in_input_order_with_records_aligned() -> None:
    stats = StreamStats()
    batches = list(stream_batches(_items(103, [0]), FakeRunner(), batch_size=10, chunk_size=3, stats=stats))
    assert [b.index for b in batches] == list(range(11))
    assert [b.start for b in batches] == list(range(0, 103, 10))
    for b in batches:
        assert [r["article_id"] for r in b.records] == [i["id"] for i in b.items]
        assert all(i["origin"].startswith("test:") for i in b.items), "the consumer gets whole items"
    assert stats.items == stats.extracted == 103
    assert stats.events == sum(i % 3 for i in range(103))
    assert stats.worker_peak_rss_kb == {os.getpid(): 1000}


def test_unordered_batches_finish_out_of_order_but_hold_the_same_content() -> None:
    ordered = list(stream_batches(_items(200, [0]), FakeRunner(), batch_size=10, chunk_size=5))
    unordered = list(
        stream_batches(_items(200, [0]), FakeRunner(), batch_size=10, chunk_size=5, ordered=False)
    )
    assert [b.index for b in unordered] != [b.index for b in ordered]
    assert sorted(unordered, key=lambda b: b.index) == ordered


def test_plan_skips_items_without_sending_them() -> None:
    runner = FakeRunner()

    def plan(index: int, items: list[dict[str, Any]]) -> list[bool]:
        return [index != 1 and not item["id"].endswith("7") for item in items]

    batches = list(stream_batches(_items(30, [0]), runner, batch_size=10, plan=plan))
    sent = {i["id"] for chunk in runner.submitted for i in chunk}
    assert "a-7" not in sent and not any(f"a-{i}" in sent for i in range(10, 20))
    assert batches[1].records == [None] * 10
    assert batches[0].records[7] is None and batches[0].records[6] is not None


def test_records_of_another_engine_version_are_refused() -> None:
    with pytest.raises(EngineVersionMismatch, match="0.0.0-other"):
        list(stream_batches(_items(5, [0]), FakeRunner(version="0.0.0-other"), batch_size=5))
