"""`marsad demo`: the built-in example reports → SQLite → table of events → dashboard."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import typer

from marsad.cli.app import app

DEMO_DB = Path("marsad-demo.db")


def _has_examples(folder: Path) -> bool:
    return folder.is_dir() and any(folder.glob("*.txt"))


def find_examples() -> Path:
    """The example reports: shipped in the package (marsad/examples/) or, in a source
    checkout, the repository's examples/ folder."""
    packaged = Path(str(resources.files("marsad").joinpath("examples")))
    if _has_examples(packaged):
        return packaged
    import marsad

    checkout = Path(marsad.__file__).resolve().parents[2] / "examples"
    if _has_examples(checkout):
        return checkout
    raise FileNotFoundError(f"no example reports found in {packaged} or {checkout}")


def build_demo_db(db: Path, examples: Path | None = None) -> dict[str, Any]:
    """Extract the examples into a SQLite file (idempotent); returns the ingest counts."""
    from marsad.inputs import iter_items
    from marsad.service import ingest
    from marsad.store import Store

    with Store(f"sqlite:///{db}") as store:
        report = ingest(store, iter_items([str(examples or find_examples())]), origin="demo")
        return report.counts


def _events_table(db: Path) -> Any:
    from rich.table import Table

    from marsad.store import Store

    table = Table(title="marsad demo · الأحداث المستخرجة (extracted events)", show_lines=False)
    table.add_column("date", no_wrap=True, min_width=10)
    for col in ("event type", "sub-event type", "actor 1", "actor 2", "location"):
        table.add_column(col)
    table.add_column("fatalities", justify="right")
    with Store(f"sqlite:///{db}") as store:
        for row in store.iter_events():
            place = ", ".join(p for p in (row["location"], row["admin1"], row["country"]) if p)
            table.add_row(
                row["event_date"].isoformat() if row["event_date"] else "—",
                row["event_type"],
                row["sub_event_type"],
                row["actor1"] or "—",
                row["actor2"] or "—",
                place or "—",
                str(row["fatalities"] if row["fatalities"] is not None else "—"),
            )
    return table


@app.command()
def demo(
    port: int = typer.Option(8000, min=1, max=65535),
    host: str = typer.Option("127.0.0.1"),
    db: Path = typer.Option(DEMO_DB, "--db", help="SQLite file for the demo."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Build the database and print the events only."),
) -> None:
    """Extract the built-in example reports into SQLite and open the dashboard on them."""
    from rich.console import Console

    console = Console()
    examples = find_examples()
    counts = build_demo_db(db, examples)
    console.print(
        f"examples: {examples} · {counts['items_seen']} reports · {counts['articles_added']} new · "
        f"database: {db}"
    )
    console.print(_events_table(db))
    if no_serve:
        return
    import uvicorn

    from marsad.api import create_app

    console.print(f"[bold]dashboard:[/] http://{host}:{port}/   [bold]API docs:[/] http://{host}:{port}/docs")
    uvicorn.run(create_app(f"sqlite:///{db}"), host=host, port=port, log_level="warning")
