"""Aggregations the dashboards need, computed by the database (GROUP BY over indexed columns), never by
loading every call. Only each call's latest scorecard counts."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from pydantic import BaseModel, field_validator
from sqlalchemy.engine import Engine

from storage.database import rows
from storage.filters import call_filters, utc
from storage.schema import CallRow, ScorecardRow, VerdictRow

VERDICTS = (("met", "met"), ("not_met", "not_met"), ("na", "n/a"))  # column, scoring.detectors.base.Verdict


class CriterionRate(BaseModel):
    criterion: str
    category: str
    met: int
    not_met: int
    na: int

    @property
    def rate(self) -> float | None:
        """Share met among the calls where it applied."""
        scored = self.met + self.not_met
        return self.met / scored if scored else None


class GroupTotal(BaseModel):
    """One person's or one team's calls over the range."""

    key: str | None
    calls: int
    scored: int
    passed: int
    objective_reached: int
    mean_overall: float | None
    last_call: datetime | None

    @field_validator("last_call")
    @classmethod
    def _utc(cls, moment: datetime | None) -> datetime | None:
        return utc(moment) if moment is not None else None


class Range(BaseModel):
    user_id: str | None = None
    team_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None



def criterion_rates(engine: Engine, scope: Range | None = None) -> list[CriterionRate]:
    """Per criterion: how often it was met, not met, not applicable."""
    scope = scope or Range()
    calls, cards, verdicts = CallRow.__table__, ScorecardRow.__table__, VerdictRow.__table__

    query = (sa.select(verdicts.c.criterion, sa.func.min(verdicts.c.category).label("category"),
                       *(_how_many(verdicts.c.verdict == v).label(name) for name, v in VERDICTS))
             .join(cards, sa.and_(cards.c.id == verdicts.c.scorecard_id, cards.c.latest.is_(True)))
             .join(calls, calls.c.id == verdicts.c.call_id)
             .where(*call_filters(**scope.model_dump()))
             .group_by(verdicts.c.criterion).order_by(verdicts.c.criterion))
    return [CriterionRate.model_validate(dict(row)) for row in rows(engine, query)]


def _how_many(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _totals(engine: Engine, key: sa.Column, scope: Range) -> list[GroupTotal]:
    calls, cards = CallRow.__table__, ScorecardRow.__table__
    query = (sa.select(key.label("key"), sa.func.count(calls.c.id).label("calls"),
                       sa.func.count(cards.c.id).label("scored"),
                       _how_many(cards.c.passed.is_(True)).label("passed"),
                       _how_many(calls.c.objective_reached.is_(True)).label("objective_reached"),
                       sa.func.avg(cards.c.overall).label("mean_overall"),
                       sa.func.max(calls.c.started_at).label("last_call"))
             .outerjoin(cards, sa.and_(cards.c.call_id == calls.c.id, cards.c.latest.is_(True)))
             .where(*call_filters(**scope.model_dump()))
             .group_by(key).order_by(key))
    return [GroupTotal.model_validate({**row, "mean_overall": None if row["mean_overall"] is None
                                       else round(float(row["mean_overall"]), 1)}) for row in rows(engine, query)]


def person_totals(engine: Engine, scope: Range | None = None) -> list[GroupTotal]:
    return _totals(engine, CallRow.__table__.c.user_id, scope or Range())


def team_totals(engine: Engine, scope: Range | None = None) -> list[GroupTotal]:
    return _totals(engine, CallRow.__table__.c.team_id, scope or Range())


class HeatCell(BaseModel):
    """One trainee × one criterion: in how many of their calls it applied, and was met."""

    user_id: str
    criterion: str
    met: int
    applied: int

    @property
    def rate(self) -> float | None:
        return self.met / self.applied if self.applied else None


def heatmap(engine: Engine, scope: Range) -> list[HeatCell]:
    """Trainees × criteria over the scope (a team, a date range): the team's common weakness at a glance."""
    calls, cards, verdicts = CallRow.__table__, ScorecardRow.__table__, VerdictRow.__table__
    query = (sa.select(calls.c.user_id, verdicts.c.criterion, _how_many(verdicts.c.verdict == "met").label("met"),
                       _how_many(verdicts.c.verdict != "n/a").label("applied"))
             .join(cards, sa.and_(cards.c.id == verdicts.c.scorecard_id, cards.c.latest.is_(True)))
             .join(calls, calls.c.id == verdicts.c.call_id)
             .where(calls.c.user_id.is_not(None), *call_filters(**scope.model_dump()))
             .group_by(calls.c.user_id, verdicts.c.criterion).order_by(calls.c.user_id, verdicts.c.criterion))
    return [HeatCell.model_validate(dict(row)) for row in rows(engine, query)]


def latest_scores(engine: Engine, scope: Range) -> dict[str, int]:
    """Each person's most recent scored call's total."""
    calls, cards = CallRow.__table__, ScorecardRow.__table__
    ranked = (sa.select(calls.c.user_id, cards.c.overall,
                        sa.func.row_number().over(partition_by=calls.c.user_id,
                                                  order_by=[calls.c.started_at.desc(), calls.c.id.desc()]).label("n"))
              .join(cards, sa.and_(cards.c.call_id == calls.c.id, cards.c.latest.is_(True)))
              .where(calls.c.user_id.is_not(None), *call_filters(**scope.model_dump())).subquery())
    query = sa.select(ranked.c.user_id, ranked.c.overall).where(ranked.c.n == 1)
    return {row["user_id"]: int(row["overall"]) for row in rows(engine, query)}
