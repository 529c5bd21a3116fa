"""The progress bar of bulk commands: articles done (of how many, once known), articles/s,
ETA, events and errors so far.

The input size is counted in a background thread (files in directories, lines of .jsonl
and .jsonl.gz), so the bar starts at once and gains its total and ETA when the count is
in; stdin and .json inputs have no total.
"""

from __future__ import annotations

import gzip
import threading
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn
from rich.table import Column
from rich.text import Text

from marsad.inputs.walk import format_of, is_sidecar, walk_directory

_READ_BLOCK = 1 << 20


class _Unknown(Exception):
    pass


def _count_lines(path: Path, stop: threading.Event) -> int:
    opener: Any = gzip.open if path.name.lower().endswith(".gz") else open
    n, last = 0, b"\n"
    try:
        with opener(path, "rb") as fh:
            while block := fh.read(_READ_BLOCK):
                if stop.is_set():
                    raise _Unknown
                n += block.count(b"\n")
                last = block[-1:]
    except (OSError, EOFError, zlib.error):
        return n + 1  # the readers report a broken file as one more item
    return n + (last != b"\n")


def count_items(paths: Sequence[str], stop: threading.Event | None = None) -> int | None:
    """How many items `iter_items(paths)` will yield (blank JSON lines aside), or None when
    that is unknown without reading everything (stdin, .json arrays)."""
    stop = stop or threading.Event()
    total = 0
    try:
        for raw in paths:
            if str(raw) == "-":
                return None
            path = Path(raw)
            if path.is_dir():
                files: Any = walk_directory(path)
            elif path.is_file():
                files = [] if is_sidecar(path) else [path]
            else:
                total += 1  # a missing path is one failed item
                continue
            for file in files:
                fmt = format_of(file)[0]
                if fmt == "json":
                    return None
                total += _count_lines(file, stop) if fmt == "jsonl" else 1
    except _Unknown:
        return None
    return total


class StatusColumn(ProgressColumn):
    """Everything after the bar in one cell that never wraps: done/total · articles/s · ETA ·
    events · errors · elapsed (· a note); cut with an ellipsis on narrow terminals."""

    def __init__(self) -> None:
        super().__init__(table_column=Column(no_wrap=True, overflow="ellipsis"))

    def render(self, task: Task) -> Text:
        done = int(task.completed)
        parts = [f"{done:,}/{int(task.total):,}" if task.total is not None else f"{done:,}"]
        speed = task.finished_speed or task.speed
        parts.append(f"{speed:,.0f} articles/s" if speed else "… articles/s")
        remaining = task.time_remaining if task.total is not None and not task.finished else None
        parts.append("ETA " + (_clock(remaining) if remaining is not None else "-:--:--"))
        parts.append(f"events {task.fields['events']:,}")
        parts.append(f"errors {task.fields['errors']:,}")
        parts.append(_clock(task.finished_time if task.finished else task.elapsed) + " elapsed")
        if task.fields.get("note"):
            parts.append(task.fields["note"])
        return Text(" · ".join(parts), style="cyan")


def _clock(seconds: float | None) -> str:
    s = int(seconds or 0)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class BulkProgress:
    """`with BulkProgress(console, "ingest", paths) as bar: bar.advance(items, events=…, errors=…)`."""

    def __init__(
        self, console: Console, label: str, paths: Sequence[str] | None = None, total: int | None = None
    ) -> None:
        self.progress = Progress(
            TextColumn(f"[bold]{label}[/]", table_column=Column(no_wrap=True, min_width=len(label))),
            BarColumn(bar_width=10, table_column=Column(no_wrap=True, min_width=10)),
            StatusColumn(),
            console=console,
            transient=False,
            speed_estimate_period=20.0,
        )
        self.task = self.progress.add_task(label, total=total, events=0, errors=0, note="")
        self.events = 0
        self.errors = 0
        self._stop = threading.Event()
        self._paths = list(paths) if paths is not None and total is None else None
        self._counter: threading.Thread | None = None

    def __enter__(self) -> BulkProgress:
        self.progress.start()
        if self._paths:
            self._counter = threading.Thread(target=self._count, daemon=True, name="marsad-count-input")
            self._counter.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._counter is not None:
            self._counter.join(timeout=0.5)  # a small input's count makes it into the last frame
        self._stop.set()
        self.progress.stop()

    def _count(self) -> None:
        total = count_items(self._paths or [], self._stop)
        if total is not None and not self._stop.is_set():
            self.progress.update(self.task, total=max(total, int(self.progress.tasks[self.task].completed)))

    def advance(self, items: int = 1, *, events: int = 0, errors: int = 0) -> None:
        self.events += events
        self.errors += errors
        self.progress.update(self.task, advance=items, events=self.events, errors=self.errors)

    def note(self, text: str) -> None:
        self.progress.update(self.task, note=text)

    def print(self, *args: Any, **kwargs: Any) -> None:
        self.progress.console.print(*args, **kwargs)
