"""The database: which one (a URL), its engine, its migrations, and what a fault means to a person.

SQLite (the default, a file under the data folder) runs in WAL mode with a busy timeout, so the app and a
CLI command can use it at once; Postgres is reached by ``postgresql://`` URLs through psycopg 3. The schema
is brought to the newest revision by ``upgrade`` (at start-up and by ``python -m simulator db upgrade``):
an older database is migrated in place, never recreated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from core.errors import AppError

MIGRATIONS = Path(__file__).with_name("migrations")


class StorageError(AppError):
    hint = "check DATABASE_URL (or PHONECOACH_DATA_DIR for the default SQLite file) and that the database is up"


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'phonecoach.db'}"


def _driver_url(url: str) -> sa.URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(f"DATABASE_URL is not a database URL: {url.split('@')[-1]!r}",
                           "write it as postgresql://user:password@host:5432/name or sqlite:///path/file.db") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if not parsed.drivername.startswith(("sqlite", "postgresql")):
        raise StorageError(f"unsupported database {parsed.drivername!r}", "use SQLite (the default) or PostgreSQL")
    return parsed


def shown(url: sa.URL | str) -> str:
    """The URL as it may appear in a message or a log: never with its password."""
    return (url if isinstance(url, sa.URL) else make_url(url)).render_as_string(hide_password=True)


def explain(exc: BaseException, url: sa.URL | str) -> StorageError:
    """A database failure as a person can act on it."""
    where = shown(url)
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    low = text.lower()
    if "file is not a database" in low or "file is encrypted" in low:
        return StorageError(f"{where} is not a SQLite database ({text})",
                            "move that file away (a new database is created) or point DATABASE_URL at another one")
    if "locked" in low:
        return StorageError(f"the database {where} is locked by another program ({text})",
                            "close the other program using it, or wait a moment and try again")
    if ("disk" in low and "full" in low) or "no space" in low:
        return StorageError(f"the disk holding {where} is full ({text})", "free some disk space")
    if "unable to open database file" in low or "readonly" in low or "read-only" in low:
        return StorageError(f"cannot write the database {where} ({text})",
                            "check that the data folder exists and is writable (PHONECOACH_DATA_DIR)")
    if (isinstance(exc, DBAPIError) and exc.connection_invalidated) or "connect" in low or "connection" in low:
        return StorageError(f"cannot reach the database {where} ({text})",
                            "start the database server, or unset DATABASE_URL to use the built-in SQLite file")
    return StorageError(f"the database {where} failed: {text}")


def make_engine(url: str, *, wait_seconds: float = 5.0) -> Engine:
    """``wait_seconds``: how long a write waits for a lock (SQLite) or a connection (Postgres)."""
    parsed = _driver_url(url)
    if not parsed.drivername.startswith("sqlite"):
        wait = max(1, round(wait_seconds))
        return sa.create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": wait})
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, connect_args={"timeout": wait_seconds})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(wait_seconds * 1000)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def rows(engine: Engine, query: sa.Select) -> list[sa.RowMapping]:
    """Run a SELECT; a database fault comes back as a ``StorageError``."""
    try:
        with engine.connect() as connection:
            return list(connection.execute(query).mappings().all())
    except SQLAlchemyError as exc:
        raise explain(exc, engine.url) from None


def _alembic_config(connection: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    script = ScriptDirectory(str(MIGRATIONS))
    return str(script.get_current_head())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (the newest by default), keeping every row."""
    try:
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), revision)
    except (SQLAlchemyError, OSError) as exc:
        raise explain(exc, engine.url) from None
