"""EngineProcessor: the pipeline stage that takes turns to the engine.

Upstream of it the pipeline turns speech into trainee utterances (VAD → STT → user-turn detection);
downstream of it the phone line (rings, the click) and the persona's voice (TTS → transport). It waits
for the phone line to be picked up, takes each finished utterance to ``call.trainee_turn`` and pushes
the reply sentence by sentence, so TTS starts at the first sentence, and it tells the call what really
happened: utterance times, barge-ins, the persona's real speaking times. When the persona ends the call
it lets her last words be heard, then hands the line a :class:`PersonaHungUpFrame`.

Turns run one at a time. A reply cut off by the trainee is still drained from the engine (its record
entry must be written) but no longer spoken.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Callable

from pipecat.frames.frames import (
    BotStartedSpeakingFrame,
    BotStoppedSpeakingFrame,
    CancelFrame,
    EndFrame,
    ErrorFrame,
    Frame,
    LLMFullResponseEndFrame,
    LLMFullResponseStartFrame,
    LLMTextFrame,
    StartFrame,
    TranscriptionFrame,
    UserStartedSpeakingFrame,
    UserStoppedSpeakingFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor

from simulator.engine.call import Call
from simulator.voice.line import Phase, PhoneLine
from simulator.voice.processors.phone_line import PersonaHungUpFrame
from simulator.voice.processors.turn_state import Reply, TurnEndMarkerFrame, Utterance
from simulator.voice.services.whisper import TurnTranscriptionFrame
from simulator.voice.stages import StageLog


class EngineProcessor(FrameProcessor):
    def __init__(
        self,
        call: Call,
        line: PhoneLine,
        stages: StageLog,
        clock: Callable[[], float],
    ) -> None:
        super().__init__()
        self.call = call
        self.line = line
        self.stages = stages
        self._clock = clock
        self._utterance: Utterance | None = None
        self._reply: Reply | None = None
        self._bot_speaking = False
        self._turns: asyncio.Queue[Utterance] = asyncio.Queue()
        self._tasks: list[asyncio.Task] = []
        self._quiet = asyncio.Event()  # set when the persona's last reply has been heard out

    def now(self) -> float:
        return self._clock()

    # ---- frames --------------------------------------------------------------------------------
    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if isinstance(frame, TurnEndMarkerFrame):
            self._end_turn(frame.at)
            return
        await self.push_frame(frame, direction)
        if isinstance(frame, StartFrame):
            self._tasks = [self.create_task(self._open()), self.create_task(self._converse())]
        elif isinstance(frame, EndFrame | CancelFrame):
            for task in self._tasks:
                await self.cancel_task(task)
            self._tasks = []
            self.close_out()
        elif isinstance(frame, BotStartedSpeakingFrame):  # from the output transport, upstream
            self._on_bot_started()
        elif isinstance(frame, BotStoppedSpeakingFrame):
            self._on_bot_stopped()
        elif isinstance(frame, ErrorFrame):
            self.call.add_event("error", detail=str(frame.error)[:300])
        elif isinstance(frame, UserStoppedSpeakingFrame) and self._utterance is not None:
            await self.queue_frame(TurnEndMarkerFrame(at=self.now()))
        elif self.line.phase is Phase.LIVE and not self.call.ended:
            self._on_trainee_frame(frame)

    def _end_turn(self, at: float) -> None:
        utt = self._utterance
        if utt is None or utt.closed:
            return
        utt.closed = True
        utt.turn_end = at
        if utt.text:
            self._submit(utt)

    def _on_trainee_frame(self, frame: Frame) -> None:
        now = self.now()
        utt = self._utterance
        if isinstance(frame, VADUserStartedSpeakingFrame) and (utt is None or utt.closed):
            self._utterance = Utterance(start=max(0.0, now - frame.start_secs))
        elif isinstance(frame, UserStartedSpeakingFrame):
            if utt is None or utt.closed:
                utt = self._utterance = Utterance(start=now)
            if self._reply is not None and not self._reply.settled:
                utt.interrupted = self._bot_speaking  # a barge-in only if she was audibly talking
                self._cut_reply(now)
        elif isinstance(frame, VADUserStoppedSpeakingFrame) and utt is not None:
            utt.end = max(utt.start, now - frame.stop_secs)
            utt.vad_stop = now
        elif isinstance(frame, TranscriptionFrame) and utt is not None:
            whole_turn = isinstance(frame, TurnTranscriptionFrame)
            utt.text = frame.text.strip() if whole_turn else f"{utt.text} {frame.text}".strip()
            utt.stt_final = now
            if utt.closed:
                self._submit(utt)

    def _submit(self, utt: Utterance) -> None:
        if utt is self._utterance:
            self._utterance = None
        if utt.end is None:
            utt.end = utt.turn_end or self.now()
        self._turns.put_nowait(utt)

    # ---- persona audio -------------------------------------------------------------------------
    def _on_bot_started(self) -> None:
        self._bot_speaking = True
        self.line.persona_speaking = True
        if self._reply is not None and self._reply.first_audio is None and self._reply.cut_at is None:
            self._reply.first_audio = self.now()
            self.stages.mark("first_audio_out")

    def _on_bot_stopped(self) -> None:
        self._bot_speaking = False
        self.line.persona_speaking = False
        if self._reply is not None:
            self._reply.last_audio = self.now()
            self._settle(self._reply)

    def _cut_reply(self, at: float) -> None:
        reply = self._reply
        if reply is not None and reply.cut_at is None and not reply.settled:
            reply.cut_at = at
            self._settle(reply)

    def _settle(self, reply: Reply) -> None:
        """Write the real times of a finished (or cut) persona turn into the record, once."""
        if reply.settled or not reply.done or (self._bot_speaking and reply.cut_at is None):
            return
        reply.settled = True
        end = reply.cut_at or reply.last_audio or self.now()
        start = reply.first_audio if reply.first_audio is not None else end
        heard_cut = reply.cut_at is not None and reply.first_audio is not None
        self.call.set_persona_timing(round(start, 2), round(max(start, end), 2), interrupted=heard_cut)
        self._write_stages()
        self._quiet.set()

    async def _settle_if_silent(self, reply: Reply, wait: float = 2.0) -> None:
        """A reply that produced no audio at all (TTS failed) gets settled once the line stays quiet."""
        await asyncio.sleep(wait)
        if not self._bot_speaking:
            self._settle(reply)

    def close_out(self) -> None:
        """The call is over (hang-up, dropped line): whatever the persona was saying stops now.

        A reply still being generated is abandoned with its task; the engine never records it.
        """
        if self._reply is not None and self._reply.done and not self._reply.settled:
            self._bot_speaking = False
            self._cut_reply(self.now())
        self._write_stages()

    def _write_stages(self) -> None:
        self.call.set_stage_times(self.stages.entries())
        self.call.add_metrics(self.stages.summary())

    # ---- conversation --------------------------------------------------------------------------
    async def _speak(self, sentences: AsyncGenerator[str, None]) -> None:
        """Push the persona's reply to TTS as it comes; keep draining after a barge-in. A hang-up that
        cancels this task closes the reply (and its model stream) at once (``aclosing``)."""
        reply = self._reply = Reply()
        self._quiet.clear()
        await self.push_frame(LLMFullResponseStartFrame())
        async with contextlib.aclosing(sentences):
            async for sentence in sentences:
                self.stages.mark("reply_first_sentence")
                if reply.cut_at is None:
                    await self.push_frame(LLMTextFrame(f"{sentence} "))
        await self.push_frame(LLMFullResponseEndFrame())
        reply.done = True
        if reply.cut_at is not None:
            self._settle(reply)
        elif not self._bot_speaking:
            self._tasks.append(self.create_task(self._settle_if_silent(reply)))

    async def _converse(self) -> None:
        while True:
            utt = await self._turns.get()
            if self.call.ended:
                return
            self.stages.open(
                len(self.call.record.turns), speech_end=utt.end, vad_stop=utt.vad_stop, stt_final=utt.stt_final,
                turn_end=utt.turn_end,
            )
            await self._speak(self.call.trainee_turn(
                utt.text, start=round(utt.start, 2), end=round(utt.end or utt.start, 2), interrupted=utt.interrupted
            ))
            if self.call.ended:
                await self._hang_up()
                return

    async def _hang_up(self) -> None:
        """The persona put the phone down: once her last words are heard, the line plays the click."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._quiet.wait(), 60)
        await self.push_frame(PersonaHungUpFrame())

    async def _open(self) -> None:
        """Once the line is picked up: on an outbound call the persona speaks first."""
        await self.line.live.wait()
        if not self.line.inbound:
            self.stages.close()
            await self._speak(self.call.opening())
