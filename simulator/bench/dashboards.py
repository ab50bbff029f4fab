"""Dashboard benchmark: with N trainees × M scored calls in the database (made by ``simulator.seed``), how
long the team table, the heatmap and one trainee's progress take, on SQLite and on PostgreSQL (a
throw-away server, or ``--url``). Each figure is the median of 5 runs, in milliseconds."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from accounts.service import Accounts
from accounts.settings import AccountSettings
from simulator.catalog import load_catalog
from simulator.seed import seed
from storage.accounts import AccountStore
from storage.database import default_url, shown
from storage.progress import call_points, missed_recently, scenario_progress
from storage.queries import Range, heatmap, latest_scores, person_totals
from storage.repository import CallRepository
from storage.throwaway import ThrowawayPostgres, available


def _ms(work: Callable[[], Any], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(times), 1)


def _measure(url: str, data_dir: Path, trainees: int, calls: int) -> dict[str, Any]:
    repo = CallRepository.open(url, data_dir)
    accounts = Accounts(AccountStore(repo.engine), AccountSettings(hash_profile="CHEAPEST"))
    began = time.perf_counter()
    report = seed(repo, accounts, load_catalog(), trainees=trainees, calls=calls)
    seeded = time.perf_counter() - began
    team = accounts.store.team_named("seed-team-0")
    trainee = accounts.store.user_named("seed-trainee-0")
    assert team is not None and trainee is not None
    scope = Range(team_id=team.id)
    figures = {
        "url": shown(url), "calls": report.calls, "seed_s": round(seeded, 1),
        "team_table_ms": _ms(lambda: (person_totals(repo.engine, scope), latest_scores(repo.engine, scope),
                                      heatmap(repo.engine, scope))),
        "heatmap_ms": _ms(lambda: heatmap(repo.engine, scope)),
        "trainee_progress_ms": _ms(lambda: (call_points(repo.engine, trainee.id),
                                            scenario_progress(repo.engine, trainee.id),
                                            missed_recently(repo.engine, trainee.id, only_missed=False))),
    }
    repo.close()
    return figures


def run(trainees: int = 50, calls: int = 200, url: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"trainees": trainees, "calls_per_trainee": calls}
    with tempfile.TemporaryDirectory(prefix="phonecoach-bench-") as tmp:
        root = Path(tmp)
        result["sqlite"] = _measure(default_url(root / "sqlite"), root / "sqlite", trainees, calls)
        if url:
            result["postgres"] = _measure(url, root / "pg", trainees, calls)
        elif available():
            with ThrowawayPostgres(durable=True) as server:
                result["postgres"] = _measure(server.url(), root / "pg", trainees, calls)
        else:
            result["postgres"] = "not measured: PostgreSQL is not installed (./run.sh setup installs it)"
    return result
