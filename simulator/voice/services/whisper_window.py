"""One short utterance through faster-whisper with an encoder window sized to the speech.

faster-whisper pads every input to a 30-second window, and whisper's encoder costs what the window
costs, not what the speech lasts: 0.63 s for any line on two cores, most of the STT time of a turn.
CTranslate2's encoder also takes shorter windows (0.11 s for 10 s), so here the mel features are
padded to a window of at least 10 s (two seconds past the speech) and decoded greedily without
timestamps — the same idea as whisper.cpp's ``audio_ctx``. On test lines in en, id and zh (spoken by
espeak-ng) 10-second windows matched the 30-second ones in quality at a third of the time; 6-second
windows did not (Mandarin came back as the initial prompt). Longer utterances go through
faster-whisper's own ``transcribe``.

Uses faster-whisper 1.2's ``WhisperModel.encode`` / ``get_prompt`` and ``get_suppressed_tokens``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import numpy as np
from faster_whisper.audio import pad_or_trim
from faster_whisper.tokenizer import Tokenizer
from faster_whisper.transcribe import get_suppressed_tokens

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
