#!/usr/bin/env python3
"""Long fuzz run of the extractor: N random inputs, each checked against the output contract.

Two modes. `--mode text` (the default) hands random items straight to `extract_record`.
`--mode metadata` goes through the readers first: each input is one JSON line (or, one in
twenty, a .txt file with an index.tsv row and a file name that is not UTF-8) whose id, dates,
source, title and text are hostile: lone surrogates, control characters, huge values, wrong
JSON types, broken JSON. The readers must not raise and must hand out clean items (no lone
surrogate anywhere, `published` null or a plausible ISO date, bounded ids), and every record
must pass the same checks as in text mode and encode as UTF-8.

Inputs come from tests/reliability/generators.py (the generators of the Hypothesis tests),
input i from random.Random(f"{seed}:{i}"), so any failure is replayed with --replay i.
Each record is checked by tests/reliability/record_checks.py: JSON Schema, exact evidence
offsets, taxonomy, bounds, unique ids, no crash swallowed into `errors`. Failures are
counted by kind (exception type or violated check); inputs slower than --slow seconds
count as failures too. Exit status 1 on any failure.

`--mode store` (bench/fuzz_store.py) ingests hostile ids, dates, sources and texts through the
ingest service into SQLite (or --db PostgreSQL), fuses, exports every format and reads it back;
on SQLite a new database every --db-every inputs, each ending with a good article. `kill PID`
stops a long store run with the report of the rounds done.

usage: python bench/fuzz.py [--mode text|metadata|store] [--n 100000] [--seed 0] [--workers 1]
                            [--replay I] [--show 5] [store options: see --help]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests package holds the generators and checks

from tests.reliability.generators import PUBLISHED, random_item, random_text, vocabulary  # noqa: E402
from tests.reliability.record_checks import crash_kind, record_problems  # noqa: E402

from marsad.extract.pipeline import extract_record  # noqa: E402
from marsad.inputs import InputItem, iter_items  # noqa: E402
from marsad.inputs.item import MAX_ID_CHARS, MAX_META_CHARS, check_published  # noqa: E402

CHUNK = 500  # inputs per task handed to a worker
MODES = ("text", "metadata", "store")


def make_item(seed: int, index: int) -> dict[str, Any]:
    return random_item(random.Random(f"{seed}:{index}"))


# --------------------------------------------------------------------------- hostile metadata

SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\udcff")
CONTROLS = ("\x00", "\x01", "\x08", "\x1b", "\x7f", "\x85", "\u2028", "\u202e", "\ufeff", "\t", "\n", "\r")
EDGE_DATES = (
    "0001-01-01",
    "0001-01-01T00:00:00Z",
    "9999-12-31",
    "1899-12-31",
    "1900-01-01",
    "2999-01-01",
    "+10000-01-01",
    "-001-01-01",
    "2024-W10-1",
    "20240305",
    "2024-03-05" + "x" * 5000,
)
KEYS = {
    "id": ("id", "article_id"),
    "source": ("source", "outlet"),
    "published": ("published",),
    "title": ("title",),
}
_SURROGATE = re.compile("[\ud800-\udfff]")


def hostile_string(rng: random.Random) -> str:
    kind = rng.randint(0, 7)
    base = rng.choice(("a1", "مقال", "وكالة الأنباء", "x", "", " ", "id/with/slashes", "../../etc/passwd"))
    if kind == 0:
        return base + rng.choice(SURROGATES) + base
    if kind == 1:
        return "".join(rng.choice(CONTROLS + (base,)) for _ in range(rng.randint(1, 8)))
    if kind == 2:
        return (base or "z") * rng.randint(200, 200_000)
    if kind == 3:
        return rng.choice(PUBLISHED + EDGE_DATES) or ""
    if kind == 4:
        return "".join(rng.choice(SURROGATES + CONTROLS) for _ in range(rng.randint(1, 5)))
    return base


def hostile_value(rng: random.Random) -> Any:
    kind = rng.randint(0, 11)
    if kind <= 5:
        return hostile_string(rng)
    if kind == 6:
        return rng.choice((0, -1, 10**30, 2**63, 20240305))
    if kind == 7:
        return rng.choice((1.5, float("nan"), float("inf"), -0.0, 1e308))
    if kind == 8:
        return rng.choice((True, False, None))
    if kind == 9:
        return [hostile_string(rng)] * rng.randint(0, 3)
    if kind == 10:
        return {"value": hostile_string(rng)}
    return rng.choice(EDGE_DATES)


def hostile_object(rng: random.Random) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for name in ("id", "source", "published", "title"):
        if rng.randint(0, 5):
            obj[rng.choice(KEYS[name])] = hostile_value(rng)
    text = random_text(rng, 30)
    obj["text"] = text + rng.choice(SURROGATES) if rng.randint(0, 3) == 0 else text
    if rng.randint(0, 9) == 0:
        obj["text"] = hostile_value(rng)
    if rng.randint(0, 9) == 0:
        del obj["text"]
    return obj


def hostile_line(rng: random.Random) -> str:
    """One JSON line: mostly an object with hostile fields, sometimes broken or not an object."""
    kind = rng.randint(0, 19)
    if kind == 0:
        return json.dumps(hostile_value(rng))
    if kind == 1:
        return "[" * rng.randint(1, 100_000)
    line = json.dumps(hostile_object(rng), ensure_ascii=bool(rng.randint(0, 1)))
    if kind == 2:
        return line[: rng.randint(1, max(1, len(line) - 1))]
    return line


def hostile_file(rng: random.Random, folder: Path) -> Path:
    """A .txt article whose name is not UTF-8, with an index.tsv row of hostile metadata."""
    name = os.fsencode(folder) + b"/" + bytes(rng.randint(0x80, 0xFF) for _ in range(3)) + b".txt"
    with open(name, "wb") as fh:
        fh.write(random_text(rng, 30).encode("utf-8", "replace"))
    stem = os.fsdecode(os.path.basename(name))[:-4]

    def cell() -> str:
        return re.sub("[\t\r\n]", " ", str(hostile_value(rng)))

    row = "\t".join((stem, cell(), cell(), cell()))
    (folder / "index.tsv").write_bytes(f"id\tpublished\toutlet\ttitle\n{row}\n".encode("utf-8", "replace"))
    return folder


def item_problems(item: InputItem) -> list[str]:
    """What a reader must never hand on: unencodable text, implausible dates, unbounded ids."""
    problems = []
    for name in ("id", "text", "title", "source", "published", "origin"):
        value = getattr(item, name)
        if value is not None and not isinstance(value, str):
            problems.append(f"item: {name} is {type(value).__name__}")
        elif value and _SURROGATE.search(value):
            problems.append(f"item: lone surrogate in {name}")
    if any(not isinstance(e, str) or _SURROGATE.search(e) for e in item.errors):
        problems.append("item: an error entry is not clean text")
    if item.published is not None and check_published(item.published) != (item.published, None):
        problems.append(f"item: published kept: {item.published[:40]!r}")
    if not item.id or len(item.id) > MAX_ID_CHARS:
        problems.append(f"item: id of {len(item.id)} characters")
    if any(len(v) > MAX_META_CHARS for v in (item.title, item.source) if v):
        problems.append("item: huge title or source")
    return problems


def metadata_items(seed: int, index: int, scratch: Path) -> list[InputItem]:
    rng = random.Random(f"meta:{seed}:{index}")
    if index % 20 == 19:
        folder = Path(tempfile.mkdtemp(dir=scratch))
        items = list(iter_items([hostile_file(rng, folder)]))
        for path in os.listdir(os.fsencode(folder)):
            os.unlink(os.fsencode(folder) + b"/" + path)
        os.rmdir(folder)
        return items
    data = hostile_line(rng).encode("utf-8", "surrogatepass")
    return list(iter_items(["-"], stdin=io.BytesIO(data)))


def check_metadata(seed: int, index: int, slow: float, scratch: Path) -> tuple[list[str], float, int, int]:
    """(problems, seconds, characters, events) of one hostile input through readers and engine."""
    t0 = time.perf_counter()
    try:
        items = metadata_items(seed, index, scratch)
    except Exception as exc:  # the readers must never raise
        return [f"raised {type(exc).__name__} in a reader: {exc}"[:300]], time.perf_counter() - t0, 0, 0
    problems: list[str] = []
    chars = events = 0
    for item in items:
        problems += item_problems(item)
        chars += len(item.text)
        try:
            record = extract_record(item.to_dict())
            json.dumps(record, ensure_ascii=False).encode("utf-8")
        except Exception as exc:
            problems.append(f"raised {type(exc).__name__}: {exc}"[:300])
            continue
        events += len(record["events"])
        problems += record_problems(item.text, record)
    seconds = time.perf_counter() - t0
    if seconds > slow:
        problems.append(f"slow: {seconds:.1f} s")
    return problems, seconds, chars, events


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


def run_metadata_chunk(seed: int, start: int, stop: int, slow: float) -> Tally:
    tally = Tally()
    with tempfile.TemporaryDirectory() as scratch:
        for index in range(start, stop):
            problems, seconds, chars, events = check_metadata(seed, index, slow, Path(scratch))
            tally.inputs += 1
            tally.chars += chars
            tally.events += events
            tally.slowest = sorted([*tally.slowest, (seconds, index, chars)], reverse=True)[:5]
            if problems:
                kind = (
                    problems[0].split(":")[0]
                    if problems[0].startswith(("raised ", "item"))
                    else crash_kind(problems)
                )
                tally.failures[kind] += 1
                tally.examples.setdefault(kind, (index, problems[:3]))
    return tally


def run_chunk(seed: int, start: int, stop: int, slow: float, mode: str = "text") -> Tally:
    vocabulary()
    if mode == "metadata":
        return run_metadata_chunk(seed, start, stop, slow)
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
    parser.add_argument(
        "--mode", choices=MODES, default="text", help="text: the engine; metadata: readers too"
    )
    parser.add_argument("--n", type=int, default=100_000, help="number of random inputs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1, help="processes (1 = this one)")
    parser.add_argument("--slow", type=float, default=10.0, help="seconds after which one input is a failure")
    parser.add_argument("--replay", type=int, help="run input number I of this seed and print everything")
    parser.add_argument("--show", type=int, default=5, help="failure kinds to show an example of")
    store = parser.add_argument_group("store mode (bench/fuzz_store.py)")
    store.add_argument("--db", help="database URL (default: a new SQLite file); PostgreSQL: postgresql://…")
    store.add_argument("--batch", type=int, default=50, help="items per ingest batch")
    store.add_argument("--round", type=int, default=1000, help="inputs per ingest run, checked after each")
    store.add_argument("--export-every", type=int, default=10_000, help="inputs between full exports")
    store.add_argument(
        "--db-every",
        type=int,
        default=10_000,
        help="SQLite: inputs per database (each ends with a good article)",
    )
    store.add_argument("--failures", default="fuzz-store-failures.jsonl", help="inputs of failing rounds")
    store.add_argument("--replay-file", help="ingest the inputs of a failures file instead")
    store.add_argument("--progress", type=int, default=0, help="print a line every N rounds")
    args = parser.parse_args()
    if args.mode == "store":
        from bench.fuzz_store import run_store

        args.replay = args.replay_file
        return run_store(args)
    if args.replay is not None:
        if args.mode == "metadata":
            with tempfile.TemporaryDirectory() as scratch:
                problems = check_metadata(args.seed, args.replay, float("inf"), Path(scratch))[0]
                items = [i.to_dict() for i in metadata_items(args.seed, args.replay, Path(scratch))]
            print(
                json.dumps({"index": args.replay, "items": items, "problems": problems}, ensure_ascii=False)[
                    :20_000
                ]
            )
            return 1 if problems else 0
        return replay(args.seed, args.replay)

    t_load = time.perf_counter()
    vocabulary()  # loads the engine's knowledge too: not part of the timed run
    load_seconds = time.perf_counter() - t_load
    chunks = [(i, min(i + CHUNK, args.n)) for i in range(0, args.n, CHUNK)]
    tally = Tally()
    t0 = time.perf_counter()
    if args.workers <= 1:
        for a, b in chunks:
            tally.merge(run_chunk(args.seed, a, b, args.slow, args.mode))
    else:
        with ProcessPoolExecutor(args.workers) as pool:
            for part in pool.map(
                run_chunk, *zip(*[(args.seed, a, b, args.slow, args.mode) for a, b in chunks], strict=True)
            ):
                tally.merge(part)
    seconds = time.perf_counter() - t0
    failures = sum(tally.failures.values())

    print(
        f"fuzz: mode {args.mode}, seed {args.seed}, workers {args.workers}, knowledge load {load_seconds:.1f} s"
    )
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
        print(
            f"example of {kind!r}: input #{index} (replay: --mode {args.mode} --seed {args.seed} --replay {index})"
        )
        for p in problems:
            print(f"    {p[:200]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
