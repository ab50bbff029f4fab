"""The schema is migrated, never recreated: a database made by the first revision, with a call in it, is
upgraded in place; at the newest revision the migrations and the models describe the same tables."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from core.record import CallRecord, Event, Turn
from storage.database import current_revision, head_revision, make_engine, upgrade
from storage.progress import call_points
from storage.repository import CallRepository
from storage.schema import Base


def _record() -> CallRecord:
    record = CallRecord(id="old-1", language="zh-TW", persona="angry_complainer", direction="inbound",
                        scenario_id="complaint_broadband_outage", started_at="2026-10-01T08:00:00+00:00")
    record.turns += [Turn(speaker="trainee", text="您好，這邊是華訊寬頻客服，敝姓陳。", start=0.0, end=2.5),
                     Turn(speaker="persona", text="你們網路又斷了！", start=3.1, end=4.4)]
    record.events.append(Event(type="hangup", by="persona", at=5.0))
    return record


def test_a_database_made_by_the_first_revision_is_upgraded_with_its_calls(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    old = CallRepository(engine, tmp_path)
    assert old.save(_record()), "revision 0001 already holds calls and turns"

    upgrade(engine)
    assert current_revision(engine) == head_revision() != "0001"
    repo = CallRepository(engine, tmp_path)
    assert repo.load("old-1") == _record()
    repo.save_scorecard({"call_id": "old-1", "rubric": "default@1", "overall": 75, "passed": True,
                         "criteria": {"greeting": {"category": "opening", "verdict": "met"}}})
    assert repo.list_calls()[0].overall == 75
    upgrade(engine)  # again: nothing to do, nothing lost
    assert repo.load("old-1") == _record()
    engine.dispose()


def test_the_migrations_build_exactly_the_tables_the_models_describe(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_db_commands_upgrade_and_report_the_revision(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "PHONECOACH_DATA_DIR": str(tmp_path)}

    def run(*args: str) -> str:
        return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True,
                              timeout=60, check=True, env=env).stdout

    assert "empty ->" in run("db", "upgrade") and (tmp_path / "phonecoach.db").is_file()
    assert f"revision {head_revision()}" in run("db", "current")
    assert f"{head_revision()} -> {head_revision()}" in run("db", "upgrade")
    assert json.loads(run("calls", "list", "--json")) == []


def test_scorecards_stored_before_category_scores_existed_get_them(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0003")
    record = _record().model_copy(update={"user_id": "ana"})
    assert CallRepository(engine, tmp_path).save(record)
    body = {"call_id": "old-1", "categories": {"tone": 75.0, "structure": None, "etiquette": 50.0}}
    cards = sa.table("scorecards", *(sa.column(c) for c in ("call_id", "created_at", "latest", "rubric", "judge",
                                                          "overall", "passed")), sa.column("body", sa.JSON()))
    with engine.begin() as connection:
        connection.execute(sa.insert(cards).values(call_id="old-1", created_at=datetime.now(UTC), latest=True,
                                                   rubric="default@1", judge="none", overall=60, passed=False,
                                                   body=body))
    upgrade(engine)
    points = call_points(engine, "ana")
    assert len(points) == 1 and points[0].categories == {"tone": 75.0, "etiquette": 50.0}
    engine.dispose()
