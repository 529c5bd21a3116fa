"""`marsad where NAME` and `marsad gazetteer stats`: look into the packaged gazetteer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from marsad.cli.app import app

gazetteer_app = typer.Typer(help="Inspect the packaged gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

GazetteerPath = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at run time
    typer.Option(help="a built gazetteer other than the packaged one"),
]


@app.command()
def where(
    name: str = typer.Argument(..., help='place name, Arabic or Latin, e.g. "خان طومان"'),
    country: str = typer.Option("", "--country", "-c", help="keep only this ISO2 country"),
    limit: int = typer.Option(10, help="show at most this many candidates"),
    gazetteer: GazetteerPath = None,
) -> None:
    """List the gazetteer's candidates for NAME with a score and why."""
    from rich.console import Console
    from rich.table import Table

    from marsad.geo.candidates import ranked_candidates
    from marsad.geo.gazetteer import Gazetteer
    from marsad.text.normalize import normalize_key

    gaz = Gazetteer.load(gazetteer)
    rows = ranked_candidates(gaz, name, country)
    console = Console()
    if not rows:
        console.print(f"no candidates for {name!r} (key {normalize_key(name)!r})")
        raise typer.Exit(1)
    table = Table(title=f"{name} → {len(rows)} candidate(s)")
    for col in (
        "score",
        "id",
        "name",
        "country",
        "admin1",
        "admin2",
        "lat",
        "lon",
        "feature",
        "why",
        "source",
    ):
        table.add_column(col, overflow="fold")
    for c in rows[:limit]:
        s, p, why = c.score, c.place, c.why
        table.add_row(
            f"{s:.2f}",
            p.id,
            f"{p.name_en} / {p.name_ar}",
            p.country,
            p.admin1 or "",
            p.admin2 or "",
            "" if p.lat is None else f"{p.lat:.5f}",
            "" if p.lon is None else f"{p.lon:.5f}",
            p.feature,
            ", ".join(why),
            p.source,
        )
    console.print(table)


@gazetteer_app.command("stats")
def stats(
    gazetteer: GazetteerPath = None,
    as_json: bool = typer.Option(False, "--json", help="print the raw counts as JSON"),
) -> None:
    """Counts per country and level, with coordinates, and how many points the curated
    additions brought on top of the shared data."""
    import json

    from rich.console import Console
    from rich.table import Table

    from marsad.geo.gazetteer import Gazetteer
    from marsad.geo.latin import LatinGazetteer

    gaz = Gazetteer.load(gazetteer)
    latin = LatinGazetteer.default(gaz.country_codes_to_names())
    counts = gaz.stats(latin.new_places(gaz.geonames_ids()) if latin.available() else None)
    if as_json:
        typer.echo(json.dumps(counts, ensure_ascii=False, indent=1, sort_keys=True))
        return
    table = Table(title="gazetteer: rows (with coordinates)")
    cols = (
        "country",
        "rows",
        "with coords",
        "from shared",
        "from curated",
        "from GeoNames extract",
        "+ Latin-only",
        "with coords, Latin incl.",
        "admin1",
        "admin2",
        "admin3",
        "places",
    )
    for col in cols:
        table.add_column(col, justify="right")

    def level(c: dict, name: str) -> str:
        return f"{c.get(name, 0)} ({c.get(name + '_with_coords', 0)})"

    items = sorted(counts["countries"].items(), key=lambda kv: -kv[1].get("rows", 0))
    for cc, c in [*items, ("all", counts["total"])]:
        table.add_row(
            cc,
            str(c.get("rows", 0)),
            str(c.get("with_coords", 0)),
            str(c.get("coords_shared", 0)),
            str(c.get("coords_curated", 0)),
            str(c.get("coords_extract", 0)),
            str(c.get("latin_only", 0)),
            str(c.get("with_coords_after", 0)),
            level(c, "admin1"),
            level(c, "admin2"),
            level(c, "admin3"),
            level(c, "place"),
        )
    Console().print(table)
