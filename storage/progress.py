"""One person's progress, computed by the database: each scored call as a point (total, pass, category
scores), per scenario first → best → latest (window functions), the criteria missed in their last calls,
and, over everyone's calls, which scenarios have exercised which criteria. Only latest scorecards count."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, Field, field_validator
from sqlalchemy.engine import Engine

from storage.database import rows
from storage.filters import utc
from storage.schema import CallRow, CategoryScoreRow, ScorecardRow, VerdictRow


class CallPoint(BaseModel):
    call_id: str
    started_at: datetime
    scenario_id: str
    language: str
    difficulty: str
    overall: int
    passed: bool
    categories: dict[str, float] = Field(default_factory=dict)

    _utc = field_validator("started_at")(utc)


class ScenarioProgress(BaseModel):
    scenario_id: str
    calls: int
    passed: int
    first: int
    best: int
    latest: int
    passed_difficulties: list[str] = Field(default_factory=list)


class Missed(BaseModel):
    criterion: str
    category: str
    missed: int = Field(description="calls where it was not met")
    applied: int = Field(description="calls where it applied (met or not)")



CALLS, CARDS = CallRow.__table__, ScorecardRow.__table__


def _scored(user_id: str, *columns: sa.ColumnElement[Any]) -> sa.Select:
    """SELECT ``columns`` over the person's calls joined to their latest scorecards."""
    return (sa.select(*columns).select_from(CALLS)
            .join(CARDS, sa.and_(CARDS.c.call_id == CALLS.c.id, CARDS.c.latest.is_(True)))
            .where(CALLS.c.user_id == user_id))


def call_points(engine: Engine, user_id: str) -> list[CallPoint]:
    """Oldest first: one point per scored call, with its category scores."""
    calls, cards, scores = CALLS, CARDS, CategoryScoreRow.__table__
    query = (_scored(user_id, calls.c.id.label("call_id"), calls.c.started_at, calls.c.scenario_id,
                     calls.c.language, calls.c.difficulty, cards.c.overall, cards.c.passed, scores.c.category,
                     scores.c.score)
             .outerjoin(scores, scores.c.scorecard_id == cards.c.id).order_by(calls.c.started_at, calls.c.id))
    points: dict[str, CallPoint] = {}
    for row in rows(engine, query):
        point = points.get(row["call_id"])
        if point is None:
            point = points[row["call_id"]] = CallPoint.model_validate(
                {k: row[k] for k in CallPoint.model_fields if k != "categories"})
        if row["category"] is not None:
            point.categories[row["category"]] = round(float(row["score"]), 1)
    return list(points.values())


def scenario_progress(engine: Engine, user_id: str) -> list[ScenarioProgress]:
    calls, cards = CALLS, CARDS
    order = (calls.c.started_at, calls.c.id)
    ranked = _scored(user_id, calls.c.scenario_id, calls.c.difficulty, cards.c.overall, cards.c.passed,
                     sa.func.row_number().over(partition_by=calls.c.scenario_id, order_by=order).label("n_first"),
                     sa.func.row_number().over(partition_by=calls.c.scenario_id,
                                               order_by=[o.desc() for o in order]).label("n_latest")).subquery()
    query = (sa.select(ranked.c.scenario_id, sa.func.count().label("calls"),
                       sa.func.sum(sa.case((ranked.c.passed.is_(True), 1), else_=0)).label("passed"),
                       sa.func.max(sa.case((ranked.c.n_first == 1, ranked.c.overall))).label("first"),
                       sa.func.max(ranked.c.overall).label("best"),
                       sa.func.max(sa.case((ranked.c.n_latest == 1, ranked.c.overall))).label("latest"))
             .group_by(ranked.c.scenario_id).order_by(ranked.c.scenario_id))
    passed = _scored(user_id, calls.c.scenario_id, calls.c.difficulty).where(cards.c.passed.is_(True)).distinct()
    levels: dict[str, list[str]] = {}
    for row in rows(engine, passed):
        levels.setdefault(row["scenario_id"], []).append(row["difficulty"])
    return [ScenarioProgress.model_validate({**row, "passed_difficulties": sorted(levels.get(row["scenario_id"], []))})
            for row in rows(engine, query)]


def missed_recently(engine: Engine, user_id: str, last: int = 5, *, only_missed: bool = True) -> list[Missed]:
    """Criteria by how often they were not met in the person's ``last`` scored calls (most missed first);
    ``only_missed=False``: every criterion that applied there, met or not."""
    verdicts = VerdictRow.__table__
    recent = (_scored(user_id, CARDS.c.id).order_by(CALLS.c.started_at.desc(), CALLS.c.id.desc())
              .limit(last).subquery())
    missed = sa.func.sum(sa.case((verdicts.c.verdict == "not_met", 1), else_=0))
    query = (sa.select(verdicts.c.criterion, sa.func.min(verdicts.c.category).label("category"),
                       missed.label("missed"),
                       sa.func.sum(sa.case((verdicts.c.verdict != "n/a", 1), else_=0)).label("applied"))
             .where(verdicts.c.scorecard_id.in_(sa.select(recent.c.id)))
             .group_by(verdicts.c.criterion).having(missed > 0 if only_missed else sa.true())
             .order_by(missed.desc(), verdicts.c.criterion))
    return [Missed.model_validate(dict(row)) for row in rows(engine, query)]


def exercised(engine: Engine) -> dict[tuple[str, str], float]:
    """Over everyone's scored calls: (scenario, criterion) → the share of calls where the criterion applied."""
    calls, cards, verdicts = CallRow.__table__, ScorecardRow.__table__, VerdictRow.__table__
    query = (sa.select(calls.c.scenario_id, verdicts.c.criterion,
                       sa.func.avg(sa.case((verdicts.c.verdict != "n/a", 1.0), else_=0.0)).label("share"))
             .select_from(verdicts)
             .join(cards, sa.and_(cards.c.id == verdicts.c.scorecard_id, cards.c.latest.is_(True)))
             .join(calls, calls.c.id == verdicts.c.call_id)
             .group_by(calls.c.scenario_id, verdicts.c.criterion))
    return {(row["scenario_id"], row["criterion"]): float(row["share"]) for row in rows(engine, query)}
