"""What the EngineProcessor keeps about the turn in progress: the trainee's utterance and the persona's reply."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipecat.frames.frames import ControlFrame


@dataclass
class TurnEndMarkerFrame(ControlFrame):
    """Queued to ourselves when the trainee's turn ends, behind any transcript still in our queue.

    ``UserStoppedSpeakingFrame`` is a system frame and overtakes the transcript that ended the turn.
    """

    at: float = 0.0
    interruptible: bool = field(default=False, init=False)


@dataclass
class Utterance:
    """One trainee utterance, built up from VAD, transcript and turn frames (times in call seconds)."""

    start: float
    end: float | None = None
    text: str = ""
    interrupted: bool = False  # the trainee started while the persona was talking
    closed: bool = False       # the user-turn detector says the trainee is done
    vad_stop: float | None = None
    stt_final: float | None = None
    turn_end: float | None = None


@dataclass
class Reply:
    """One persona reply: when it was heard (transport times), and whether the trainee cut it off."""

    first_audio: float | None = None
    last_audio: float | None = None
    cut_at: float | None = None
    done: bool = False
    settled: bool = False
