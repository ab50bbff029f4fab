"""Voice benchmark (not a test): voice-to-voice latency of the real pipeline, our own overhead, CPU per call
and how many simultaneous calls one process carries. Prints JSON with ``--json``.

- overhead: instant STT / LLM / TTS (``fakes.py``), free mode: everything else is the real pipeline
  (Silero VAD, turn detection, engine and guard, TTS service, output pacing, recorder).
- embedded directed / free: faster-whisper base, the engine (bank lines, or the embedded Qwen2.5 1.5B
  writing freely), the offline voice (piper / espeak-ng). The trainee's lines are the scenario's good
  script, spoken by espeak-ng.
- concurrency: N simultaneous overhead calls; a level is carried when nothing is missed, p95 stays under
  ``CARRY_P95_MS`` and the process stays under ``CARRY_CPU`` of the cores it may use.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.acts import detect_acts
from core.languages import Lang
from core.llm import ChatBackend, ReplyMode
from simulator.backends import build_backend
from simulator.bench import pct
from simulator.bench.driver import CallResult, drive_call, trainee_speech
from simulator.bench.fakes import InstantChat, InstantSpeech
from simulator.bench.webrtc_load import webrtc_load
from simulator.catalog import REPO_SCRIPTS, load_catalog
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.settings import Settings
from simulator.store import open_store
from simulator.voice.config import TtsChoice, VoiceSettings
from simulator.voice.session import VoiceSession
from simulator.voice.speech import LocalSpeech, SpeechKit
from simulator.voice.transports.loopback import LoopbackTransport

CARRY_P95_MS = 150.0
CARRY_CPU = 0.9
STAGE_PAIRS = [("speech_end", "stt_final"), ("stt_final", "reply_first_sentence"),
               ("reply_first_sentence", "tts_first_audio"), ("tts_first_audio", "first_audio_out")]


def script(scenario_id: str, lang: Lang, turns: int) -> list[tuple[str, bytes]]:
    path = REPO_SCRIPTS / scenario_id / f"{lang.value}-good.txt"
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return [(text, trainee_speech(text, lang)) for text in lines[:turns]]


class Bench:
    def __init__(self, scenario_id: str, lang: Lang, turns: int) -> None:
        self.scenario_id = scenario_id
        self.lang = lang
        self.turns = turns
        self.lines = script(scenario_id, lang, turns)
        detect_acts("hello", lang)  # load the lexicons now, not inside the first measured turn
        self.voice = VoiceSettings(tts=TtsChoice.OFFLINE, answer_after_rings=0)
        self._tmp = tempfile.TemporaryDirectory(prefix="phonecoach-bench-")
        self.settings = Settings(data_dir=Path(self._tmp.name))
        self.store = open_store(self.settings)

    async def _call(
        self, speech: Callable[[LoopbackTransport], SpeechKit], mode: ReplyMode, backend: ChatBackend | None
    ) -> CallResult:
        transport = LoopbackTransport()
        origin = time.monotonic()

        def clock() -> float:
            return time.monotonic() - origin

        call = open_call(
            CallConfig(self.scenario_id, self.lang, mode=mode, channel="voice"), self.settings, backend=backend,
            store=self.store, clock=clock,
        )
        session = await VoiceSession.open(call, clock, speech(transport), self.voice, recording=None)
        return await drive_call(session, self.lines, transport=transport)

    async def _calls(self, n: int, speech: Callable[[LoopbackTransport], SpeechKit], mode: ReplyMode,
                     backend: ChatBackend | None, total: int) -> list[CallResult]:
        """Calls one after another until ``total`` answered turns are in (a call may end early)."""
        results: list[CallResult] = []
        while sum(len(r.latencies_ms) for r in results) < total and len(results) < n:
            results.append(await self._call(speech, mode, backend))
        return results

    @staticmethod
    def _instant(transport: LoopbackTransport) -> SpeechKit:
        return InstantSpeech(lambda: transport.mic.text)

    def _local(self, _transport: LoopbackTransport) -> SpeechKit:
        return LocalSpeech(self.settings, self.voice)

    async def overhead(self) -> dict[str, Any]:
        """``overhead_p50_ms`` counts from the end-of-turn decision; ``overhead_v2v_*`` from the end of speech."""
        results = await self._calls(4, self._instant, ReplyMode.FREE, InstantChat(), self.turns)
        summary = _summary("overhead_v2v", results)
        summary["overhead_p50_ms"] = summary.pop("overhead_v2v_from_turn_end_p50_ms")
        summary["overhead_p95_ms"] = summary.pop("overhead_v2v_from_turn_end_p95_ms")
        return summary

    async def embedded(self, mode: ReplyMode) -> dict[str, Any]:
        backend = None
        if mode is ReplyMode.FREE:
            backend = build_backend(Settings())
        results = await self._calls(3, self._local, mode, backend, self.turns)
        return _summary("embedded" if mode is ReplyMode.DIRECTED else "embedded_free", results)

    async def concurrency(self, levels: list[int]) -> dict[str, Any]:
        """Loopback fake calls side by side: our added delay (end-of-turn decision → first audio) and CPU."""
        cores = len(os.sched_getaffinity(0))
        rows = []
        for n in levels:
            cpu0, wall0 = time.process_time(), time.monotonic()
            results = await asyncio.gather(*[self._call(self._instant, ReplyMode.FREE, InstantChat())
                                             for _ in range(n)])
            cpu = (time.process_time() - cpu0) / (time.monotonic() - wall0) / cores
            added = _from_turn_end(list(results))
            missed = sum(r.missed for r in results)
            p95 = pct(added, 0.95)
            rows.append({"calls": n, "p50_ms": pct(added, 0.5), "p95_ms": p95, "missed": missed,
                         "v2v_p95_ms": pct([v for r in results for v in r.latencies_ms], 0.95),
                         "cpu_of_cores_pct": round(cpu * 100, 1),
                         "carried": missed == 0 and p95 is not None and p95 <= CARRY_P95_MS and cpu <= CARRY_CPU})
        carried = max((r["calls"] for r in rows if r["carried"]), default=0)
        return {"concurrency": rows, "concurrent_fake_calls_carried": carried, "cores": cores}


def _from_turn_end(results: list[CallResult]) -> list[float]:
    return [round((t["first_audio_out"] - t["turn_end"]) * 1000, 1) for r in results for t in r.stage_times
            if t.get("turn_end") and t.get("first_audio_out")]


def _summary(prefix: str, results: list[CallResult]) -> dict[str, Any]:
    """Latency from the end of speech (``{prefix}_p50_ms``) and from the end-of-turn decision, which
    excludes the turn-taking waits (VAD silence window, turn wait): for fakes, that is our own cost."""
    latencies = [v for r in results for v in r.latencies_ms]
    decided = _from_turn_end(results)
    cpu = sum(r.cpu_seconds for r in results) / max(1e-9, sum(r.wall_seconds for r in results))
    stages: dict[str, float | None] = {}
    for a, b in STAGE_PAIRS:
        deltas = [(t[b] - t[a]) * 1000 for r in results for t in r.stage_times if t.get(a) and t.get(b)]
        stages[f"{a}->{b}"] = round(statistics.median(deltas), 1) if deltas else None
    return {
        f"{prefix}_p50_ms": pct(latencies, 0.5), f"{prefix}_p95_ms": pct(latencies, 0.95),
        f"{prefix}_from_turn_end_p50_ms": pct(decided, 0.5), f"{prefix}_from_turn_end_p95_ms": pct(decided, 0.95),
        f"{prefix}_samples": len(latencies), f"{prefix}_missed": sum(r.missed for r in results),
        f"{prefix}_cpu_per_call_pct_of_core": round(cpu * 100, 1), f"{prefix}_stages_median_ms": stages,
        f"{prefix}_latencies_ms": latencies,
    }


async def run(scenario_id: str, lang: Lang, turns: int, parts: set[str], levels: list[int]) -> dict[str, Any]:
    load_catalog().scenario(scenario_id)
    bench = Bench(scenario_id, lang, turns)
    out: dict[str, Any] = {"scenario": scenario_id, "lang": lang.value, "turns": turns,
                           "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    if "overhead" in parts:
        out.update(await bench.overhead())
    if "directed" in parts:
        out.update(await bench.embedded(ReplyMode.DIRECTED))
    if "free" in parts:
        out.update(await bench.embedded(ReplyMode.FREE))
    if "concurrency" in parts:
        out.update(await bench.concurrency(levels))
    if "webrtc" in parts:
        out.update(await webrtc_load(levels))
    out["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return out
