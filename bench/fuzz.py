#!/usr/bin/env python3
"""Long fuzz run of the extractor: N random inputs, each checked against the output contract.

Inputs come from tests/reliability/generators.py (the generators of the Hypothesis tests),
input i from random.Random(f"{seed}:{i}"), so any failure is replayed with --replay i.
Each record is checked by tests/reliability/record_checks.py: JSON Schema, exact evidence
offsets, taxonomy, bounds, unique ids, no crash swallowed into `errors`. Failures are
counted by kind (exception type or violated check); inputs slower than --slow seconds
count as failures too. Exit status 1 on any failure.

usage: python bench/fuzz.py [--n 100000] [--seed 0] [--workers 1] [--replay I] [--show 5]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests package holds the generators and checks

from tests.reliability.generators import random_item, vocabulary  # noqa: E402
from tests.reliability.record_checks import crash_kind, record_problems  # noqa: E402

from marsad.extract.pipeline import extract_record  # noqa: E402

CHUNK = 500  # inputs per task handed to a worker


def make_item(seed: int, index: int) -> dict[str, Any]:
    return random_item(random.Random(f"{seed}:{index}"))


@dataclass
class Tally:
    inputs: int = 0
    chars: int = 0
    events: int = 0
    records_with_errors: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, tuple[int, list[str]]] = field(default_factory=dict)  # kind -> (index, problems)
    slowest: list[tuple[float, int, int]] = field(default_factory=list)  # (seconds, index, chars)

    def merge(self, other: Tally) -> None:
        self.inputs += other.inputs
        self.chars += other.chars
        self.events += other.events
        self.records_with_errors += other.records_with_errors
        self.failures.update(other.failures)
        for kind, example in other.examples.items():
            self.examples.setdefault(kind, example)
        self.slowest = sorted(self.slowest + other.slowest, reverse=True)[:5]


def check_one(
    seed: int, index: int, slow: float
) -> tuple[list[str], float, dict[str, Any], dict[str, Any] | None]:
    item = make_item(seed, index)
    t0 = time.perf_counter()
    try:
        record: dict[str, Any] | None = extract_record(item)
    except Exception as exc:  # extract_record must never raise: count it by type
        return [f"raised {type(exc).__name__}: {exc}"], time.perf_counter() - t0, item, None
    seconds = time.perf_counter() - t0
    problems = record_problems(item["text"], record)
    if seconds > slow:
        problems.append(f"slow: {seconds:.1f} s for {len(item['text'])} characters")
    return problems, seconds, item, record


def run_chunk(seed: int, start: int, stop: int, slow: float) -> Tally:
    vocabulary()
    tally = Tally()
    for index in range(start, stop):
        problems, seconds, item, record = check_one(seed, index, slow)
        tally.inputs += 1
        tally.chars += len(item["text"])
        if record is not None:
            tally.events += len(record["events"])
            tally.records_with_errors += bool(record["errors"])
        tally.slowest = sorted([*tally.slowest, (seconds, index, len(item["text"]))], reverse=True)[:5]
        if problems:
            kind = problems[0].split(":")[0] if problems[0].startswith("raised ") else crash_kind(problems)
            tally.failures[kind] += 1
            tally.examples.setdefault(kind, (index, problems[:3]))
    return tally


def replay(seed: int, index: int) -> int:
    problems, seconds, item, record = check_one(seed, index, slow=float("inf"))
    print(
        json.dumps(
            {
                "index": index,
                "seconds": round(seconds, 3),
                "item": item,
                "problems": problems,
                "record": record,
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of random inputs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1, help="processes (1 = this one)")
    parser.add_argument("--slow", type=float, default=10.0, help="seconds after which one input is a failure")
    parser.add_argument("--replay", type=int, help="run input number I of this seed and print everything")
    parser.add_argument("--show", type=int, default=5, help="failure kinds to show an example of")
    args = parser.parse_args()
    if args.replay is not None:
        return replay(args.seed, args.replay)

    t_load = time.perf_counter()
    vocabulary()  # loads the engine's knowledge too: not part of the timed run
    load_seconds = time.perf_counter() - t_load
    chunks = [(i, min(i + CHUNK, args.n)) for i in range(0, args.n, CHUNK)]
    tally = Tally()
    t0 = time.perf_counter()
    if args.workers <= 1:
        for a, b in chunks:
            tally.merge(run_chunk(args.seed, a, b, args.slow))
    else:
        with ProcessPoolExecutor(args.workers) as pool:
            for part in pool.map(
                run_chunk, *zip(*[(args.seed, a, b, args.slow) for a, b in chunks], strict=True)
            ):
                tally.merge(part)
    seconds = time.perf_counter() - t0
    failures = sum(tally.failures.values())

    print(f"fuzz: seed {args.seed}, workers {args.workers}, knowledge load {load_seconds:.1f} s")
    print(f"inputs     {tally.inputs}")
    print(f"characters {tally.chars}  (mean {tally.chars / max(tally.inputs, 1):.0f} per input)")
    print(f"events     {tally.events}  (records with a per-article error: {tally.records_with_errors})")
    print(f"seconds    {seconds:.1f}")
    print(f"inputs/s   {tally.inputs / seconds:.1f}")
    print("slowest    " + ", ".join(f"#{i} {s:.2f} s ({c} chars)" for s, i, c in tally.slowest))
    print(f"failures   {failures}")
    for kind, count in tally.failures.most_common():
        print(f"  {count:7d}  {kind}")
    for kind, (index, problems) in list(tally.examples.items())[: args.show]:
        print(f"example of {kind!r}: input #{index} (replay: --seed {args.seed} --replay {index})")
        for p in problems:
            print(f"    {p[:200]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
