"""`python -m marsad.cli`."""

from marsad.cli import app

app()
