"""Act-level Monte Carlo calibration (no LLM): scripted trainee *policies* emit act sets into the real
state machine, many times with different seeds, and we count successes and hang-ups per persona and
difficulty. A good policy should usually succeed and a poor one never; trainers use it to check that
a persona's numbers still make sense after an edit (`python -m simulator calibrate`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from core.acts import Act
from personas.models import Difficulty, Persona
from simulator.engine.state import EndKind, PersonaState

OPENING = [Act.GREETING, Act.SELF_INTRO, Act.POLITE]
OUTBOUND_OPENING = [Act.VERIFY_PARTY, Act.ASK_CONVENIENCE, Act.CLEAR_PURPOSE]
GOOD = [
    Act.EMPATHY, Act.APOLOGY, Act.OWNERSHIP, Act.OFFER_SOLUTION, Act.ASK_WISH, Act.OPEN_QUESTION, Act.PARAPHRASE,
    Act.LISTENING, Act.THANKS, Act.POLITE, Act.BENEFIT, Act.ASK_TIME, Act.PROPOSE_TIME, Act.ASK_DETAILS,
    Act.ASK_NAME, Act.CLEAR_PURPOSE, Act.SELF_INTRO, Act.ASK_CONVENIENCE, Act.VERIFY_PARTY,
]
POOR = [Act.BARE_OPENER, Act.CURT, Act.YES_BUT, Act.BLAME, Act.RUDENESS, Act.DECEPTION, Act.PRESSURE,
        Act.RAMBLING, Act.JARGON, Act.INTERRUPT, Act.FILLER, Act.CLOSED_QUESTION]


@dataclass
class CalibrationResult:
    persona: str
    difficulty: str
    policy: str
    calls: int
    success: int
    hangup: int
    mean_turns: float

    @property
    def success_rate(self) -> float:
        return self.success / self.calls if self.calls else 0.0


def _policy_acts(policy: str, turn: int, outbound: bool, rng: random.Random) -> set[Act]:
    if policy == "good":
        acts = set(OPENING + (OUTBOUND_OPENING if outbound else [])) if turn == 0 else set(rng.sample(GOOD, 4))
        return acts
    acts = {Act.BARE_OPENER} if turn == 0 else set(rng.sample(POOR, 2))
    if rng.random() < 0.3:
        acts.add(rng.choice([Act.LISTENING, Act.OPEN_QUESTION, Act.ASK_DETAILS]))
    return acts


def simulate(persona: Persona, difficulty: Difficulty, policy: str, *, outbound: bool, seed: int) -> tuple[str, int]:
    """One call at act level; returns (how it ended, trainee turns)."""
    rng = random.Random(seed)
    state = PersonaState(persona, difficulty)
    for turn in range(persona.max_turns):
        step = state.apply(_policy_acts(policy, turn, outbound, rng))
        if step.revealed:  # the planner reveals one fact per reply
            state.facts_revealed.append(step.revealed[0])
        for kind in (EndKind.ABUSE, EndKind.HANGUP, EndKind.SUCCESS):
            if kind in step.reached:
                return kind, turn + 1
    return "limit", persona.max_turns


def calibrate(persona: Persona, difficulty: Difficulty, policy: str, *, outbound: bool, calls: int = 200,
              seed: int = 0) -> CalibrationResult:
    ends = [simulate(persona, difficulty, policy, outbound=outbound, seed=seed + i) for i in range(calls)]
    return CalibrationResult(
        persona=persona.id, difficulty=difficulty.value, policy=policy, calls=calls,
        success=sum(e == EndKind.SUCCESS for e, _ in ends),
        hangup=sum(e in (EndKind.HANGUP, EndKind.ABUSE) for e, _ in ends),
        mean_turns=round(sum(t for _, t in ends) / calls, 1),
    )
