"""Voice settings from environment variables (the engine's own settings stay in ``simulator.settings``).

| variable | meaning |
|---|---|
| PHONECOACH_STT | whisper (default, embedded faster-whisper) or openai (needs OPENAI_BASE_URL) |
| PHONECOACH_STT_MODEL | model name for OpenAI-compatible transcription (default whisper-1) |
| PHONECOACH_TTS | auto (edge-tts when reachable), edge (always try it first) or offline; offline voices back up |
| PHONECOACH_VAD_STOP_SECS | silence that ends a stretch of speech (default 0.2) |
| PHONECOACH_TURN_WAIT_SECS | how long a pause may be before the turn is over (default 0.4; whisper runs meanwhile) |
| PHONECOACH_LIVE_TRANSCRIPT | show the transcript during voice calls (trainer setting, default off) |
| PHONECOACH_ANSWER_AFTER_RINGS | outbound: rings before the persona picks up (default 1; more while her model warms) |
| PHONECOACH_INBOUND_MAX_RINGS | inbound: rings before the persona gives up (default 8) |
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SttChoice(StrEnum):
    WHISPER = "whisper"
    OPENAI = "openai"


class TtsChoice(StrEnum):
    AUTO = "auto"
    EDGE = "edge"
    OFFLINE = "offline"


class VoiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PHONECOACH_", env_file=".env", extra="ignore")

    stt: SttChoice = SttChoice.WHISPER
    stt_model: str = "whisper-1"
    tts: TtsChoice = TtsChoice.AUTO
    vad_stop_secs: float = Field(0.2, ge=0.05, le=2.0)
    turn_wait_secs: float = Field(0.4, ge=0.0, le=3.0)
    live_transcript: bool = False
    answer_after_rings: int = Field(1, ge=0, le=10)
    inbound_max_rings: int = Field(8, ge=1, le=30)
    whisper_threads: int = Field(2, ge=1, le=16)
