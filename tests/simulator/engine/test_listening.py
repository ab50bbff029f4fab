"""The persona listens (text mode, every language): what she was told is in the call's memory and she
never asks for it again; a time said in words is remembered and confirmed; a remedy with a time ends
the complaint's "what will you do" loop."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from core.languages import Lang
from core.memory import Info
from core.record import Speaker
from core.yamlio import read_yaml
from simulator.engine.call import Call, CallConfig
from simulator.engine.planner import asked_in
from simulator.factory import open_call
from simulator.scripted import speak
from simulator.settings import Settings
from simulator.store import open_store

CASES = read_yaml(Path(__file__).with_name("listening_cases.yaml"))


def _play(scenario: str, lang: Lang, lines: list[str], tmp_path: Path) -> Call:
    call = open_call(CallConfig(scenario, lang, seed=1), Settings(_env_file=None),  # type: ignore[call-arg]
                     store=open_store(Settings()))

    async def run() -> None:
        await speak(call.opening())
        for line in lines:
            if call.ended:
                break
            await speak(call.trainee_turn(line))

    asyncio.run(run())
    return call


def _replies_after(call: Call, trainee_index: int) -> list[str]:
    """Line keys of the persona replies to the trainee's line ``trainee_index`` and later."""
    trainee_turns = [i for i, t in enumerate(call.record.turns) if t.speaker is Speaker.TRAINEE]
    first = trainee_turns[trainee_index]
    return [s.line_key for s in call.record.state_trace if s.turn > first]


@pytest.mark.parametrize("lang", list(Lang))
def test_a_purpose_given_early_is_never_asked_for_again(lang: Lang, tmp_path: Path) -> None:
    case = CASES["gatekeeper"][lang.value]
    call = _play("gatekeeper_reach_decision_maker", lang, case["lines"], tmp_path)
    memory = call.record.memory
    assert memory.knows(Info.PURPOSE) and memory.knows(Info.COMPANY)
    assert call.record.turns[memory.given[Info.PURPOSE].turn].text == case["lines"][1]
    later = _replies_after(call, 1)
    assert len(later) >= 3
    assert not [k for k in later if {Info.PURPOSE, Info.NAME, Info.COMPANY} & asked_in(call.persona, k)]


@pytest.mark.parametrize("lang", list(Lang))
def test_a_time_said_in_words_is_remembered_and_confirmed(lang: Lang, tmp_path: Path) -> None:
    case = CASES["gatekeeper"][lang.value]
    call = _play("gatekeeper_reach_decision_maker", lang, case["lines"], tmp_path)
    assert call.record.memory.value(Info.TIME) == case["time"]
    last = call.record.state_trace[-1]
    assert "propose_time" in last.acts
    # She says the time back: booking it (success) or repeating what she heard while she thinks.
    assert last.line_key.split("+")[0] == "confirm.time" or "success" in last.line_key
    assert case["time"] in call.record.turns[-1].text


@pytest.mark.parametrize("lang", list(Lang))
def test_a_remedy_with_a_time_ends_the_what_will_you_do_loop(lang: Lang, tmp_path: Path) -> None:
    case = CASES["complaint"][lang.value]
    call = _play("complaint_broadband_outage", lang, case["lines"], tmp_path)
    assert call.record.memory.value(Info.REMEDY) == case["remedy"]
    later = _replies_after(call, 3)
    assert later
    assert not [k for k in later if Info.REMEDY in asked_in(call.persona, k) or k == "clarify"]


def test_the_memory_is_stored_in_the_record(tmp_path: Path) -> None:
    case = CASES["complaint"]["en"]
    call = _play("complaint_broadband_outage", Lang.EN, case["lines"][:4], tmp_path)
    saved = open_store(Settings()).load(call.record.id).memory
    assert case["remedy"] in saved.value(Info.REMEDY)


@pytest.mark.parametrize("lang", list(Lang))
def test_a_goodbye_with_the_agreed_time_ends_the_call_in_text_chat(lang: Lang, tmp_path: Path) -> None:
    """Both sides say goodbye, then she hangs up: "let the other side hang up first" is fair in text too."""
    case = CASES["gatekeeper"][lang.value]
    farewell = {Lang.EN: " Thank you so much, goodbye.", Lang.ZH_CN: "太感谢了，再见。",
                Lang.ZH_TW: "真的很謝謝您，再見。", Lang.ID: " Terima kasih banyak, Bu. Sampai jumpa."}[lang]
    lines = [*case["lines"][:4], case["lines"][4] + farewell]
    call = _play("gatekeeper_reach_decision_maker", lang, lines, tmp_path)
    assert call.ended
    assert call.record.outcome.ended_by == "trainee"
    assert [e.by for e in call.record.events if e.type == "hangup"] == ["persona"]
    assert call.record.state_trace[-1].line_key.endswith("goodbye")


# A turn nothing could be made of (speech recognition noise): no act, nothing heard, not a bare "okay".
NOISE = {Lang.EN: "zorp blatten quiv marrow flent", Lang.ZH_CN: "咕噜咕噜嘀嘀嗒嗒哗啦哗啦",
         Lang.ZH_TW: "咕嚕咕嚕嘀嘀嗒嗒嘩啦嘩啦", Lang.ID: "gruduk krasak blentung prak"}


@pytest.mark.parametrize("lang", list(Lang))
def test_a_turn_she_cannot_make_out_gets_a_question_that_shows_what_she_heard(lang: Lang, tmp_path: Path) -> None:
    lines = CASES["gatekeeper"][lang.value]["lines"][:2]
    call = _play("gatekeeper_reach_decision_maker", lang, [*lines, NOISE[lang]], tmp_path)
    purpose = call.record.memory.value(Info.PURPOSE)
    assert purpose
    last = call.record.state_trace[-1]
    assert last.acts == [] and last.line_key == "narrow.purpose"
    assert purpose.lower() in call.record.turns[-1].text.lower()


@pytest.mark.parametrize("lang", list(Lang))
def test_with_nothing_heard_yet_she_asks_to_repeat(lang: Lang, tmp_path: Path) -> None:
    call = _play("gatekeeper_reach_decision_maker", lang, [NOISE[lang]], tmp_path)
    assert call.record.state_trace[-1].line_key == "clarify"


@pytest.mark.parametrize("lang", list(Lang))
def test_she_narrows_only_on_what_she_listens_for(lang: Lang, tmp_path: Path) -> None:
    """The complaining customer knows the agent's company but asks about it never: she listens for a remedy."""
    first = CASES["complaint"][lang.value]["lines"][0]
    call = _play("complaint_broadband_outage", lang, [first, NOISE[lang]], tmp_path)
    assert call.record.memory.value(Info.COMPANY) and not call.record.memory.knows(Info.REMEDY)
    assert call.record.state_trace[-1].line_key == "clarify"
