"""The call recording: one stereo WAV per call (trainee left, persona right) beside the call record.

It is written second by second while the call runs, so a call cut off by a closed tab still leaves
everything up to that moment on disk (the header is rewritten at each flush).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import soundfile as sf
from pipecat.processors.audio.audio_buffer_processor import AudioBufferProcessor

RECORDING_RATE = 16000


class CallRecorder:
    def __init__(self, path: Path, *, sample_rate: int = RECORDING_RATE) -> None:
        self.path = path
        self._rate = sample_rate
        self._file: Any = None
        self.processor = AudioBufferProcessor(
            sample_rate=sample_rate, num_channels=2, buffer_size=sample_rate * 2, auto_start_recording=True
        )
        self.processor.add_event_handler("on_audio_data", self._on_audio)
        self.processor.add_event_handler("on_recording_stopped", self._on_stopped)

    async def _on_audio(self, _processor: Any, audio: bytes, sample_rate: int, channels: int) -> None:
        if not audio:
            return
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = sf.SoundFile(self.path, "w", samplerate=sample_rate, channels=channels, subtype="PCM_16")
        self._file.buffer_write(audio, dtype="int16")
        self._file.flush()

    async def _on_stopped(self, _processor: Any) -> None:
        self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
