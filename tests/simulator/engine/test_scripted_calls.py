"""For every persona and language, a scripted good trainee reaches the objective in directed mode
and a scripted poor one does not (scripts in scenarios/scripts/<scenario>/<lang>-<good|poor>.txt)."""

from __future__ import annotations

import asyncio

import pytest

from simulator.catalog import REPO_SCRIPTS, load_catalog
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.scripted import play_script
from simulator.settings import Settings

CASES = [
    (scenario.id, lang)
    for scenario in load_catalog().scenarios.values()
    for lang in scenario.languages
]


def _play(scenario_id: str, lang: str, kind: str, seed: int):  # type: ignore[no-untyped-def]
    path = REPO_SCRIPTS / scenario_id / f"{lang}-{kind}.txt"
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    call = open_call(CallConfig(scenario_id, lang, seed=seed), Settings())  # type: ignore[arg-type]
    asyncio.run(play_script(call, lines))
    return call.record


@pytest.mark.parametrize(("scenario_id", "lang"), CASES)
def test_good_trainee_reaches_the_objective(scenario_id: str, lang: str) -> None:
    for seed in (1, 2, 3):  # the words vary with the seed; the outcome must not
        record = _play(scenario_id, lang, "good", seed)
        assert record.outcome.objective_reached, _explain(record)


@pytest.mark.parametrize(("scenario_id", "lang"), CASES)
def test_poor_trainee_does_not(scenario_id: str, lang: str) -> None:
    record = _play(scenario_id, lang, "poor", 1)
    assert not record.outcome.objective_reached, _explain(record)


def _explain(record) -> str:  # type: ignore[no-untyped-def]
    rows = [f"{s.turn}: {s.acts} → {s.state} {s.stage} [{s.line_key}]" for s in record.state_trace]
    return "\n".join([record.outcome.model_dump_json(), *rows])

