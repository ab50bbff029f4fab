"""Made-up teams and calls for the dashboards: the counts asked for, every call scored, deterministic."""

from __future__ import annotations

from simulator.catalog import load_catalog
from simulator.cli.main import main
from simulator.seed import seed
from simulator.settings import Settings
from simulator.store import open_accounts, open_store
from storage.queries import Range, heatmap, person_totals


def test_seed_makes_the_teams_trainees_and_scored_calls_asked_for() -> None:
    repo = open_store(Settings())
    accounts = open_accounts(repo)
    report = seed(repo, accounts, load_catalog(), trainees=3, calls=5, team_size=2)
    assert (report.teams, report.trainees, report.calls) == (2, 3, 15)
    assert sorted(t.name for t in accounts.store.teams()) == ["seed-team-0", "seed-team-1"]
    totals = person_totals(repo.engine)
    assert sorted(t.calls for t in totals if t.key) == [5, 5, 5] and all(t.scored == t.calls for t in totals)
    team = accounts.store.team_named("seed-team-0")
    assert team is not None
    cells = heatmap(repo.engine, Range(team_id=team.id))
    assert {c.user_id for c in cells} == {u.id for u in accounts.store.users(team.id) if u.role == "trainee"}
    first = [c.overall for c in repo.list_calls(limit=100)]
    again = open_store(Settings(data_dir=repo.data_dir.parent / "again"))
    seed(again, open_accounts(again), load_catalog(), trainees=3, calls=5, team_size=2)
    assert [c.overall for c in again.list_calls(limit=100)] == first, "the same seed gives the same data"


def test_db_seed_command(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["db", "seed", "--trainees", "2", "--calls", "3"]) == 0
    assert "seeded 1 teams, 2 trainees, 6 scored calls" in capsys.readouterr().out
