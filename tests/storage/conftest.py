"""Each storage test runs twice: on a SQLite file and on a real PostgreSQL server started here (marked
``postgres``). Where PostgreSQL is not installed the Postgres half is skipped with the reason, except in CI,
where that is a failure."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.database import default_url
from storage.repository import CallRepository
from storage.throwaway import ThrowawayPostgres, available

_names = itertools.count()


def require_postgres() -> None:
    if not available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: ./run.sh setup installs Debian's postgresql package")
        pytest.skip("PostgreSQL is not installed (./run.sh setup installs it)")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[ThrowawayPostgres]:
    require_postgres()
    with ThrowawayPostgres() as server:
        yield server


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return default_url(tmp_path / "data")
    server: ThrowawayPostgres = request.getfixturevalue("pg_server")
    return server.create_database(f"t{os.getpid()}_{next(_names)}")


@pytest.fixture
def repo(db_url: str, tmp_path: Path) -> Iterator[CallRepository]:
    repository = CallRepository.open(db_url, tmp_path / "data")
    yield repository
    repository.close()
