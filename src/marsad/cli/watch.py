"""`marsad watch FEEDS.yaml`: poll RSS/Atom feeds and ingest new items as they appear."""

from __future__ import annotations

import signal
import threading
from typing import Any

import typer

from marsad.cli.app import app


@app.command()
def watch(
    feeds_file: str = typer.Argument(
        ..., metavar="FEEDS.yaml", help="Feeds to poll (see marsad.feeds.config)."
    ),
    db: str = typer.Option(
        "sqlite:///marsad.db",
        "--db",
        envvar="MARSAD_DB",
        help="Database URL: sqlite:///file.db or postgresql://user:pw@host/db.",
    ),
    once: bool = typer.Option(False, "--once", help="Poll every feed once, then stop."),
    cycles: int | None = typer.Option(None, "--cycles", min=1, help="Stop after this many polling cycles."),
    duration: float | None = typer.Option(None, "--duration", min=0, help="Stop after this many seconds."),
    workers: int = typer.Option(4, "--workers", min=1, max=32, help="Feeds and pages fetched at once."),
) -> None:
    """Poll feeds (conditional GET, per-host rate limit, retries), fetch new and updated items,
    extract their main text, ingest, de-duplicate and fuse them into incidents. State is kept in
    the database: a restart resumes without storing anything twice. Ctrl-C stops cleanly."""
    from rich.console import Console

    from marsad.feeds import ConfigError, CycleReport, Watcher, load_config
    from marsad.store import Store

    console = Console(stderr=True)
    try:
        config = load_config(feeds_file)
    except ConfigError as exc:
        raise typer.BadParameter(str(exc), param_hint="FEEDS.yaml") from exc
    stop = threading.Event()

    def on_signal(_signum: int, _frame: Any) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    totals = {"stored": 0, "unchanged": 0, "failed": 0, "gave_up": 0}

    def on_cycle(report: CycleReport) -> None:
        for feed in report.failed_feeds:
            console.print(
                f"[red]feed failed[/] {feed.feed_url}: {feed.error} (attempts {feed.attempts}, "
                f"{feed.failures} failed poll(s) in a row; retry in {feed.retry_in_s:.0f} s)",
                markup=True,
                highlight=False,
            )
        for item in report.items:
            totals[item.status] = totals.get(item.status, 0) + 1
            if item.status == "stored":
                incidents = ", ".join(item.incidents) or "no event"
                console.print(
                    f"[green]stored[/] {item.article_id} ← {item.link} · {item.latency_s:.2f} s · "
                    f"incidents: {incidents}",
                    markup=True,
                    highlight=False,
                )
            elif item.status in ("failed", "gave_up"):
                console.print(
                    f"[yellow]{item.status}[/] {item.link}: {item.error}", markup=True, highlight=False
                )
        polled = report.feeds
        if polled:
            console.print(
                f"cycle {report.started:%H:%M:%S}: {len(polled)} feed(s) polled, "
                f"{sum(f.new for f in polled)} new, {sum(f.updated for f in polled)} updated, "
                f"{len(report.stored)} stored",
                highlight=False,
            )

    try:
        with Store(db) as store, Watcher(store, config, stop=stop, max_workers=workers) as watcher:
            watcher.run(cycles=1 if once else cycles, duration=duration, on_cycle=on_cycle)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    console.print(" · ".join(f"{k} {v}" for k, v in totals.items()), highlight=False)
