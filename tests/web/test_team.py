"""The Team tab: only managers and admins get it, a manager sees their own team, the heatmap shows the
common weakness, a trainee's call opens with the persona's state plot, and opening it is audited."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from accounts.roles import Role
from core.languages import Lang
from core.record import CallRecord, StateSnapshot
from scoring.team import team_report
from simulator.bench.fakes import InstantSpeech
from simulator.live_calls import CallRegistry
from simulator.settings import Settings
from simulator.store import open_accounts
from simulator.voice.config import VoiceSettings
from web.auth import Gate
from web.history import History
from web.team import TeamReview
from web.team_view import heatmap_html, members_table


class _Request:
    def __init__(self, username: str) -> None:
        self.username = username


class _Select:
    def __init__(self, row: int) -> None:
        self.index = [row, 0]


def _setup() -> tuple[TeamReview, dict[str, Any]]:
    registry = CallRegistry(Settings(), VoiceSettings(), InstantSpeech())
    accounts = open_accounts(registry.store)
    people = {name: accounts.add_user(None, name, f"{name}-password", role, team) for name, role, team in (
        ("admin", Role.ADMIN, None), ("lead", Role.MANAGER, "north"), ("ana", Role.TRAINEE, "north"),
        ("cici", Role.TRAINEE, "north"), ("budi", Role.TRAINEE, "south"))}
    day = datetime(2026, 11, 2, tzinfo=UTC)
    for n, (name, greeting, empathy) in enumerate([("ana", "met", "not_met"), ("cici", "met", "not_met"),
                                                   ("ana", "not_met", "not_met"), ("budi", "met", "met")]):
        user = people[name]
        record = CallRecord(id=f"k{n}", language="en", persona="angry_complainer", direction="inbound",
                            scenario_id="complaint_broadband_outage", user_id=user.id, team_id=user.team_id,
                            started_at=(day + timedelta(days=n)).isoformat(),
                            state_trace=[StateSnapshot(turn=1, state={"mood": 30, "patience": 60}, stage="vent"),
                                         StateSnapshot(turn=3, state={"mood": 45, "patience": 55}, stage="fix")])
        assert registry.store.save(record)
        registry.store.save_scorecard({"call_id": record.id, "rubric": "default@1", "overall": 50, "passed": False,
                                       "criteria": {"greeting": {"category": "etiquette", "verdict": greeting},
                                                    "empathy": {"category": "tone", "verdict": empathy}}})
    return TeamReview(registry, accounts.store, owner=Gate(accounts).named), people


def test_who_gets_the_tab_and_which_teams() -> None:
    review, _ = _setup()
    lead = review.choices("en", _Request("lead"))  # type: ignore[arg-type]
    assert lead[0]["visible"] is True and [c[0] for c in lead[1]["choices"]] == ["north"]
    admin = review.choices("zh-TW", _Request("admin"))  # type: ignore[arg-type]
    assert sorted(c[0] for c in admin[1]["choices"]) == ["north", "south"] and admin[1]["label"] == "團隊"
    assert review.choices("en", _Request("ana"))[0]["visible"] is False  # type: ignore[arg-type]


def test_the_table_heatmap_and_a_reviewed_call(monkeypatch: Any) -> None:
    review, people = _setup()
    north = people["lead"].team_id
    report = team_report(review.registry.store, review.accounts,
                         next(t for t in review.accounts.teams() if t.id == north))
    table = members_table(report, Lang.EN)
    rows = {r["Trainee"]: r for r in table.to_dict("records")}
    assert rows["ana"]["Calls"] == 2 and rows["ana"]["Pass rate"] == "0%" and rows["lead"]["Calls"] == 0
    heat = heatmap_html(report, Lang.ID)
    assert "Salam yang sopan" in heat and 'data-user="' + people["ana"].id in heat
    assert 'data-criterion="empathy" style="background:hsl(0,' in heat, "never met: red"
    shown = asyncio.run(review.show(north, "en", _Request("lead")))  # type: ignore[arg-type]
    assert shown[2]["visible"] and len(shown[3]) == 3, "the team's three calls, not budi's"
    assert asyncio.run(review.show(north, "en", _Request("ana")))[3] == [], "a trainee reviews nothing"  # type: ignore[arg-type]
    opened, plot, call_id, notes = review.open(shown[3], _Select(0), _Request("lead"))  # type: ignore[arg-type]
    assert opened.endswith(".json") and plot["visible"] is True
    assert sorted(plot["value"]["series"].unique()) == ["mood", "patience"]
    log = review.accounts.audit_log()
    assert len(log) == 1 and log[0].action == "open_call" and "lead (manager)" in log[0].detail
    assert review.open(shown[3], _Select(0), _Request("budi"))[0] == "", "another team's trainee: nothing"  # type: ignore[arg-type]
    assert notes == ""
    review.post(call_id, 12.0, "Name her problem before the fix.", "en", _Request("lead"))  # type: ignore[arg-type]
    history = History(review.registry, owner=review.owner)
    trainee = _Request(people["ana"].username if call_id in {"k0", "k2"} else people["cici"].username)
    table = asyncio.run(history.calls("", "en", trainee))[0]["value"]  # type: ignore[arg-type]
    assert 1 in table["New comments"].tolist(), "the badge on the trainee's call"
    ids = asyncio.run(history.calls("", "en", trainee))[1]  # type: ignore[arg-type]
    _, shown_notes = history.open(ids, "en", _Select(ids.index(call_id)))  # type: ignore[arg-type]
    assert "Name her problem before the fix." in shown_notes and "New comments" in shown_notes
    again = asyncio.run(history.calls("", "en", trainee))[0]["value"]  # type: ignore[arg-type]
    assert 1 not in again["New comments"].tolist(), "read once opened"
