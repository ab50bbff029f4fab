"""Speech to text through an OpenAI-compatible transcription endpoint (``PHONECOACH_STT=openai``)."""

from __future__ import annotations

from pipecat.services.openai.stt import OpenAISTTService

from core.errors import ConfigError
from core.languages import Lang
from simulator.settings import Settings
from simulator.voice.config import VoiceSettings
from simulator.voice.services.whisper import PIPECAT_LANG, initial_prompt


def openai_stt(lang: Lang, settings: Settings, voice: VoiceSettings) -> OpenAISTTService:
    if not settings.base_url:
        raise ConfigError("PHONECOACH_STT=openai needs OPENAI_BASE_URL")
    key = settings.api_key.get_secret_value() if settings.api_key else "sk-local"
    return OpenAISTTService(
        api_key=key, base_url=settings.base_url,
        settings=OpenAISTTService.Settings(
            model=voice.stt_model, language=PIPECAT_LANG[lang], prompt=initial_prompt(lang), temperature=0.0
        ),
    )
