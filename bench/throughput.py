#!/usr/bin/env python3
"""Extraction throughput on the bulk corpus, one core: articles/s (median of runs), peak RSS,
cold start (import + knowledge load).

usage: python bench/throughput.py [--bulk PATH] [--articles 3000] [--runs 3] [--write-results]
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BULK = ROOT.parent / "shared/corpus/bulk.jsonl.gz"


def load_items(path: Path, n: int) -> list[dict]:
    items = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            items.append(json.loads(line))
            if len(items) >= n:
                break
    return items


def cold_start_seconds() -> float:
    """A fresh interpreter: import the engine and load all knowledge, then extract one text."""
    code = (
        "import time; t=time.perf_counter(); from marsad.extract.pipeline import extract_record; "
        "extract_record({'id': 'x', 'text': 'قتل 3 أشخاص في غارة على حلب'}); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bulk", type=Path, default=DEFAULT_BULK)
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write-results", action="store_true", help="append the figures to bench/RESULTS.md")
    args = ap.parse_args()

    colds = [cold_start_seconds() for _ in range(3)]
    from marsad.extract.pipeline import extract_record

    items = load_items(args.bulk, args.articles)
    extract_record(items[0])  # knowledge loaded before timing
    rates = []
    events = 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        events = sum(len(extract_record(it)["events"]) for it in items)
        rates.append(len(items) / (time.perf_counter() - t0))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        f"- {time.strftime('%Y-%m-%d')} on {platform.machine()} ({platform.python_version()}), one core: "
        f"{len(items)} bulk articles, median {statistics.median(rates):.0f} articles/s "
        f"(runs: {', '.join(f'{r:.0f}' for r in rates)}), {events} events, peak RSS {rss_mb:.0f} MB, "
        f"cold start median {statistics.median(colds):.2f} s",
    ]
    print("\n".join(lines))
    if args.write_results:
        with (ROOT / "bench/RESULTS.md").open("a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
