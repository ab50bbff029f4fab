"""The repository on SQLite and on PostgreSQL: a real call stored turn by turn and read back whole, its
scorecard, lists, and the aggregations the dashboards use."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.errors import NotFoundError
from core.languages import Lang
from core.record import CallRecord, Speaker
from scoring.callio import from_data
from scoring.scorer import score_call
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.scripted import play_script
from simulator.settings import Settings
from storage.database import StorageError
from storage.queries import Range, criterion_rates, person_totals, team_totals
from storage.repository import CallRepository

SCRIPTS = Path(__file__).resolve().parents[2] / "scenarios" / "scripts"


def _play(repo: CallRepository, scenario: str, lang: Lang, quality: str = "good") -> CallRecord:
    lines = (SCRIPTS / scenario / f"{lang}-{quality}.txt").read_text(encoding="utf-8").split("\n")
    call = open_call(CallConfig(scenario, lang, seed=3), Settings(), store=repo)
    asyncio.run(play_script(call, [ln.strip() for ln in lines if ln.strip()]))
    call.hangup()
    return call.record


@pytest.mark.parametrize("lang", [Lang.ZH_TW, Lang.ID])
def test_a_played_call_reads_back_exactly_as_the_engine_held_it(repo: CallRepository, lang: Lang) -> None:
    record = _play(repo, "complaint_broadband_outage", lang)
    assert len(record.turns) >= 6 and record.state_trace and record.events
    stored = repo.load(record.id)
    assert stored == record
    assert stored.model_dump(mode="json") == record.model_dump(mode="json")


def test_each_save_rewrites_only_what_changed(repo: CallRepository) -> None:
    record = _play(repo, "hr_meeting_booking", Lang.EN)
    persona = next(i for i, t in enumerate(record.turns) if t.speaker is Speaker.PERSONA)
    record.turns[persona].end += 1.5  # the voice path replaces an estimated time with the real one
    del record.events[-1]
    assert repo.save(record)
    stored = repo.load(record.id)
    assert stored.turns[persona].end == record.turns[persona].end and stored == record
    summary = repo.list_calls()[0]
    assert summary.id == record.id and summary.turn_count == len(record.turns)


def test_unknown_call_is_not_found(repo: CallRepository) -> None:
    with pytest.raises(NotFoundError, match="no call with id 'nope'"):
        repo.load("nope")
    with pytest.raises(NotFoundError):
        repo.scorecard("nope")


def test_the_scorecard_is_stored_as_shown_and_the_latest_counts(repo: CallRepository) -> None:
    record = _play(repo, "complaint_broadband_outage", Lang.ZH_CN)
    assert repo.scorecard(record.id) is None
    card = score_call(from_data(record.model_dump(mode="json"))).model_dump(mode="json")
    repo.save_scorecard({**card, "overall": 10, "passed": False})
    repo.save_scorecard(card)
    assert repo.scorecard(record.id) == card
    summary = repo.list_calls()[0]
    assert (summary.overall, summary.passed) == (card["overall"], card["passed"])
    rates = {r.criterion: r for r in criterion_rates(repo.engine)}
    assert set(rates) == set(card["criteria"]), "one verdict row per criterion of the latest card only"
    for cid, result in card["criteria"].items():
        row = rates[cid]
        assert (row.met, row.not_met, row.na) == (int(result["verdict"] == "met"), int(result["verdict"] == "not_met"),
                                                  int(result["verdict"] == "n/a"))


def test_a_scorecard_for_no_call_or_without_its_fields_is_refused(repo: CallRepository) -> None:
    with pytest.raises(NotFoundError):
        repo.save_scorecard({"call_id": "nope", "rubric": "default@1", "overall": 50, "passed": False, "criteria": {}})
    with pytest.raises(StorageError, match="overall"):
        repo.save_scorecard({"call_id": "nope", "rubric": "default@1", "passed": False, "criteria": {}})


def _stored(repo: CallRepository, call_id: str, user: str, team: str, started: datetime, overall: int,
            verdicts: dict[str, str], *, reached: bool = False) -> None:
    record = CallRecord(id=call_id, language="en", persona="busy_hr_manager", direction="outbound",
                        user_id=user, team_id=team, started_at=started.isoformat())
    record.outcome.objective_reached = reached
    assert repo.save(record)
    repo.save_scorecard({"call_id": call_id, "rubric": "default@1", "overall": overall, "passed": overall >= 70,
                         "criteria": {c: {"category": "opening", "verdict": v} for c, v in verdicts.items()}})


def test_lists_and_aggregations_per_person_team_and_criterion_over_a_range(repo: CallRepository) -> None:
    day = datetime(2026, 11, 2, 9, tzinfo=UTC)
    _stored(repo, "a1", "ana", "north", day, 80, {"greeting": "met", "empathy": "not_met"}, reached=True)
    _stored(repo, "a2", "ana", "north", day + timedelta(days=1), 60, {"greeting": "met", "empathy": "met"})
    _stored(repo, "b1", "budi", "north", day + timedelta(days=2), 90, {"greeting": "not_met", "empathy": "n/a"})
    _stored(repo, "c1", "chen", "south", day + timedelta(days=9), 40, {"greeting": "met", "empathy": "not_met"})

    assert [c.id for c in repo.list_calls()] == ["c1", "b1", "a2", "a1"], "newest first"
    assert [c.id for c in repo.list_calls(limit=2, offset=1)] == ["b1", "a2"]
    assert [c.id for c in repo.list_calls(team_id="north", since=day + timedelta(hours=1))] == ["b1", "a2"]

    week = Range(since=day, until=day + timedelta(days=7))
    people = {p.key: p for p in person_totals(repo.engine, week)}
    assert set(people) == {"ana", "budi"}
    assert (people["ana"].calls, people["ana"].passed, people["ana"].mean_overall) == (2, 1, 70.0)
    assert people["ana"].objective_reached == 1 and people["ana"].last_call == day + timedelta(days=1)
    teams = {t.key: t for t in team_totals(repo.engine)}
    assert (teams["north"].calls, teams["north"].scored, teams["south"].mean_overall) == (3, 3, 40.0)

    north = {r.criterion: r for r in criterion_rates(repo.engine, Range(team_id="north"))}
    assert (north["greeting"].met, north["greeting"].not_met) == (2, 1)
    assert (north["empathy"].met, north["empathy"].not_met, north["empathy"].na) == (1, 1, 1)
    assert north["empathy"].rate == 0.5
    ana = {r.criterion: r for r in criterion_rates(repo.engine, Range(user_id="ana", until=day + timedelta(days=1)))}
    assert ana["empathy"].not_met == 1 and ana["empathy"].met == 0


def test_export_writes_the_record_as_one_json_file(repo: CallRepository) -> None:
    record = _play(repo, "gatekeeper_reach_decision_maker", Lang.ZH_CN)
    path = repo.export_json(record.id)
    assert path.parent.name == "exports" and CallRecord.load(path) == record
