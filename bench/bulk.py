#!/usr/bin/env python3
"""Bulk extraction on ../shared/corpus/bulk.jsonl.gz (issue 8): articles/s on one core, with
local worker processes and on a Dask LocalCluster (medians of 3 runs on warm workers), peak
RSS per worker, cold start (import + knowledge load), and optionally a whole-file streaming
run that samples the main process's RSS (constant memory) and a cProfile of the engine.

usage: python bench/bulk.py [--articles 6000] [--runs 3] [--workers N] [--stream] [--profile 1000]
                            [--write-results]

Items are read into memory once for the throughput runs, so the figures are extraction
(pipeline included, reading excluded); --stream measures reading + extraction end to end.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BULK = ROOT.parent / "shared/corpus/bulk.jsonl.gz"
COLD_START = (
    "import time; t = time.perf_counter(); from marsad.scale.worker import load_knowledge; "
    "load_knowledge(); print(time.perf_counter() - t)"
)


def load_avg() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def cold_starts(n: int = 3) -> tuple[list[float], list[float]]:
    """(import + knowledge load inside a fresh interpreter, wall time of the whole process)."""
    inner, wall = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", COLD_START], capture_output=True, text=True, check=True)
        wall.append(time.perf_counter() - t0)
        inner.append(float(out.stdout.strip()))
    return inner, wall


def read_items(path: Path, n: int) -> list[dict[str, Any]]:
    from marsad.inputs import iter_items
    from marsad.scale.pipeline import item_dict

    return [item_dict(i) for i in islice(iter_items([str(path)]), n or None)]


def drain(items: list[dict[str, Any]], runner: Any, stats: Any = None) -> int:
    from marsad.scale import stream_batches

    n = 0
    for batch in stream_batches(items, runner, batch_size=50, stats=stats):
        n += len(batch.items)
    return n


@dataclass
class Run:
    n: int
    wall: float
    stats: Any

    @property
    def rate(self) -> float:
        return self.n / self.wall


def measure(items: list[dict[str, Any]], runner: Any) -> Run:
    from marsad.scale import StreamStats

    stats = StreamStats()
    t0 = time.perf_counter()
    n = drain(items, runner, stats)
    return Run(n, time.perf_counter() - t0, stats)


def fmt_rates(rates: list[float]) -> str:
    return f"median {statistics.median(rates):.0f} articles/s (runs: {', '.join(f'{r:.0f}' for r in rates)})"


def rss_mb(kb: int) -> float:
    return kb / 1024


def profile_engine(items: list[dict[str, Any]], top: int = 18) -> str:
    from marsad.extract.pipeline import extract_record

    extract_record(items[0])
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for item in items:
        extract_record(item)
    prof.disable()
    wall = time.perf_counter() - t0
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    out.write(f"cProfile of {len(items)} articles on one core: {wall:.2f} s under the profiler\n")
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"marsad", top)
    return out.getvalue()


def stream_whole_file(
    path: Path, workers: int, sample_every: int
) -> tuple[int, float, list[float], dict[int, int]]:
    """Read and extract the whole file with local workers; main-process RSS samples in MB."""
    import psutil

    from marsad.inputs import iter_items
    from marsad.scale import BulkOptions, StreamStats, extract_records

    me = psutil.Process()
    samples = [me.memory_info().rss / 2**20]
    stats = StreamStats()
    n = 0
    t0 = time.perf_counter()
    for n, _ in enumerate(
        extract_records(iter_items([str(path)]), BulkOptions(workers=workers), stats=stats), start=1
    ):
        if n % sample_every == 0:
            samples.append(me.memory_info().rss / 2**20)
    samples.append(me.memory_info().rss / 2**20)
    return n, time.perf_counter() - t0, samples, stats.worker_peak_rss_kb


def big_file_memory(bulk: Path, copies: int, every: int, workers: int) -> str:
    """Constant memory on a big .jsonl.gz: `copies` gzip members of the bulk file back to back
    (a valid .gz; written to a temporary directory and deleted), read and batched whole; every
    `every`-th batch is extracted by the workers (all of them would take hours on 2 cores)."""
    import shutil
    import tempfile

    import psutil

    from marsad.inputs import iter_items
    from marsad.scale import BulkOptions, StreamStats, stream

    with tempfile.TemporaryDirectory(prefix="marsad-big-") as tmp:
        big = Path(tmp) / "big.jsonl.gz"
        with big.open("wb") as out:
            for _ in range(copies):
                with bulk.open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 24)
        size_gb = big.stat().st_size / 1e9
        me = psutil.Process()
        samples: list[float] = []
        stats = StreamStats()
        t0 = time.perf_counter()
        n = 0
        for batch in stream(
            iter_items([str(big)]),
            BulkOptions(workers=workers, batch_size=50, inline_below=0),
            plan=lambda index, items: [index % every == 0] * len(items),
            stats=stats,
        ):
            n += len(batch.items)
            if batch.index % 2000 == 0:
                samples.append(me.memory_info().rss / 2**20)
        samples.append(me.memory_info().rss / 2**20)
        seconds = time.perf_counter() - t0
    workers_mb = ", ".join(f"{rss_mb(v):.0f}" for v in stats.worker_peak_rss_kb.values())
    return (
        f"- constant memory on a {size_gb:.2f} GB .jsonl.gz ({copies} × {bulk.name}): {n:,} items read and "
        f"batched in {seconds / 60:.1f} min, every {every}th batch extracted ({stats.extracted:,} articles, "
        f"{stats.events:,} events, {workers} workers); main-process RSS (MB) every 100,000 items: "
        f"{', '.join(f'{s:.0f}' for s in samples)}; at most {stats.peak_in_flight} items in flight; worker "
        f"peak RSS {workers_mb} MB; load {load_avg()}"
    )


def throughput(
    args: argparse.Namespace, items: list[dict[str, Any]], workers: int, say: Callable[[str], None]
) -> None:
    """One core, local processes and Dask, interleaved run by run (1, L, D, 1, L, D, …) so that
    load from other work on a shared machine falls on all three alike."""
    from marsad.scale import InlineRunner, ProcessRunner
    from marsad.scale.worker import load_knowledge, peak_rss_kb

    inner, wall = cold_starts()
    say(
        f"- cold start (fresh interpreter, import + knowledge load): median {statistics.median(inner):.2f} s "
        f"(runs: {', '.join(f'{x:.2f}' for x in inner)}); whole process incl. interpreter start "
        f"{statistics.median(wall):.2f} s"
    )
    items = items[: args.articles]
    load_knowledge()
    main_rss = rss_mb(peak_rss_kb())

    t0 = time.perf_counter()
    pool = ProcessRunner(workers)
    pids = pool.warm_up()
    pool_start = time.perf_counter() - t0
    cluster = runner = None
    if not args.skip_dask:
        import dask
        from distributed import LocalCluster

        from marsad.scale.dask_engine import DaskRunner

        t0 = time.perf_counter()
        # Dask's statistical profiler samples the task thread every 10 ms; off, as advised in the README.
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(
                n_workers=workers,
                processes=True,
                threads_per_worker=1,
                dashboard_address=None,
                host="127.0.0.1",
            )
        runner = DaskRunner(cluster.scheduler_address)
        runner.warm_up()
        dask_start = time.perf_counter() - t0
    runs: dict[str, list[Run]] = {"one": [], "local": [], "dask": []}
    slots = {"one": 1, "local": workers, "dask": workers}
    local_peaks: dict[int, int] = {}
    try:
        for _ in range(args.runs):
            runs["one"].append(measure(items, InlineRunner()))
            runs["local"].append(measure(items, pool))
            local_peaks.update(runs["local"][-1].stats.worker_peak_rss_kb)
            if runner is not None:
                runs["dask"].append(measure(items, runner))
            print(
                f"  run: {', '.join(f'{k} {v[-1].rate:.0f}/s' for k, v in runs.items() if v)}; load {load_avg()}",
                flush=True,
            )
        dask_peaks = runner.worker_peak_rss_kb() if runner is not None else {}
        loads = runner.worker_knowledge_loads() if runner is not None else {}
    finally:
        pool.close()
        if runner is not None:
            runner.close()
        if cluster is not None:
            cluster.close()

    def summary(mode: str) -> str:
        rs = runs[mode]
        cpu_rate = statistics.median(r.n / r.stats.cpu_seconds for r in rs)
        share = statistics.median(r.stats.cpu_seconds / (r.wall * slots[mode]) for r in rs)
        busy = statistics.median(r.stats.busy_seconds / (r.wall * slots[mode]) for r in rs)
        return (
            f"{fmt_rates([r.rate for r in rs])}; {cpu_rate:.0f} articles per CPU-second of extraction; "
            f"workers busy {busy:.0%} of the wall time and on a CPU {share:.0%} of it"
        )

    one = statistics.median(r.rate for r in runs["one"])
    local = statistics.median(r.rate for r in runs["local"])
    n = len(items)
    say(
        f"- one core (in process): {n} articles, {summary('one')}; main process peak RSS {main_rss:.0f} MB "
        f"with the {n} articles held in memory"
    )
    peaks = ", ".join(f"{rss_mb(v):.0f}" for v in local_peaks.values())
    say(
        f"- local processes, {workers} workers: {summary('local')}; = {local / one:.2f}× one core; pool start "
        f"(spawn + knowledge, {len(pids)} workers in parallel) {pool_start:.2f} s; peak RSS per worker {peaks} MB"
    )
    if runs["dask"]:
        dask_rate = statistics.median(r.rate for r in runs["dask"])
        say(
            f"- Dask LocalCluster, {workers} worker processes × 1 thread: {summary('dask')}; = "
            f"{dask_rate / local:.2f}× local processes; cluster start + knowledge {dask_start:.2f} s; peak RSS per "
            f"worker {', '.join(f'{rss_mb(v):.0f}' for v in dask_peaks.values())} MB; knowledge loads per worker "
            f"{sorted(loads.values())}; load at the end {load_avg()}"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bulk", type=Path, default=DEFAULT_BULK)
    ap.add_argument("--articles", type=int, default=6000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=0, help="local processes / Dask workers (0: all cores)")
    ap.add_argument("--stream", action="store_true", help="also stream the whole file with local workers")
    ap.add_argument("--profile", type=int, default=0, help="cProfile this many articles on one core")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-throughput", action="store_true", help="only --stream / --big-copies / --profile")
    ap.add_argument(
        "--big-copies",
        type=int,
        default=0,
        help="memory check on a .jsonl.gz of this many copies of the bulk file (42 ≈ 1 GB)",
    )
    ap.add_argument("--big-extract-every", type=int, default=50)
    ap.add_argument("--write-results", action="store_true", help="append the figures to bench/RESULTS.md")
    args = ap.parse_args()

    from marsad.scale import default_workers

    workers = args.workers or default_workers()
    lines: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    say(
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"load average at start {load_avg()}"
    )
    items = (
        read_items(args.bulk, max(args.articles, args.profile))
        if not args.skip_throughput or args.profile
        else []
    )
    if not args.skip_throughput:
        throughput(args, items, workers, say)

    if args.stream:
        n, seconds, samples, peaks_kb = stream_whole_file(args.bulk, workers, sample_every=5000)
        say(
            f"- streaming the whole file ({args.bulk.name}: read + extract, {workers} workers): {n} articles in "
            f"{seconds:.1f} s = {n / seconds:.0f} articles/s incl. pool start; main-process RSS (MB) every 5,000 "
            f"articles: {', '.join(f'{s:.0f}' for s in samples)}; worker peak RSS "
            f"{', '.join(f'{rss_mb(v):.0f}' for v in peaks_kb.values())} MB; load {load_avg()}"
        )

    if args.big_copies:
        say(big_file_memory(args.bulk, args.big_copies, args.big_extract_every, workers))

    if args.profile:
        print(profile_engine(items[: args.profile]))

    if args.write_results:
        with (ROOT / "bench/RESULTS.md").open("a", encoding="utf-8") as fh:
            fh.write(
                f"\n## Bulk: local processes and Dask (bench/bulk.py, {time.strftime('%Y-%m-%d %H:%M')})\n\n"
            )
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
