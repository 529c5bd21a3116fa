"""`marsad ingest`, `marsad export` and `marsad db upgrade|current|stats`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from marsad.cli.app import app
from marsad.cli.checks import (
    FOLLOW_SYMLINKS_OPTION,
    require_database,
    require_inputs,
    skipped_report,
)
from marsad.cli.extract import (
    ENGINE_OPTION,
    RESUME_HINT,
    SCHEDULER_OPTION,
    WORKERS_OPTION,
    bulk_options,
    run_failures,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

DB_HELP = "Database URL: sqlite:///file.db (default sqlite:///marsad.db) or postgresql://user:pw@host/db."
DB_OPTION = typer.Option("sqlite:///marsad.db", "--db", envvar="MARSAD_DB", help=DB_HELP)
MAX_ERRORS_SHOWN = 50

db_app = typer.Typer(
    help="Database schema: apply migrations, show the revision, counts.", no_args_is_help=True
)
app.add_typer(db_app, name="db")


def _parse_date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{name} must be YYYY-MM-DD, got {value!r}") from exc


def build_filter(
    since: str | None = None,
    until: str | None = None,
    country: list[str] | None = None,
    admin1: list[str] | None = None,
    event_type: list[str] | None = None,
    actor: str | None = None,
    q: str | None = None,
    bbox: str | None = None,
) -> Any:
    from marsad.store import EventFilter, FilterError, parse_bbox

    try:
        return EventFilter(
            since=_parse_date(since, "--since"),
            until=_parse_date(until, "--until"),
            country=list(country or []),
            admin1=list(admin1 or []),
            event_type=list(event_type or []),
            actor=actor,
            q=q,
            bbox=parse_bbox(bbox) if bbox else None,
        )
    except FilterError as exc:
        raise typer.BadParameter(str(exc)) from exc


@app.command()
def ingest(
    paths: list[str] = typer.Argument(
        ..., help="Files or directories (.txt, .jsonl, .jsonl.gz, .json, .html)."
    ),
    db: str = DB_OPTION,
    batch_size: int = typer.Option(50, "--batch-size", min=1, help="Articles per transaction."),
    workers: int | None = WORKERS_OPTION,
    engine: str = ENGINE_OPTION,
    scheduler: str | None = SCHEDULER_OPTION,
    follow_symlinks: bool = FOLLOW_SYMLINKS_OPTION,
) -> None:
    """Extract events from input files and store them (idempotent: reruns add nothing twice;
    a killed run continues where it stopped when run again)."""
    from rich.console import Console
    from rich.table import Table

    from marsad.inputs import iter_items
    from marsad.scale import ingest_items
    from marsad.scale.progress import BulkProgress
    from marsad.store import ItemOutcome, Store

    require_inputs(paths)
    options = bulk_options(workers, engine, scheduler, batch_size)
    console = Console(stderr=True)
    shown = {"errors": 0}
    skipped: list[Any] = []
    with Store(db) as store, BulkProgress(console, "ingest", paths) as bar:
        counts = {"added": 0, "updated": 0, "reextracted": 0, "unchanged": 0, "duplicate": 0}

        def on_item(outcome: ItemOutcome) -> None:
            counts[outcome.status] += 1
            fresh_error = bool(outcome.errors) and outcome.status != "unchanged"
            if fresh_error and shown["errors"] < MAX_ERRORS_SHOWN:
                shown["errors"] += 1
                bar.print(
                    f"[yellow]{outcome.article_id}[/]: {'; '.join(outcome.errors)}",
                    markup=True,
                    highlight=False,
                )
            bar.advance(1, events=outcome.events, errors=fresh_error)
            if counts["unchanged"] or counts["duplicate"]:
                bar.note(f"unchanged {counts['unchanged']:,} · duplicates {counts['duplicate']:,}")

        try:
            items = iter_items(paths, follow_symlinks=follow_symlinks, skipped=skipped)
            report = ingest_items(store, items, options, origin="cli ingest", on_item=on_item)
        except run_failures() as exc:
            bar.print(
                f"[red]ingest stopped[/]: {type(exc).__name__}: {exc}. {RESUME_HINT}",
                markup=True,
                highlight=False,
            )
            raise typer.Exit(1) from exc
    table = Table(title=f"run {report.run_id} · engine {report.engine_version}")
    table.add_column("items")
    table.add_column("added")
    table.add_column("re-extracted")
    table.add_column("updated")
    table.add_column("unchanged")
    table.add_column("duplicates")
    table.add_column("with errors")
    table.add_column("events written")
    table.add_column("files skipped")
    c = report.counts
    table.add_row(
        *(
            str(c[k])
            for k in (
                "items_seen",
                "articles_added",
                "articles_reextracted",
                "articles_updated",
                "articles_unchanged",
                "duplicates",
                "item_errors",
                "events_written",
            )
        ),
        str(len(skipped)),
    )
    console.print(table)
    if skipped:
        console.print(skipped_report(skipped), markup=False, highlight=False, soft_wrap=True)
    for note in report.step_errors[:MAX_ERRORS_SHOWN]:
        console.print(f"[yellow]after storage[/]: {note}", highlight=False)
    if c["item_errors"] > shown["errors"]:
        console.print(
            f"{c['item_errors'] - shown['errors']} more item(s) with errors; they are stored on "
            "each article (GET /api/articles/ID)."
        )


@app.command()
def export(
    db: str = DB_OPTION,
    fmt: str = typer.Option(
        "acled-csv", "--format", "-f", help="acled-csv | jsonl | geojson | parquet | gold"
    ),
    output: str = typer.Option(
        ..., "--output", "-o", help="Output file (- for stdout, except parquet); a folder for gold."
    ),
    since: str | None = typer.Option(None, help="Events on or after this date (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, help="Events on or before this date (YYYY-MM-DD)."),
    country: list[str] = typer.Option([], help="Country name, Arabic name or ISO3 (repeatable)."),
    admin1: list[str] = typer.Option([], help="Governorate/province (repeatable)."),
    event_type: list[str] = typer.Option([], "--event-type", help="ACLED event type (repeatable)."),
    actor: str | None = typer.Option(None, help="Actor name (English or Arabic), substring match."),
    q: str | None = typer.Option(None, "--q", help="Text search in actors, places, evidence, titles."),
    bbox: str | None = typer.Option(None, help="min_lon,min_lat,max_lon,max_lat"),
    reviewed: bool = typer.Option(False, "--reviewed", help="With --format gold: the reviewed articles."),
) -> None:
    """Export stored events: ACLED CSV (31 columns), article-record JSONL, GeoJSON or Parquet;
    or the analysts' reviews as gold files (--format gold --reviewed)."""
    if fmt == "gold":
        from marsad.cli.review import export_gold

        export_gold(db, output, reviewed)
        return
    from marsad.fusion.exports import export_events
    from marsad.store import Store
    from marsad.store.exports import FORMATS

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    if output == "-" and fmt == "parquet":
        raise typer.BadParameter("parquet needs a file: --output FILE.parquet")
    flt = build_filter(since, until, country, admin1, event_type, actor, q, bbox)
    require_database(db)
    with Store(db) as store:
        target: Any = sys.stdout if output == "-" else Path(output)
        n = export_events(store, fmt, target, flt)
        stored = store.count_events(flt)
    # Rows are incidents: several outlets' reports of one event are one row.
    what = f"article records ({stored} events)" if fmt == "jsonl" else f"incidents from {stored} events"
    typer.echo(f"{n} {what} written to {output}", err=True)


@contextmanager
def _engine(db: str) -> Iterator[Engine]:
    """A database engine for one command, disposed of after it."""
    from marsad.store.database import make_engine

    engine = make_engine(db)
    try:
        yield engine
    finally:
        engine.dispose()


@db_app.command("upgrade")
def db_upgrade(db: str = DB_OPTION, revision: str = typer.Option("head", help="Target revision.")) -> None:
    """Apply the schema migrations shipped with marsad."""
    from marsad.store.database import upgrade_schema

    with _engine(db) as engine:
        typer.echo(f"schema at revision {upgrade_schema(engine, revision)}")


@db_app.command("current")
def db_current(db: str = DB_OPTION) -> None:
    """Print the schema revision of the database (and the newest one marsad ships)."""
    from marsad.store.database import current_revision, head_revision

    require_database(db)
    with _engine(db) as engine:
        typer.echo(f"current {current_revision(engine) or '(empty)'} · head {head_revision(engine)}")


@db_app.command("stats")
def db_stats(db: str = DB_OPTION) -> None:
    """Row counts per table and the latest ingest runs."""
    from rich.console import Console
    from rich.table import Table

    from marsad.store import Store

    require_database(db)
    with Store(db) as store:
        console = Console()
        counts = Table(title="rows")
        counts.add_column("table")
        counts.add_column("rows", justify="right")
        for name, n in store.counts().items():
            counts.add_row(name, str(n))
        console.print(counts)
        runs = Table(title="latest runs")
        for col in ("run", "engine", "status", "started", "items", "added", "events"):
            runs.add_column(col)
        for r in store.recent_runs(10):
            runs.add_row(
                str(r["run_id"]),
                r["engine_version"],
                r["status"],
                str(r["started_at"])[:19],
                str(r["items_seen"]),
                str(r["articles_added"]),
                str(r["events_written"]),
            )
        console.print(runs)
        held = store.quarantined(MAX_ERRORS_SHOWN)
        if held:
            quarantined = Table(title="quarantined articles (left out of fusion until they change)")
            for col in ("article", "step", "attempts", "last", "error"):
                quarantined.add_column(col)
            for q in held:
                quarantined.add_row(
                    q["article_id"], q["step"], str(q["attempts"]), str(q["last_at"])[:19], q["error"][:120]
                )
            console.print(quarantined)
