"""What the commands check before they start, so an operator's typo fails at once and clearly:
input paths that do not exist, a SQLite file that is not there for a command that only reads
(opening it would create an empty database and answer as if nothing had been ingested). Also
the list of input files a run skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

FOLLOW_SYMLINKS_OPTION = typer.Option(
    False,
    "--follow-symlinks",
    help="Follow symbolic links that lead out of an input folder (by default they are skipped and listed).",
)
SKIPPED_SHOWN = 20


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"marsad: error: {message}", err=True)
    raise typer.Exit(code)


def require_inputs(paths: list[str]) -> None:
    """Exit 2 when an input path does not exist (nothing is read or written)."""
    from marsad.inputs import missing_inputs

    missing = missing_inputs(paths)
    if missing:
        fail(f"input not found: {', '.join(missing)}")


def sqlite_file(db: str) -> Path | None:
    """The file of a SQLite URL, None for other databases."""
    from sqlalchemy.engine import make_url

    from marsad.store.database import normalize_url

    try:
        parsed = make_url(normalize_url(db))
    except Exception:  # the store reports a malformed URL itself
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database).expanduser()


def require_database(db: str, *, hint: str = "run `marsad ingest … --db` first to create it") -> None:
    """Exit 2 when `db` names a SQLite file that does not exist."""
    path = sqlite_file(db)
    if path is not None and not path.is_file():
        fail(f"no database at {path} ({hint}; is the path right?)")


def skipped_report(skipped: list[Any]) -> str:
    """The files a run skipped, one a line (the first SKIPPED_SHOWN), for stderr."""
    if not skipped:
        return ""
    lines = [f"skipped {len(skipped)} file{'s' if len(skipped) != 1 else ''} (not articles):"]
    lines += [f"  {s.path}: {s.reason}" for s in skipped[:SKIPPED_SHOWN]]
    if len(skipped) > SKIPPED_SHOWN:
        lines.append(f"  … and {len(skipped) - SKIPPED_SHOWN} more")
    return "\n".join(lines)
