"""`marsad where NAME` and `marsad gazetteer stats`: look into the packaged gazetteer."""

from __future__ import annotations

import math
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

# Preference among features when the same name is found at several levels.
_FEATURE_RANK = {
    "capital": 6,
    "city": 5,
    "country": 5,
    "admin1": 4,
    "town": 4,
    "community": 3,
    "populated place": 3,
    "village": 3,
    "neighbourhood": 3,
    "camp": 3,
    "base": 3,
    "site": 3,
    "admin2": 2,
    "admin3": 1,
}


def score_candidate(query_key: str, place: object, exact_names: set[str]) -> tuple[float, list[str]]:
    """A simple ranking: exact name > alias, coordinates > none, then population and
    feature. Returns the score and the reasons that made it."""
    from marsad.geo.gazetteer import Place

    assert isinstance(place, Place)
    score, why = 0.0, []
    if query_key in exact_names:
        score += 4
        why.append("exact name")
    else:
        score += 2
        why.append("alias")
    if place.has_coords:
        score += 3
        why.append("has coordinates")
    else:
        why.append("no coordinates")
    if place.population:
        score += min(2.0, math.log10(place.population + 1) / 3)
        why.append(f"population {place.population:,}")
    score += _FEATURE_RANK.get(place.feature, 2) / 6
    why.append(place.feature)
    return round(score, 2), why


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

    from marsad.geo.gazetteer import Gazetteer
    from marsad.text.normalize import normalize_key

    gaz = Gazetteer.load(gazetteer)
    key = normalize_key(name)
    rows = []
    for p in gaz.candidates(key):
        if country and p.country_iso2 != country.upper():
            continue
        exact = {normalize_key(p.name_ar), normalize_key(p.name_en)}
        s, why = score_candidate(key, p, exact)
        rows.append((s, p, why))
    rows.sort(key=lambda r: (-r[0], r[1].id))
    console = Console()
    latin = _latin_rows(name, country, gaz) if country else []
    if not rows and not latin:
        console.print(f"no candidates for {name!r} (key {key!r})")
        raise typer.Exit(1)
    rows += latin
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
    for s, p, why in rows[:limit]:
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


def _latin_rows(name: str, country: str, gaz: object) -> list[tuple[float, object, list[str]]]:
    """Candidates among the places GeoNames names only in Latin (cities500), as the
    geoparser's Latin matcher scores them inside one country."""
    from marsad.geo.gazetteer import Gazetteer
    from marsad.geo.latin import LatinGazetteer
    from marsad.geo.latin_match import rank

    assert isinstance(gaz, Gazetteer)
    latin = LatinGazetteer.default(gaz.country_codes_to_names())
    out = []
    for c in rank(name, [country.upper()], latin):
        why = [
            f"Latin match: {c.name}",
            f"skeleton {c.skeleton}",
            f"reading similarity {c.similarity:.2f}",
            "exact skeleton" if not c.edits else f"{c.edits} edit",
        ]
        out.append((c.score, gaz.get(c.place.id) or c.place, why))
    return out


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
