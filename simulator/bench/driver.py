"""Drives one voice call through the real pipeline over the loopback transport, as a trainee would:
wait for the persona to finish, say the next scripted line, note how long the answer took.

Voice-to-voice latency = from the last sample of the trainee's line leaving the "microphone" to the
first persona audio chunk reaching the "speaker" (ring tones and clicks are not persona audio).
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import soxr

from core.languages import Lang
from simulator.voice.line import Phase
from simulator.voice.services.espeak import EspeakSynth
from simulator.voice.session import VoiceSession
from simulator.voice.transports.loopback import LoopbackTransport

# The female Mandarin variant is the one whisper-base follows best (the male voice came back as gibberish).
TRAINEE_VOICES = {Lang.EN: "en-us", Lang.ZH_CN: "cmn-latn-pinyin+f3", Lang.ZH_TW: "cmn-latn-pinyin+f3", Lang.ID: "id"}
QUIET_SECS = 0.6
REPLY_TIMEOUT_SECS = 30.0


def trainee_speech(text: str, lang: Lang, rate: int = 16000, *, voice: str | None = None) -> bytes:
    """The trainee's line as 16 kHz speech (espeak-ng; Mandarin with the pinyin voice whisper can follow)."""
    synth = EspeakSynth(voice or TRAINEE_VOICES[lang])
    pcm = np.frombuffer(synth.render(text), dtype=np.int16)
    return soxr.resample(pcm, synth.sample_rate, rate).astype(np.int16).tobytes()


@dataclass
class CallResult:
    latencies_ms: list[float] = field(default_factory=list)
    missed: int = 0          # lines the persona never answered
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0
    record_id: str = ""
    stage_times: list[dict] = field(default_factory=list)


async def wait_until(predicate: Callable[[], bool], within: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(step)
    return True


async def _persona_quiet(session: VoiceSession, transport: LoopbackTransport, within: float = 30.0) -> None:
    def quiet() -> bool:
        last = max((at for at, tts in transport.speaker.chunks if tts), default=0.0)
        return not session.line.persona_speaking and time.monotonic() - last > QUIET_SECS

    await wait_until(quiet, within)


async def drive_call(
    session: VoiceSession, lines: list[tuple[str, bytes]], *, transport: LoopbackTransport | None = None
) -> CallResult:
    """Run ``session`` over a loopback line and say ``lines`` (text, 16 kHz PCM) one turn at a time."""
    transport = transport or LoopbackTransport()
    result = CallResult(record_id=session.call.record.id)
    cpu0, wall0 = time.process_time(), time.monotonic()
    running = asyncio.create_task(session.run(transport))
    session.on_connected()
    if session.line.inbound:
        await wait_until(lambda: session.line.phase is Phase.RINGING, 10)
        session.line.answer()
    await wait_until(lambda: session.line.phase in (Phase.LIVE, Phase.ENDED), 60)
    await _persona_quiet(session, transport)
    for text, pcm in lines:
        if session.call.ended or session.line.phase is Phase.ENDED:
            break
        transport.mic.say(pcm, text)
        await asyncio.sleep(0.05)
        played = len(pcm) / 2 / transport.mic.sample_rate + 5
        await wait_until(lambda: transport.mic.done.is_set() or session.line.phase is Phase.ENDED, played)
        if not transport.mic.done.is_set():  # the call ended while the trainee was talking
            break
        spoke_at = transport.mic.speech_ends[-1]
        answered = functools.partial(transport.speaker.first_speech_after, spoke_at)
        if await wait_until(lambda: answered() is not None, REPLY_TIMEOUT_SECS):  # noqa: B023 (awaited right here)
            result.latencies_ms.append(round(((answered() or spoke_at) - spoke_at) * 1000, 1))
        else:
            result.missed += 1
        await _persona_quiet(session, transport)
    await session.hangup()
    await running
    result.cpu_seconds = time.process_time() - cpu0
    result.wall_seconds = time.monotonic() - wall0
    result.stage_times = list(session.call.record.stage_times)
    return result
