"""Made-up teams, trainees and scored calls, for trying the dashboards and for their benchmark
(``python -m simulator db seed --trainees 50 --calls 200``).

Each trainee improves a little over their calls, with noise; each call has a latest scorecard with a
verdict for every criterion of the default rubric and the three category scores. Deterministic for a seed.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

from accounts.roles import Role
from accounts.service import Accounts
from core.record import CallRecord
from simulator.catalog import Catalog
from storage.repository import CallRepository

CRITERIA = [("greeting", "etiquette"), ("self_introduction", "etiquette"), ("verify_party", "etiquette"),
            ("ask_convenience", "etiquette"), ("state_purpose", "structure"), ("open_question", "structure"),
            ("active_listening", "tone"), ("confirm_details", "structure"), ("empathy", "tone"),
            ("no_arguing", "tone"), ("ownership", "tone"), ("polite_language", "etiquette"),
            ("clear_language", "tone"), ("honesty", "etiquette"), ("hold_etiquette", "etiquette"),
            ("next_step", "structure"), ("closing", "structure")]


class SeedReport(BaseModel):
    teams: int
    trainees: int
    calls: int


def seed(repo: CallRepository, accounts: Accounts, catalog: Catalog, *, trainees: int = 50, calls: int = 200,
         team_size: int = 10, seed_value: int = 7, password: str = "seed-password") -> SeedReport:
    rng = random.Random(seed_value)
    scenarios = list(catalog.scenarios.values())
    start = datetime(2026, 1, 5, 8, tzinfo=UTC)
    teams = (trainees + team_size - 1) // team_size
    for t in range(teams):
        accounts.add_user(None, f"seed-manager-{t}", password, Role.MANAGER, f"seed-team-{t}")
    made = 0
    for n in range(trainees):
        user = accounts.add_user(None, f"seed-trainee-{n}", password, Role.TRAINEE, f"seed-team-{n // team_size}")
        skill = rng.uniform(0.3, 0.7)
        for k in range(calls):
            scenario = rng.choice(scenarios)
            level = skill + 0.25 * k / max(1, calls)  # they get better
            call_id = f"seed-{n}-{k}"
            record = CallRecord(id=call_id, language=rng.choice(["en", "zh-CN", "zh-TW", "id"]),
                                persona=scenario.persona, direction=scenario.direction.value,
                                scenario_id=scenario.id, difficulty=rng.choice(["easy", "medium", "hard"]),
                                user_id=user.id, team_id=user.team_id,
                                started_at=(start + timedelta(hours=6 * k + n)).isoformat())
            record.outcome.objective_reached = rng.random() < level
            if not repo.save(record):
                raise repo.last_error or RuntimeError("the database could not be written")
            verdicts = {c: {"category": cat, "verdict": ("met" if rng.random() < level else "not_met")
                            if rng.random() > 0.15 else "n/a"} for c, cat in CRITERIA}
            applied = [v for v in verdicts.values() if v["verdict"] != "n/a"]
            overall = round(100 * sum(v["verdict"] == "met" for v in applied) / max(1, len(applied)))
            repo.save_scorecard({"call_id": call_id, "rubric": "default@1", "overall": overall,
                                 "passed": overall >= 80, "criteria": verdicts,
                                 "categories": {cat: float(min(100, max(0, overall + rng.randint(-15, 15))))
                                                for cat in ("tone", "structure", "etiquette")}})
            made += 1
    return SeedReport(teams=teams, trainees=trainees, calls=made)
