"""``python -m simulator acts [--json] [--explain]``: the acts the recogniser finds in trainee lines;
``python -m simulator train-acts``: build the learned head from the corpus (``core/acts_model``).

Reads JSON lines ``{"text", "lang", "context"}`` on stdin (``context``: the persona's line before, may be
left out) and prints one line per input, with exactly the recogniser the call uses
(:func:`core.memory.recognise`). ``--explain`` says what decided each act: which lexicon list (start /
any / a pattern) and the span it matched, a measure (question words, a time with a meeting word), the
learned model's probability, or the second look at the turn (heard: purpose…). A bad input line gets
``{"error": …}`` and the rest go on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import Field, ValidationError

from core.acts_model import MODEL_DIR
from core.acts_training import train_head
from core.errors import field_of
from core.languages import Lang
from core.memory import recognise
from core.yamlio import Strict


class ActsRequest(Strict):
    text: str = Field(min_length=1)
    lang: Lang
    context: str = ""


def answer(line: str, *, explain: bool) -> dict[str, object]:
    """One output object for one input line (an error object when the line is not a valid request)."""
    try:
        request = ActsRequest.model_validate_json(line)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = field_of(problem) or "line"
        return {"error": f"{where}: {problem['msg']}",
                "hint": 'give one JSON object per line: {"text": "...", "lang": "en|id|zh-CN|zh-TW", "context": "..."}'}
    found, _ = recognise(request.text, request.lang, context=request.context)
    out: dict[str, object] = {"acts": sorted(a.value for a in found.acts)}
    if explain:
        out["explain"] = [{"act": h.act.value, "rule": h.rule, "evidence": h.evidence} for h in found.hits]
    return out


def _cmd_acts(args: argparse.Namespace) -> int:
    failed = False
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        out = answer(line, explain=args.explain)
        if "error" in out:
            failed = True
            out["error"] = f"input line {number}: {out['error']}"
        if args.json:
            print(json.dumps(out, ensure_ascii=False), flush=True)
        elif "error" in out:
            print(f"{out['error']} ({out['hint']})", file=sys.stderr)
        else:
            print(", ".join(out["acts"]) or "(none)")  # type: ignore[arg-type]
            for hit in out.get("explain", []):  # type: ignore[attr-defined]
                print(f"  {hit['act']:<16} {hit['rule']}  «{hit['evidence']}»")
    return 1 if failed else 0


def _cmd_train(args: argparse.Namespace) -> int:
    head = train_head()
    head.save(args.out)
    meta = head.meta
    print(f"wrote {args.out}: {len(meta.acts)} acts, corpus {meta.corpus_sha256[:12]}")
    for act, mode in sorted(meta.modes.items()):
        print(f"  {act:<16} {mode.value:<8} dev F1 {meta.dev_f1.get(act, 0.0):.2f}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("acts", help="recognise the acts in trainee lines (JSON lines on stdin)")
    p.add_argument("--json", action="store_true", help="one JSON object per input line")
    p.add_argument("--explain", action="store_true", help="what decided each act")
    p.set_defaults(func=_cmd_acts)

    p = sub.add_parser("train-acts", help="train the learned acts head on the corpus (train split; modes on dev)")
    p.add_argument("--out", type=Path, default=MODEL_DIR, help="folder for head.npz and head.json")
    p.set_defaults(func=_cmd_train)
