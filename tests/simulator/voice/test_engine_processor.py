"""EngineProcessor and PhoneLineProcessor through pipecat's run_test: turns in, persona sentences out, rings
and the click, and an honest record (real times, barge-ins, rings, hang-ups). No audio models: frames stand
in for VAD/STT/transport."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from pipecat.frames.frames import (
    BotStartedSpeakingFrame,
    BotStoppedSpeakingFrame,
    Frame,
    LLMTextFrame,
    OutputAudioRawFrame,
    UserStartedSpeakingFrame,
    UserStoppedSpeakingFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.pipeline.pipeline import Pipeline
from pipecat.tests.utils import SleepFrame, run_test

from core.languages import Lang
from core.llm import ReplyMode
from core.record import Speaker
from simulator.engine.call import Call, CallConfig
from simulator.factory import open_call
from simulator.settings import Settings
from simulator.store import open_store
from simulator.voice.line import Phase, PhoneLine
from simulator.voice.processors.engine import EngineProcessor
from simulator.voice.processors.phone_line import PhoneLineProcessor
from simulator.voice.services.whisper import TurnTranscriptionFrame
from simulator.voice.stages import StageLog
from tests.support.openai_server import FakeOpenAIServer

RUDE = "Shut up, you stupid idiot, you are useless."


def _setup(scenario_id: str, tmp_path: Path, *, settings: Settings | None = None, mode: ReplyMode | None = None,
           max_rings: int = 8) -> tuple[Call, PhoneLine, Pipeline]:
    origin = time.monotonic()

    def clock() -> float:
        return time.monotonic() - origin

    call = open_call(CallConfig(scenario_id, Lang.EN, seed=1, mode=mode, channel="voice"), settings or Settings(),
                     store=open_store(Settings()), clock=clock)
    line = PhoneLine(inbound=not call.persona_speaks_first)
    line.connected.set()
    engine = EngineProcessor(call, line, StageLog(clock), clock)
    phone = PhoneLineProcessor(call, line, clock, answer_after_rings=0, max_rings=max_rings)
    return call, line, Pipeline([engine, phone])


def _say(text: str) -> list[Frame]:
    return [VADUserStartedSpeakingFrame(start_secs=0.2), UserStartedSpeakingFrame(), SleepFrame(0.1),
            VADUserStoppedSpeakingFrame(stop_secs=0.2), SleepFrame(0.05), TurnTranscriptionFrame(text, "", "t"),
            SleepFrame(0.05), UserStoppedSpeakingFrame(), SleepFrame(0.3)]


def _texts(frames: list[Frame]) -> list[str]:
    return [f.text.strip() for f in frames if isinstance(f, LLMTextFrame)]


def test_outbound_persona_answers_then_replies_to_the_trainee(tmp_path: Path) -> None:
    call, line, proc = _setup("hr_meeting_booking", tmp_path)
    down, _ = asyncio.run(run_test(proc, frames_to_send=[SleepFrame(0.3), *_say("Hi Karen, this is Alex.")]))
    speakers = [t.speaker for t in call.record.turns]
    assert speakers == [Speaker.PERSONA, Speaker.TRAINEE, Speaker.PERSONA]
    persona_text = [t.text for t in call.record.turns if t.speaker is Speaker.PERSONA]
    assert " ".join(_texts(down)) == " ".join(persona_text)  # one frame per sentence, in order
    trainee = call.record.turns[1]
    assert trainee.text == "Hi Karen, this is Alex." and trainee.end > trainee.start
    assert line.phase is Phase.LIVE
    assert [e.type for e in call.record.events][:1] == ["answer"]
    stages = call.record.stage_times[0]  # type: ignore[attr-defined]
    assert stages["turn"] == 1 and stages["reply_first_sentence"] >= stages["turn_end"] >= stages["stt_final"]
    assert open_store(Settings()).load(call.record.id).turns == call.record.turns


def test_barge_in_cuts_the_persona_and_is_recorded(tmp_path: Path) -> None:
    call, _, proc = _setup("hr_meeting_booking", tmp_path)
    frames = [SleepFrame(0.3), BotStartedSpeakingFrame(), SleepFrame(0.2), *_say("Sorry, Karen, one second.")]
    asyncio.run(run_test(proc, frames_to_send=frames))
    opening, trainee = call.record.turns[0], call.record.turns[1]
    assert opening.interrupted and opening.end <= trainee.start + 0.3
    assert any(e.type == "interruption" and e.by == "trainee" for e in call.record.events)


def test_persona_hangs_up_with_a_click(tmp_path: Path) -> None:
    call, line, proc = _setup("hr_meeting_booking", tmp_path)
    audio = [BotStartedSpeakingFrame(), SleepFrame(0.1), BotStoppedSpeakingFrame()]
    frames = [SleepFrame(0.3), *audio, *_say(RUDE), *audio, *_say(RUDE), *audio, SleepFrame(0.3)]
    down, _ = asyncio.run(run_test(proc, frames_to_send=frames))
    assert call.record.outcome.ended_by == "persona"
    assert call.record.events[-1].type == "hangup" and call.record.events[-1].by == "persona"
    last_text = max(i for i, f in enumerate(down) if isinstance(f, LLMTextFrame))
    clicks = [i for i, f in enumerate(down) if type(f) is OutputAudioRawFrame]
    assert clicks and clicks[-1] > last_text
    assert line.phase is Phase.LIVE  # the session ends the line when the pipeline stops


def test_inbound_rings_until_answered_and_counts_the_rings(tmp_path: Path) -> None:
    call, line, proc = _setup("complaint_broadband_outage", tmp_path)

    async def go() -> list[Frame]:
        asyncio.get_running_loop().call_later(0.4, line.answer)
        down, _ = await run_test(proc, frames_to_send=[SleepFrame(0.8), *_say("Good morning, this is Sam.")])
        return list(down)

    down = asyncio.run(go())
    assert any(type(f) is OutputAudioRawFrame for f in down)  # the ringing
    assert [e.type for e in call.record.events][:2] == ["ring", "answer"]
    assert call.record.metrics["rings_before_answer"] == 1
    assert [t.speaker for t in call.record.turns] == [Speaker.TRAINEE, Speaker.PERSONA]


def test_unanswered_inbound_call_is_ended_by_the_persona(tmp_path: Path) -> None:
    call, _, proc = _setup("complaint_broadband_outage", tmp_path, max_rings=1)
    asyncio.run(run_test(proc, frames_to_send=[SleepFrame(3.3)]))
    assert call.record.outcome.ended_by == "persona"
    assert call.record.outcome.reason == "no answer after 1 rings"
    assert not call.record.turns


def test_llm_server_down_the_persona_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAIServer("unused") as server:
        server.fail_status = 500
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        settings = Settings(retries=0, timeout=2)
        call, _, proc = _setup("hr_meeting_booking", tmp_path, settings=settings, mode=ReplyMode.FREE)
        down, _ = asyncio.run(run_test(proc, frames_to_send=[SleepFrame(0.5), *_say("Hi Karen, this is Alex.")]))
    assert call.record.backend == "openai"
    assert len(call.record.turns) == 3 and all(t.text for t in call.record.turns)
    assert any(e.type == "error" for e in call.record.events)
    assert _texts(down)


@pytest.mark.parametrize("cut", [False, True])
def test_real_audio_times_replace_the_estimates(tmp_path: Path, cut: bool) -> None:
    call, _, proc = _setup("hr_meeting_booking", tmp_path)
    frames: list[Frame] = [SleepFrame(0.3), BotStartedSpeakingFrame(), SleepFrame(0.5)]
    frames += _say("Hello?") if cut else [BotStoppedSpeakingFrame(), SleepFrame(0.1)]
    asyncio.run(run_test(proc, frames_to_send=frames))
    opening = call.record.turns[0]
    assert 0.3 <= opening.end - opening.start <= 0.9
    assert opening.interrupted is cut


def test_outbound_rings_back_until_the_persona_picks_up(tmp_path: Path) -> None:
    call, line, _ = _setup("hr_meeting_booking", tmp_path)
    clock_start = time.monotonic()
    phone = PhoneLineProcessor(call, line, lambda: time.monotonic() - clock_start, answer_after_rings=1)
    down, _ = asyncio.run(run_test(Pipeline([phone]), frames_to_send=[SleepFrame(3.6)]))
    rings = [e for e in call.record.events if e.type == "ring"]
    assert [e.detail for e in rings] == ["1"] and rings[0].by == "system"
    answer = next(e for e in call.record.events if e.type == "answer")
    assert answer.by == "persona" and answer.at >= rings[0].at + 2.9  # after a whole ring cycle
    assert line.live.is_set() and line.phase is Phase.LIVE
    assert any(type(f) is OutputAudioRawFrame for f in down)  # the ring-back tone went to the trainee
    assert not call.record.turns  # the persona speaks only once the engine processor sees the line live
