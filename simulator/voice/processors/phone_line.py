"""PhoneLineProcessor: the telephone around the conversation — rings, the pick-up and the hang-up click.

It sits after the engine processor, so its sounds flow downstream through TTS to the transport like the
persona's voice. Outbound, the trainee hears ring-back until the persona picks up (after
``answer_after_rings`` rings, and not before her model is warm: the call is prepared while it rings).
Inbound, the trainee's phone rings until they answer, or the persona gives up after ``max_rings``.
Either way it sets ``line.live`` when the conversation may start. When the engine processor hands it a
:class:`PersonaHungUpFrame` it plays the click and ends the pipeline. What happens on the line is told
to the call (ring, answer and error events, ``rings_before_answer``, the persona's hang-up), which
writes its own record.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from pipecat.frames.frames import (
    CancelFrame,
    DataFrame,
    EndFrame,
    EndWorkerFrame,
    Frame,
    OutputAudioRawFrame,
    StartFrame,
)
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor

from core.errors import AppError
from simulator.engine.call import Call
from simulator.voice import tones
from simulator.voice.line import Phase, PhoneLine


@dataclass
class PersonaHungUpFrame(DataFrame):
    """The persona ended the call and her last words have been heard: play the click, end the line."""


async def _ready(task: asyncio.Future, within: float) -> bool:
    """Whether ``task`` is done, giving it ``within`` seconds (without cancelling it)."""
    done, _ = await asyncio.wait({task}, timeout=within)
    return bool(done)


class PhoneLineProcessor(FrameProcessor):
    def __init__(
        self,
        call: Call,
        line: PhoneLine,
        clock: Callable[[], float],
        *,
        answer_after_rings: int = 1,
        max_rings: int = 8,
        sample_rate: int = 24000,
    ) -> None:
        super().__init__()
        self.call = call
        self.line = line
        self._clock = clock
        self._answer_after = answer_after_rings
        self._max_rings = max_rings
        self._rate = sample_rate
        self._task: asyncio.Task | None = None

    def now(self) -> float:
        return round(self._clock(), 2)

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if isinstance(frame, PersonaHungUpFrame):
            await self.push_frame(OutputAudioRawFrame(tones.click(self._rate), self._rate, 1))
            await self.push_frame(EndWorkerFrame(reason="persona hung up"))
            return
        await self.push_frame(frame, direction)
        if isinstance(frame, StartFrame):
            self._task = self.create_task(self._pick_up())
        elif isinstance(frame, EndFrame | CancelFrame) and self._task is not None:
            await self.cancel_task(self._task)
            self._task = None

    async def _ring(self, pcm: bytes, by: str) -> None:
        self.line.rings += 1
        self.call.add_event("ring", by=by, at=self.now(), detail=str(self.line.rings))
        await self.push_frame(OutputAudioRawFrame(pcm, self._rate, 1))

    async def _prepare(self) -> None:
        """Warm the persona's model while the phone rings; a failure is recorded, the call goes on."""
        try:
            await self.call.prepare()
        except AppError as exc:
            self.call.add_event("error", detail=f"prepare: {exc}")

    async def _pick_up(self) -> None:
        await self.line.connected.wait()
        self.line.phase = Phase.RINGING
        prepare = asyncio.ensure_future(self._prepare())
        if self.line.inbound:
            if await self._wait_for_trainee(prepare):
                self.line.live.set()
            return
        ring = tones.ringback(self._rate)
        while self.line.rings < self._answer_after or not await _ready(prepare, 0.1):
            await self._ring(ring, "system")
            await asyncio.sleep(tones.RING_CYCLE_SECS)
        self.line.phase = Phase.LIVE
        self.call.add_event("answer", by="persona", at=self.now())
        self.line.live.set()

    async def _wait_for_trainee(self, prepare: asyncio.Future) -> bool:
        """Inbound: ring until the trainee answers (True) or the persona gives up (False)."""
        ring = tones.ringing(self._rate)
        while not self.line.answered.is_set():
            if self.line.rings >= self._max_rings:
                self.call.hangup(by="persona", ended_by="persona", reason=f"no answer after {self.line.rings} rings")
                await self.push_frame(EndWorkerFrame(reason="no answer"))
                return False
            await self._ring(ring, "persona")
            try:
                await asyncio.wait_for(self.line.answered.wait(), tones.RING_CYCLE_SECS)
            except TimeoutError:
                continue
        await self.broadcast_interruption()  # stop the ringing mid-cycle
        await prepare
        self.line.phase = Phase.LIVE
        self.call.add_metrics({"rings_before_answer": float(self.line.rings)})
        self.call.add_event("answer", by="trainee", at=self.now(), detail=f"after {self.line.rings} rings")
        return True
