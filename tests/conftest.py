"""Shared fixtures: a clean environment (no developer .env or keys leak in), a temp data dir, a fake
OpenAI-compatible server on 127.0.0.1, and databases: ``db_url`` runs a test twice, on a SQLite file and on
a real PostgreSQL server started here (marked ``postgres``). Where PostgreSQL is not installed the Postgres
half is skipped with the reason, except in CI, where that is a failure."""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.database import default_url
from storage.repository import CallRepository
from storage.throwaway import ThrowawayPostgres, available
from tests.support.openai_server import FakeOpenAIServer

REPO = Path(__file__).resolve().parent.parent


def llama_runtime_verdict() -> str:
    """What the set-up found of the embedded model's runtime on this machine (``run.sh``: ok, conservative,
    unavailable); "unknown" when the set-up has not checked it."""
    stamp = Path(sys.prefix) / ".llama-runtime"
    lines = stamp.read_text(encoding="utf-8").split() if stamp.is_file() else []
    return lines[1] if len(lines) > 1 else "unknown"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of the real embedded model cannot pass where its runtime crashes: say so instead."""
    if llama_runtime_verdict() != "unavailable":
        return
    skip = pytest.mark.skip(reason="the set-up found llama.cpp crashing on this CPU (.venv/llama-check.log)")
    for item in items:
        if "embedded_model" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in list(os.environ):
        if key.startswith(("OPENAI_", "PHONECOACH_")) or key in ("DATABASE_URL", "ADMIN_USERNAME", "ADMIN_PASSWORD"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PHONECOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PHONECOACH_HASH_PROFILE", "CHEAPEST")  # argon2's test profile: 0.07 ms, not 110 ms
    monkeypatch.chdir(tmp_path)  # no .env file from the repo or the developer


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as server:
        yield server


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
