"""A team's review: per member their calls, pass rate, average and latest total, last call, and how often
each criterion was met (the heatmap's row). One report for the API and the manager's screen; the figures
are SQL aggregations (``storage.queries``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from storage.accounts import AccountStore, Team
from storage.queries import Range, heatmap, latest_scores, person_totals
from storage.repository import CallRepository


class Member(BaseModel):
    user_id: str
    username: str
    role: str
    calls: int = 0
    scored: int = 0
    passed: int = 0
    pass_rate: float | None = None
    mean_overall: float | None = None
    latest: int | None = None
    last_call: datetime | None = None
    criteria: dict[str, float | None] = {}


class TeamReport(BaseModel):
    team: Team
    members: list[Member]
    criteria: list[str]


def team_report(repo: CallRepository, accounts: AccountStore, team: Team, since: datetime | None = None,
                until: datetime | None = None) -> TeamReport:
    scope = Range(team_id=team.id, since=since, until=until)
    totals = {t.key: t for t in person_totals(repo.engine, scope)}
    latest = latest_scores(repo.engine, scope)
    cells = heatmap(repo.engine, scope)
    members = []
    for user in accounts.users(team.id):
        t = totals.get(user.id)
        member = Member(user_id=user.id, username=user.username, role=user.role, latest=latest.get(user.id),
                        criteria={c.criterion: (round(c.rate, 3) if c.rate is not None else None)
                                  for c in cells if c.user_id == user.id})
        if t is not None:
            member = member.model_copy(update={
                "calls": t.calls, "scored": t.scored, "passed": t.passed, "mean_overall": t.mean_overall,
                "pass_rate": round(t.passed / t.scored, 3) if t.scored else None, "last_call": t.last_call})
        members.append(member)
    return TeamReport(team=team, members=members, criteria=sorted({c.criterion for c in cells}))
