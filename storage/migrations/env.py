"""Alembic's entry point. The connection comes from ``storage.database`` (``config.attributes``), so the
URL, its password and the SQLite pragmas are set in one place."""

from __future__ import annotations

from alembic import context

from storage.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  transaction_per_migration=True)
with context.begin_transaction():
    context.run_migrations()
