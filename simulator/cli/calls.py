"""CLI commands that hold calls: chat (interactive), play (scripted), selfplay (LLM trainee), models."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict
from pathlib import Path

from core.corpus import Split
from core.errors import AppError
from core.languages import parse_lang
from core.llm import ReplyMode
from core.weights import ASSETS
from personas.models import Difficulty
from simulator.bench import acts as acts_bench
from simulator.bench import dashboards
from simulator.bench.text import bench
from simulator.calibrate import calibrate
from simulator.catalog import load_catalog
from simulator.engine.call import Call, CallConfig
from simulator.factory import open_call
from simulator.scripted import play_script, speak
from simulator.selfplay import run_selfplay
from simulator.settings import Settings
from simulator.store import open_store
from storage.repository import CallRepository


def _config(args: argparse.Namespace, lang: str) -> CallConfig:
    return CallConfig(
        scenario_id=args.scenario,
        lang=parse_lang(lang),
        difficulty=Difficulty(args.difficulty) if args.difficulty else None,
        mode=ReplyMode(args.mode) if args.mode else None,
        seed=args.seed,
    )


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings()
    if getattr(args, "model", None):
        settings.model = args.model
    return settings


def _store(args: argparse.Namespace, settings: Settings) -> CallRepository:
    if getattr(args, "out", None):
        settings.data_dir = Path(args.out)
    return open_store(settings)


def _cmd_play(args: argparse.Namespace) -> int:
    settings = _settings(args)
    path = Path(args.trainee_script)
    try:
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    except OSError as exc:
        raise AppError(f"cannot read trainee script {path}: {exc}", "pass a text file, one line per turn") from None
    call = open_call(_config(args, args.lang), settings, store=_store(args, settings))
    asyncio.run(play_script(call, lines))
    if args.json:
        print(call.record.to_json())
    else:
        for turn in call.record.turns:
            print(f"{turn.speaker.value:>8}: {turn.text}")
        print(f"outcome: {call.record.outcome.model_dump()}")
    return 0


async def _chat(call: Call) -> None:
    persona = call.persona.name[call.lang]
    print(f"— {call.scenario.title[call.lang]} ({call.lang}, {call.record.difficulty}, {call.mode} mode) —")
    print(call.scenario.brief.goal[call.lang])
    print("Type your lines; /hangup or Ctrl-D ends the call.\n")
    await call.prepare()
    if call.persona_speaks_first:
        print(f"{persona}: ", end="")
        await speak(call.opening(), sys.stdout)
    while not call.ended:
        try:
            line = (await asyncio.to_thread(input, "you: ")).strip()
        except EOFError:
            line = "/hangup"
        if not line:
            continue
        if line == "/hangup":
            call.hangup()
            break
        print(f"{persona}: ", end="")
        await speak(call.trainee_turn(line), sys.stdout)
    out = call.record.outcome
    print(f"\nCall ended ({out.reason}). Objective reached: {'yes' if out.objective_reached else 'no'}.")
    await call.aclose()


def _cmd_chat(args: argparse.Namespace) -> int:
    settings = _settings(args)
    store = _store(args, settings)
    call = open_call(_config(args, args.lang), settings, store=store)
    try:
        asyncio.run(_chat(call))
    finally:
        print(f"Call {call.record.id} stored: python -m simulator calls show {call.record.id}")
    return 0


def _cmd_selfplay(args: argparse.Namespace) -> int:
    settings = _settings(args)
    summary = asyncio.run(run_selfplay(args, settings, _config, store=_store(args, settings)))
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for key, value in summary.items():
            print(f"{key}: {value}")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    if args.what == "dashboards":
        print(json.dumps(dashboards.run(args.trainees, args.calls_each, args.url), ensure_ascii=False, indent=2))
        return 0
    if args.what == "acts":
        figures = acts_bench.run(Split(args.split))
        print(json.dumps(figures, ensure_ascii=False, indent=2) if args.json else acts_bench.render(figures))
        return 0
    langs = [parse_lang(x) for x in args.langs.split(",")]
    result = bench(_settings(args), args.scenario or None, langs, with_llm=not args.bank_only)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _cmd_calibrate(args: argparse.Namespace) -> int:
    cat = load_catalog()
    rows = []
    for scenario in cat.scenarios.values():
        if args.scenario and scenario.id not in args.scenario:
            continue
        persona = cat.persona(scenario.persona)
        for difficulty in Difficulty:
            for policy in ("good", "poor"):
                result = calibrate(persona, difficulty, policy, outbound=scenario.direction == "outbound",
                                   calls=args.calls)
                rows.append({"scenario": scenario.id, **asdict(result), "success_rate": round(result.success_rate, 2)})
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print(f"{r['scenario']:34} {r['difficulty']:6} {r['policy']:4} success {r['success_rate']:.2f} "
                  f"hang-up {r['hangup'] / r['calls']:.2f} turns {r['mean_turns']}")
    return 0


def _cmd_models(args: argparse.Namespace) -> int:
    settings = Settings()
    for asset in ASSETS.values():
        print(f"{asset.name}: {asset.ensure(settings.model_dir)}")
    return 0


def _add_call_args(p: argparse.ArgumentParser, *, lang_required: bool) -> None:
    p.add_argument("--scenario", required=True)
    p.add_argument("--lang", required=lang_required, default="en", help="zh-CN, zh-TW, id or en")
    p.add_argument("--difficulty", choices=[d.value for d in Difficulty])
    p.add_argument("--mode", choices=[m.value for m in ReplyMode], help="default: the backend's own")
    p.add_argument("--model", help="model name on the OpenAI-compatible server")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--out", help="data folder for the call database and recordings (default: PHONECOACH_DATA_DIR "
                                 "or ./data; DATABASE_URL, when set, names the database)")


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("chat", help="interactive text call in the terminal")
    _add_call_args(p, lang_required=False)
    p.set_defaults(func=_cmd_chat)

    p = sub.add_parser("play", help="play a call from a trainee script; print the call record")
    _add_call_args(p, lang_required=True)
    p.add_argument("--trainee-script", required=True, help="text file, one trainee line per line")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_play)

    p = sub.add_parser("selfplay", help="an LLM plays a good or poor trainee; report outcomes")
    _add_call_args(p, lang_required=False)
    p.add_argument("--trainee", choices=["good", "poor"], required=True)
    p.add_argument("--calls", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_selfplay)

    p = sub.add_parser("bench", help="benchmark text turns (latency per mode, guard fallbacks) or acts "
                                     "(recognition on the labelled corpus)")
    p.add_argument("what", nargs="?", choices=["text", "acts", "dashboards"], default="text")
    p.add_argument("--split", choices=[s.value for s in Split], default="test", help="acts: corpus split")
    p.add_argument("--json", action="store_true", help="acts: figures as JSON (text always prints JSON)")
    p.add_argument("--scenario", action="append", help="scenario id (repeatable; default: all)")
    p.add_argument("--langs", default="en,id,zh-CN,zh-TW")
    p.add_argument("--bank-only", action="store_true", help="directed mode without an LLM only")
    p.add_argument("--model", help="model name on the OpenAI-compatible server")
    p.add_argument("--trainees", type=int, default=50, help="dashboards: trainees seeded")
    p.add_argument("--calls-each", type=int, default=200, help="dashboards: scored calls per trainee")
    p.add_argument("--url", help="dashboards: a PostgreSQL URL instead of a throw-away server")
    p.set_defaults(func=_cmd_bench)

    p = sub.add_parser("calibrate", help="act-level Monte Carlo: success and hang-up rates per difficulty")
    p.add_argument("--scenario", action="append")
    p.add_argument("--calls", type=int, default=200)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_calibrate)

    p = sub.add_parser("models", help="prepare the embedded model files (join and hash-check)")
    p.add_argument("action", choices=["prepare"])
    p.set_defaults(func=_cmd_models)
