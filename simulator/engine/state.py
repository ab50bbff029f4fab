"""The persona's hidden state, decided by code: acts → deltas → stage → endings.

Deterministic: the same acts on the same persona and difficulty give the same trajectory on every
backend. Numbers stay here; everything the persona's words depend on sees only bands.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from core.acts import Act
from personas.models import Band, Condition, Difficulty, DifficultyLevel, Persona

BAND_EDGES = (35, 65)  # low < 35 <= mid < 65 <= high

# Acts that only set context: they never pay into the state twice in a row.
_REPEAT_DECAY = 0.5


def band_of(value: int) -> Band:
    if value < BAND_EDGES[0]:
        return Band.LOW
    return Band.MID if value < BAND_EDGES[1] else Band.HIGH


def _clamp(v: float) -> int:
    return max(0, min(100, round(v)))


class EndKind:
    SUCCESS = "success"
    HANGUP = "hangup"
    ABUSE = "abuse"


@dataclass
class StepResult:
    """What one trainee turn did to the state."""

    acts: list[Act]
    deltas: dict[str, int]
    stage: str
    stage_changed: bool
    reached: list[str] = field(default_factory=list)  # endings whose gate holds now
    revealed: list[str] = field(default_factory=list)  # facts whose gate holds now (not yet revealed)
    asked_again: list[str] = field(default_factory=list)  # revealed facts the trainee asks for again


class PersonaState:
    """Mood, patience, trust (and any persona extras), the stage, and the history of acts."""

    def __init__(
        self, persona: Persona, difficulty: Difficulty, fallback_effects: dict[Act, dict[str, int]] | None = None
    ) -> None:
        self.persona = persona
        self.effects = {**(fallback_effects or {}), **persona.effects}
        self.level: DifficultyLevel = persona.difficulty.get(difficulty, DifficultyLevel())
        self.values: dict[str, int] = {
            k: _clamp(v + self.level.initial.get(k, 0)) for k, v in persona.state.initial.items()
        }
        self.stage_index = 0
        self.turns = 0
        self.act_counts: Counter[Act] = Counter()
        self.facts_revealed: list[str] = []
        self.objective_reached = False

    @property
    def stage(self) -> str:
        return self.persona.stages[self.stage_index].id

    @property
    def band(self) -> Band:
        return band_of(self.values.get(self.persona.band_on, self.values["mood"]))

    def snapshot(self) -> dict[str, int]:
        return dict(self.values)

    def holds(self, cond: Condition, turn_acts: set[Act], *, gate: bool = False) -> bool:
        """Whether ``cond`` holds now; ``gate`` adds the difficulty's threshold shift to ``min``."""
        shift = self.level.threshold if gate else 0
        if any(self.values.get(k, 0) < v + shift for k, v in cond.min.items()):
            return False
        if any(self.values.get(k, 0) > v for k, v in cond.max.items()):
            return False
        if cond.acts_any and not turn_acts.intersection(cond.acts_any):
            return False
        if any(self.act_counts[a] == 0 for a in cond.acts_seen_all):
            return False
        if cond.acts_seen_any and not any(self.act_counts[a] for a in cond.acts_seen_any):
            return False
        if any(self.act_counts[a] < n for a, n in cond.act_count_min.items()):
            return False
        if self.turns < cond.turn_min:
            return False
        return all(f in self.facts_revealed for f in cond.facts_revealed)

    def apply(self, acts: set[Act]) -> StepResult:
        """One trainee turn: pay decay, add each act's effect, then move the stage and test gates.

        The n-th use of the same act in a call is worth 0.5ⁿ⁻¹ of its positive effect, so repeating
        "sorry" five times does not buy a calm customer; negative effects always land in full.
        """
        self.turns += 1
        deltas: dict[str, float] = {}
        for key, loss in self.persona.state.decay.items():
            deltas[key] = deltas.get(key, 0) - loss * self.level.decay
        ordered = sorted(acts, key=lambda a: a.value)
        for act in ordered:
            for key, delta in self.effects.get(act, {}).items():
                if delta >= 0:
                    value = delta * self.level.positive * _REPEAT_DECAY ** self.act_counts[act]
                else:
                    value = delta * self.level.negative
                deltas[key] = deltas.get(key, 0) + value
            self.act_counts[act] += 1
        applied: dict[str, int] = {}
        for key, delta in deltas.items():
            before = self.values.get(key, 0)
            self.values[key] = _clamp(before + delta)
            if self.values[key] != before:
                applied[key] = self.values[key] - before
        changed = self._advance_stage(acts)
        result = StepResult(acts=ordered, deltas=applied, stage=self.stage, stage_changed=changed)
        endings = self.persona.endings
        if endings.abuse and self.holds(endings.abuse.when, acts):
            result.reached.append(EndKind.ABUSE)
        if self.holds(endings.hangup.when, acts):
            result.reached.append(EndKind.HANGUP)
        if not self.objective_reached and self.holds(endings.success.when, acts, gate=True):
            result.reached.append(EndKind.SUCCESS)
        result.revealed = [
            f.id for f in self.persona.facts
            if f.id not in self.facts_revealed and self.holds(f.reveal_when, acts)
        ]
        result.asked_again = [
            f.id for f in self.persona.facts
            if f.id in self.facts_revealed and acts.intersection(f.reveal_when.acts_any)
        ]
        return result

    def settle(self, *, revealed: list[str], objective_reached: bool) -> None:
        """Apply what the persona's reply settled: facts she has now told, the objective reached."""
        self.facts_revealed += [f for f in revealed if f not in self.facts_revealed]
        self.objective_reached = self.objective_reached or objective_reached

    def _advance_stage(self, acts: set[Act]) -> bool:
        stages = self.persona.stages
        target = self.stage_index
        for i in range(self.stage_index + 1, len(stages)):
            if self.holds(stages[i].enter, acts):
                target = i
        changed = target != self.stage_index
        self.stage_index = target
        return changed
