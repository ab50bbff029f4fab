"""Storage faults: a file that is not a database, a locked database, a full disk, a PostgreSQL that is
down at start or goes away mid-call. Each says what went wrong and what to do; a call goes on in memory
and is written when the database is back."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from core.languages import Lang
from core.record import CallRecord, Turn
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.scripted import speak
from simulator.settings import Settings
from simulator.store import open_store
from storage.database import StorageError, default_url, make_engine, upgrade
from storage.importer import import_json_calls
from storage.repository import CallRepository
from storage.throwaway import ThrowawayPostgres
from tests.conftest import require_postgres


def _record(call_id: str = "c1") -> CallRecord:
    record = CallRecord(id=call_id, language="id", persona="busy_hr_manager", direction="outbound")
    record.turns.append(Turn(speaker="trainee", text="Selamat pagi, Bu Rina.", start=0, end=1.5))
    return record


def test_a_file_that_is_not_a_database_is_named_with_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "phonecoach.db").write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(StorageError, match="is not a SQLite database") as caught:
        open_store(Settings(data_dir=tmp_path))
    assert "move that file away" in caught.value.hint


@pytest.mark.parametrize("url", ["mysql://x@y/z", "not a url at all"])
def test_an_unusable_database_url_is_refused_plainly(url: str, tmp_path: Path) -> None:
    with pytest.raises(StorageError) as caught:
        open_store(Settings(data_dir=tmp_path, database_url=url))
    assert "postgresql" in caught.value.hint.lower() or "SQLite" in caught.value.hint


def test_a_locked_database_keeps_the_call_in_memory_until_the_lock_goes(tmp_path: Path) -> None:
    url = default_url(tmp_path)
    engine = make_engine(url, wait_seconds=0.2)
    upgrade(engine)
    repo = CallRepository(engine, tmp_path)
    other = sqlite3.connect(tmp_path / "phonecoach.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    record = _record()
    assert repo.save(record) is False
    assert repo.pending == ["c1"] and repo.last_error is not None and "locked" in str(repo.last_error)
    assert repo.load("c1") is record, "what waits in memory is still readable"
    other.execute("ROLLBACK")
    other.close()
    record.turns.append(Turn(speaker="persona", text="Ya, siapa ini?", start=2, end=3))
    assert repo.save(record) is False, "within the retry delay the database is not tried again"
    assert repo.flush(now=True) and repo.pending == [] and repo.last_error is None
    assert CallRepository(make_engine(url), tmp_path).load("c1") == record


def test_a_database_locked_at_start_is_named(tmp_path: Path) -> None:
    open_store(Settings(data_dir=tmp_path)).close()
    (tmp_path / "calls").mkdir()
    _record("waiting").save(tmp_path / "calls" / "waiting.json")
    engine = make_engine(default_url(tmp_path))
    with engine.begin() as connection:  # a store that never finished its first import
        connection.exec_driver_sql("DELETE FROM meta")
    engine.dispose()
    other = sqlite3.connect(tmp_path / "phonecoach.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError, match="locked by another program") as caught:
            CallRepository.open(default_url(tmp_path), tmp_path).close()
            import_json_calls(CallRepository(make_engine(default_url(tmp_path), wait_seconds=0.2), tmp_path))
        assert "close the other program" in caught.value.hint
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_full_disk_is_reported_and_nothing_half_written(tmp_path: Path) -> None:
    engine = make_engine(default_url(tmp_path))
    upgrade(engine)
    repo = CallRepository(engine, tmp_path)
    assert repo.save(_record("small"))
    limit = {"pages": 0}

    @event.listens_for(engine, "connect")
    def _cap(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        limit["pages"] = pages
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    engine.dispose()  # new connections get the cap
    big = _record("big")
    big.turns += [Turn(speaker="persona", text="kata " * 4000, start=i + 2, end=i + 3) for i in range(20)]
    assert repo.save(big) is False
    assert "full" in str(repo.last_error) and "free some disk space" in repo.last_error.hint
    assert "big" not in repo.ids(), "the failed turn left no half-written call behind"
    event.remove(engine, "connect", _cap)
    engine.dispose()
    assert repo.flush(now=True) and repo.load("big") == big


@pytest.fixture
def own_pg() -> Iterator[ThrowawayPostgres]:
    require_postgres()
    with ThrowawayPostgres() as server:
        yield server


@pytest.mark.postgres
def test_a_postgres_that_is_down_at_start_is_named(own_pg: ThrowawayPostgres, tmp_path: Path) -> None:
    own_pg.stop()
    with pytest.raises(StorageError, match="cannot reach the database") as caught:
        open_store(Settings(data_dir=tmp_path, database_url=own_pg.url()))
    assert "start the database server" in caught.value.hint
    assert "password" not in str(caught.value)


@pytest.mark.postgres
def test_a_call_goes_on_when_postgres_goes_away_and_is_written_when_it_returns(
    own_pg: ThrowawayPostgres, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=own_pg.url())
    repo = open_store(settings)
    call = open_call(CallConfig("complaint_broadband_outage", Lang.EN, seed=2), settings, store=repo)

    def say(line: str) -> str:
        return asyncio.run(speak(call.trainee_turn(line)))

    repo.retry_seconds = 0.0  # try the database on every save
    say("Good afternoon, BrightLine Broadband, Priya speaking.")
    own_pg.stop()
    assert say("I'm so sorry your internet has been down, that sounds really frustrating.")
    assert repo.pending == [call.record.id] and "cannot reach" in str(repo.last_error)
    own_pg.start()
    say("Could I take your account number, please?")
    assert repo.pending == []
    assert open_store(settings).load(call.record.id) == call.record
    assert len(call.record.turns) == 6
