"""The pipecat pipeline of one voice call, around the engine:

    transport in → Silero VAD → STT → user-turn detection (barge-in) → EngineProcessor → PhoneLineProcessor
    (rings, click) → TTS → transport out
    → recorder (stereo WAV)

The turn ends ``turn_wait_secs`` after the VAD's stop (run alongside STT), as soon as every stretch of
speech is transcribed (``turns.TranscribedTurnStop``): a fixed, short wait rather than the smart-turn
model, whose extra inference and held turns would land on p95.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipecat.audio.vad.silero import SileroVADAnalyzer
from pipecat.audio.vad.vad_analyzer import VADParams
from pipecat.pipeline.pipeline import Pipeline
from pipecat.pipeline.worker import PipelineParams, PipelineWorker
from pipecat.processors.audio.vad_processor import VADProcessor
from pipecat.services.stt_service import STTService
from pipecat.transports.base_transport import BaseTransport
from pipecat.turns.user_start import VADUserTurnStartStrategy
from pipecat.turns.user_turn_processor import UserTurnProcessor
from pipecat.turns.user_turn_strategies import UserTurnStrategies

from simulator.engine.call import Call
from simulator.voice.config import VoiceSettings
from simulator.voice.line import PhoneLine
from simulator.voice.processors.engine import EngineProcessor
from simulator.voice.processors.phone_line import PhoneLineProcessor
from simulator.voice.processors.turn_end import TranscribedTurnStop
from simulator.voice.recorder import CallRecorder
from simulator.voice.services.synth import Synthesizer
from simulator.voice.services.voice_chain import PersonaTTSService
from simulator.voice.stages import StageLog

IN_RATE = 16000
OUT_RATE = 24000


class CallPipeline:
    """Builds the processors of one call; ``worker`` runs them."""

    def __init__(
        self,
        call: Call,
        line: PhoneLine,
        clock: Callable[[], float],
        transport: BaseTransport,
        stt: STTService,
        synths: list[Synthesizer],
        voice: VoiceSettings,
        recording: Path | None,
    ) -> None:
        self.stages = StageLog(clock)
        self.engine = EngineProcessor(call, line, self.stages, clock)
        self.phone_line = PhoneLineProcessor(
            call, line, clock,
            answer_after_rings=voice.answer_after_rings, max_rings=voice.inbound_max_rings, sample_rate=OUT_RATE,
        )
        self.tts = PersonaTTSService(
            synths, lang=call.lang, sample_rate=OUT_RATE, on_fallback=self._on_fallback,
            on_first_audio=lambda: self.stages.mark("tts_first_audio"),
        )
        self.recorder = CallRecorder(recording) if recording is not None else None
        self._call = call
        self._line = line
        vad = VADProcessor(vad_analyzer=SileroVADAnalyzer(params=VADParams(stop_secs=voice.vad_stop_secs)))
        turns = UserTurnProcessor(user_turn_strategies=UserTurnStrategies(
            start=[VADUserTurnStartStrategy()],
            stop=[TranscribedTurnStop(wait=voice.turn_wait_secs)],
        ))
        processors = [transport.input(), vad, stt, turns, self.engine, self.phone_line, self.tts, transport.output()]
        if self.recorder is not None:
            processors.append(self.recorder.processor)
        self.worker = PipelineWorker(
            Pipeline(processors),
            params=PipelineParams(audio_in_sample_rate=IN_RATE, audio_out_sample_rate=OUT_RATE),
            enable_rtvi=False,
            enable_turn_tracking=False,
            idle_timeout_secs=300,
        )

    async def _on_fallback(self, failed: str, now_using: str, why: str) -> None:
        self._call.add_event("error", detail=f"voice {failed} unavailable ({why[:160]}); using {now_using}")
        self._line.notice = "The online voice is unreachable, so the persona uses the offline voice."
