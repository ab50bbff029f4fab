"""What to practise next: the most-missed criteria, each with the scenario that exercises it and the level
above the one last passed there; and the whole report on a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.record import CallRecord
from personas.models import Difficulty
from scoring.progress import progress, suggest
from simulator.catalog import load_catalog
from storage.progress import Missed, ScenarioProgress
from storage.repository import CallRepository


def _missed(*names: str) -> list[Missed]:
    return [Missed(criterion=n, category="etiquette", missed=3 - i, applied=4) for i, n in enumerate(names)]


def test_a_never_scored_criterion_goes_to_a_scenario_of_the_right_direction_played_first() -> None:
    played = [ScenarioProgress(scenario_id="patient_follow_up", calls=2, passed=1, first=60, best=82, latest=82,
                               passed_difficulties=["medium"])]
    out = suggest(_missed("verify_party"), played, {}, load_catalog())
    assert [(s.criterion, s.scenario_id, s.difficulty) for s in out] == [
        ("verify_party", "patient_follow_up", Difficulty.HARD)], "outbound only; passed medium → hard"


def test_the_scenario_where_it_applied_most_wins_at_its_own_level_when_never_passed() -> None:
    shares = {("complaint_broadband_outage", "empathy"): 1.0, ("hr_meeting_booking", "empathy"): 0.2,
              ("hr_meeting_booking", "greeting"): 1.0}
    played = [ScenarioProgress(scenario_id="complaint_broadband_outage", calls=1, passed=0, first=40, best=40,
                               latest=40, passed_difficulties=[]),
              ScenarioProgress(scenario_id="hr_meeting_booking", calls=3, passed=3, first=80, best=95, latest=90,
                               passed_difficulties=["easy", "hard", "medium"])]
    out = suggest(_missed("empathy", "greeting", "closing", "ownership"), played, shares, load_catalog())
    assert [(s.criterion, s.scenario_id, s.difficulty.value) for s in out][:2] == [
        ("empathy", "complaint_broadband_outage", "medium"), ("greeting", "hr_meeting_booking", "hard")]
    assert len(out) == 3, "the three most missed"


def test_the_report_for_a_trainee_with_calls_and_one_without(repo: CallRepository) -> None:
    day = datetime(2026, 11, 2, tzinfo=UTC)
    for n, (overall, empathy) in enumerate([(55, "not_met"), (82, "not_met"), (91, "met")]):
        call_id = f"c{n}"
        assert repo.save(CallRecord(id=call_id, language="en", persona="angry_complainer", direction="inbound",
                                    scenario_id="complaint_broadband_outage", user_id="ana",
                                    started_at=(day + timedelta(days=n)).isoformat()))
        repo.save_scorecard({"call_id": call_id, "rubric": "default@1", "overall": overall, "passed": overall >= 80,
                             "categories": {"tone": overall, "structure": 70.0, "etiquette": 60.0},
                             "criteria": {"empathy": {"category": "tone", "verdict": empathy},
                                          "greeting": {"category": "etiquette", "verdict": "met"}}})
    report = progress(repo, load_catalog(), "ana")
    assert [p.overall for p in report.calls] == [55, 82, 91] and report.pass_rate == 2 / 3
    assert report.scenarios[0].first == 55 and report.scenarios[0].best == 91 and report.scenarios[0].latest == 91
    assert [(m.criterion, m.missed) for m in report.missed] == [("empathy", 2)]
    assert [(s.criterion, s.scenario_id, s.difficulty.value) for s in report.next] == [
        ("empathy", "complaint_broadband_outage", "hard")]
    empty = progress(repo, load_catalog(), "nobody")
    assert empty.calls == [] and empty.next == [] and empty.pass_rate is None
