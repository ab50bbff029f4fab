"""End to end through both halves: the engine plays each scenario's good and poor scripted trainee,
the scorer grades the records it wrote. The good call must clearly outrank the poor one, and the poor
one must fail, in every scenario and language (calls the scorer was never tuned on)."""

from __future__ import annotations

import asyncio
import json

import pytest

from scoring.callio import from_data
from scoring.scorer import score_call
from simulator.catalog import REPO_SCRIPTS, load_catalog
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.scripted import play_script
from simulator.settings import Settings

CASES = [(s.id, str(lang)) for s in load_catalog().scenarios.values() for lang in s.languages]


def _scored(scenario_id: str, lang: str, kind: str):  # type: ignore[no-untyped-def]
    lines = [ln for ln in (REPO_SCRIPTS / scenario_id / f"{lang}-{kind}.txt").read_text("utf-8").splitlines() if ln]
    call = open_call(CallConfig(scenario_id, lang, seed=1), Settings())  # type: ignore[arg-type]
    asyncio.run(play_script(call, lines))
    return score_call(from_data(json.loads(call.record.to_json())))


@pytest.mark.parametrize(("scenario_id", "lang"), CASES)
def test_good_call_outranks_poor_call(scenario_id: str, lang: str) -> None:
    good, poor = _scored(scenario_id, lang, "good"), _scored(scenario_id, lang, "poor")
    assert good.overall >= poor.overall + 20, (good.overall, poor.overall)
    assert not poor.passed
    assert good.rubric == poor.rubric and good.rubric.startswith("default@")
