"""State rules decided by code: empathy calms, arguing angers, patience ends the call, gates need acts."""

from __future__ import annotations

import pytest

from core.acts import Act
from personas.models import Difficulty
from simulator.catalog import load_catalog
from simulator.engine.state import EndKind, PersonaState, band_of

PERSONA = load_catalog().persona("angry_complainer")


def _state(difficulty: Difficulty = Difficulty.MEDIUM) -> PersonaState:
    return PersonaState(PERSONA, difficulty)


def test_empathy_calms_the_angry_customer() -> None:
    s = _state()
    before = s.snapshot()
    s.apply({Act.EMPATHY})
    assert s.values["mood"] > before["mood"]
    assert s.values["trust"] > before["trust"]


def test_arguing_angers_and_costs_patience() -> None:
    s = _state()
    before = s.snapshot()
    s.apply({Act.YES_BUT})
    assert s.values["mood"] < before["mood"]
    assert s.values["patience"] < before["patience"]


def test_repeated_apologies_pay_less_each_time() -> None:
    s = _state()
    gains = []
    for _ in range(3):
        before = s.values["mood"]
        s.apply({Act.APOLOGY})
        gains.append(s.values["mood"] - before)
    assert gains[0] > gains[1] >= gains[2] >= 0


def test_patience_running_out_ends_the_call() -> None:
    s = _state()
    reached: list[str] = []
    for _ in range(10):
        reached = s.apply({Act.BLAME, Act.INTERRUPT}).reached
        if reached:
            break
    assert EndKind.HANGUP in reached
    assert s.values["patience"] == 0


def test_rudeness_twice_is_abuse() -> None:
    s = _state()
    assert EndKind.ABUSE not in s.apply({Act.RUDENESS}).reached
    assert EndKind.ABUSE in s.apply({Act.RUDENESS}).reached


@pytest.mark.parametrize("persona_id", sorted(load_catalog().personas))
def test_success_needs_the_acts_not_just_a_good_mood(persona_id: str) -> None:
    persona = load_catalog().persona(persona_id)
    gate = persona.endings.success.when
    s = PersonaState(persona, Difficulty.MEDIUM)
    s.values.update({k: 100 for k in s.values})
    assert gate.acts_seen_all or gate.acts_any, "a success gate must require acts"
    assert EndKind.SUCCESS not in s.apply({Act.GREETING}).reached
    s.values.update({k: 100 for k in s.values})
    s.apply(set(gate.acts_seen_all) | set(gate.acts_seen_any[:1]))
    s.values.update({k: 100 for k in s.values})
    s.facts_revealed = list(gate.facts_revealed)
    final = set(gate.acts_any[:1]) | set(gate.acts_seen_all)
    for _ in range(max(1, gate.turn_min)):
        reached = s.apply(final).reached
        s.values.update({k: 100 for k in s.values})
    assert EndKind.SUCCESS in reached


def test_hard_starts_lower_and_punishes_more_than_easy() -> None:
    easy, hard = _state(Difficulty.EASY), _state(Difficulty.HARD)
    assert hard.values["mood"] < easy.values["mood"]
    e0, h0 = easy.values["patience"], hard.values["patience"]
    easy.apply({Act.YES_BUT})
    hard.apply({Act.YES_BUT})
    assert h0 - hard.values["patience"] > e0 - easy.values["patience"]


def test_same_acts_give_the_same_trajectory() -> None:
    acts = [{Act.GREETING}, {Act.EMPATHY, Act.APOLOGY}, {Act.YES_BUT}, {Act.OWNERSHIP}]
    runs = []
    for _ in range(2):
        s = _state()
        runs.append([(s.apply(a).deltas, s.stage) for a in acts])
    assert runs[0] == runs[1]


def test_bands() -> None:
    assert band_of(0) == "low" and band_of(34) == "low"
    assert band_of(35) == "mid" and band_of(64) == "mid"
    assert band_of(65) == "high" and band_of(100) == "high"
