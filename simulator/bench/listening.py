"""Does the persona listen? ``python -m simulator.bench listening [--json]``.

Plays the held-out trainee calls of ``simulator/bench/listening/<lang>.yaml`` (written before the call
memory and never tuned on; see the README there) in directed mode and counts, per call, the persona
replies drawn from a bank part that asks for something the trainee had already given (a **re-ask**:
the stage's ``asks`` in the persona file), the replies whose words ask for it again (``questions.yaml``:
a check that does not rest on the persona files the planner reads), and whether the goal was reached.
Figures, not a test.
"""

from __future__ import annotations

import asyncio
import re
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, RootModel

from core.languages import ALL_LANGS, Lang, normalise
from core.llm import ReplyMode
from core.memory import Info
from core.yamlio import Strict, load_model, read_yaml
from simulator.catalog import load_catalog
from simulator.engine.call import Call, CallConfig
from simulator.engine.planner import asked_in
from simulator.factory import open_call
from simulator.scripted import speak
from simulator.settings import Settings

CALLS_DIR = Path(__file__).parent / "listening"


class ScriptTurn(Strict):
    text: str = Field(min_length=1)
    gives: list[Info] = Field(default_factory=list)


class HeldoutCall(Strict):
    scenario: str
    quality: Literal["good", "poor"]
    turns: list[ScriptTurn] = Field(min_length=1)


class CallFile(RootModel[list[HeldoutCall]]):
    pass


def load_calls(lang: Lang) -> list[HeldoutCall]:
    path = CALLS_DIR / f"{lang.value}.yaml"
    return load_model(path, CallFile).root if path.exists() else []


@cache
def _questions() -> dict[Info, dict[str, list[re.Pattern[str]]]]:
    raw = read_yaml(CALLS_DIR / "questions.yaml")
    return {Info(k): {fam: [re.compile(p) for p in ps] for fam, ps in v.items()} for k, v in raw.items()}


def worded_asks(reply: str, lang: Lang) -> set[Info]:
    """What a reply's words ask for (``questions.yaml``)."""
    norm = normalise(reply, lang)
    return {info for info, fams in _questions().items() if any(p.search(norm) for p in fams.get(lang.family, []))}


async def play(call: Call, script: HeldoutCall) -> dict[str, Any]:
    """Play one script; a re-ask is a reply asking for what the trainee gave in this or an earlier turn."""
    given: set[Info] = set()
    reasks: list[str] = []
    worded: list[str] = []
    replies = 0
    try:
        await speak(call.opening())
        for turn in script.turns:
            if call.ended:
                break
            given |= set(turn.gives)
            reply = await speak(call.trainee_turn(turn.text))
            replies += 1
            key = call.record.state_trace[-1].line_key
            if again := asked_in(call.persona, key) & given:
                reasks.append(f"{','.join(sorted(again))}: {reply}")
            if again := worded_asks(reply, call.lang) & given:
                worded.append(f"{','.join(sorted(again))}: {reply}")
        call.hangup(reason="trainee script ended")
    finally:
        await call.aclose()
    outcome = call.record.outcome
    return {"replies": replies, "reasks": reasks, "worded_reasks": worded, "reached": outcome.objective_reached,
            "ended_by": outcome.ended_by}


async def _run_all() -> list[dict[str, Any]]:
    catalog = load_catalog()
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    rows = []
    for lang in ALL_LANGS:
        for script in load_calls(lang):
            config = CallConfig(script.scenario, lang, mode=ReplyMode.DIRECTED, seed=1)
            call = open_call(config, settings, catalog=catalog)
            rows.append({"scenario": script.scenario, "lang": lang.value, "quality": script.quality,
                         **await play(call, script)})
    return rows


def run() -> dict[str, Any]:
    rows = asyncio.run(_run_all())
    summary: dict[str, Any] = {}
    for quality in ("good", "poor"):
        part = [r for r in rows if r["quality"] == quality]
        summary[quality] = {
            "calls": len(part),
            "replies": sum(r["replies"] for r in part),
            "reasks": sum(len(r["reasks"]) for r in part),
            "worded_reasks": sum(len(r["worded_reasks"]) for r in part),
            "goal_reached": sum(r["reached"] for r in part),
        }
    return {"summary": summary, "calls": rows}


def render(figures: dict[str, Any]) -> str:
    out = []
    for r in figures["calls"]:
        mark = "goal" if r["reached"] else "----"
        out.append(f"{r['scenario']:<34} {r['lang']:<6} {r['quality']:<5} {mark} "
                   f"re-asks {len(r['reasks'])}/{r['replies']} (by words {len(r['worded_reasks'])})  "
                   f"ended by {r['ended_by']}")
        out += [f"    re-ask {x}" for x in r["reasks"]]
        out += [f"    worded {x}" for x in r["worded_reasks"]]
    for quality, s in figures["summary"].items():
        out.append(f"{quality}: {s['reasks']} re-asks ({s['worded_reasks']} by their words) in {s['replies']} replies; "
                   f"goal reached in {s['goal_reached']} of {s['calls']} calls")
    return "\n".join(out)
