"""CLI commands on the database: ``db upgrade|current|seed``, ``calls list|show``, ``users add|list|passwd``."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from accounts.roles import Role
from simulator.catalog import load_catalog
from simulator.seed import seed
from simulator.settings import Settings
from simulator.store import open_accounts, open_store
from storage.database import current_revision, default_url, head_revision, make_engine, shown, upgrade


def _url(settings: Settings) -> str:
    return settings.database_url or default_url(settings.data_dir)


def _cmd_seed(args: argparse.Namespace) -> int:
    repo = open_store(Settings())
    try:
        report = seed(repo, open_accounts(repo), load_catalog(), trainees=args.trainees, calls=args.calls,
                      team_size=args.team_size)
    finally:
        repo.close()
    print(f"seeded {report.teams} teams, {report.trainees} trainees, {report.calls} scored calls "
          f"(users seed-trainee-N / seed-manager-N, password seed-password)")
    return 0


def _cmd_db(args: argparse.Namespace) -> int:
    if args.action == "seed":
        return _cmd_seed(args)
    url = _url(Settings())
    engine = make_engine(url)
    try:
        if args.action == "upgrade":
            before = current_revision(engine)
            upgrade(engine)
            print(f"{shown(url)}: {before or 'empty'} -> {current_revision(engine)}")
        else:
            print(f"{shown(url)}: revision {current_revision(engine) or 'none'} (newest {head_revision()})")
    finally:
        engine.dispose()
    return 0


def _cmd_calls(args: argparse.Namespace) -> int:
    repo = open_store(Settings())
    try:
        if args.action == "list":
            rows = repo.list_calls(limit=args.limit, offset=args.offset)
            if args.json:
                print(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=2))
            for r in rows if not args.json else []:
                score = f"{r.overall:>3}{' pass' if r.passed else ' fail'}" if r.overall is not None else "   -     "
                print(f"{r.id:<24} {r.started_at:%Y-%m-%d %H:%M} {r.language:<5} {r.scenario_id:<34} "
                      f"{r.turn_count:>3} turns {score}  ended by {r.ended_by or '-'}")
            return 0
        record = repo.load(args.id)
        card = repo.scorecard(args.id)
        if args.json:
            print(json.dumps({"record": record.model_dump(mode="json"), "scorecard": card}, ensure_ascii=False,
                             indent=2))
            return 0
        print(f"{record.id}  {record.scenario_id} ({record.language}, {record.difficulty}, {record.channel})")
        for turn in record.turns:
            print(f"{turn.speaker.value:>8}: {turn.text}")
        print(f"outcome: {record.outcome.model_dump()}")
        if card is not None:
            print(f"scorecard: {card['overall']} ({'passed' if card['passed'] else 'not passed'})")
        return 0
    finally:
        repo.close()


def _new_password(prompt: str) -> str:
    """Asked twice on a terminal; one line from stdin otherwise (scripts)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first, again = getpass.getpass(prompt), getpass.getpass("again: ")
    if first != again:
        raise SystemExit("error: the two passwords differ")
    return first


def _cmd_users(args: argparse.Namespace) -> int:
    repo = open_store(Settings())
    try:
        accounts = open_accounts(repo)
        if args.action == "add":
            user = accounts.add_user(None, args.username, _new_password("password: "), Role(args.role), args.team)
            print(f"added {user.username} ({user.role}{', team ' + user.team if user.team else ''})")
        elif args.action == "passwd":
            accounts.set_password(args.username, _new_password("new password: "))
            print(f"password changed for {args.username}; their sessions are signed out")
        else:
            users = accounts.store.users()
            if args.json:
                print(json.dumps([u.model_dump(mode="json", exclude={"password_hash"}) for u in users],
                                 ensure_ascii=False, indent=2))
            for u in users if not args.json else []:
                print(f"{u.username:<24} {u.role:<8} {u.team or '-'}")
            if not users and not args.json:
                print("no users: the app runs in single-user mode (no sign-in)")
        return 0
    finally:
        repo.close()


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("db", help="the call database: upgrade to the newest schema, show its revision, or fill "
                                  "it with made-up teams and calls (seed)")
    p.add_argument("action", choices=["upgrade", "current", "seed"])
    p.add_argument("--trainees", type=int, default=50, help="seed: how many trainees")
    p.add_argument("--calls", type=int, default=200, help="seed: scored calls per trainee")
    p.add_argument("--team-size", type=int, default=10, help="seed: trainees per team (one manager each)")
    p.set_defaults(func=_cmd_db)

    p = sub.add_parser("calls", help="stored calls: list them, or show one")
    calls = p.add_subparsers(dest="action", required=True)
    listing = calls.add_parser("list", help="newest first")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--offset", type=int, default=0)
    listing.add_argument("--json", action="store_true")
    show = calls.add_parser("show", help="one call's record and latest scorecard")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_calls)

    p = sub.add_parser("users", help="accounts: add one, list them, set a password (the first user turns sign-in on)")
    users = p.add_subparsers(dest="action", required=True)
    add = users.add_parser("add", help="the password is asked for (or read from stdin)")
    add.add_argument("username")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.TRAINEE.value)
    add.add_argument("--team", help="team name (created when new)")
    passwd = users.add_parser("passwd", help="set a user's password; their sessions end")
    passwd.add_argument("username")
    listing = users.add_parser("list")
    listing.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_users)
