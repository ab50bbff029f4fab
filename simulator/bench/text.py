"""Benchmark of text turns (`python -m simulator bench`): per-turn latency of the persona in directed
mode (bank lines), directed + rephrase and free mode on a backend, and how often the guard fell back.

Runs each scenario's good trainee script; figures are per persona turn (trainee line → full reply,
and → first sentence). Not a test: it prints figures for the notes.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from core.languages import Lang
from core.llm import ChatBackend, ReplyMode
from simulator.backends import build_backend
from simulator.bench import pct
from simulator.catalog import REPO_SCRIPTS, load_catalog
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.scripted import play_script
from simulator.settings import Settings


async def _run(scenario_id: str, lang: Lang, mode: ReplyMode, rephrase: bool, settings: Settings,
               backend: ChatBackend | None) -> dict[str, Any]:
    lines = (REPO_SCRIPTS / scenario_id / f"{lang}-good.txt").read_text(encoding="utf-8").splitlines()
    config = CallConfig(scenario_id, lang, mode=mode, rephrase=rephrase, seed=1)
    call = open_call(config, settings, backend=backend)
    began = time.perf_counter()
    await call.prepare()
    prewarm_s = time.perf_counter() - began
    await play_script(call, [ln for ln in lines if ln.strip()])
    trace = call.record.state_trace
    return {
        "reply_ms": [s.reply_ms or 0.0 for s in trace],
        "first_ms": [s.first_chunk_ms or 0.0 for s in trace],
        "fallbacks": sum(bool(s.guard) for s in trace),
        "turns": len(trace),
        "checks": [c.split(":")[0] for s in trace for c in s.guard],
        "prewarm_s": prewarm_s,
        "reached": call.record.outcome.objective_reached,
    }


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    reply = [v for r in runs for v in r["reply_ms"]]
    first = [v for r in runs for v in r["first_ms"]]
    turns = sum(r["turns"] for r in runs)
    checks: dict[str, int] = {}
    for r in runs:
        for c in r["checks"]:
            checks[c] = checks.get(c, 0) + 1
    return {
        "turns": turns,
        "reply_p50_ms": pct(reply, 0.5, 2), "reply_p95_ms": pct(reply, 0.95, 2),
        "first_sentence_p50_ms": pct(first, 0.5, 2), "first_sentence_p95_ms": pct(first, 0.95, 2),
        "guard_fallback_rate": round(sum(r["fallbacks"] for r in runs) / turns, 3) if turns else 0.0,
        "guard_failures": checks,
        "prewarm_s_mean": round(statistics.fmean(r["prewarm_s"] for r in runs), 2),
        "objective_reached": sum(r["reached"] for r in runs),
        "calls": len(runs),
    }


async def run_bench(settings: Settings, backend: ChatBackend, scenarios: list[str] | None,
                    langs: list[Lang], with_llm: bool) -> dict[str, Any]:
    cat = load_catalog()
    ids = scenarios or sorted(cat.scenarios)
    modes: list[tuple[str, ReplyMode, bool]] = [("directed", ReplyMode.DIRECTED, False)]
    if with_llm:
        modes += [("directed_rephrase", ReplyMode.DIRECTED, True), ("free", ReplyMode.FREE, False)]
    out: dict[str, Any] = {"backend": backend.name}
    for name, mode, rephrase in modes:
        per_lang = {}
        for lang in langs:
            runs = [await _run(sid, lang, mode, rephrase, settings, backend if mode is ReplyMode.FREE or rephrase
                               else None) for sid in ids]
            per_lang[str(lang)] = _summary(runs)
        out[name] = per_lang
    return out


def bench(settings: Settings, scenarios: list[str] | None, langs: list[Lang], with_llm: bool) -> dict[str, Any]:
    return asyncio.run(run_bench(settings, build_backend(settings), scenarios, langs, with_llm))
