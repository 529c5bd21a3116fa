#!/usr/bin/env python3
"""Worst-case extraction time: adversarial Arabic texts of 0.5, 1, 2 and 5 MB on one core.

Texts are built from our own pieces (bench/adversarial_vocabulary.tsv), one kind each:
  dense      casualty sentences back to back (numbers, places, actors in every sentence)
  long       the same clauses chained with "و" into one sentence without punctuation
  numbers    sentences with one trigger and dozens of numbers (digits and words)
  places     sentences with one trigger and a hundred place names
  towns      casualty sentences, each at another town of the gazetteer: thousands of incidents
  triggers   sentences made of event triggers only
  quotes     casualty sentences inside quotes nested 40 deep, speaker before each level
Each case runs `extract_record` in a forked child (knowledge loaded once in the parent) with a
time limit, and reports wall and CPU seconds, CPU seconds per MB, events, evidence spans per
event and the work bounds the text reached; per kind, the ratio of the CPU time per character
extracted at the largest size to that at the smallest (1.0 = linear). CPU time, because the
machine is shared: wall time there measures the other jobs too.
`extract_record` cuts texts at MAX_TEXT_CHARS (2,000,000) characters: a 5 MB Arabic text is cut,
so "chars" shows what was extracted.

usage: python bench/adversarial.py [--sizes 0.5,1,2,5] [--kinds dense,long,...] [--timeout 120]
                                   [--profile dense --profile-mb 1] [--seed 0]
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import multiprocessing as mp
import pstats
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.extract.knowledgebase import knowledge  # noqa: E402
from marsad.extract.pipeline import MAX_TEXT_CHARS, extract_record  # noqa: E402

VOCABULARY = Path(__file__).with_name("adversarial_vocabulary.tsv")
MB = 1_000_000


def vocabulary() -> dict[str, list[str]]:
    pieces: dict[str, list[str]] = {}
    with VOCABULARY.open(encoding="utf-8") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in rows:
            pieces.setdefault(row["kind"], []).append(row["piece"])
    return pieces


class Pieces:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = vocabulary()

    def pick(self, kind: str) -> str:
        return self.rng.choice(self.words[kind])

    def number(self) -> str:
        return self.pick("number_word") if self.rng.random() < 0.3 else str(self.rng.randint(1, 500))

    def clause(self, place: str | None = None) -> str:
        return self.pick("casualty").format(
            n=self.number(), m=self.number(), place=place or self.pick("place"), actor=self.pick("actor")
        )


def dense(p: Pieces) -> Iterator[str]:
    while True:
        yield p.clause() + ". "


def long_sentence(p: Pieces) -> Iterator[str]:
    yield p.clause()
    while True:
        yield f" {p.pick('joiner')} {p.clause()}"


def numbers(p: Pieces) -> Iterator[str]:
    while True:
        values = " و".join(p.number() for _ in range(60))
        yield f"{p.pick('trigger')} {values} في {p.pick('place')}. "


def places(p: Pieces) -> Iterator[str]:
    while True:
        names = " و".join(p.pick("place") for _ in range(100))
        yield f"{p.pick('trigger')} {p.number()} أشخاص في {names}. "


def towns(p: Pieces) -> Iterator[str]:
    names = sorted(
        {
            place.name_ar
            for place in knowledge().gazetteer.places
            if place.name_ar and place.feature not in ("country", "admin1") and place.lat is not None
        }
    )
    while True:
        yield p.clause(place=p.rng.choice(names)) + ". "


def triggers(p: Pieces) -> Iterator[str]:
    while True:
        yield " ".join(p.pick("trigger") for _ in range(200)) + ". "


def quotes(p: Pieces, depth: int = 40) -> Iterator[str]:
    while True:
        opening = "".join(f"{p.pick('speaker')} {p.pick('quote_open')}" for _ in range(depth))
        closing = "".join(p.pick("quote_close") for _ in range(depth))
        yield f"{opening}{p.clause()}{closing}. "


KINDS: dict[str, Callable[[Pieces], Iterator[str]]] = {
    "dense": dense,
    "long": long_sentence,
    "numbers": numbers,
    "places": places,
    "towns": towns,
    "triggers": triggers,
    "quotes": quotes,
}


def build(kind: str, size_bytes: int, seed: int) -> str:
    """A text of `kind` of exactly `size_bytes` UTF-8 bytes (cut on a character boundary)."""
    parts: list[str] = []
    total = 0
    for piece in KINDS[kind](Pieces(random.Random(f"{seed}:{kind}"))):
        parts.append(piece)
        total += len(piece.encode("utf-8"))
        if total >= size_bytes:
            break
    return "".join(parts).encode("utf-8")[:size_bytes].decode("utf-8", "ignore")


def measure(text: str) -> dict[str, Any]:
    t0, c0 = time.perf_counter(), time.process_time()
    record = extract_record({"id": "adversarial", "text": text, "published": "2024-03-05"})
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    spans = [len(e["evidence"]) for e in record["events"]]
    return {
        "seconds": seconds,
        "cpu": cpu,
        "events": len(record["events"]),
        "spans_max": max(spans, default=0),
        "spans_mean": sum(spans) / len(spans) if spans else 0.0,
        "errors": record["errors"],
        "bounded": [e for e in record["errors"] if e.startswith("work bounded")],
    }


def _child(text: str, queue: Any) -> None:
    queue.put(measure(text))


def run_case(text: str, timeout: float) -> dict[str, Any] | None:
    """`measure` in a forked child; None when it takes longer than `timeout` seconds."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child, args=(text, queue))
    child.start()
    deadline = time.monotonic() + timeout
    result = None
    while time.monotonic() < deadline and result is None:
        try:
            result = queue.get(timeout=0.5)
        except Exception:  # queue.Empty: still running
            if not child.is_alive() and queue.empty():
                break
    if result is None:
        child.terminate()
    child.join()
    return result


def profile(kind: str, mb: float, seed: int, top: int) -> None:
    text = build(kind, int(mb * MB), seed)
    prof = cProfile.Profile()
    prof.enable()
    result = measure(text)
    prof.disable()
    print(f"\nprofile of {kind} at {mb} MB: {result['seconds']:.1f} s, {result['events']} events")
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(order).print_stats(top)
        lines = out.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
        print(f"-- top {top} by {order}")
        print("\n".join(lines[start : start + top + 1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.5,1,2,5", help="sizes in MB (of UTF-8), comma-separated")
    parser.add_argument("--kinds", default=",".join(KINDS), help="text kinds, comma-separated")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds allowed per case")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", default="", help="kinds to profile (cProfile), comma-separated")
    parser.add_argument("--profile-mb", type=float, default=1.0)
    parser.add_argument("--top", type=int, default=20, help="functions shown per profile")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",") if s]
    kinds = [k for k in args.kinds.split(",") if k]

    extract_record({"id": "warm-up", "text": build("dense", 2000, 0)})  # knowledge load, before forking
    print(
        f"adversarial: one core, timeout {args.timeout:.0f} s per case, texts cut at {MAX_TEXT_CHARS:,} chars"
    )
    print(
        f"{'kind':9} {'MB':>4} {'chars':>9} {'seconds':>8} {'cpu s':>7} {'cpu/MB':>7} {'cpu/Mch':>7} {'events':>7} "
        f"{'spans/ev max':>12} {'mean':>6}"
    )
    worst_ratio = 0.0
    for kind in kinds:
        per_mb: dict[float, float] = {}
        timed_out = False
        for mb in sizes:
            if timed_out:  # a larger text of a kind that already timed out: minutes more to learn nothing
                print(f"{kind:9} {mb:4} {'':>9} {'skipped':>8}")
                continue
            text = build(kind, int(mb * MB), args.seed)
            chars = min(len(text), MAX_TEXT_CHARS)
            result = run_case(text, args.timeout)
            if result is None:
                print(f"{kind:9} {mb:4} {chars:9,} {'>' + str(int(args.timeout)):>8} {'':>7} (timed out)")
                per_mb[mb] = args.timeout / (chars / MB)  # a lower bound (in wall time)
                timed_out = True
                continue
            per_mb[mb] = result["cpu"] / (chars / MB)  # per million characters extracted
            print(
                f"{kind:9} {mb:4} {chars:9,} {result['seconds']:8.2f} {result['cpu']:7.2f} "
                f"{result['cpu'] / mb:7.2f} {per_mb[mb]:7.2f} "
                f"{result['events']:7} {result['spans_max']:12} {result['spans_mean']:6.1f}"
            )
            if result["bounded"]:
                print(f"{'':15} {'; '.join(result['bounded'])}")
        small, large = min(per_mb), max(per_mb)
        ratio = per_mb[large] / per_mb[small] if per_mb[small] > 0 else float("inf")
        worst_ratio = max(worst_ratio, ratio)
        bound = " (at least: timed out)" if timed_out else ""
        print(f"{kind:9} CPU time per character at {large} MB / at {small} MB: {ratio:.2f}{bound}")
    print(f"worst ratio {worst_ratio:.2f} (1.0 = linear)")
    for kind in [k for k in args.profile.split(",") if k]:
        profile(kind, args.profile_mb, args.seed, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
