"""`marsad version`."""

from __future__ import annotations

import typer

from marsad import ENGINE_VERSION
from marsad.cli.app import app


@app.command()
def version() -> None:
    """Print the engine version."""
    typer.echo(ENGINE_VERSION)
