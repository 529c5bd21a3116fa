"""Where chunks are extracted: in this process, in a local process pool, or on a Dask
cluster (`marsad.scale.dask_engine`). All three look the same to the pipeline: `submit`
a chunk, get a handle with `.result()`, and `wait_first` for any of several handles."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from collections.abc import Sequence
from typing import Any, Protocol

from marsad.scale.worker import ChunkResult, extract_chunk, init_local_worker, worker_pid


class Handle(Protocol):
    def result(self) -> ChunkResult: ...


class Runner(Protocol):
    """Something that extracts chunks of items somewhere."""

    name: str
    slots: int  # chunks it works on at once (processes or worker threads)
    chunk_size: int  # items per task that suits it (per-task overhead against load balance)

    def submit(self, items: list[dict[str, Any]], sign: bool = False) -> Any: ...

    def wait_first(self, handles: Sequence[Any]) -> None: ...

    def close(self, *, cancel: bool = False) -> None: ...


def default_workers() -> int:
    """All cores this process may run on."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counter is not None:
        return max(1, counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class _Done:
    """The handle of a chunk extracted on the spot."""

    def __init__(self, value: ChunkResult) -> None:
        self._value = value

    def result(self) -> ChunkResult:
        return self._value

    def done(self) -> bool:
        return True


class InlineRunner:
    """Extraction in this process, at submit time (one core; small inputs)."""

    name = "inline"
    slots = 1
    chunk_size = 50

    def submit(self, items: list[dict[str, Any]], sign: bool = False) -> _Done:
        return _Done(extract_chunk(items, sign))

    def wait_first(self, handles: Sequence[Any]) -> None:
        return None

    def close(self, *, cancel: bool = False) -> None:
        return None


class ProcessRunner:
    """A local pool of worker processes, each loading the knowledge once in its initializer.

    "spawn" is the default start method: the parent has threads (progress bar, database
    pool) that a fork could copy mid-operation, and spawn behaves the same on every OS.
    """

    name = "local"
    chunk_size = 25  # ~70 ms of work: IPC costs <1%, and a batch of 50 splits over two workers

    def __init__(self, workers: int, *, start_method: str = "spawn") -> None:
        self.slots = max(1, workers)
        self._pool = cf.ProcessPoolExecutor(
            max_workers=self.slots,
            mp_context=multiprocessing.get_context(start_method),
            initializer=init_local_worker,
            initargs=(os.getpid(),),
        )

    def submit(self, items: list[dict[str, Any]], sign: bool = False) -> cf.Future[ChunkResult]:
        return self._pool.submit(extract_chunk, items, sign)

    def wait_first(self, handles: Sequence[Any]) -> None:
        cf.wait(handles, return_when=cf.FIRST_COMPLETED)

    def warm_up(self) -> set[int]:
        """Start every worker and wait until each has loaded the knowledge; their pids."""
        pids: set[int] = set()
        while len(pids) < self.slots:
            pending = [self._pool.submit(worker_pid) for _ in range(self.slots)]
            pids.update(f.result() for f in pending)
        return pids

    def worker_pids(self) -> list[int]:
        return sorted(p.pid for p in (getattr(self._pool, "_processes", None) or {}).values() if p.pid)

    def close(self, *, cancel: bool = False) -> None:
        self._pool.shutdown(wait=True, cancel_futures=cancel)


def is_done(handle: Any) -> bool:
    done = getattr(handle, "done", None)
    return bool(done()) if callable(done) else True
