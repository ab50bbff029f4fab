"""Simultaneous calls over real WebRTC: the server side of the app (FastAPI + SmallWebRTC + aiortc, Opus,
the call pipeline with instant models) in this process, the browsers (``webrtc_client``) in another,
so the CPU measured here is the server's alone. Gradio's status polling is not included.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
import soxr
import uvicorn
from fastapi import FastAPI
from pipecat.transports.smallwebrtc.request_handler import SmallWebRTCRequestHandler

from core.languages import Lang
from core.llm import ReplyMode
from simulator.bench import pct
from simulator.bench.driver import trainee_speech, wait_until
from simulator.bench.fakes import InstantChat, InstantSpeech
from simulator.live_calls import CallRegistry, CallRequest
from simulator.settings import Settings
from simulator.voice.config import TtsChoice, VoiceSettings
from simulator.voice.session import VoiceSession
from simulator.voice.transports.webrtc import webrtc_router

LINE = "Hi Karen, this is Alex from StaffBridge Recruitment."
CARRY_P95_MS = 150.0
CARRY_CPU = 0.9
WARM_SECS = 4.0
MEASURE_SECS = 12.0


def _speech_wav(path: Path) -> Path:
    """The line, then three seconds of silence: the client says it about every six seconds."""
    pcm = np.frombuffer(trainee_speech(LINE, Lang.EN), dtype=np.int16)
    pcm = soxr.resample(pcm, 16000, 48000).astype(np.int16)
    sf.write(path, np.concatenate([pcm, np.zeros(48000 * 3, dtype=np.int16)]), 48000, subtype="PCM_16")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _added_delay(session: VoiceSession, start: float, end: float) -> list[float]:
    stages = session.call.record.stage_times
    return [round((t["first_audio_out"] - t["turn_end"]) * 1000, 1) for t in stages
            if t.get("turn_end") and t.get("first_audio_out") and start <= t["turn_end"] <= end]


async def _level(registry: CallRegistry, url: str, wav: Path, n: int) -> dict[str, Any]:
    sessions = [await registry.start_voice(CallRequest(scenario_id="hr_meeting_booking", lang=Lang.EN))
                for _ in range(n)]
    client = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "simulator.bench.webrtc_client", url, str(WARM_SECS + MEASURE_SECS + 1), str(wav),
        *[s.id for s in sessions],
    )
    await wait_until(lambda: all(s.line.connected.is_set() for s in sessions), 30)
    await asyncio.sleep(WARM_SECS)
    marks = [s.clock() for s in sessions]
    cpu0, wall0 = time.process_time(), time.monotonic()
    await asyncio.sleep(MEASURE_SECS)
    cpu = (time.process_time() - cpu0) / (time.monotonic() - wall0)
    added = [v for s, m in zip(sessions, marks, strict=True) for v in _added_delay(s, m, m + MEASURE_SECS)]
    await client.wait()
    for session in sessions:
        await session.hangup()
    connected = sum(s.line.connected.is_set() for s in sessions)
    p95 = pct(added, 0.95)
    share = cpu / len(os.sched_getaffinity(0))
    return {
        "calls": n, "connected": connected, "turns": len(added), "p95_ms": p95,
        "cpu_per_call_pct_of_core": round(cpu / n * 100, 1), "cpu_of_cores_pct": round(share * 100, 1),
        "carried": connected == n and p95 is not None and p95 <= CARRY_P95_MS and share <= CARRY_CPU,
    }


async def webrtc_load(levels: list[int]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="phonecoach-webrtc-") as tmp:
        settings = Settings(data_dir=Path(tmp), mode=ReplyMode.FREE)
        voice = VoiceSettings(tts=TtsChoice.OFFLINE, answer_after_rings=0)
        registry = CallRegistry(settings, voice, InstantSpeech(lambda: LINE), backend=InstantChat())
        handler = SmallWebRTCRequestHandler()
        app = FastAPI()
        app.include_router(webrtc_router(lambda sid, _request: registry.voice.get(sid), handler))
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        serving = asyncio.create_task(server.serve())
        await wait_until(lambda: server.started, 30)
        wav = _speech_wav(Path(tmp) / "line.wav")
        try:
            rows = [await _level(registry, f"http://127.0.0.1:{port}/", wav, n) for n in levels]
        finally:
            server.should_exit = True
            await serving
            await handler.close()
    return {"webrtc": rows, "webrtc_calls_carried": max((r["calls"] for r in rows if r["carried"]), default=0)}
