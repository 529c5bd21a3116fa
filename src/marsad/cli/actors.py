"""`marsad who "جفش"`: look an actor up in the actor base."""

from __future__ import annotations

import typer

from marsad.cli.app import app


@app.command()
def who(
    mention: str = typer.Argument(..., help="a name, alias or abbreviation, e.g. جفش, داعش, SDF"),
    year: int | None = typer.Option(
        None, "--year", "-y", help="resolve renamed groups and memberships for this year"
    ),
    country: str | None = typer.Option(None, "--country", "-c", help="fill generic actors for this country"),
) -> None:
    """Show the actor(s) a mention resolves to: kind, ACLED inter code, aliases, coalitions, members."""
    from marsad.knowledge.actors import ActorBase

    base = ActorBase.load()
    actors = base.lookup(mention, year=year)
    if not actors:
        found = base.find(mention)
        actors = [a for _s, _e, group in found for a in group]
    if not actors:
        typer.echo(f"no actor known as {mention!r}")
        raise typer.Exit(code=1)
    for i, actor in enumerate(actors):
        if country:
            actor = base.instantiate(actor, country)
        if i:
            typer.echo("")
        start, end = actor.active
        period = f"{start or '?'}-{end or ''}"
        typer.echo(f"{actor.name_in(year)}  |  {actor.name_ar}  [{actor.id}]")
        typer.echo(
            f"  kind: {actor.kind} (inter {actor.inter})   country: {actor.country or '-'}   active: {period}"
            + ("   generic" if actor.generic else "")
        )
        if actor.parent:
            typer.echo(f"  part of: {base.get(actor.parent).name}")
        if actor.successor:
            typer.echo(f"  became: {base.get(actor.successor).name}")
        if actor.aliases_ar:
            typer.echo("  aliases (ar): " + "، ".join(actor.aliases_ar))
        if actor.aliases_en:
            typer.echo("  aliases (en): " + ", ".join(actor.aliases_en))
        for coalition_id, lo, hi in actor.coalitions:
            if year is None or actor.member_of(coalition_id, year):
                c = base.get(coalition_id)
                typer.echo(f"  member of: {c.name} | {c.name_ar} ({lo or '?'}-{hi or ''})")
        members = base.members(actor.id, year)
        if members:
            typer.echo("  members" + (f" in {year}" if year else "") + ":")
            for m in members:
                spans = [f"{lo or '?'}-{hi or ''}" for cid, lo, hi in m.coalitions if cid == actor.id]
                typer.echo(f"    - {m.name} | {m.name_ar} ({', '.join(spans)})")
        units = base.children(actor.id)
        if units:
            typer.echo("  units/branches: " + "; ".join(u.name for u in units))
        if actor.sources:
            typer.echo("  sources: " + " ".join(actor.sources))
