"""`bench/fuzz.py --mode store`: hostile article inputs (bench/fuzz_store_inputs.py) through the
real service path — `IngestService` (extract → store → fuse) into a real SQLite file or, with
--db, PostgreSQL — round by round, then every export format, read back.

A failure is: an uncaught exception (ingest, review, export); an input lost (each must end up
as a stored article with its text, an exact copy of one, or under an id no other input also
maps to: two inputs with different ids that land on one stored row is a silent collision); an
outcome missing or for another id; counts that disagree with the rows; an export that cannot
be read back or disagrees with the store; an article quarantined by fusion for anything but
the calendar-edge event dates the inputs poison it with. After the run a good article must still ingest,
fuse into an incident and export with its event. Inputs of failing rounds go to --failures
for `--replay FILE`.
"""

from __future__ import annotations

import copy
import io
import json
import logging
import signal
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.fuzz_store_checks import (
    check_exports,
    copy_ids,
    count_problems,
    good_article_problems,
    review_articles,
    run_items_seen,
    stored_hashes,
)
from bench.fuzz_store_inputs import FuzzInput, InputStream, decode, encode, good_sentence, input_from

from marsad.extract.pipeline import extract_record
from marsad.inputs import iter_items
from marsad.service import IngestService
from marsad.service.ingest import keyed_item
from marsad.store import ItemOutcome, Store, as_item
from marsad.store.plans import stored_id
from marsad.util import content_hash

WRITES = ("added", "updated", "reextracted", "unchanged")
Key = tuple[str, str]  # ("id", the id as the caller gave it) or ("auto", the input's number)


@dataclass(slots=True)
class Entry:
    """One item handed to the service, and what must become of it."""

    fuzz: FuzzInput
    raw: Any  # the dict or InputItem given to the service
    record: dict[str, Any] | None
    key: Key
    stored_id: str
    text_hash: str


@dataclass
class Ledger:
    """Who wrote each stored row last, and where every key's last input went."""

    writer: dict[str, Entry] = field(default_factory=dict)
    copies: dict[str, Entry] = field(default_factory=dict)

    def take(self, entry: Entry, outcome: ItemOutcome) -> list[str]:
        problems = []
        if outcome.article_id != entry.stored_id:
            problems.append(f"outcome: for {outcome.article_id!r}, the input maps to {entry.stored_id!r}")
        sid = outcome.article_id
        if len(sid) > 200 or sid != sid.encode("utf-8", "replace").decode("utf-8") or "\x00" in sid:
            problems.append(f"stored id not clean text: {sid[:60]!r}")
        before = self.writer.get(sid)
        collides = before is not None and before.key != entry.key
        if collides and (before.key[0] == "id" == entry.key[0] or before.text_hash != entry.text_hash):
            problems.append(
                f"id collision: inputs #{before.fuzz.index} and #{entry.fuzz.index} (ids "
                f"{before.key[1][:40]!r}, {entry.key[1][:40]!r}) both stored as {sid[:60]!r}"
            )
        if outcome.status in WRITES:
            self.writer[sid] = entry
            self.copies.pop(sid, None)
        elif outcome.duplicate_of == sid:  # the same id twice in one batch
            if before is not None and before.key == entry.key and before.text_hash != entry.text_hash:
                problems.append(
                    f"lost: input #{entry.fuzz.index} has the id of #{before.fuzz.index} in the same batch "
                    "and another text; reported a duplicate, the new text dropped"
                )
        else:
            self.copies[sid] = entry
        return problems

    def check(self, hashes: dict[str, str], copies: set[str]) -> list[str]:
        problems = []
        for sid, entry in self.writer.items():
            if hashes.get(sid) != entry.text_hash:
                how = "missing" if sid not in hashes else "holds another text"
                problems.append(f"lost: input #{entry.fuzz.index} stored as {sid[:60]!r}, row {how}")
        for sid, entry in self.copies.items():
            if sid not in copies and sid not in hashes:
                problems.append(f"lost: input #{entry.fuzz.index}, a copy, has no copy row {sid[:60]!r}")
        return problems


def given_key(fuzz: FuzzInput, raw: Any) -> Key:
    """The id the caller gave, as the caller's way in reads it (a reader takes `article_id` too
    and numbers as text; a Python caller only `id`), or none: ("auto", input number)."""
    item = fuzz.item
    if fuzz.kind == "jsonl":
        names = [k for k in ("id", "article_id") if k in item]
        value = item[names[0]] if names else None
    else:
        value = item.get("id")
    if isinstance(value, bool | int | float):
        value = str(value)
    if not isinstance(value, str) or value == "" or (fuzz.kind == "jsonl" and not value.strip()):
        return ("auto", str(fuzz.index))
    return ("id", value)


def _record(view: dict[str, Any], day: Any) -> dict[str, Any]:
    """A record made elsewhere (a worker, an older engine) whose events carry `day`."""
    record = dict(extract_record(view))
    record["article_id"] = view["id"]
    for ev in record["events"]:
        ev["date"] = day
    return record


def entries_of(fuzz: FuzzInput) -> list[Entry]:
    """What the service is handed for one input: the dict itself, or the reader's items of its
    JSON line (stdin, as `marsad ingest -` reads a pipe)."""
    if fuzz.kind == "jsonl":
        line = json.dumps(fuzz.item, ensure_ascii=fuzz.index % 2 == 0, default=str)
        data = line.encode("utf-8", "surrogatepass")
        raws: list[Any] = list(iter_items(["-"], stdin=io.BytesIO(data)))
    else:
        raws = [copy.deepcopy(fuzz.item)]
    out = []
    for raw in raws:
        view = keyed_item(copy.deepcopy(as_item(raw)))
        record = _record(view, fuzz.event_date) if fuzz.kind == "record" else None
        key = given_key(fuzz, raw)
        out.append(Entry(fuzz, raw, record, key, stored_id(view), content_hash(view["text"])))
    return out


def error_class(error: str) -> str:
    head = error.split("(")[0].split(":")[0] if not error.startswith(("id", "text", "title")) else error
    return " ".join(w if not any(c.isdigit() for c in w) else "N" for w in head.split()[:6])[:60]


@dataclass
class Tally:
    inputs: int = 0
    items: int = 0
    stored: Counter[str] = field(default_factory=Counter)  # outcome status -> count
    errors: Counter[str] = field(default_factory=Counter)  # per-item error class -> count
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    reviewed: int = 0
    quarantined: int = 0
    databases: int = 0  # totals over the databases of the run
    articles: int = 0
    events: int = 0
    in_quarantine: int = 0
    interrupted: bool = False

    def fail(self, problems: list[str]) -> None:
        for p in problems:
            kind = p.split(":")[0]
            self.failures[kind] += 1
            self.examples.setdefault(kind, p[:400])


@dataclass
class Run:
    store: Store
    scratch: Path
    batch: int
    failures_path: Path | None
    tally: Tally = field(default_factory=Tally)
    ledger: Ledger = field(default_factory=Ledger)

    def round(self, number: int, inputs: list[FuzzInput], export: bool) -> None:
        entries, problems = [], []
        for fuzz in inputs:
            try:
                found = entries_of(fuzz)
            except Exception as exc:  # a reader or the edge checks raised
                problems.append(f"raised {type(exc).__name__} before the store (#{fuzz.index}): {exc}"[:300])
                continue
            if fuzz.kind == "jsonl" and len(found) != 1:
                problems.append(f"lost: the reader gave {len(found)} items for input #{fuzz.index}")
            entries += found
        problems += self.ingest(entries)
        hashes = stored_hashes(self.store)
        problems += self.ledger.check(hashes, copy_ids(self.store))
        problems += count_problems(self.store, hashes)
        if export:
            problems += check_exports(self.store, self.scratch / "exports")
        self.tally.inputs += len(inputs)
        self.tally.items += len(entries)
        self.tally.fail(problems)
        if problems and self.failures_path is not None:
            with self.failures_path.open("a", encoding="utf-8") as fh:
                for fuzz in inputs:
                    fh.write(encode({"round": number, "problems": problems[:20], **fuzz_dict(fuzz)}) + "\n")

    def ingest(self, entries: list[Entry]) -> list[str]:
        service = IngestService(self.store)
        try:
            report = service.ingest_extracted([(e.raw, e.record) for e in entries], batch_size=self.batch)
        except Exception as exc:  # the service must never raise on its inputs
            return [f"raised {type(exc).__name__} in ingest: {exc}"[:300]]
        problems = [
            f"fusion blocked: {e}"[:300] for e in report.step_errors if not e.startswith("fusion failed")
        ]
        # The inputs poison fusion one way only: event dates at the calendar's edge (records made
        # elsewhere) overflow its date window. An article quarantined for anything else is a bug.
        problems += [
            f"quarantined: {e}"[:300]
            for e in report.step_errors
            if e.startswith("fusion failed on") and "OverflowError" not in e
        ]
        if len(report.outcomes) != len(entries):
            problems.append(f"lost: {len(entries)} items, {len(report.outcomes)} outcomes")
        seen = run_items_seen(self.store, report.run_id)
        if seen is None or seen.items_seen != len(entries) or seen.status != "completed":
            problems.append(f"counts: run {report.run_id} is {seen} for {len(entries)} items")
        with_events = []
        for entry, outcome in zip(entries, report.outcomes, strict=False):
            problems += self.ledger.take(entry, outcome)
            self.tally.stored[outcome.status] += 1
            self.tally.errors.update({error_class(e) for e in outcome.errors})
            if outcome.events and outcome.status in ("added", "updated"):
                with_events.append(outcome.article_id)
        self.tally.quarantined += sum(e.startswith("fusion failed on") for e in report.step_errors)
        try:
            self.tally.reviewed += review_articles(
                self.store, with_events[:: max(1, len(with_events) // 3)][:3]
            )
        except Exception as exc:
            problems.append(f"raised {type(exc).__name__} in review: {exc}"[:300])
        return problems


def fuzz_dict(fuzz: FuzzInput) -> dict[str, Any]:
    return {"index": fuzz.index, "kind": fuzz.kind, "item": fuzz.item, "event_date": fuzz.event_date}


def generated(seed: int, n: int, size: int) -> Iterator[list[FuzzInput]]:
    stream = InputStream(seed)
    for start in range(0, n, size):
        yield [stream.next() for _ in range(min(size, n - start))]


def replayed(path: Path) -> Iterator[list[FuzzInput]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    yield [input_from(decode(line)) for line in lines if line.strip()]


def run_store(args: Any) -> int:
    """The store mode of bench/fuzz.py (its arguments: n, seed, db, batch, round, export_every,
    db_every, failures, replay). On SQLite a new database is started every `db_every` inputs:
    the checks after each round read every row back, so one database for 100,000 inputs would
    spend the run re-reading it; each database ends with every export and a good article."""
    # Quarantined articles are counted in the summary; one warning line each would drown it.
    logging.getLogger("marsad.fusion.isolation").setLevel(logging.ERROR)
    signal.signal(signal.SIGTERM, _stop)  # `kill PID` stops a long run with its report
    with tempfile.TemporaryDirectory(prefix="marsad-fuzz-") as tmp:
        scratch = Path(tmp)
        failures_path = Path(args.failures) if args.failures else None
        if failures_path is not None:
            failures_path.write_text("", encoding="utf-8")
        rounds = replayed(Path(args.replay)) if args.replay else generated(args.seed, args.n, args.round)
        per_db = max(1, args.db_every // max(1, args.round)) if not args.db else None
        every = max(1, args.export_every // max(1, args.round))
        tally = Tally()
        run: Run | None = None
        t0 = time.perf_counter()
        try:
            for number, inputs in enumerate(rounds):
                if run is None or (per_db is not None and number % per_db == 0):
                    if run is not None:
                        close_db(run, scratch)
                    url = args.db or f"sqlite:///{scratch / f'fuzz-{number}.db'}"
                    run = Run(Store(url), scratch, args.batch, failures_path, tally)
                run.round(number, inputs, export=(number + 1) % every == 0)
                if args.progress and number % args.progress == 0:
                    print(
                        f"  round {number}: {tally.inputs} inputs, {sum(tally.failures.values())} failures, "
                        f"{tally.inputs / (time.perf_counter() - t0):.1f}/s",
                        flush=True,
                    )
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the rounds so far are checked and reported
            tally.interrupted = True
        if run is not None:
            close_db(run, scratch)
        seconds = time.perf_counter() - t0
        return report(args, args.db or "sqlite:///", tally, seconds)


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def close_db(run: Run, scratch: Path) -> None:
    """The end of one database: a good article still ingests, fuses and exports (with every
    export read back). Its counts go into the tally and its SQLite file is removed."""
    with run.store as store:
        run.tally.fail(good_article_problems(store, good_sentence(), scratch / "exports"))
        counts = store.counts()
    run.tally.databases += 1
    run.tally.articles += counts["articles"]
    run.tally.events += counts["events"]
    run.tally.in_quarantine += counts.get("quarantine", 0)
    if run.store.engine.url.get_backend_name() == "sqlite":
        Path(str(run.store.engine.url.database)).unlink(missing_ok=True)


def report(args: Any, url: str, t: Tally, seconds: float) -> int:
    failures = sum(t.failures.values())
    where = url.split("@")[-1] if "@" in url else url.split(":///")[0]
    print(
        f"fuzz: mode store, seed {args.seed}, db {where}, batch {args.batch}, round {args.round}, "
        f"export every {args.export_every}" + ("" if args.db else f", a new database every {args.db_every}")
    )
    cut = "  (interrupted: the rounds finished before it)" if t.interrupted else ""
    print(f"inputs     {t.inputs}  (items handed to the service: {t.items}){cut}")
    print("outcomes   " + ", ".join(f"{k} {v}" for k, v in t.stored.most_common()))
    print(
        f"stored     {t.articles} articles, {t.events} events, quarantine {t.in_quarantine} "
        f"in {t.databases} database(s); events reviewed {t.reviewed}"
    )
    print("errors by class (items):")
    for kind, count in t.errors.most_common(25):
        print(f"  {count:7d}  {kind}")
    print(f"seconds    {seconds:.1f}")
    print(f"inputs/s   {t.inputs / max(seconds, 1e-9):.1f}")
    print(f"failures   {failures}")
    for kind, count in t.failures.most_common():
        print(f"  {count:7d}  {kind}\n           e.g. {t.examples[kind][:300]}")
    if failures and args.failures:
        print(
            f"inputs of the failing rounds: {args.failures} (replay: --mode store --replay {args.failures})"
        )
    return 1 if failures else 0
