"""Alembic environment for marsad's store.

Run through `marsad.store.database.upgrade_schema` (which passes an open connection in
`config.attributes["connection"]`) or through `alembic` with `sqlalchemy.url` set.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

from marsad.store.tables import metadata

# A fixed key for PostgreSQL's advisory lock, so that several processes opening the same
# database at once apply the migrations one after another instead of racing.
_MIGRATION_LOCK_KEY = 7_270_301


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs table rebuilds for ALTER
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("marsad migrations run online only (pass a database URL)")
run_migrations_online()
