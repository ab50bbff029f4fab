"""Real-call analysis: a recording of a real call becomes a :class:`CallRecord` (channel ``upload``)
that the same rubric scores.

Supported: one **stereo** file (wav, mp3, m4a, …) with the trainee on one channel and the other side
on the other, or **two files**, one per side. Not supported: a single mono file — both voices are
mixed and telling who said what (diarisation) is out of scope, so it is refused with that reason.
Each side is transcribed separately by faster-whisper with word timestamps, in the language given
(never auto-detected: short phone turns fool language identification).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
from pydantic import BaseModel, Field

from core.errors import AppError
from core.languages import Lang, has_cjk, parse_lang, to_simplified, to_traditional_tw
from core.record import CallRecord, Speaker, Turn
from scoring.audio import RATE, decode
from simulator.settings import Settings
from simulator.voice.services.whisper import WHISPER_LANG, initial_prompt, whisper_model, whisper_model_dir

MONO_MESSAGE = (
    "{name} is a mono recording: both voices are on one channel, so the trainee's words cannot be told "
    "apart from the other side's. Supported: one stereo file with the trainee on one channel (choose it "
    "with --trainee-channel), or two files, the trainee's first."
)
MERGE_GAP_S = 1.0  # one speaker's segments closer than this form one turn
CROSSTALK_DB = 6.0  # a segment this much quieter on its own channel than on the other is bleed-through


class UploadError(AppError):
    hint = "upload a stereo recording (trainee on one channel) or two files, one per side"


class UploadOptions(BaseModel):
    lang: str
    trainee_channel: int = Field(0, ge=0, le=1)
    direction: Literal["outbound", "inbound"] | None = None
    persona: str = "upload"
    scenario: str = ""
    call_id: str = ""
    max_bytes: int = Field(200 * 1024 * 1024, description="largest file accepted")
    max_seconds: float = Field(2 * 3600, description="longest recording accepted")


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str


class Transcriber(Protocol):
    def transcribe(self, samples: np.ndarray, lang: Lang) -> list[Segment]: ...


class WhisperTranscriber:
    """faster-whisper base (int8, CPU) from the packaged weights, loaded and prompted as on live calls
    (:mod:`simulator.voice.services.whisper`); settings from the voice-stack bench."""

    def __init__(self, model_dir: Path | None = None, *, beam_size: int = 5, cpu_threads: int = 2) -> None:
        self._model_dir = model_dir
        self._beam_size = beam_size
        self._cpu_threads = cpu_threads

    def _load(self) -> Any:
        folder = self._model_dir or whisper_model_dir(Settings())
        return whisper_model(str(folder), self._cpu_threads)

    def transcribe(self, samples: np.ndarray, lang: Lang) -> list[Segment]:
        segments, _ = self._load().transcribe(
            samples, language=WHISPER_LANG[lang], word_timestamps=True, vad_filter=True,
            beam_size=self._beam_size, temperature=0.0, initial_prompt=initial_prompt(lang),
            condition_on_previous_text=False,
        )
        out = []
        for seg in segments:
            words = list(seg.words or [])
            start, end = (words[0].start, words[-1].end) if words else (seg.start, seg.end)
            text = seg.text.strip()
            if lang is Lang.ZH_CN:
                text = to_simplified(text)
            elif lang is Lang.ZH_TW:
                text = to_traditional_tw(text)
            if text:
                out.append(Segment(float(start), float(end), text))
        return out


def _check_file(path: Path, opts: UploadOptions) -> None:
    if not path.is_file():
        raise UploadError(f"no such file: {path}")
    size = path.stat().st_size
    if size > opts.max_bytes:
        raise UploadError(
            f"{path.name} is {size / 1e6:.0f} MB; the limit is {opts.max_bytes / 1e6:.0f} MB",
            "trim the recording or export it at a lower bitrate (mono 16 kHz per side is plenty)",
        )


def _sides(paths: list[Path], opts: UploadOptions) -> tuple[np.ndarray, np.ndarray]:
    """(trainee, other side) as mono signals of equal length."""
    if len(paths) not in (1, 2):
        raise UploadError(f"expected one stereo file or two files, got {len(paths)}")
    for p in paths:
        _check_file(p, opts)
    if len(paths) == 1:
        data = decode(paths[0])
        if data.shape[0] < 2:
            raise UploadError(MONO_MESSAGE.format(name=paths[0].name))
        trainee, other = data[opts.trainee_channel], data[1 - opts.trainee_channel]
    else:
        trainee, other = (decode(p).mean(axis=0) for p in paths)
        n = max(trainee.size, other.size)
        trainee, other = np.pad(trainee, (0, n - trainee.size)), np.pad(other, (0, n - other.size))
    if trainee.size / RATE > opts.max_seconds:
        raise UploadError(f"the recording is {trainee.size / RATE / 60:.0f} min; the limit is "
                          f"{opts.max_seconds / 60:.0f} min")
    return trainee, other


def _rms_db(signal: np.ndarray, seg: Segment) -> float:
    piece = signal[int(seg.start * RATE): max(int(seg.end * RATE), int(seg.start * RATE) + 1)]
    return float(10 * np.log10(np.mean(piece.astype(np.float64) ** 2) + 1e-12))


def _turns(own: list[Segment], signal: np.ndarray, other_signal: np.ndarray, speaker: Speaker) -> list[Turn]:
    """Segments merged into turns; bleed-through (louder on the other channel) dropped."""
    kept = [s for s in own if _rms_db(signal, s) >= _rms_db(other_signal, s) - CROSSTALK_DB]
    turns: list[Turn] = []
    for seg in kept:
        if turns and seg.start - turns[-1].end < MERGE_GAP_S:
            last = turns[-1]
            sep = "" if has_cjk(seg.text[:1]) else " "
            turns[-1] = last.model_copy(update={"text": last.text + sep + seg.text, "end": seg.end})
        else:
            turns.append(Turn(speaker=speaker, text=seg.text, start=round(seg.start, 2), end=round(seg.end, 2)))
    return turns


def transcribe_call(paths: list[Path], opts: UploadOptions, transcriber: Transcriber | None = None) -> CallRecord:
    try:
        lang = parse_lang(opts.lang)
    except ValueError as exc:
        raise UploadError(str(exc)) from None
    trainee, other = _sides(paths, opts)
    engine = transcriber or WhisperTranscriber()
    turns = _turns(engine.transcribe(trainee, lang), trainee, other, Speaker.TRAINEE)
    turns += _turns(engine.transcribe(other, lang), other, trainee, Speaker.PERSONA)
    turns.sort(key=lambda t: t.start)
    if not any(t.speaker is Speaker.TRAINEE for t in turns):
        raise UploadError("no speech was recognised on the trainee's side",
                          "check --trainee-channel and --lang, and that the recording has speech")
    direction = opts.direction or ("inbound" if turns[0].speaker is Speaker.TRAINEE else "outbound")
    single = len(paths) == 1
    return CallRecord.model_validate({
        "id": opts.call_id or paths[0].stem, "language": lang.value, "persona": opts.persona, "direction": direction,
        "scenario": opts.scenario, "channel": "upload", "turns": [t.model_dump() for t in turns], "events": [],
        "audio": str(paths[0].resolve()), "trainee_channel": opts.trainee_channel if single else 0,
    })
