"""The persona's voice: edge-tts decoding, the automatic offline fallback, and which offline voice speaks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import av
import numpy as np
import pytest
from pipecat.frames.frames import LLMFullResponseEndFrame, LLMFullResponseStartFrame, LLMTextFrame, TTSAudioRawFrame
from pipecat.tests.utils import SleepFrame, run_test

from core.languages import Lang
from simulator.catalog import load_catalog
from simulator.voice.config import TtsChoice
from simulator.voice.services import edge_tts as edge_module
from simulator.voice.services.edge_tts import EdgeSynth
from simulator.voice.services.espeak import EspeakSynth
from simulator.voice.services.piper import PiperSynth
from simulator.voice.services.synth import Synthesizer, SynthUnavailable
from simulator.voice.services.voice_chain import PersonaTTSService, offline_synth, persona_synths


def _mp3(seconds: float = 0.5, rate: int = 24000) -> bytes:
    """A real MP3 (a tone), cut into chunks the way edge-tts streams it."""
    codec = av.CodecContext.create("libmp3lame", "w")
    codec.sample_rate, codec.layout, codec.format = rate, "mono", "s16p"
    t = np.arange(int(rate * seconds)) / rate
    pcm = (np.sin(2 * np.pi * 440 * t) * 8000).astype(np.int16)
    out = b""
    for start in range(0, len(pcm), 1152):
        frame = av.AudioFrame.from_ndarray(pcm[None, start:start + 1152], format="s16p", layout="mono")
        frame.sample_rate = rate
        out += b"".join(bytes(p) for p in codec.encode(frame))
    return out + b"".join(bytes(p) for p in codec.encode(None))


class FakeCommunicate:
    def __init__(self, text: str, voice: str) -> None:
        self.voice = voice

    async def stream(self) -> AsyncIterator[dict]:
        data = _mp3()
        for i in range(0, len(data), 2000):
            yield {"type": "audio", "data": data[i:i + 2000]}
        yield {"type": "WordBoundary", "offset": 0}


class OfflineCommunicate:
    """What edge-tts does without internet."""

    def __init__(self, text: str, voice: str) -> None:
        pass

    async def stream(self) -> AsyncIterator[dict]:
        raise aiohttp.ClientConnectionError("Cannot connect to host speech.platform.bing.com:443")
        yield {}


def _pcm(synth: Synthesizer) -> bytes:
    async def collect() -> bytes:
        return b"".join([chunk async for chunk in synth.synthesize("Hello there.")])

    return asyncio.run(collect())


def test_edge_mp3_is_decoded_to_pcm() -> None:
    pcm = _pcm(EdgeSynth("en-US-GuyNeural", communicate=FakeCommunicate))
    seconds = len(pcm) / 2 / 24000
    assert 0.4 < seconds < 0.7


def test_edge_offline_is_reported_as_unavailable() -> None:
    with pytest.raises(SynthUnavailable):
        _pcm(EdgeSynth("en-US-GuyNeural", communicate=OfflineCommunicate))


def test_tts_falls_back_to_the_offline_voice_when_edge_is_unreachable() -> None:
    switched: list[tuple[str, str]] = []

    async def on_fallback(failed: str, now_using: str, why: str) -> None:
        switched.append((failed, now_using))

    service = PersonaTTSService(
        [EdgeSynth("id-ID-GadisNeural", communicate=OfflineCommunicate), EspeakSynth("id")],
        lang=Lang.ID, on_fallback=on_fallback,
    )
    frames = [LLMFullResponseStartFrame(), LLMTextFrame("Selamat pagi. "), LLMTextFrame("Ada yang bisa saya bantu? "),
              LLMFullResponseEndFrame(), SleepFrame(0.3)]
    down, _ = asyncio.run(run_test(service, frames_to_send=frames))
    audio = [f for f in down if isinstance(f, TTSAudioRawFrame)]
    assert sum(len(f.audio) for f in audio) / 2 / 24000 > 1.0  # both sentences were spoken
    assert switched == [("edge-tts:id-ID-GadisNeural", "espeak-ng:id")]
    assert service.voice_name == "espeak-ng:id"


def test_offline_voices_per_language() -> None:
    catalog = load_catalog()
    female = next(p for p in catalog.personas.values() if p.gender == "female")
    male = next(p for p in catalog.personas.values() if p.gender == "male")
    assert isinstance(offline_synth(male, Lang.EN), PiperSynth)
    assert offline_synth(female, Lang.ZH_CN).name == "espeak-ng:cmn-latn-pinyin+f3"
    assert offline_synth(male, Lang.ZH_TW).name == "espeak-ng:cmn-latn-pinyin"
    assert offline_synth(male, Lang.ID).name == "espeak-ng:id"


def test_auto_skips_edge_when_it_is_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    async def unreachable(**_: float) -> bool:
        return False

    monkeypatch.setattr("simulator.voice.services.voice_chain.edge_reachable", unreachable)
    persona = next(iter(load_catalog().personas.values()))
    auto = asyncio.run(persona_synths(persona, Lang.ID, TtsChoice.AUTO))
    assert [s.name for s in auto] == [offline_synth(persona, Lang.ID).name]
    forced = asyncio.run(persona_synths(persona, Lang.ID, TtsChoice.EDGE))
    assert forced[0].name.startswith("edge-tts:") and len(forced) == 2


def test_edge_probe_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    async def refuse(*args: object, **kwargs: object) -> None:
        calls.append(args)
        raise OSError("no network")

    monkeypatch.setattr(edge_module, "_probe_cache", {})
    monkeypatch.setattr(asyncio, "open_connection", refuse)
    assert asyncio.run(edge_module.edge_reachable()) is False
    assert asyncio.run(edge_module.edge_reachable()) is False
    assert len(calls) == 1
