"""One voice call from the server's side: the engine's call, its phone line and its pipeline run.

A session never raises out of ``run``: whatever ends the call (either side hanging up, a dropped
connection, a service that cannot start) is written to the call record and shown on the line.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from pipecat.services.stt_service import STTService
from pipecat.transports.base_transport import BaseTransport
from pipecat.workers.runner import WorkerRunner
from pydantic import BaseModel

from simulator.engine.call import Call
from simulator.voice.config import VoiceSettings
from simulator.voice.line import Phase, PhoneLine
from simulator.voice.pipeline import CallPipeline
from simulator.voice.services.synth import Synthesizer
from simulator.voice.speech import SpeechKit

CONNECT_TIMEOUT_SECS = 20.0

CLIENT_ERRORS = {
    "mic_denied": "Microphone access is blocked. Allow the microphone for this page (the icon in the address bar) "
                  "and call again, or practise in text chat.",
    "mic_missing": "No microphone was found. Connect one and call again, or practise in text chat.",
    "webrtc_failed": "The call audio could not connect: WebRTC is blocked by the browser or a firewall. "
                     "Try another browser or network, or practise in text chat.",
    "offer_failed": "The server could not set up the call audio. Try again, or practise in text chat.",
}


class CallView(BaseModel):
    """What the trainee's screen shows about a voice call."""

    session_id: str
    record_id: str
    phase: Phase
    inbound: bool
    seconds: float
    persona_speaking: bool
    rings: int
    notice: str
    error: str


class VoiceSession:
    """Create with :meth:`open`: the speech services are built up front, so a missing model shows at once."""

    def __init__(
        self,
        call: Call,
        clock: Callable[[], float],
        stt: STTService,
        synths: list[Synthesizer],
        voice: VoiceSettings,
        recording: Path | None,
    ) -> None:
        self.id = secrets.token_urlsafe(12)
        self.call = call
        self.clock = clock
        self.line = PhoneLine(inbound=not call.persona_speaks_first)
        self.pipeline: CallPipeline | None = None
        self.recording = recording
        self.created = time.monotonic()
        self._stt = stt
        self._synths = synths
        self._voice = voice
        self._connected_at: float | None = None
        self._ended_at: float | None = None

    @classmethod
    async def open(
        cls, call: Call, clock: Callable[[], float], speech: SpeechKit, voice: VoiceSettings, recording: Path | None
    ) -> VoiceSession:
        stt = speech.stt(call.lang)
        synths = await speech.voices(call.persona, call.lang)
        return cls(call, clock, stt, synths, voice, recording)

    @property
    def started(self) -> bool:
        return self.pipeline is not None or self.line.phase is Phase.ENDED

    def view(self) -> CallView:
        since = self._connected_at
        seconds = 0.0 if since is None else (self._ended_at or self.clock()) - since
        return CallView(
            session_id=self.id, record_id=self.call.record.id, phase=self.line.phase, inbound=self.line.inbound,
            seconds=round(seconds, 1),
            persona_speaking=self.line.persona_speaking, rings=self.line.rings, notice=self.line.notice,
            error=self.line.error,
        )

    async def run(self, transport: BaseTransport) -> None:
        """Run the call over ``transport`` until it ends."""
        if self.started:
            return
        self.pipeline = CallPipeline(
            self.call, self.line, self.clock, transport, self._stt, self._synths, self._voice, self.recording
        )
        runner = WorkerRunner(handle_sigint=False)
        await runner.add_workers(self.pipeline.worker)
        watchdog = asyncio.ensure_future(self._watch_connection())
        try:
            await runner.run()
        finally:
            watchdog.cancel()
            self._finish("the call ended")

    async def _watch_connection(self) -> None:
        try:
            await asyncio.wait_for(self.line.connected.wait(), CONNECT_TIMEOUT_SECS)
        except TimeoutError:
            await self.fail("webrtc_failed", "no audio connection")

    def on_connected(self) -> None:
        self._connected_at = self.clock()
        self.line.connected.set()

    async def on_disconnected(self) -> None:
        """The browser went away (tab closed, network gone): keep what was said, end the call."""
        await self._stop("connection lost", by="system", error="The connection to the call was lost.")

    async def hangup(self) -> None:
        if self.line.inbound and self.line.phase is Phase.RINGING:
            await self._stop("trainee declined the call", by="trainee")
        else:
            await self._stop("trainee hung up", by="trainee")

    async def fail(self, kind: str, detail: str = "") -> None:
        """The browser could not get the call going (microphone, WebRTC)."""
        message = CLIENT_ERRORS.get(kind, f"The call failed: {kind}")
        if self.line.connected.is_set():
            self.call.add_event("error", detail=f"{kind}: {detail}"[:300])
            await self._stop(f"call failed: {kind}", by="system", error=message)
        else:  # nothing happened on the line yet: no call record is written
            self._end_line(message)
            await self._cancel()

    async def _stop(self, reason: str, *, by: str, error: str = "") -> None:
        if self.pipeline is not None:
            self.pipeline.engine.close_out()
        if not self.call.ended and self.line.connected.is_set():
            self.call.hangup(by=by, reason=reason)
        self._end_line(error)
        await self._cancel()

    async def _cancel(self) -> None:
        if self.pipeline is not None and not self.pipeline.worker.has_finished():
            with contextlib.suppress(Exception):
                await self.pipeline.worker.cancel(reason="call ended")

    def _finish(self, reason: str) -> None:
        if self.pipeline is not None:
            self.pipeline.engine.close_out()
            if self.pipeline.recorder is not None:
                self.pipeline.recorder.close()
        if not self.call.ended and self.line.connected.is_set():
            self.call.hangup(by="system", reason=reason)
        self._end_line()

    def _end_line(self, error: str = "") -> None:
        if self._ended_at is None:
            self._ended_at = self.clock()
        self.line.end(error)
