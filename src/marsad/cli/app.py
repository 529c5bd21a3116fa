"""The Typer application object shared by every command module."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="marsad",
    help="marsad (مرصد): Arabic conflict reports → structured, geolocated, source-attributed events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _root() -> None:
    """marsad: extract, store, serve and evaluate conflict events from Arabic news."""
