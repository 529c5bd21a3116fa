"""`marsad extract PATH… [--format jsonl|json|table|csv] [--output F]`."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from marsad.cli.app import app
from marsad.cli.checks import FOLLOW_SYMLINKS_OPTION, require_inputs, skipped_report
from marsad.util import json_line

FORMATS = ("jsonl", "json", "table", "csv")
_CSV_COLUMNS = (
    "article_id",
    "event_id",
    "date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "country",
    "lat",
    "lon",
    "geo_precision",
    "fatalities",
    "injuries",
    "casualties",
    "source",
    "hedged",
    "confidence",
    "evidence",
)


def records(
    paths: list[str],
    options: Any = None,
    bar: Any = None,
    stats: Any = None,
    *,
    follow_symlinks: bool = False,
    skipped: list[Any] | None = None,
) -> Iterator[dict[str, Any]]:
    """Article records for every input item, streamed (in this process unless `options`
    ask for workers or a cluster); `bar` is advanced per record, files not read go to `skipped`."""
    from marsad.inputs import iter_items
    from marsad.scale import BulkOptions, extract_records

    items = iter_items(paths, follow_symlinks=follow_symlinks, skipped=skipped)
    for _item, rec in extract_records(items, options or BulkOptions(workers=1), stats=stats):
        if bar is not None:
            bar.advance(1, events=len(rec["events"]), errors=bool(rec["errors"]))
        yield rec


# Options shared with `marsad ingest` (cli/store.py).
WORKERS_OPTION = typer.Option(
    None,
    "--workers",
    "-w",
    min=1,
    help="Worker processes on this machine (default: all cores). Inputs under 200 items are extracted "
    "in this process: starting workers costs about a second.",
)
ENGINE_OPTION = typer.Option(
    "local",
    "--engine",
    help="local: worker processes on this machine; dask: an existing dask.distributed cluster (--scheduler).",
)
SCHEDULER_OPTION = typer.Option(
    None, "--scheduler", help="Dask scheduler address for --engine dask, e.g. tcp://10.0.0.5:8786."
)
RESUME_HINT = "Everything written so far is kept: run the same command again to continue."


def bulk_options(
    workers: int | None, engine: str, scheduler: str | None, batch_size: int = 50, ordered: bool = True
) -> Any:
    from marsad.scale import BulkOptions

    options = BulkOptions(
        workers=workers, engine=engine, scheduler=scheduler, batch_size=batch_size, ordered=ordered
    )
    try:
        options.check()
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    return options


def run_failures() -> tuple[type[BaseException], ...]:
    """Errors that stop a bulk run without being a bug here: a worker process or Dask worker
    died, the cluster is unreachable, a worker runs another engine version."""
    from concurrent.futures.process import BrokenProcessPool

    from marsad.scale import EngineVersionMismatch

    kinds: list[type[BaseException]] = [BrokenProcessPool, EngineVersionMismatch, OSError, TimeoutError]
    try:
        from distributed import KilledWorker

        kinds.append(KilledWorker)
    except ImportError:  # Dask is optional at run time for the local engine
        pass
    return tuple(kinds)


def _show_progress(choice: bool | None, records_to_terminal: bool) -> bool:
    if choice is not None:
        return choice
    # Records printed to the terminal are their own progress; a bar would tear them apart.
    return sys.stderr.isatty() and not records_to_terminal


@contextmanager
def _maybe_bar(show: bool, label: str, paths: list[str]) -> Iterator[Any]:
    if not show:
        yield None
        return
    from rich.console import Console

    from marsad.scale.progress import BulkProgress

    with BulkProgress(Console(stderr=True), label, paths) as bar:
        yield bar


@app.command()
def extract(
    paths: list[str] = typer.Argument(
        ..., help="Files or directories (.txt, .jsonl, .jsonl.gz, .json, .html) or - for stdin."
    ),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | json | table | csv"),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    output_dir: Path | None = typer.Option(
        None,
        "--output-dir",
        help="Write Parquet partitions here instead (events/ and articles/, one file per "
        "batch; a killed run resumes when the same command is run again).",
    ),
    workers: int | None = WORKERS_OPTION,
    engine: str = ENGINE_OPTION,
    scheduler: str | None = SCHEDULER_OPTION,
    batch_size: int = typer.Option(
        50, "--batch-size", min=1, help="Items per batch (per Parquet partition)."
    ),
    unordered: bool = typer.Option(
        False,
        "--unordered",
        help="Write records as they finish, not in input "
        "order (the same records; --output-dir is the "
        "same either way).",
    ),
    progress: bool | None = typer.Option(
        None,
        "--progress/--no-progress",
        help="Progress bar on stderr (default: when stderr is a terminal and the records do not go there).",
    ),
    follow_symlinks: bool = FOLLOW_SYMLINKS_OPTION,
) -> None:
    """Extract event records from Arabic reports (one article record per input item)."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    if output is not None and output_dir is not None:
        raise typer.BadParameter("--output and --output-dir: choose one")
    require_inputs(paths)
    options = bulk_options(workers, engine, scheduler, batch_size, ordered=not unordered)
    skipped: list[Any] = []
    if output_dir is not None:
        _extract_partitions(paths, output_dir, options, progress, follow_symlinks, skipped)
        if skipped:
            typer.echo(skipped_report(skipped), err=True)
        return
    to_terminal = output is None and sys.stdout.isatty()
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    n_articles = n_events = n_errors = 0
    try:
        with _maybe_bar(_show_progress(progress, to_terminal), "extract", paths) as bar:
            recs = records(paths, options, bar, follow_symlinks=follow_symlinks, skipped=skipped)
            if fmt == "jsonl":
                for rec in recs:
                    out.write(json_line(rec) + "\n")
                    n_articles += 1
                    n_events += len(rec["events"])
                    n_errors += bool(rec["errors"])
            elif fmt == "json":
                out.write("[")
                for i, rec in enumerate(recs):
                    out.write(("," if i else "") + "\n" + json.dumps(rec, ensure_ascii=False, indent=1))
                    n_articles += 1
                    n_events += len(rec["events"])
                    n_errors += bool(rec["errors"])
                out.write("\n]\n")
            elif fmt == "csv":
                writer = csv.writer(out)
                writer.writerow(_CSV_COLUMNS)
                for rec in recs:
                    n_articles += 1
                    n_errors += bool(rec["errors"])
                    for ev in rec["events"]:
                        n_events += 1
                        writer.writerow(flat_row(rec, ev))
            else:
                _table(recs, out)
    except run_failures() as exc:
        typer.echo(f"extraction stopped: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(1) from exc
    finally:
        if output:
            out.close()
    if output or fmt != "table":
        typer.echo(
            f"{n_articles} articles, {n_events} events, {n_errors} with errors, files skipped: {len(skipped)}",
            err=True,
        )
    if skipped:
        typer.echo(skipped_report(skipped), err=True)


def _extract_partitions(
    paths: list[str],
    output_dir: Path,
    options: Any,
    progress: bool | None,
    follow_symlinks: bool,
    skipped: list[Any],
) -> None:
    from marsad.inputs import iter_items
    from marsad.scale import StreamStats, extract_to_partitions
    from marsad.scale.partitions import PartitionsMismatch, PartitionWriter

    try:
        writer = PartitionWriter(output_dir, inputs=paths, batch_size=options.batch_size)
    except PartitionsMismatch as exc:
        raise typer.BadParameter(str(exc), param_hint="--output-dir") from exc
    stats = StreamStats()
    with _maybe_bar(_show_progress(progress, False), "extract", paths) as bar:

        def on_batch(batch: Any, n_events: int) -> None:
            if bar is None:
                return
            errors = sum(1 for r in batch.records if r is not None and r["errors"])
            bar.advance(len(batch.items), events=n_events, errors=errors)
            if writer.skipped:
                bar.note(f"{writer.skipped} partition(s) already written")

        try:
            items = iter_items(paths, follow_symlinks=follow_symlinks, skipped=skipped)
            n_events = extract_to_partitions(items, writer, options, on_batch=on_batch, stats=stats)
        except run_failures() as exc:
            typer.echo(f"extraction stopped: {type(exc).__name__}: {exc}. {RESUME_HINT}", err=True)
            raise typer.Exit(1) from exc
    typer.echo(
        f"{stats.items} articles ({stats.extracted} extracted now), {n_events} events written, "
        f"{stats.items_with_errors} with errors; partitions: {writer.written} written, "
        f"{writer.skipped} already there → {output_dir}",
        err=True,
    )


def flat_row(rec: dict[str, Any], ev: dict[str, Any]) -> list[Any]:
    loc = ev.get("location") or {}
    attr = ev.get("attribution") or {}

    def best(key: str) -> Any:
        v = ev.get(key)
        return v.get("best") if v else None

    def actor(key: str) -> Any:
        a = ev.get(key)
        return a.get("name") if a else None

    return [
        rec["article_id"],
        ev["event_id"],
        ev["date"],
        ev["event_type"],
        ev["sub_event_type"],
        actor("actor1"),
        actor("actor2"),
        loc.get("name") or loc.get("mention"),
        loc.get("admin1"),
        loc.get("country"),
        loc.get("lat"),
        loc.get("lon"),
        loc.get("geo_precision"),
        best("fatalities"),
        best("injuries"),
        best("casualties"),
        attr.get("source"),
        attr.get("hedged"),
        ev["confidence"],
        " … ".join(e["text"] for e in ev["evidence"]),
    ]


def _table(recs: Iterator[dict[str, Any]], out: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="marsad events", show_lines=False)
    for col in (
        "article",
        "date",
        "type",
        "place",
        "actor1",
        "actor2",
        "killed",
        "wounded",
        "lumped",
        "source",
        "conf",
    ):
        table.add_column(col)
    for rec in recs:
        if not rec["events"]:
            table.add_row(
                rec["article_id"],
                "",
                "—" if not rec["errors"] else "error: " + "; ".join(rec["errors"])[:60],
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            )
        for ev in rec["events"]:
            row = flat_row(rec, ev)
            table.add_row(
                rec["article_id"],
                str(ev["date"] or ""),
                ev["sub_event_type"],
                str(row[7] or ""),
                str(row[5] or ""),
                str(row[6] or ""),
                str(row[13] if row[13] is not None else ""),
                str(row[14] if row[14] is not None else ""),
                str(row[15] if row[15] is not None else ""),
                str(row[16] or ""),
                f"{ev['confidence']:.2f}",
            )
    Console(file=out, width=200).print(table)
