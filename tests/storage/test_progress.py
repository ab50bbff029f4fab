"""A person's progress from the database against figures worked out by hand (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.record import CallRecord
from storage.progress import call_points, exercised, missed_recently, scenario_progress
from storage.repository import CallRepository

DAY = datetime(2026, 11, 2, 9, tzinfo=UTC)


def _call(repo: CallRepository, call_id: str, user: str, scenario: str, days: int, overall: int,
          verdicts: dict[str, str], *, difficulty: str = "medium", categories: dict[str, float | None] | None = None,
          rescored_from: int | None = None) -> None:
    record = CallRecord(id=call_id, language="zh-TW", persona="p", direction="outbound", scenario_id=scenario,
                        user_id=user, difficulty=difficulty, started_at=(DAY + timedelta(days=days)).isoformat())
    assert repo.save(record)
    card = {"call_id": call_id, "rubric": "default@1", "passed": overall >= 80,
            "categories": categories or {"tone": overall, "structure": overall - 10, "etiquette": None},
            "criteria": {c: {"category": "tone" if c == "empathy" else "etiquette", "verdict": v}
                         for c, v in verdicts.items()}}
    if rescored_from is not None:  # an older card for the same call: only the latest counts
        repo.save_scorecard({**card, "overall": rescored_from, "passed": False})
    repo.save_scorecard({**card, "overall": overall})


def test_progress_figures_match_the_hand_computed_ones(repo: CallRepository) -> None:
    _call(repo, "a1", "ana", "hr", 0, 50, {"greeting": "met", "empathy": "not_met", "closing": "not_met"})
    _call(repo, "a2", "ana", "hr", 1, 85, {"greeting": "met", "empathy": "not_met", "closing": "met"},
          rescored_from=20)
    _call(repo, "a3", "ana", "hr", 2, 70, {"greeting": "not_met", "empathy": "met", "closing": "n/a"},
          difficulty="hard")
    _call(repo, "a4", "ana", "complaint", 3, 90, {"greeting": "met", "empathy": "not_met", "closing": "n/a"},
          difficulty="easy")
    _call(repo, "b1", "budi", "hr", 1, 99, {"greeting": "met", "empathy": "met", "closing": "met"})
    repo.save(CallRecord(id="a5", language="en", persona="p", direction="outbound", user_id="ana"))  # unscored

    points = call_points(repo.engine, "ana")
    assert [p.call_id for p in points] == ["a1", "a2", "a3", "a4"]
    assert [p.overall for p in points] == [50, 85, 70, 90] and [p.passed for p in points] == [False, True, False, True]
    assert points[1].categories == {"tone": 85.0, "structure": 75.0}, "None scores are not stored"

    by_scenario = {s.scenario_id: s for s in scenario_progress(repo.engine, "ana")}
    hr = by_scenario["hr"]
    assert (hr.calls, hr.passed, hr.first, hr.best, hr.latest) == (3, 1, 50, 85, 70)
    assert hr.passed_difficulties == ["medium"]
    assert by_scenario["complaint"].passed_difficulties == ["easy"] and set(by_scenario) == {"hr", "complaint"}

    last3 = {m.criterion: (m.missed, m.applied) for m in missed_recently(repo.engine, "ana", last=3)}
    assert last3 == {"empathy": (2, 3), "greeting": (1, 3)}, "a2, a3, a4: closing met once, n/a twice"
    assert [m.criterion for m in missed_recently(repo.engine, "ana", last=10)] == ["empathy", "closing", "greeting"]
    assert missed_recently(repo.engine, "nobody") == [] and call_points(repo.engine, "nobody") == []

    shares = exercised(repo.engine)
    assert shares[("hr", "closing")] == 0.75 and shares[("complaint", "closing")] == 0.0
    assert shares[("hr", "empathy")] == 1.0
