"""Where a call's ears and mouth come from: the embedded/online speech services, or any other kit
(the benchmark's instant fakes) with the same two methods."""

from __future__ import annotations

from typing import Protocol

from pipecat.services.stt_service import STTService

from core.acts import detect_acts
from core.languages import ALL_LANGS, Lang
from personas.models import Persona
from simulator.settings import Settings
from simulator.voice.config import SttChoice, VoiceSettings
from simulator.voice.services.openai_stt import openai_stt
from simulator.voice.services.piper import PiperSynth
from simulator.voice.services.synth import Synthesizer
from simulator.voice.services.voice_chain import persona_synths
from simulator.voice.services.whisper import LocalWhisperSTTService, whisper_model, whisper_model_dir


def build_stt(lang: Lang, settings: Settings, voice: VoiceSettings) -> STTService:
    """The configured speech recognition: faster-whisper (embedded default) or an OpenAI-compatible endpoint."""
    if voice.stt is SttChoice.OPENAI:
        return openai_stt(lang, settings, voice)
    return LocalWhisperSTTService(whisper_model_dir(settings), lang, threads=voice.whisper_threads)


class SpeechKit(Protocol):
    def stt(self, lang: Lang) -> STTService: ...

    async def voices(self, persona: Persona, lang: Lang) -> list[Synthesizer]: ...


class LocalSpeech:
    """faster-whisper (or OpenAI STT) in, edge-tts with offline voices out, as configured."""

    def __init__(self, settings: Settings, voice: VoiceSettings) -> None:
        self.settings = settings
        self.voice = voice

    def stt(self, lang: Lang) -> STTService:
        return build_stt(lang, self.settings, self.voice)

    async def voices(self, persona: Persona, lang: Lang) -> list[Synthesizer]:
        return await persona_synths(persona, lang, self.voice.tts)

    def warm_up(self) -> None:
        """Load what the first call would otherwise wait for (whisper, piper, the engine's lexicons)."""
        if self.voice.stt is SttChoice.WHISPER:
            whisper_model(str(whisper_model_dir(self.settings)), self.voice.whisper_threads)
        PiperSynth()
        for lang in ALL_LANGS:
            detect_acts("hello", lang)
