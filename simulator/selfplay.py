"""Self-play: an LLM plays a good or a poor trainee against a persona, to calibrate difficulty.

A good trainee should usually reach the objective and a poor one usually not. The persona runs
exactly as for a person (same engine, same mode); the trainee model gets a separate session so the
two never evict each other's KV cache.
"""

from __future__ import annotations

import argparse
import re
import statistics
from collections.abc import Callable
from typing import Any

from core.languages import Lang
from core.llm import ChatBackend, ChatMessage, ChatSession
from core.record import Speaker
from scenarios.models import Direction, Scenario
from simulator.backends import build_backend
from simulator.catalog import REPO_SCRIPTS, load_catalog
from simulator.engine.call import Call, CallConfig
from simulator.engine.prompts import LANG_NAMES
from simulator.engine.voicing import split_sentences
from simulator.factory import open_call
from simulator.settings import Settings
from storage.repository import CallRepository

GOOD = (
    "Follow good phone etiquette: greet politely and give your name and company; if you are calling, check "
    "you have the right person and ask whether now is a good time; state your purpose plainly; listen, "
    "acknowledge feelings and apologise where it fits; ask open questions; read back names, numbers and times; "
    "propose a concrete next step with a day and a time; thank the other person and say goodbye."
)
POOR = (
    "Break the rules of phone etiquette: open with a bare 'Hello?' and no greeting; don't give your name; "
    "be curt and impatient; argue with 'yes, but' and blame the other person; pretend it is a personal call "
    "or that you are expected; push hard; never propose a concrete time; hang up without thanks."
)
_LABEL = re.compile(r"^\s*[\w ()]{1,20}[:：]\s*")


def trainee_prompt(scenario: Scenario, lang: Lang, policy: str) -> str:
    brief = scenario.brief
    where = "You place this phone call." if scenario.direction is Direction.OUTBOUND else "You answer this call."
    example = ""
    script = REPO_SCRIPTS / scenario.id / f"{lang}-{policy}.txt"
    if script.is_file():  # the authored script's opening shows the model the register to use
        first = next((ln.strip() for ln in script.read_text(encoding="utf-8").splitlines() if ln.strip()), "")
        example = f"Your first line could be like: {first}\n" if first else ""
    return (
        f"You are a trainee in a phone role-play. {where} You are: {brief.you_are[lang]} Company: "
        f"{brief.company[lang]}. Goal: {brief.goal[lang]} Situation: {brief.situation[lang]}\n"
        f"{GOOD if policy == 'good' else POOR}\n{example}"
        f"Speak only {LANG_NAMES[lang]}. Say one or two short sentences per turn: only your own words, no "
        "names or labels before them, no descriptions."
    )


def clean_trainee_line(text: str) -> str:
    """First line of the model's output, without a speaker label, at most two sentences."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    sentences = split_sentences(_LABEL.sub("", first).strip().strip('"'))
    return " ".join(sentences[:2]) or "..."


async def play_selfplay_call(call: Call, trainee: ChatSession, system: str) -> None:
    messages = [ChatMessage(role="system", content=system)]
    opening = " ".join([c async for c in call.opening()])
    messages.append(ChatMessage(role="user", content=opening or "(The phone rings. You answer it.)"))
    while not call.ended:
        line = clean_trainee_line(await trainee.complete(messages, max_tokens=70, temperature=0.8))
        messages.append(ChatMessage(role="assistant", content=line))
        reply = " ".join([c async for c in call.trainee_turn(line)])
        messages.append(ChatMessage(role="user", content=reply or "..."))


async def run_selfplay(
    args: argparse.Namespace,
    settings: Settings,
    make_config: Callable[[argparse.Namespace, str], CallConfig],
    backend: ChatBackend | None = None,
    store: CallRepository | None = None,
) -> dict[str, Any]:
    scenario = load_catalog().scenario(args.scenario)
    backend = backend or build_backend(settings)
    reached = hung_up = 0
    finals: list[dict[str, int]] = []
    turns: list[int] = []
    for i in range(args.calls):
        config = make_config(args, args.lang)
        config.seed = (args.seed or 0) + i
        call = open_call(config, settings, backend=backend, store=store)
        trainee = backend.session()
        try:
            await play_selfplay_call(call, trainee, trainee_prompt(scenario, config.lang, args.trainee))
        finally:
            await trainee.aclose()
            await call.aclose()
        out = call.record.outcome
        reached += out.objective_reached
        hung_up += out.ended_by == "persona" and not out.objective_reached
        finals.append(call.state.snapshot())
        turns.append(sum(t.speaker is Speaker.TRAINEE for t in call.record.turns))
    keys = sorted({k for f in finals for k in f})
    return {
        "calls": args.calls,
        "objective_reached": reached,
        "hung_up": hung_up,
        "mean_final_state": {k: round(statistics.fmean(f.get(k, 0) for f in finals), 1) for k in keys},
        "mean_trainee_turns": round(statistics.fmean(turns), 1) if turns else 0.0,
    }
