"""`marsad export --format gold --reviewed` (analysts' reviews as gold files) and `marsad reviews`
(how far review has got: events by review status, reviews that no longer apply)."""

from __future__ import annotations

from pathlib import Path

import typer

from marsad.cli.app import app

# The same option as `marsad export`'s (not imported from cli/store.py, which calls export_gold).
DB_OPTION = typer.Option(
    "sqlite:///marsad.db",
    "--db",
    envvar="MARSAD_DB",
    help="Database URL: sqlite:///file.db or postgresql://…",
)


def export_gold(db: str, output: str, reviewed: bool) -> None:
    """Write the reviewed articles as gold (gold-format.md) into the folder `output`."""
    from marsad.store import Store
    from marsad.store.gold import INPUT_NAME, write_gold

    if not reviewed:
        raise typer.BadParameter("--format gold writes what analysts reviewed: add --reviewed")
    if output == "-":
        raise typer.BadParameter("--format gold writes a folder: --output DIR")
    target = Path(output)
    with Store(db) as store:
        report = write_gold(store, target)
    typer.echo(
        f"{report.articles} reviewed articles ({report.events} events, {report.rejected} rejected left out) "
        f"written to {target}; score with: marsad eval {target} {target / INPUT_NAME} --run",
        err=True,
    )


@app.command("reviews")
def reviews_summary(db: str = DB_OPTION) -> None:
    """Events by review status, reviewed articles, and reviews flagged as no longer applying."""
    from rich.console import Console
    from rich.table import Table
    from sqlalchemy import func, select

    from marsad.store import Store
    from marsad.store.gold import reviewed_article_ids
    from marsad.store.review_tables import review_state, unreviewed
    from marsad.store.tables import events

    with Store(db) as store, store.engine.connect() as conn:
        waiting = int(conn.execute(select(func.count()).select_from(events).where(unreviewed())).scalar_one())
        by_status: dict[str, int] = dict(
            conn.execute(select(review_state.c.status, func.count()).group_by(review_state.c.status)).all()
        )
        stale = (
            conn.execute(select(review_state.c.event_id).where(review_state.c.stale.is_(True)))
            .scalars()
            .all()
        )
        articles = len(reviewed_article_ids(conn))
    table = Table(title="review")
    table.add_column("status")
    table.add_column("events", justify="right")
    table.add_row("unreviewed", str(waiting))
    for status in ("confirmed", "corrected", "rejected"):
        table.add_row(status, str(by_status.get(status, 0)))
    table.add_row("no longer applying", str(len(stale)))
    table.add_row("reviewed articles", str(articles))
    Console().print(table)
    for event_id in stale[:50]:
        typer.echo(f"stale: {event_id}")
