"""When has the trainee finished? A user-turn stop strategy for segment-by-segment STT.

The VAD cuts speech at pauses (a comma in espeak's speech is enough at 0.2 s), so one utterance can
reach STT as several segments. pipecat's speech-timeout strategy ends the turn on any finalized
transcript, so a transcript of the first segment arriving while the trainee is still talking ended
the turn early and the rest of the sentence was lost. Here the turn ends only once the trainee has
been quiet for ``wait`` seconds after speaking AND every segment since the turn began has its
transcript (a segment that yields none, like a cough, is given up on after ``stt_timeout``).
"""

from __future__ import annotations

import asyncio

from pipecat.frames.frames import (
    Frame,
    TranscriptionFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.turns.types import ProcessFrameResult
from pipecat.turns.user_stop import BaseUserTurnStopStrategy

from simulator.voice.services.whisper import TurnTranscriptionFrame


class TranscribedTurnStop(BaseUserTurnStopStrategy):
    def __init__(self, *, wait: float = 0.2, stt_timeout: float = 4.0, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._wait = wait
        self._stt_timeout = max(stt_timeout, wait)
        self._speaking = False
        self._segments = 0
        self._transcripts = 0
        self._has_text = False
        self._quiet_enough = False
        self._timer: asyncio.Task | None = None

    async def handle_user_turn_started(self) -> None:
        await self._reset()

    async def handle_user_turn_stopped(self) -> None:
        await self._reset()
        self._speaking = False

    async def cleanup(self) -> None:
        await super().cleanup()
        await self._cancel_timer()

    async def process_frame(self, frame: Frame) -> ProcessFrameResult:
        if isinstance(frame, VADUserStartedSpeakingFrame):
            self._speaking = True
            self._quiet_enough = False
            await self._cancel_timer()
        elif isinstance(frame, VADUserStoppedSpeakingFrame):
            self._speaking = False
            self._segments += 1
            await self._cancel_timer()
            self._timer = self.task_manager.create_task(self._count_silence(), f"{self}::silence")
        elif isinstance(frame, TranscriptionFrame):
            # a whole-turn transcript covers every segment so far; a segment transcript covers one
            self._transcripts = self._segments if isinstance(frame, TurnTranscriptionFrame) else self._transcripts + 1
            self._has_text = self._has_text or bool(frame.text.strip())
            await self._maybe_stop()
        return ProcessFrameResult.CONTINUE

    async def _count_silence(self) -> None:
        await asyncio.sleep(self._wait)
        self._quiet_enough = True
        if await self._maybe_stop():
            return
        await asyncio.sleep(self._stt_timeout - self._wait)
        await self._maybe_stop(give_up_waiting=True)

    async def _maybe_stop(self, *, give_up_waiting: bool = False) -> bool:
        if self._speaking or not self._quiet_enough or not self._has_text:
            return False
        if give_up_waiting or self._transcripts >= self._segments:
            await self.trigger_user_turn_stopped()  # resets us, cancelling the timer unless we are it
            return True
        return False

    async def _reset(self) -> None:
        await self._cancel_timer()
        self._segments = 0
        self._transcripts = 0
        self._has_text = False
        self._quiet_enough = False

    async def _cancel_timer(self) -> None:
        timer, self._timer = self._timer, None
        if timer is not None and timer is not asyncio.current_task():
            await self.task_manager.cancel_task(timer)
