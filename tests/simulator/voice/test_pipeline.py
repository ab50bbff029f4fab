"""The whole call pipeline offline: loopback transport (real-time audio), Silero VAD, turn detection, the
engine in free mode on the fake OpenAI server, the TTS service, pacing and the stereo recorder.
Recognition is the instant fake (it hears what the loopback microphone plays)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from core.languages import Lang
from core.llm import ReplyMode
from core.record import Speaker
from simulator.bench.driver import drive_call, trainee_speech, wait_until
from simulator.bench.fakes import InstantSpeech
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.settings import Settings
from simulator.store import open_store
from simulator.voice.config import VoiceSettings
from simulator.voice.line import Phase
from simulator.voice.session import VoiceSession
from simulator.voice.transports.loopback import LoopbackTransport
from tests.support.openai_server import FakeOpenAIServer

LINES = ["Hi Karen, this is Alex from StaffBridge.", "Do you have two minutes?"]


async def _session(tmp_path: Path, transport: LoopbackTransport) -> VoiceSession:
    origin = time.monotonic()

    def clock() -> float:
        return time.monotonic() - origin

    store = open_store(Settings())
    call = open_call(CallConfig("hr_meeting_booking", Lang.EN, seed=1, mode=ReplyMode.FREE, channel="voice"),
                     Settings(retries=0), store=store, clock=clock)
    speech = InstantSpeech(lambda: transport.mic.text)
    voice = VoiceSettings(answer_after_rings=0)
    return await VoiceSession.open(call, clock, speech, voice, store.recording_path(call.record.id))


@pytest.fixture
def llm(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(["Northgate Foods, Karen speaking.", "Who is calling, please?",
                           "Two minutes. Go on."]) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        yield server


def test_a_voice_call_end_to_end_over_the_loopback_line(tmp_path: Path, llm: FakeOpenAIServer) -> None:
    async def go() -> tuple[VoiceSession, list[float]]:
        transport = LoopbackTransport()
        session = await _session(tmp_path, transport)
        result = await drive_call(session, [(t, trainee_speech(t, Lang.EN)) for t in LINES], transport=transport)
        return session, result.latencies_ms

    session, latencies = asyncio.run(go())
    record = open_store(Settings()).load(session.call.record.id)
    assert len(latencies) == 2, "the persona answered each line"
    trainee = [t for t in record.turns if t.speaker is Speaker.TRAINEE]
    assert [t.text for t in trainee] == LINES
    assert all(t.end - t.start > 0.6 for t in trainee), [(t.start, t.end) for t in trainee]  # real times
    assert llm.requests and llm.requests[0]["stream"] is True
    assert record.outcome.ended_by == "trainee" and record.outcome.reason == "trainee hung up"
    stages = record.stage_times  # type: ignore[attr-defined]
    assert len(stages) == 2 and all(s[k] is not None for s in stages for k in s)
    assert record.metrics["voice_turns_timed"] == 2
    assert session.line.phase is Phase.ENDED

    audio, rate = sf.read(open_store(Settings()).recording_path(record.id), dtype="int16")
    assert rate == 16000 and audio.shape[1] == 2
    left, right = np.abs(audio[:, 0]).astype(float), np.abs(audio[:, 1]).astype(float)
    assert left.max() > 1000 and right.max() > 1000, "trainee on the left, persona on the right"
    assert abs(len(audio) / rate - max(t.end for t in record.turns)) < 3.0


def test_closed_tab_mid_call_keeps_the_turns(tmp_path: Path, llm: FakeOpenAIServer) -> None:
    async def go() -> VoiceSession:
        transport = LoopbackTransport()
        session = await _session(tmp_path, transport)
        running = asyncio.create_task(session.run(transport))
        session.on_connected()
        assert await wait_until(lambda: bool(session.call.record.turns), 10)
        transport.mic.say(trainee_speech(LINES[0], Lang.EN), LINES[0])
        assert await wait_until(lambda: len(session.call.record.turns) >= 3, 15)
        await session.on_disconnected()
        await running
        return session

    session = asyncio.run(go())
    record = open_store(Settings()).load(session.call.record.id)
    assert len(record.turns) == 3
    assert record.outcome.reason == "connection lost"
    assert record.events[-1].type == "hangup" and record.events[-1].by == "system"
    assert "lost" in session.line.error


def test_blocked_microphone_ends_the_attempt_without_a_record(tmp_path: Path, llm: FakeOpenAIServer) -> None:
    async def go() -> VoiceSession:
        session = await _session(tmp_path, LoopbackTransport())
        await session.fail("mic_denied", "Permission denied")
        return session

    session = asyncio.run(go())
    assert session.line.phase is Phase.ENDED
    assert "Microphone access is blocked" in session.line.error and "text chat" in session.line.error
    assert not (tmp_path / "calls").exists()
