"""Command line: ``python -m simulator {list,validate,chat,play,selfplay,models,bench,acts,train-acts,db,calls}``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.errors import AppError
from simulator.catalog import default_paths, load_catalog, load_files
from simulator.cli import acts, calls, db


def _cmd_list(args: argparse.Namespace) -> int:
    cat = load_catalog()
    personas = [
        {"id": p.id, "name": p.name.get("en", ""), "role": p.role.get("en", ""), "languages": list(p.lines),
         "difficulties": list(p.difficulty), "version": p.version}
        for p in cat.personas.values()
    ]
    scenarios = [
        {"id": s.id, "persona": s.persona, "direction": s.direction.value, "difficulty": s.difficulty.value,
         "languages": [str(lang) for lang in cat.languages(s)], "title": s.title.get("en", ""),
         "target_seconds": s.target_seconds, "rubric": s.rubric, "version": s.version}
        for s in cat.scenarios.values()
    ]
    if args.json:
        print(json.dumps({"personas": personas, "scenarios": scenarios}, ensure_ascii=False, indent=2))
        return 0
    print("Personas:")
    for p in personas:
        print(f"  {p['id']:<28} {p['name']:<16} {', '.join(p['languages'])}")
    print("Scenarios:")
    for s in scenarios:
        print(f"  {s['id']:<34} {s['persona']:<26} {s['direction']:<9} {s['title']}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or default_paths()
    files: list[Path] = []
    for p in paths:
        files += sorted(p.glob("*.yaml")) if p.is_dir() else [p]
    cat, problems = load_files(files)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {len(files)} file(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(cat.personas)} persona(s), {len(cat.scenarios)} scenario(s)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m simulator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help="list personas and scenarios")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("validate", help="validate persona and scenario files")
    p.add_argument("paths", nargs="*", help="files or folders (default: everything shipped)")
    p.set_defaults(func=_cmd_validate)

    calls.add_commands(sub)
    acts.add_commands(sub)
    db.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except AppError as exc:
        print(f"error: {exc.describe()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
