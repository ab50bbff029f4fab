"""Builders shared by the scoring tests (this module holds no tests itself).

``make_call`` turns a compact script into a timed call: each line is ``"T: text"`` (trainee) or
``"P: text"`` (persona), and any other line continues the turn above; ``"! hold 40"`` inserts a
40 s hold by the trainee; ``"! hangup persona"`` ends the call. Turn lengths follow a normal pace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.languages import parse_lang, speech_units
from scoring.callio import LoadedCall, from_data

REPO_ROOT = Path(__file__).resolve().parents[2]
DEV_DIR = REPO_ROOT.parent / "shared" / "eval" / "dev"  # shared/ sits beside the repository
# The criteria the expert labels in shared/eval name.
EVAL_IDS = {
    "greeting", "self_introduction", "verify_party", "ask_convenience", "state_purpose", "open_question",
    "active_listening", "confirm_details", "empathy", "no_arguing", "ownership", "polite_language",
    "clear_language", "honesty", "hold_etiquette", "next_step", "closing",
}


def make_record(script: str, *, lang: str = "en", direction: str = "outbound", persona: str = "busy_hr_manager",
                call_id: str = "t", **extra: Any) -> dict[str, Any]:
    t = 0.0
    turns: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    parsed = parse_lang(lang)
    lines: list[str] = []
    for raw in script.strip().splitlines():
        line = raw.strip()
        if line and lines and not line.startswith(("T:", "P:", "!")):
            lines[-1] += ("" if parsed.is_chinese else " ") + line
        elif line:
            lines.append(line)
    for line in lines:
        if line.startswith("!"):
            kind, arg = line[1:].split()
            if kind == "hold":
                events.append({"type": "hold_start", "by": "trainee", "at": round(t + 0.3, 2)})
                t += float(arg)
                events.append({"type": "hold_end", "by": "trainee", "at": round(t, 2)})
            elif kind == "hangup":
                events.append({"type": "hangup", "by": arg, "at": round(t + 0.4, 2)})
            continue
        who, text = line.split(":", 1)
        text = text.strip()
        dur = max(0.8, speech_units(text, parsed) / (4.0 if parsed.is_chinese else 2.6))
        start = t + 0.6
        turns.append({"speaker": "trainee" if who == "T" else "persona", "text": text,
                      "start": round(start, 2), "end": round(start + dur, 2)})
        t = start + dur
    return {"id": call_id, "language": lang, "persona": persona, "direction": direction, "scenario": "test",
            "turns": turns, "events": events, **extra}


def make_call(script: str, **kwargs: Any) -> LoadedCall:
    return from_data(make_record(script, **kwargs))


# An inbound call where only the judge can tell whether the caller's need was identified.
UNSURE_PURPOSE = """
T: Good morning, BrightLine, Priya speaking.
P: My internet has been down since Saturday.
T: Let me look at your line straight away.
P: Thanks.
T: Is there anything else? Thank you for calling, goodbye.
"""
