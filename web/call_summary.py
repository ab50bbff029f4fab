"""The after-call view: outcome, the transcript with times, and what happened on the line.

``render_feedback`` is the outcome header the screen shows once a call is over; the scorecard panel
(``scorecard_panel``) follows it with the rubric feedback and the highlighted transcript, so the plain
timed transcript here is folded away.
"""

from __future__ import annotations

from html import escape

from core.record import CallRecord, Speaker

_EVENT_LABELS = {
    "ring": "ring", "answer": "answered", "interruption": "interruption", "hangup": "hung up",
    "hold_start": "hold", "hold_end": "back from hold", "error": "problem",
}


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def _outcome(record: CallRecord) -> str:
    out = record.outcome
    reached = "Objective reached" if out.objective_reached else "Objective not reached"
    mark = "pc-ok" if out.objective_reached else "pc-miss"
    who = {"trainee": "you", "persona": "the other side", "limit": "the time limit"}.get(out.ended_by or "", "—")
    length = max((t.end for t in record.turns), default=0.0)
    return (
        f'<div class="pc-outcome {mark}"><strong>{reached}</strong>'
        f"<span>Call ended by {escape(who)}{': ' + escape(out.reason) if out.reason else ''}</span>"
        f"<span>{record.channel} call · {escape(record.language)} · {escape(record.difficulty)} · "
        f"{_clock(length)} · {len(record.turns)} turns</span></div>"
    )


def _transcript(record: CallRecord) -> str:
    if not record.turns:
        return '<p class="pc-empty">Nothing was said on this call.</p>'
    rows = []
    for turn in record.turns:
        who = "You" if turn.speaker is Speaker.TRAINEE else "Persona"
        cut = ' <em class="pc-cut">(cut off)</em>' if turn.interrupted else ""
        rows.append(
            f'<tr class="pc-{turn.speaker.value}"><td class="pc-time">{_clock(turn.start)}</td>'
            f"<td class=\"pc-who\">{who}</td><td>{escape(turn.text)}{cut}</td></tr>"
        )
    return f'<table class="pc-transcript">{"".join(rows)}</table>'


def _events(record: CallRecord) -> str:
    notable = [e for e in record.events if e.type != "ring"]
    rings = sum(1 for e in record.events if e.type == "ring")
    items = [f"<li>{rings} ring{'s' if rings != 1 else ''} before the call was answered</li>"] if rings else []
    for event in notable:
        label = _EVENT_LABELS.get(event.type, event.type)
        detail = f" — {escape(event.detail)}" if event.detail else ""
        items.append(f"<li>{_clock(event.at)} {escape(label)} ({escape(event.by)}){detail}</li>")
    return f'<ul class="pc-events">{"".join(items)}</ul>' if items else ""


def render_feedback(record: CallRecord) -> str:
    """HTML for the feedback panel of a finished call."""
    return (
        f'<div class="pc-feedback" data-record="{escape(record.id)}">'
        f"<h3>How the call went</h3>{_outcome(record)}"
        f"{_events(record)}<details><summary>Timed transcript (with cut-offs)</summary>{_transcript(record)}"
        "</details></div>"
    )
