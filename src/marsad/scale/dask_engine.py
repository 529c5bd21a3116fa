"""Extraction on a dask.distributed cluster: `marsad ingest|extract --engine dask --scheduler ADDRESS`.

Every worker needs marsad installed (the same version as the client; the pipeline checks).
A worker plugin loads the knowledge once per worker process when the worker joins, and the
task itself uses the process-wide cache, so no chunk ever reloads it. The client streams
the input to the cluster in chunks (bounded, like the local pool) and gets records back;
writing (database or Parquet partitions) stays on the client, where resume is decided.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from distributed import Client
from distributed.diagnostics.plugin import WorkerPlugin

from marsad.scale.worker import extract_chunk, knowledge_loads, load_knowledge, peak_rss_kb

PLUGIN_NAME = "marsad-knowledge"
CONNECT_TIMEOUT = "30s"


class KnowledgePlugin(WorkerPlugin):
    """Loads the engine's knowledge in each worker process as it starts (or joins later)."""

    name = PLUGIN_NAME

    def setup(self, worker: Any) -> None:
        load_knowledge()


class DaskRunner:
    """Chunks submitted to a Dask cluster; `slots` is the cluster's total worker threads."""

    name = "dask"
    # A task costs the client and scheduler ~10 ms of CPU: bigger chunks than the local pool.
    chunk_size = 50

    def __init__(self, address: str | None = None, *, client: Client | None = None) -> None:
        if client is None and not address:
            raise ValueError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        self._own_client = client is None
        self.client = (
            client if client is not None else Client(address, set_as_default=False, timeout=CONNECT_TIMEOUT)
        )
        try:
            self.client.register_plugin(KnowledgePlugin(), name=PLUGIN_NAME)
        except Exception:
            self.close()
            raise
        self.slots = max(1, sum(self.client.nthreads().values()))

    def submit(self, items: list[dict[str, Any]], sign: bool = False) -> Any:
        return self.client.submit(extract_chunk, items, sign, pure=False)

    def wait_first(self, handles: Sequence[Any]) -> None:
        # distributed.wait needs a default client, and ours is not made the default (a
        # caller's own client must stay theirs): wait on done-callbacks instead.
        finished = threading.Event()
        for handle in handles:
            handle.add_done_callback(lambda _future: finished.set())
        finished.wait()

    def worker_knowledge_loads(self) -> dict[str, int]:
        """Knowledge loads per worker (1 each once warm)."""
        return dict(self.client.run(knowledge_loads))

    def worker_peak_rss_kb(self) -> dict[str, int]:
        return dict(self.client.run(peak_rss_kb))

    def warm_up(self) -> dict[str, float]:
        """Wait until every current worker has its knowledge loaded; load seconds per worker."""
        return dict(self.client.run(load_knowledge))

    def close(self, *, cancel: bool = False) -> None:
        # Futures dropped by the pipeline are released (and cancelled) by the scheduler.
        if self._own_client:
            self.client.close()
