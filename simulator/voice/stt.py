"""Speech to text: faster-whisper (embedded default) or an OpenAI-compatible transcription endpoint.

Whisper-base can fall into repetition loops on Chinese ("请问您的关大仙好，请问您的关大仙好，…",
2–16 s of decoding). Against that: greedy decoding at temperature 0 (no fallback re-decodes), no
timestamp tokens (the loops above came with them), a Chinese initial prompt, a token cap that
scales with the length of the utterance, and a last pass that folds any remaining repeats.
The language is always passed: auto-detection picked Thai for Indonesian and English for Chinese.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncGenerator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pipecat.frames.frames import ErrorFrame, Frame, TranscriptionFrame
from pipecat.services.stt_service import STTService
from pipecat.services.whisper.stt import WhisperSTTService
from pipecat.transcriptions.language import Language
from pipecat.utils.time import time_now_iso8601

from simulator.errors import ConfigError
from simulator.languages import Lang, to_simplified, to_traditional_tw
from simulator.voice.config import SttChoice, VoiceSettings
from simulator.weights import WHISPER_BASE, Asset

if TYPE_CHECKING:  # simulator.settings imported first would start an import cycle through simulator.backends
    from simulator.settings import Settings

WHISPER_LANG = {Lang.ZH_CN: "zh", Lang.ZH_TW: "zh", Lang.ID: "id", Lang.EN: "en"}
PIPECAT_LANG = {Lang.ZH_CN: Language.ZH, Lang.ZH_TW: Language.ZH, Lang.ID: Language.ID, Lang.EN: Language.EN}
INITIAL_PROMPT = {Lang.ZH_CN: "以下是普通话的句子。", Lang.ZH_TW: "以下是普通話的句子。"}
TOKENS_PER_SECOND = 8  # generous: Mandarin runs at ~4–5 characters a second
SAMPLE_RATE = 16000

_REPEAT_RE = re.compile(r"(.{2,40}?)(?:[\s,，、。.!?！？]*\1){2,}", re.DOTALL)


def fold_repeats(text: str) -> str:
    """Keep one copy of any stretch repeated three or more times in a row (a decoding loop)."""
    return _REPEAT_RE.sub(r"\1", text)


def token_cap(samples: int) -> int:
    """Tokens a whisper decode may produce for an utterance of ``samples`` (16 kHz)."""
    return max(24, min(160, int(samples / SAMPLE_RATE * TOKENS_PER_SECOND) + 16))


@cache
def whisper_model(path: str, threads: int) -> Any:
    from faster_whisper import WhisperModel

    return WhisperModel(path, device="cpu", compute_type="int8", cpu_threads=threads)


def transcribe_pcm(model: Any, audio: np.ndarray, lang: Lang) -> str:
    """One utterance (float32 mono 16 kHz) to text, with the loop guards described above."""
    segments, _ = model.transcribe(
        audio,
        language=WHISPER_LANG[lang],
        beam_size=1,
        temperature=0.0,
        initial_prompt=INITIAL_PROMPT.get(lang),
        condition_on_previous_text=False,
        without_timestamps=True,
        max_new_tokens=token_cap(len(audio)),
        vad_filter=False,
        no_speech_threshold=None,  # its default (0.6) dropped robotic but clear Mandarin; filtered below
        log_prob_threshold=None,
    )
    # VAD already found speech; drop only what whisper is sure is silence (where it hallucinates).
    text = "".join(s.text for s in segments if not (s.no_speech_prob > 0.8 and s.avg_logprob < -1.0))
    text = fold_repeats(text.strip())
    if lang is Lang.ZH_CN:
        return to_simplified(text)
    if lang is Lang.ZH_TW:
        return to_traditional_tw(text)
    return text


class LocalWhisperSTTService(WhisperSTTService):
    """pipecat's faster-whisper service with a shared model (loaded once per process) and loop guards."""

    def __init__(self, model_dir: Path, lang: Lang, *, threads: int = 2, **kwargs: Any) -> None:
        self._model_dir = model_dir
        self._threads = threads
        self._lang = lang
        super().__init__(
            device="cpu",
            compute_type="int8",
            settings=WhisperSTTService.Settings(
                model=str(model_dir), language=PIPECAT_LANG[lang], no_speech_prob=0.8,
                initial_prompt=INITIAL_PROMPT.get(lang), hotwords=None,
            ),
            **kwargs,
        )

    def _load(self) -> None:
        self._model = whisper_model(str(self._model_dir), self._threads)

    async def run_stt(self, audio: bytes) -> AsyncGenerator[Frame, None]:
        await self.start_processing_metrics()
        samples = np.frombuffer(audio, dtype=np.int16).astype(np.float32) / 32768.0
        try:
            text = await asyncio.to_thread(transcribe_pcm, self._model, samples, self._lang)
        except Exception as exc:  # a broken model must not end the call: report and go on
            yield ErrorFrame(error=f"speech recognition failed: {exc}")
            return
        finally:
            await self.stop_processing_metrics()
        if text:
            yield TranscriptionFrame(text, self._user_id, time_now_iso8601(), PIPECAT_LANG[self._lang])


def whisper_model_dir(settings: Settings, asset: Asset = WHISPER_BASE) -> Path:
    """The joined faster-whisper model folder; raises ModelMissingError with a hint when absent."""
    return asset.ensure(settings.model_dir).parent


def build_stt(lang: Lang, settings: Settings, voice: VoiceSettings) -> STTService:
    if voice.stt is SttChoice.OPENAI:
        if not settings.base_url:
            raise ConfigError("PHONECOACH_STT=openai needs OPENAI_BASE_URL")
        from pipecat.services.openai.stt import OpenAISTTService

        key = settings.api_key.get_secret_value() if settings.api_key else "sk-local"
        return OpenAISTTService(
            api_key=key, base_url=settings.base_url,
            settings=OpenAISTTService.Settings(
                model=voice.stt_model, language=PIPECAT_LANG[lang], prompt=INITIAL_PROMPT.get(lang), temperature=0.0
            ),
        )
    return LocalWhisperSTTService(whisper_model_dir(settings), lang, threads=voice.whisper_threads)
