"""What runs inside a worker process (local pool or Dask worker): knowledge loaded once,
then chunks of items in, article records out.

Everything here is importable without Dask, and cheap to import until `load_knowledge`
is called, so a worker pays the import + knowledge cost exactly once.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from marsad import ENGINE_VERSION

# How often an orphaned local worker notices that its parent is gone.
PARENT_POLL_SECONDS = 0.5

_state: dict[str, Any] = {"loads": 0, "load_seconds": None}


@dataclass(slots=True)
class ChunkResult:
    """Records of one chunk, in the chunk's order, and what the worker can tell about itself."""

    records: list[dict[str, Any]]
    pid: int
    peak_rss_kb: int
    engine_version: str
    seconds: float  # wall time spent on the chunk
    knowledge_loads: int
    failures: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0  # CPU time spent on the chunk (less than `seconds` when cores are shared)
    # Near-duplicate signatures (fusion.signatures.Signature) of the items' texts when asked for, in
    # order: the writing process then does not shingle and hash every article itself.
    signatures: list[Any] = field(default_factory=list)


def peak_rss_kb() -> int:
    """This process's peak resident set size in KiB.

    Linux: VmHWM of this address space. ru_maxrss would be wrong for spawned workers: it
    keeps the parent's peak from before the exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak // 1024) if sys.platform == "darwin" else int(peak)


def load_knowledge() -> float:
    """Load the engine's knowledge in this process (a no-op after the first call); the load time."""
    if _state["load_seconds"] is None:
        from marsad.extract.knowledgebase import knowledge

        t0 = time.perf_counter()
        knowledge()
        _state["load_seconds"] = time.perf_counter() - t0
        _state["loads"] += 1
    return float(_state["load_seconds"])


def knowledge_loads() -> int:
    """How many times this process loaded the knowledge (1 once warm; a test checks it)."""
    return int(_state["loads"])


def _exit_when_orphaned(parent_pid: int) -> None:
    # A parent killed with SIGKILL cannot stop its pool; without this the workers would
    # wait on their task queue forever.
    while True:
        time.sleep(PARENT_POLL_SECONDS)
        if os.getppid() != parent_pid:
            os._exit(1)


def init_local_worker(parent_pid: int) -> None:
    """Initializer of a local pool process: Ctrl-C is the parent's business, an orphan exits,
    and the knowledge is loaded before the first task."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(
        target=_exit_when_orphaned, args=(parent_pid,), daemon=True, name="marsad-parent-watch"
    ).start()
    load_knowledge()


def extract_chunk(items: list[dict[str, Any]], sign: bool = False) -> ChunkResult:
    """Article records for `items` (engine input mappings), one per item, in order; with
    `sign`, also each text's near-duplicate signature (None for an empty text).

    `extract_record` never raises on bad text; anything else going wrong with one item
    becomes an error on that item's record, so a chunk always comes back whole.
    """
    from marsad.extract.pipeline import article_id_for, extract_record

    load_knowledge()
    t0, c0 = time.perf_counter(), time.process_time()
    records: list[dict[str, Any]] = []
    failures: list[str] = []
    signatures: list[Any] = []
    if sign:
        from marsad.fusion.signatures import sign as sign_text

        for item in items:
            text = item.get("text")
            signatures.append(sign_text(text) if isinstance(text, str) and text.strip() else None)
    for item in items:
        try:
            records.append(extract_record(item))
        except Exception as exc:  # a bug in the engine must not lose the chunk
            article_id = article_id_for(item)
            failures.append(article_id)
            records.append(
                {
                    "article_id": article_id,
                    "source": item.get("source"),
                    "published": None,
                    "language": item.get("language"),
                    "events": [],
                    "errors": [f"extraction failed: {type(exc).__name__}: {exc}"],
                }
            )
    return ChunkResult(
        records=records,
        pid=os.getpid(),
        peak_rss_kb=peak_rss_kb(),
        engine_version=ENGINE_VERSION,
        seconds=time.perf_counter() - t0,
        knowledge_loads=knowledge_loads(),
        failures=failures,
        cpu_seconds=time.process_time() - c0,
        signatures=signatures,
    )


def worker_pid(hold_seconds: float = 0.05) -> int:
    """The pid of the process running this, after loading the knowledge. Warm-up probes use
    it to reach every worker; the short hold leaves the next probe to another worker."""
    load_knowledge()
    time.sleep(hold_seconds)
    return os.getpid()
