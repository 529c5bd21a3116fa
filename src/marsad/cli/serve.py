"""`marsad serve`: the HTTP API and the offline dashboard."""

from __future__ import annotations

import typer

from marsad.cli.app import app
from marsad.cli.checks import require_database


@app.command()
def serve(
    db: str = typer.Option(
        "sqlite:///marsad.db",
        "--db",
        envvar="MARSAD_DB",
        help="Database URL: sqlite:///file.db or postgresql://user:pw@host/db.",
    ),
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, min=1, max=65535),
    token: str | None = typer.Option(
        None,
        envvar="MARSAD_API_TOKEN",
        help="Bearer token for POST /api/articles (writes are refused without one).",
    ),
    max_body_mb: float = typer.Option(5.0, "--max-body-mb", min=0.001, help="Largest request body accepted."),
    workers: int = typer.Option(
        1, "--workers", min=1, help="Server processes (one per core serves many concurrent clients)."
    ),
    create: bool = typer.Option(
        False, "--create", help="Start on a new, empty SQLite database when the file does not exist."
    ),
) -> None:
    """Serve the API (/api/…, /docs) and the dashboard (/) over a database."""
    import os

    import uvicorn

    from marsad.api import create_app
    from marsad.api.app import DB_ENV, MAX_BODY_ENV, TOKEN_ENV
    from marsad.store import Store

    if not create:
        require_database(db, hint="pass --create to start on a new, empty one")
    max_body = int(max_body_mb * 1024 * 1024)
    typer.echo(f"marsad dashboard: http://{host}:{port}/  ·  API docs: http://{host}:{port}/docs", err=True)
    if workers == 1:
        uvicorn.run(
            create_app(db, token=token, max_body_bytes=max_body), host=host, port=port, log_level="info"
        )
        return
    Store(db).close()  # migrate once here, not in N processes at the same time
    os.environ[DB_ENV] = db
    os.environ[MAX_BODY_ENV] = str(max_body)
    if token is not None:
        os.environ[TOKEN_ENV] = token
    uvicorn.run(
        "marsad.api.app:app_from_env", factory=True, workers=workers, host=host, port=port, log_level="info"
    )
