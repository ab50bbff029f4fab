"""The persona's voice as a pipecat TTS service: a chain of synthesizers, edge-tts first, then offline.

When a synthesizer cannot speak at all (edge-tts offline), the service drops it for the rest of the
call and says the same sentence with the next one, so the trainee never hears silence; the switch is
reported through ``on_fallback`` (the call records it as an event).

The engine hands over whole sentences, so the service synthesises each text frame as it comes
(token mode: no re-aggregation, TTS starts at the first sentence).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable

import numpy as np
import soxr
from pipecat.frames.frames import ErrorFrame, Frame
from pipecat.services.settings import TTSSettings
from pipecat.services.tts_service import TextAggregationMode, TTSService

from core.languages import Lang, to_simplified
from personas.models import Persona
from simulator.voice.config import TtsChoice
from simulator.voice.services.edge_tts import EdgeSynth, edge_reachable
from simulator.voice.services.espeak import EspeakSynth
from simulator.voice.services.piper import PiperSynth
from simulator.voice.services.synth import Synthesizer, SynthUnavailable

FallbackHook = Callable[[str, str, str], Awaitable[None]]


class PersonaTTSService(TTSService):
    def __init__(
        self,
        synths: list[Synthesizer],
        *,
        lang: Lang,
        sample_rate: int = 24000,
        on_fallback: FallbackHook | None = None,
        on_first_audio: Callable[[], None] | None = None,
    ) -> None:
        if not synths:
            raise ValueError("at least one synthesizer is needed")
        super().__init__(
            sample_rate=sample_rate,
            push_start_frame=True,
            push_stop_frames=True,
            text_aggregation_mode=TextAggregationMode.TOKEN,
            settings=TTSSettings(model=None, voice=synths[0].name, language=None),
        )
        self._synths = list(synths)
        self._lang = lang
        self._rate = sample_rate
        self._on_fallback = on_fallback
        self._on_first_audio = on_first_audio

    @property
    def voice_name(self) -> str:
        return self._synths[0].name

    def _pcm(self, chunk: bytes, rate: int) -> bytes:
        if rate == self._rate or not chunk:
            return chunk
        samples = np.frombuffer(chunk[: len(chunk) // 2 * 2], dtype=np.int16)
        return soxr.resample(samples, rate, self._rate).astype(np.int16).tobytes()

    async def run_tts(self, text: str, context_id: str) -> AsyncGenerator[Frame | None, None]:
        if self._lang is Lang.ZH_TW:
            text = to_simplified(text)  # the offline Mandarin voice reads Simplified characters best
        while True:
            synth = self._synths[0]
            spoke = False
            try:
                async for chunk in synth.synthesize(text):
                    pcm = self._pcm(chunk, synth.sample_rate)
                    if not pcm:
                        continue
                    if not spoke and self._on_first_audio is not None:
                        self._on_first_audio()
                    spoke = True
                    async for frame in self._stream_audio_frames_from_iterator(
                        _once(pcm), in_sample_rate=self._rate, context_id=context_id
                    ):
                        yield frame
                return
            except SynthUnavailable as exc:
                if spoke or len(self._synths) == 1:
                    yield ErrorFrame(error=f"{synth.name}: {exc}")
                    return
                self._synths.pop(0)
                if self._on_fallback is not None:
                    await self._on_fallback(synth.name, self._synths[0].name, str(exc))


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


def offline_synth(persona: Persona, lang: Lang) -> Synthesizer:
    """Piper for English, espeak-ng for Mandarin and Indonesian (a female variant for female personas)."""
    if lang is Lang.EN:
        return PiperSynth()
    voice = "cmn-latn-pinyin" if lang.is_chinese else "id"
    return EspeakSynth(f"{voice}+f3" if persona.gender == "female" else voice)


async def persona_synths(persona: Persona, lang: Lang, choice: TtsChoice) -> list[Synthesizer]:
    """The voices to try, best first: edge-tts when wanted and reachable, then the offline voice."""
    synths: list[Synthesizer] = []
    voice = persona.voices.get(lang)
    if voice and choice is not TtsChoice.OFFLINE and (choice is TtsChoice.EDGE or await edge_reachable()):
        synths.append(EdgeSynth(voice.edge))
    synths.append(offline_synth(persona, lang))
    return synths
