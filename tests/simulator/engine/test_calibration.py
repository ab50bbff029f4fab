"""Act-level Monte Carlo over every persona: good policies usually win, poor ones never do, and
difficulty orders the success rate (easy ≥ medium ≥ hard)."""

from __future__ import annotations

import pytest

from personas.models import Difficulty
from simulator.calibrate import calibrate
from simulator.catalog import load_catalog

CAT = load_catalog()
SCENARIOS = sorted(CAT.scenarios.values(), key=lambda s: s.id)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_good_policy_usually_succeeds_and_poor_never(scenario) -> None:  # type: ignore[no-untyped-def]
    persona = CAT.persona(scenario.persona)
    outbound = scenario.direction == "outbound"
    good = calibrate(persona, Difficulty.MEDIUM, "good", outbound=outbound, calls=120)
    poor = calibrate(persona, Difficulty.MEDIUM, "poor", outbound=outbound, calls=120)
    assert good.success_rate >= 0.5, good
    assert poor.success == 0, poor
    assert poor.hangup / poor.calls >= 0.8, poor


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_difficulty_orders_success(scenario) -> None:  # type: ignore[no-untyped-def]
    persona = CAT.persona(scenario.persona)
    rates = [calibrate(persona, d, "good", outbound=scenario.direction == "outbound", calls=120).success_rate
             for d in (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)]
    assert rates[0] >= rates[1] >= rates[2], rates
