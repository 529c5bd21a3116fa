"""Database URLs, engines and schema migrations (Alembic) for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url

try:  # POSIX; elsewhere SQLite migrations are not serialised across processes
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

DEFAULT_URL = "sqlite:///marsad.db"


def normalize_url(url: str | Path) -> str:
    """Accept `sqlite:///file.db`, `postgresql://…` (psycopg 3 driver) or a bare file path."""
    text = str(url)
    if "://" not in text:
        return f"sqlite:///{text}"
    if text.startswith("postgresql://") or text.startswith("postgres://"):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    return text


def make_engine(url: str | Path) -> Engine:
    """An engine with the settings each backend needs.

    SQLite: WAL (readers never block the single writer), foreign keys on (cascading
    deletes of replaced events), a busy timeout instead of instant 'database is locked'.
    """
    parsed: URL = make_url(normalize_url(url))
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            raise ValueError("use a SQLite file (sqlite:///path.db); in-memory databases are not supported")
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_pre_ping=False,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)
    raise ValueError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql://")


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("marsad.store").joinpath("migrations")))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head_revision(engine: Engine) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    if head is None:
        raise RuntimeError("no Alembic revision shipped with the package")
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_schema(engine: Engine, revision: str = "head") -> str | None:
    """Apply the shipped Alembic migrations up to `revision`; returns the revision now in force."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    if revision == "head" and current_revision(engine) == head_revision(engine):
        return head_revision(engine)
    cfg = _alembic_config(engine)
    # Two processes opening a new database at once ("marsad serve" and "marsad ingest")
    # would both create the tables, and one fail: migrations run one at a time, and the
    # second finds the schema already there.
    with _migration_lock(engine), engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        if revision == "head" and MigrationContext.configure(conn).get_current_revision() == head_revision(
            engine
        ):
            return head_revision(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return current_revision(engine)


_PG_MIGRATION_LOCK = 0x6D61727361  # "marsa": the advisory lock key of schema migrations


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """An exclusive lock on a file beside a SQLite database while it is migrated (PostgreSQL
    takes an advisory lock in the migration's own transaction instead)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or fcntl is None:
        yield
        return
    lock_path = Path(database).expanduser().resolve().with_name(Path(database).name + ".migrate.lock")
    with lock_path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
