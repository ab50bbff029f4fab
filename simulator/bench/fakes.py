"""Instant stand-ins for the models, to measure what the pipeline itself costs (and to test it offline).

- :class:`InstantSTT` "hears" the line the loopback microphone is playing, with no model.
- :class:`InstantSynth` answers every sentence at once with a short tone.
- :class:`InstantChat` is a chat backend that streams a fixed reply with no delay.
- :class:`InstantSpeech` is the speech kit made of the first two.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import Any

import numpy as np
from pipecat.frames.frames import Frame
from pipecat.services.settings import STTSettings
from pipecat.services.stt_service import SegmentedSTTService, STTService
from pipecat.utils.time import time_now_iso8601

from core.languages import Lang
from core.llm import ChatMessage, ReplyMode
from personas.models import Persona
from simulator.voice.services.synth import Synthesizer
from simulator.voice.services.whisper import TurnTranscriptionFrame


class InstantSTT(SegmentedSTTService):
    """At each pause, the text of the utterance being spoken (as a whole-turn transcript, like whisper's)."""

    def __init__(self, heard: Callable[[], str]) -> None:
        super().__init__(settings=STTSettings(model=None, language=None), ttfs_p99_latency=0.05)
        self._heard = heard

    async def run_stt(self, audio: bytes) -> AsyncGenerator[Frame, None]:
        if text := self._heard():
            yield TurnTranscriptionFrame(text, self._user_id, time_now_iso8601())


class InstantSynth:
    """A 0.4 s tone per sentence, at once: the "voice" of the overhead benchmark and the pipeline tests."""

    name = "instant-tone"
    sample_rate = 24000

    def __init__(self, seconds: float = 0.4) -> None:
        t = np.arange(int(self.sample_rate * seconds)) / self.sample_rate
        self._pcm = (np.sin(2 * np.pi * 330 * t) * 0.3 * 32767).astype(np.int16).tobytes()

    async def synthesize(self, text: str) -> AsyncIterator[bytes]:
        yield self._pcm


class InstantSpeech:
    def __init__(self, heard: Callable[[], str] = lambda: "") -> None:
        self.heard = heard

    def stt(self, lang: Lang) -> STTService:
        return InstantSTT(lambda: self.heard())

    async def voices(self, persona: Persona, lang: Lang) -> list[Synthesizer]:
        return [InstantSynth()]


class _InstantSession:
    def __init__(self, reply: str) -> None:
        self._reply = reply

    async def complete(self, messages: list[ChatMessage], **_: Any) -> str:
        return self._reply

    async def stream(self, messages: list[ChatMessage], **_: Any) -> AsyncIterator[str]:
        for word in self._reply.split(" "):
            yield word + " "

    async def prewarm(self, messages: list[ChatMessage]) -> None:
        """Nothing to warm."""

    async def aclose(self) -> None:
        """Nothing to close."""


class InstantChat:
    name = "instant"
    default_mode = ReplyMode.FREE

    def __init__(self, reply: str = "I see. Tell me more about that, please.") -> None:
        self._reply = reply

    def session(self) -> _InstantSession:
        return _InstantSession(self._reply)
