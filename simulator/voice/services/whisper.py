"""Speech to text: faster-whisper (embedded default) or an OpenAI-compatible transcription endpoint.

Whisper-base can fall into repetition loops on Chinese ("请问您的关大仙好，请问您的关大仙好，…",
2–16 s of decoding). Against that: greedy decoding at temperature 0 (no fallback re-decodes), no
timestamp tokens (the loops above came with them), a Chinese initial prompt, a token cap that
scales with the length of the utterance, and a last pass that folds any remaining repeats.
Short utterances are decoded with an encoder window sized to them (:func:`decode`, below): a third of
the time of faster-whisper's fixed 30-second window.

The one faster-whisper module: live calls (the pipecat service below) and uploads of real calls
(``scoring.upload``) load the model through :func:`whisper_model` and take the same prompt.
The language is always passed: auto-detection picked Thai for Indonesian and English for Chinese.
"""

from __future__ import annotations

import asyncio
import re
from collections import deque
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from faster_whisper.audio import pad_or_trim
from faster_whisper.tokenizer import Tokenizer
from faster_whisper.transcribe import get_suppressed_tokens
from pipecat.frames.frames import (
    ErrorFrame,
    Frame,
    InputAudioRawFrame,
    TranscriptionFrame,
    UserStoppedSpeakingFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.processors.frame_processor import FrameDirection
from pipecat.services.whisper.stt import WhisperSTTService
from pipecat.transcriptions.language import Language
from pipecat.utils.time import time_now_iso8601

from core.languages import Lang, to_simplified, to_traditional_tw
from core.locale import text
from core.weights import WHISPER_BASE, Asset
from simulator.settings import Settings

WHISPER_LANG = {Lang.ZH_CN: "zh", Lang.ZH_TW: "zh", Lang.ID: "id", Lang.EN: "en"}
PIPECAT_LANG = {Lang.ZH_CN: Language.ZH, Lang.ZH_TW: Language.ZH, Lang.ID: Language.ID, Lang.EN: Language.EN}
TOKENS_PER_SECOND = 8  # generous: Mandarin runs at ~4–5 characters a second
SAMPLE_RATE = 16000

_REPEAT_RE = re.compile(r"(.{2,40}?)(?:[\s,，、。.!?！？]*\1){2,}", re.DOTALL)


# --- the encoder window sized to the speech ---------------------------------------------------------
# One short utterance through faster-whisper with an encoder window sized to the speech.
# 
# faster-whisper pads every input to a 30-second window, and whisper's encoder costs what the window
# costs, not what the speech lasts: 0.63 s for any line on two cores, most of the STT time of a turn.
# CTranslate2's encoder also takes shorter windows (0.11 s for 10 s), so here the mel features are
# padded to a window of at least 10 s (two seconds past the speech) and decoded greedily without
# timestamps — the same idea as whisper.cpp's ``audio_ctx``. On test lines in en, id and zh (spoken by
# espeak-ng) 10-second windows matched the 30-second ones in quality at a third of the time; 6-second
# windows did not (Mandarin came back as the initial prompt). Longer utterances go through
# faster-whisper's own ``transcribe``.
# 
# Uses faster-whisper 1.2's ``WhisperModel.encode`` / ``get_prompt`` and ``get_suppressed_tokens``.

FULL_WINDOW = 3000  # mel frames (30 s)
MIN_WINDOW = 1000
FRAMES_PER_SECOND = 100


@dataclass
class Heard:
    text: str
    no_speech_prob: float
    avg_logprob: float


def decode(model: Any, audio: np.ndarray, language: str, *, prompt: str | None, max_new_tokens: int) -> Heard | None:
    """Greedy, temperature-0 decode of ``audio`` (16 kHz float32); None when it needs the full window."""
    features = model.feature_extractor(audio)
    frames = features.shape[-1]
    window = max(MIN_WINDOW, int(np.ceil(frames / FRAMES_PER_SECOND + 2)) * FRAMES_PER_SECOND)
    if window >= FULL_WINDOW:
        return None
    encoded = model.encode(pad_or_trim(features, window))
    tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=language)
    previous = tokenizer.encode(" " + prompt.strip()) if prompt else []
    tokens_in = model.get_prompt(tokenizer, previous, without_timestamps=True)
    result = model.model.generate(
        encoded, [tokens_in],
        beam_size=1, patience=1, length_penalty=1, repetition_penalty=1, no_repeat_ngram_size=0,
        max_length=len(tokens_in) + max_new_tokens, return_scores=True, return_no_speech_prob=True,
        suppress_blank=True, suppress_tokens=get_suppressed_tokens(tokenizer, [-1]), max_initial_timestamp_index=50,
    )[0]
    tokens = result.sequences_ids[0]
    avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)
    text = tokenizer.decode(tokens).strip()
    if prompt and _echoes(text, prompt):
        text = ""  # over near-silence whisper tends to say its prompt back
    return Heard(text, float(result.no_speech_prob), float(avg_logprob))


def _echoes(text: str, prompt: str) -> bool:
    core = re.sub(r"\W+", "", text)
    return bool(core) and SequenceMatcher(None, core, re.sub(r"\W+", "", prompt)).ratio() >= 0.6


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


def _heard_silence(no_speech_prob: float, avg_logprob: float) -> bool:
    """VAD already found speech; drop only what whisper is sure is silence (where it hallucinates).

    Whisper's own rule (0.6) dropped clear but robotic Mandarin, which scored up to 0.82.
    """
    return no_speech_prob > 0.9 and avg_logprob < -1.0


def initial_prompt(lang: Lang) -> str | None:
    """The prompt whisper gets for ``lang`` (the locale catalogue's ``stt.initial_prompt``; None when empty)."""
    return text("stt.initial_prompt", lang) or None


def transcribe_pcm(model: Any, audio: np.ndarray, lang: Lang) -> str:
    """One utterance (float32 mono 16 kHz) to text, with the loop guards described above."""
    cap = token_cap(len(audio))
    heard = decode(model, audio, WHISPER_LANG[lang], prompt=initial_prompt(lang), max_new_tokens=cap)
    if heard is not None:
        text = "" if _heard_silence(heard.no_speech_prob, heard.avg_logprob) else heard.text
    else:  # a long utterance: faster-whisper's own windowing
        segments, _ = model.transcribe(
            audio, language=WHISPER_LANG[lang], beam_size=1, temperature=0.0, initial_prompt=initial_prompt(lang),
            condition_on_previous_text=False, without_timestamps=True, max_new_tokens=cap, vad_filter=False,
            no_speech_threshold=None, log_prob_threshold=None,  # its 0.6 dropped robotic but clear Mandarin
        )
        text = "".join(s.text for s in segments if not _heard_silence(s.no_speech_prob, s.avg_logprob))
    return clean_transcript(text, lang)


def clean_transcript(text: str, lang: Lang) -> str:
    """What whisper wrote, made fit for the call: loops folded, nothing when nothing was said, and the
    call's Chinese script (whisper writes either)."""
    text = fold_repeats(text.strip())
    if not re.search(r"\w", text):  # "...", "。", "《《》》": nothing was said
        return ""
    if lang is Lang.ZH_CN:
        return to_simplified(text)
    if lang is Lang.ZH_TW:
        return to_traditional_tw(text)
    return text


@dataclass
class TurnTranscriptionFrame(TranscriptionFrame):
    """A transcript of everything the trainee has said in the current turn (it replaces earlier ones)."""


class LocalWhisperSTTService(WhisperSTTService):
    """pipecat's faster-whisper service, transcribing whole turns rather than VAD segments.

    The VAD stops at every short pause, and whisper's cost is nearly fixed per call (its encoder
    always reads a 30-second window), so three segments cost three times one, and short segments
    are misheard. Here every pause starts a transcription of the turn so far; if the trainee goes on
    talking, that result is dropped and the next pause transcribes the longer turn. The model is
    loaded once per process and shared by all calls.
    """

    def __init__(self, model_dir: Path, lang: Lang, *, threads: int = 2, **kwargs: Any) -> None:
        self._model_dir = model_dir
        self._threads = threads
        self._lang = lang
        self._in_turn = False
        self._generation = 0  # bumped whenever the trainee (re)starts talking
        self._jobs: deque[int] = deque()
        super().__init__(
            device="cpu",
            compute_type="int8",
            settings=WhisperSTTService.Settings(
                model=str(model_dir), language=PIPECAT_LANG[lang], no_speech_prob=0.9,
                initial_prompt=initial_prompt(lang), hotwords=None,
            ),
            ttfs_p99_latency=2.0,
            **kwargs,
        )

    def _load(self) -> None:
        self._model = whisper_model(str(self._model_dir), self._threads)

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        if isinstance(frame, UserStoppedSpeakingFrame):  # the turn is over: start afresh
            self._in_turn = False
            self._audio_buffer.clear()
        await super().process_frame(frame, direction)

    async def process_audio_frame(self, frame: InputAudioRawFrame, direction: FrameDirection) -> None:
        self._audio_buffer += frame.audio
        if not self._in_turn and len(self._audio_buffer) > self._audio_buffer_size_1s:  # keep 1 s of lead-in
            del self._audio_buffer[: len(self._audio_buffer) - self._audio_buffer_size_1s]

    async def _handle_user_started_speaking(self, frame: VADUserStartedSpeakingFrame) -> None:
        self._user_speaking = True
        self._in_turn = True
        self._generation += 1

    async def _handle_user_stopped_speaking(self, frame: VADUserStoppedSpeakingFrame) -> None:
        self._user_speaking = False
        self._jobs.append(self._generation)
        await self._segment_queue.put(bytes(self._audio_buffer) + self._trailing_silence())

    def _stale(self, generation: int) -> bool:
        return generation != self._generation or self._user_speaking

    async def run_stt(self, audio: bytes) -> AsyncGenerator[Frame, None]:
        generation = self._jobs.popleft() if self._jobs else self._generation
        if self._stale(generation):
            return
        await self.start_processing_metrics()
        samples = np.frombuffer(audio, dtype=np.int16).astype(np.float32) / 32768.0
        try:
            text = await asyncio.to_thread(transcribe_pcm, self._model, samples, self._lang)
        except Exception as exc:  # a broken model must not end the call: report and go on
            yield ErrorFrame(error=f"speech recognition failed: {exc}")
            return
        finally:
            await self.stop_processing_metrics()
        if text and not self._stale(generation):
            yield TurnTranscriptionFrame(text, self._user_id, time_now_iso8601(), PIPECAT_LANG[self._lang])


def whisper_model_dir(settings: Settings, asset: Asset | None = None) -> Path:
    """The joined faster-whisper model folder; raises ModelMissingError with a hint when absent."""
    return (asset or WHISPER_BASE).ensure(settings.model_dir).parent
