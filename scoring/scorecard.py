"""The scorecard: verdicts combined in code, blockers applied, category scores, total and pass/fail.

The total is the weighted share of applicable criteria met (criterion weight × category weight),
0–100. A blocker that is not met (``honesty``) fails the call whatever the total.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from scoring.detectors.base import Verdict
from scoring.rubric import Rubric


class Moment(BaseModel):
    """Where a piece of evidence was said, for highlighting and playback."""

    turn: int
    start: float
    end: float


class CriterionResult(BaseModel):
    id: str
    name: str
    category: str
    verdict: Verdict
    evidence: list[str] = Field(default_factory=list, description="the trainee's own words")
    moments: list[Moment] = Field(default_factory=list, description="one per evidence quote")
    better: str = Field("", description="a line the trainee could have said (misses only)")
    source: Literal["code", "judge"] = "code"
    note: str = ""
    weight: float = 1.0
    blocker: bool = False


class Feedback(BaseModel):
    keep: str
    start: str
    stop: str


class Scorecard(BaseModel):
    call_id: str
    language: str
    rubric: str = Field(description="rubric id@version")
    prompt_version: str | None = Field(None, description="judge prompt version, when a judge ran")
    judge: str = "none"
    judge_error: str = ""
    overall: int = Field(ge=0, le=100)
    passed: bool
    pass_mark: float
    blocked_by: list[str] = Field(default_factory=list)
    categories: dict[str, float | None]
    criteria: dict[str, CriterionResult]
    metrics: dict[str, float]
    feedback: Feedback
    timings: dict[str, float] = Field(default_factory=dict)

    def not_met(self) -> list[str]:
        return [c.id for c in self.criteria.values() if c.verdict is Verdict.NOT_MET]


def _share(results: list[CriterionResult], weights: dict[str, float]) -> float | None:
    scored = [r for r in results if r.verdict is not Verdict.NA and weights[r.id] > 0]
    total = sum(weights[r.id] for r in scored)
    if not total:
        return None
    return 100.0 * sum(weights[r.id] for r in scored if r.verdict is Verdict.MET) / total


def totals(rubric: Rubric, results: dict[str, CriterionResult]) -> tuple[int, bool, list[str], dict[str, float | None]]:
    """Overall 0–100, passed, the blockers that failed, and the score per category."""
    weights = {c.id: c.weight * rubric.categories[c.category].weight for c in rubric.criteria}
    categories = {
        str(cat): (round(s, 1) if (s := _share([r for r in results.values() if r.category == cat], weights)) is not None
                   else None)
        for cat in rubric.categories
    }
    overall = _share(list(results.values()), weights)
    blocked = [r.id for r in results.values() if r.blocker and r.verdict is Verdict.NOT_MET]
    score = round(overall) if overall is not None else 0
    return score, score >= rubric.pass_mark and not blocked, blocked, categories
