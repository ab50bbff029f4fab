"""The dashboard aggregations are answered from indexes: SQLite's query plan for one person's or one team's
calls over a date range searches an index for every table, it never scans all calls or all verdicts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from core.record import CallRecord
from storage.database import default_url
from storage.queries import Range, criterion_rates, person_totals, team_totals
from storage.repository import CallRepository

DAY = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> CallRepository:
    folder: Path = tmp_path_factory.mktemp("plans")
    repo = CallRepository.open(default_url(folder), folder)
    for n in range(240):
        record = CallRecord(id=f"c{n}", language="en", persona="busy_hr_manager", direction="outbound",
                            user_id=f"u{n % 30}", team_id=f"t{n % 5}", started_at=(DAY + timedelta(hours=n)).isoformat())
        assert repo.save(record)
        repo.save_scorecard({"call_id": record.id, "rubric": "default@1", "overall": n % 100, "passed": n % 2 == 0,
                             "criteria": {f"k{i}": {"category": "opening", "verdict": "met"} for i in range(17)}})
    with repo.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    return repo


def _plans(repo: CallRepository, work: Callable[[], Any]) -> list[str]:
    selects: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        selects.append((statement, parameters))

    sa.event.listen(repo.engine, "before_cursor_execute", capture)
    try:
        work()
    finally:
        sa.event.remove(repo.engine, "before_cursor_execute", capture)
    with repo.engine.connect() as connection:
        return [row[-1] for statement, parameters in selects
                for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]


@pytest.mark.parametrize(("name", "work"), [
    ("one person's calls", lambda r: r.list_calls(user_id="u3", since=DAY)),
    ("a team's people over a week", lambda r: person_totals(r.engine, Range(team_id="t1", since=DAY,
                                                                             until=DAY + timedelta(days=7)))),
    ("one person's criteria", lambda r: criterion_rates(r.engine, Range(user_id="u3"))),
    ("a team's criteria over a week", lambda r: criterion_rates(r.engine, Range(team_id="t2", since=DAY,
                                                                                 until=DAY + timedelta(days=7)))),
    ("teams over a range", lambda r: team_totals(r.engine, Range(since=DAY + timedelta(days=9)))),
])
def test_aggregations_search_indexes(filled: CallRepository, name: str, work: Callable[[CallRepository], Any]) -> None:
    plan = _plans(filled, lambda: work(filled))
    steps = [step for step in plan if step.startswith(("SCAN", "SEARCH"))]
    assert steps and all(step.startswith("SEARCH") for step in steps), (name, plan)
