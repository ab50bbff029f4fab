"""Command line: ``python -m scoring {score,eval,transcribe}``.

    python -m scoring score FILE.json|CALL_ID [--judge default|none] [--rubric default] [--json]
    python -m scoring eval DIR [--judge default|none] [--json]
    python -m scoring transcribe AUDIO [AUDIO2] --lang en [--trainee-channel 0|1] [--score] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.errors import AppError
from scoring.callio import from_data, load_call
from scoring.evaluate import evaluate, report_json
from scoring.judge import Judge
from scoring.rubric import load_rubric
from scoring.scorecard import Scorecard
from scoring.scorer import score_call
from scoring.upload import UploadOptions, transcribe_call
from simulator.backends import build_backend
from simulator.settings import Settings
from simulator.store import open_store


def _judge(choice: str) -> Judge | None:
    """``none``: code only; ``default``: the configured backend (embedded model when no OPENAI_BASE_URL)."""
    if choice == "none":
        return None
    return Judge(build_backend(Settings()))


def _print_card(card: Scorecard, as_json: bool) -> None:
    if as_json:
        print(card.model_dump_json(indent=2))
        return
    verdict = "PASSED" if card.passed else "NOT PASSED"
    print(f"{card.call_id}: {card.overall}/100 {verdict} (pass mark {card.pass_mark:g}; rubric {card.rubric})")
    if card.blocked_by:
        print(f"  failed by blocker: {', '.join(card.blocked_by)}")
    print("  " + "  ".join(f"{k} {v:.0f}" if v is not None else f"{k} –" for k, v in card.categories.items()))
    for c in card.criteria.values():
        mark = {"met": "✓", "not_met": "✗", "n/a": "·"}[c.verdict.value]
        quote = f" “{c.evidence[0]}”" if c.evidence else ""
        print(f"  {mark} {c.id:<18} {c.verdict.value:<8}{quote}")
        if c.better:
            print(f"      better: {c.better}")
    for line in (card.feedback.keep, card.feedback.start, card.feedback.stop):
        print(f"  {line}")


def _cmd_score(args: argparse.Namespace) -> int:
    """A record file is scored as it is; a stored call's id is scored and the card stored as its latest."""
    path = Path(args.file)
    repo = None if path.suffix == ".json" or path.exists() else open_store(Settings())
    call = load_call(repo.export_json(args.file) if repo is not None else path)
    rubric = load_rubric(args.rubric or call.record.rubric or "default")
    card = score_call(call, rubric, _judge(args.judge))
    if repo is not None:
        repo.save_scorecard(card.model_dump(mode="json"))
    _print_card(card, args.json)
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    report = evaluate(Path(args.dir), load_rubric(args.rubric or "default"), _judge(args.judge))
    if args.json:
        print(report_json(report))
        return 0
    print(f"rubric {report.rubric}, judge {report.judge}")
    print(f"agreement on applicable verdicts: {report.total.agree}/{report.total.total} = {report.total.rate}")
    for lang, t in sorted(report.per_language.items()):
        print(f"  {lang:<4} {t.agree}/{t.total} = {t.rate}")
    for cid, t in report.per_criterion.items():
        print(f"  {cid:<18} {t.agree}/{t.total}")
    print(f"pairs ranked correctly: {report.pairs_correct}/{report.pairs_total}")
    print(f"overall labels (good/fair/poor) agreeing: {report.overall_labels_agree}/{len(report.cases)}")
    for c in report.cases:
        diff = ", ".join(f"{k} {v}" for k, v in c.disagreements.items()) or "all agree"
        print(f"  {c.id:<24} {c.label:<5} → {c.predicted_label:<5} {c.overall:>3}  {c.seconds:.2f}s  {diff}")
    return 0


def _cmd_transcribe(args: argparse.Namespace) -> int:
    opts = UploadOptions(
        lang=args.lang, trainee_channel=args.trainee_channel, direction=args.direction, persona=args.persona,
        scenario=args.scenario, call_id=args.id,
    )
    record = transcribe_call([Path(p) for p in args.audio], opts)
    if args.out:
        record.save(Path(args.out))
    if not args.score:
        print(record.to_json() if args.json or not args.out else f"wrote {args.out}")
        return 0
    call = from_data(record.model_dump(mode="json"), Path(args.out) if args.out else None)
    _print_card(score_call(call, judge=_judge(args.judge)), args.json)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scoring", description="Score phone-call role-plays.")
    sub = parser.add_subparsers(dest="command", required=True)
    score = sub.add_parser("score", help="score one call record or eval transcript, or a stored call by its id")
    score.add_argument("file", help="a record / transcript JSON file, or the id of a stored call")
    ev = sub.add_parser("eval", help="agreement with NAME.labels.json files in a folder")
    ev.add_argument("dir")
    tr = sub.add_parser("transcribe", help="transcribe a real call recording into a call record")
    tr.add_argument("audio", nargs="+", help="a stereo file, or two files: trainee first, then the other side")
    tr.add_argument("--lang", required=True, help="language spoken: en, id, zh-CN or zh-TW")
    tr.add_argument("--trainee-channel", type=int, choices=(0, 1), default=0, help="stereo: the trainee's channel")
    tr.add_argument("--direction", choices=("outbound", "inbound"), help="default: whoever speaks first answered")
    tr.add_argument("--persona", default="upload", help="id recorded for the other side")
    tr.add_argument("--scenario", default="", help="one-line description of the call")
    tr.add_argument("--id", default="", help="call id (default: from the file name)")
    tr.add_argument("--out", help="write the call record here")
    tr.add_argument("--score", action="store_true", help="score the transcribed call")
    for p in (score, ev, tr):
        p.add_argument("--judge", choices=("none", "default"), default="none",
                       help="default: the configured LLM backend (embedded model unless OPENAI_BASE_URL is set)")
        p.add_argument("--json", action="store_true", help="machine-readable output")
    for p in (score, ev):
        p.add_argument("--rubric", help="rubric id or YAML path (default: the call's rubric, else 'default')")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = {"score": _cmd_score, "eval": _cmd_eval, "transcribe": _cmd_transcribe}[args.command]
    try:
        return handler(args)
    except AppError as exc:
        print(f"error: {exc.describe()}", file=sys.stderr)
        return 2
    except json.JSONDecodeError as exc:  # a malformed file given directly
        print(f"error: invalid JSON: {exc}", file=sys.stderr)
        return 2
