"""``python -m simulator.bench voice|listening|storage``: see ``simulator/bench/voice.py``, ``listening.py`` and
``storage.py``."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from loguru import logger

from core.errors import AppError
from core.languages import parse_lang
from simulator.bench import listening, storage
from simulator.bench.voice import run

PARTS = ("overhead", "directed", "free", "concurrency", "webrtc")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator.bench")
    sub = parser.add_subparsers(dest="bench", required=True)
    voice = sub.add_parser("voice", help="voice-to-voice latency, overhead, CPU per call, concurrent calls")
    voice.add_argument("--turns", type=int, default=6, help="answered trainee turns per measurement")
    voice.add_argument("--scenario", default="hr_meeting_booking")
    voice.add_argument("--lang", default="en", help="zh-CN, zh-TW, id or en")
    voice.add_argument("--only", default=",".join(PARTS), help=f"comma-separated subset of {', '.join(PARTS)}")
    voice.add_argument("--calls", default="1,2,4,8,12,16", help="concurrency levels (fake models)")
    voice.add_argument("--json", action="store_true")
    heard = sub.add_parser("listening", help="re-asks after the trainee gave the information, goals reached")
    heard.add_argument("--json", action="store_true")
    stored = sub.add_parser("storage", help="turn write p50/p95 on SQLite and PostgreSQL, JSON import, queries")
    stored.add_argument("--calls", type=int, default=40)
    stored.add_argument("--imports", type=int, default=200, help="JSON records to import")
    stored.add_argument("--url", help="a PostgreSQL URL to measure instead of a throw-away server")
    stored.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    logger.remove()
    logger.add(sys.stderr, level="ERROR")
    if args.bench == "storage":
        figures = storage.run(args.calls, args.url, args.imports)
        print(json.dumps(figures, ensure_ascii=False, indent=2) if args.json else storage.render(figures))
        return 0
    if args.bench == "listening":
        figures = listening.run()
        print(json.dumps(figures, ensure_ascii=False, indent=2) if args.json else listening.render(figures))
        return 0
    parts = {p.strip() for p in args.only.split(",") if p.strip() in PARTS}
    levels = [int(x) for x in args.calls.split(",") if x.strip()]
    try:
        result = asyncio.run(run(args.scenario, parse_lang(args.lang), args.turns, parts, levels))
    except AppError as exc:
        print(exc.describe(), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for key, value in result.items():
            if not key.endswith("_latencies_ms"):
                print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
