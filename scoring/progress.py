"""A trainee's progress and what to practise next.

The figures come from the database (``storage.progress``). What to practise next: the criteria missed
most often in the last calls; for each, the scenario that exercises it best — where it applied in most
scored calls so far, else one whose direction fits the criterion — at one level above the difficulty the
trainee last passed on that scenario (its own difficulty when they never passed it).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from personas.models import Difficulty
from scoring.rubric import Rubric, Situation, load_rubric
from simulator.catalog import Catalog
from storage.progress import (
    CallPoint,
    Missed,
    ScenarioProgress,
    call_points,
    exercised,
    missed_recently,
    scenario_progress,
)
from storage.queries import CriterionRate, Range, criterion_rates
from storage.repository import CallRepository

LEVELS = [Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD]
RECENT = 5
SUGGESTIONS = 3
APPLIES_ENOUGH = 0.5  # share of scored calls on a scenario where the criterion applied


class Suggestion(BaseModel):
    criterion: str
    missed: int
    recent: int = Field(description="of the last calls where it applied")
    scenario_id: str
    difficulty: Difficulty


class Progress(BaseModel):
    calls: list[CallPoint]
    scenarios: list[ScenarioProgress]
    criteria: list[CriterionRate]
    recent: list[Missed] = Field(description="every criterion in the last calls, met or not")
    next: list[Suggestion]

    @property
    def missed(self) -> list[Missed]:
        """The criteria missed in the last calls, most missed first."""
        return [m for m in self.recent if m.missed]

    @property
    def pass_rate(self) -> float | None:
        return sum(p.passed for p in self.calls) / len(self.calls) if self.calls else None


def _next_level(progress: ScenarioProgress | None, own: Difficulty) -> Difficulty:
    if progress is None or not progress.passed_difficulties:
        return own
    best = max(LEVELS.index(Difficulty(d)) for d in progress.passed_difficulties)
    return LEVELS[min(best + 1, len(LEVELS) - 1)]


def _fits(rubric: Rubric, criterion: str, outbound: bool) -> bool:
    crit = next((c for c in rubric.criteria if c.id == criterion), None)
    if crit is None:
        return False
    wrong_way = Situation.INBOUND if outbound else Situation.OUTBOUND
    return wrong_way not in crit.applies


def suggest(missed: list[Missed], scenarios: list[ScenarioProgress], shares: dict[tuple[str, str], float],
            catalog: Catalog, rubric: Rubric | None = None) -> list[Suggestion]:
    rubric = rubric or load_rubric("default")
    played = {s.scenario_id: s for s in scenarios}
    out: list[Suggestion] = []
    for miss in missed[:SUGGESTIONS]:
        def rank(scenario_id: str, c: str = miss.criterion) -> tuple[float, int, str]:
            """Where it applied most often (the rubric's direction when never scored there), played first."""
            share = shares.get((scenario_id, c))
            fits = _fits(rubric, c, catalog.scenarios[scenario_id].direction.value == "outbound")
            known = share if share is not None else (APPLIES_ENOUGH if fits else 0.0)
            return (-known, 0 if scenario_id in played else 1, scenario_id)

        best = min(catalog.scenarios, key=rank)
        if rank(best)[0] >= 0:  # no scenario exercises it
            continue
        scenario = catalog.scenarios[best]
        out.append(Suggestion(criterion=miss.criterion, missed=miss.missed, recent=miss.applied, scenario_id=best,
                              difficulty=_next_level(played.get(best), scenario.difficulty)))
    return out


def progress(repo: CallRepository, catalog: Catalog, user_id: str) -> Progress:
    scenarios = scenario_progress(repo.engine, user_id)
    recent = missed_recently(repo.engine, user_id, RECENT, only_missed=False)
    missed = [m for m in recent if m.missed]
    return Progress(calls=call_points(repo.engine, user_id), scenarios=scenarios,
                    criteria=criterion_rates(repo.engine, Range(user_id=user_id)), recent=recent,
                    next=suggest(missed, scenarios, exercised(repo.engine), catalog))
