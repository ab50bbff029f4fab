"""Per-turn stage timestamps of a voice call: where the time between the trainee's last word and the
persona's first sound goes. Times are seconds since the call started (the call's own clock).

The call writes them into its record as ``stage_times`` (one entry per trainee turn) and summarised in
``metrics`` (``voice_to_voice_p50_ms`` …); the benchmark reads the same entries.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable

from pydantic import BaseModel


class TurnStages(BaseModel):
    """One trainee turn. ``speech_end`` is estimated as the VAD's stop detection minus its silence window."""

    turn: int
    speech_end: float | None = None
    vad_stop: float | None = None
    stt_final: float | None = None
    turn_end: float | None = None
    reply_first_sentence: float | None = None
    tts_first_audio: float | None = None
    first_audio_out: float | None = None

    @property
    def voice_to_voice_ms(self) -> float | None:
        if self.speech_end is None or self.first_audio_out is None:
            return None
        return round((self.first_audio_out - self.speech_end) * 1000, 1)


class StageLog:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.turns: list[TurnStages] = []
        self.current: TurnStages | None = None

    def open(self, turn: int, **known: float | None) -> TurnStages:
        self.current = TurnStages(turn=turn, **{k: round(v, 4) for k, v in known.items() if v is not None})
        self.turns.append(self.current)
        return self.current

    def close(self) -> None:
        self.current = None

    def mark(self, stage: str) -> None:
        """Stamp ``stage`` of the current turn now, unless it is already stamped."""
        if self.current is not None and getattr(self.current, stage) is None:
            setattr(self.current, stage, round(self._clock(), 4))

    def entries(self) -> list[dict[str, float | None]]:
        """One entry per trainee turn, for the call record's ``stage_times``."""
        return [t.model_dump() for t in self.turns]

    def summary(self) -> dict[str, float]:
        """The voice-to-voice figures over the turns timed so far (for the record's ``metrics``)."""
        latencies = [v for t in self.turns if (v := t.voice_to_voice_ms) is not None]
        if not latencies:
            return {}
        return {
            "voice_to_voice_p50_ms": round(statistics.median(latencies), 1),
            "voice_to_voice_max_ms": max(latencies),
            "voice_turns_timed": float(len(latencies)),
        }
