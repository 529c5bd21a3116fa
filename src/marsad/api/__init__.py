"""HTTP API and dashboard server (FastAPI): `create_app(db_url, token=...)`."""

from marsad.api.app import create_app

__all__ = ["create_app"]
