"""A transport without a network, for the benchmark and the pipeline tests: the trainee's "microphone"
plays queued speech (silence otherwise) in real-time 20 ms frames, and the "speaker" takes the
persona's audio at playback pace, noting when each chunk went out.

It stands in for the browser's side of WebRTC (Opus, jitter buffer and RTP are not exercised here);
everything from the input transport to the output transport is the real pipeline.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from pipecat.frames.frames import (
    CancelFrame,
    EndFrame,
    InputAudioRawFrame,
    OutputAudioRawFrame,
    StartFrame,
    TTSAudioRawFrame,
)
from pipecat.transports.base_input import BaseInputTransport
from pipecat.transports.base_output import BaseOutputTransport
from pipecat.transports.base_transport import BaseTransport, TransportParams

FRAME_SECS = 0.02


class LoopbackMic:
    """The trainee side: ``say`` queues 16-bit mono PCM; ``speech_ends`` records when each utterance ended.

    ``text`` is what the utterance being played says (what a perfect recogniser would hear).
    """

    def __init__(self, sample_rate: int = 16000) -> None:
        self.sample_rate = sample_rate
        self._frame_bytes = int(sample_rate * FRAME_SECS) * 2
        self._queue: deque[tuple[bytes, str]] = deque()
        self._playing = bytearray()
        self.text = ""
        self.speech_ends: list[float] = []
        self.done = asyncio.Event()  # set when everything queued has been played

    def say(self, pcm: bytes, text: str = "") -> None:
        self._queue.append((pcm, text))
        self.done.clear()

    def next_frame(self) -> bytes:
        if not self._playing and self._queue:
            pcm, self.text = self._queue.popleft()
            self._playing = bytearray(pcm)
        if not self._playing:
            self.done.set()
            return bytes(self._frame_bytes)
        chunk = bytes(self._playing[: self._frame_bytes]).ljust(self._frame_bytes, b"\0")
        del self._playing[: self._frame_bytes]
        if not self._playing:
            self.speech_ends.append(time.monotonic())
        return chunk


class LoopbackSpeaker:
    """The persona side: monotonic times at which audio chunks were handed over, and whether they were TTS."""

    def __init__(self) -> None:
        self.chunks: list[tuple[float, bool]] = []

    def first_speech_after(self, t: float) -> float | None:
        return next((at for at, tts in self.chunks if tts and at >= t), None)


class _Input(BaseInputTransport):
    def __init__(self, mic: LoopbackMic, params: TransportParams) -> None:
        super().__init__(params)
        self._mic = mic
        self._feeder: asyncio.Task | None = None

    async def start(self, frame: StartFrame) -> None:
        await super().start(frame)
        await self.set_transport_ready(frame)
        self._feeder = self.create_task(self._feed())

    async def _feed(self) -> None:
        begin = time.monotonic()
        sent = 0
        while True:
            audio = self._mic.next_frame()
            await self.push_audio_frame(InputAudioRawFrame(audio, self._mic.sample_rate, 1))
            sent += 1
            await asyncio.sleep(max(0.0, begin + sent * FRAME_SECS - time.monotonic()))

    async def _stop_feeding(self) -> None:
        if self._feeder is not None:
            await self.cancel_task(self._feeder)
            self._feeder = None

    async def stop(self, frame: EndFrame) -> None:
        await self._stop_feeding()
        await super().stop(frame)

    async def cancel(self, frame: CancelFrame) -> None:
        await self._stop_feeding()
        await super().cancel(frame)


class _Output(BaseOutputTransport):
    def __init__(self, speaker: LoopbackSpeaker, params: TransportParams) -> None:
        super().__init__(params)
        self._speaker = speaker
        self._due = 0.0

    async def start(self, frame: StartFrame) -> None:
        await super().start(frame)
        await self.set_transport_ready(frame)

    async def write_audio_frame(self, frame: OutputAudioRawFrame) -> bool:
        now = time.monotonic()
        self._speaker.chunks.append((now, isinstance(frame, TTSAudioRawFrame)))
        self._due = max(self._due, now) + len(frame.audio) / 2 / frame.sample_rate
        await asyncio.sleep(max(0.0, self._due - time.monotonic()))
        return True


class LoopbackTransport(BaseTransport):
    def __init__(self, mic: LoopbackMic | None = None, speaker: LoopbackSpeaker | None = None) -> None:
        super().__init__()
        self.mic = mic or LoopbackMic()
        self.speaker = speaker or LoopbackSpeaker()
        params = TransportParams(audio_in_enabled=True, audio_out_enabled=True, audio_out_end_silence_secs=0)
        self._input = _Input(self.mic, params)
        self._output = _Output(self.speaker, params)

    def input(self) -> _Input:
        return self._input

    def output(self) -> _Output:
        return self._output
