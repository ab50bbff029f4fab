"""The after-call view: outcome, the transcript with times, and what happened on the line.

``render_feedback`` is the outcome header the screen shows once a call is over; the scorecard panel
(``scorecard_panel``) follows it with the rubric feedback and the highlighted transcript, so the plain
timed transcript here is folded away. Its words are in the call's language unless told otherwise.
"""

from __future__ import annotations

import re
from html import escape

from core import locale
from core.languages import Lang
from core.locale import as_lang
from core.record import CallRecord, Speaker

_ENDED_BY = {"trainee": "summary.by_trainee", "persona": "summary.by_persona", "limit": "summary.by_limit"}
_HUNG_UP_BY = {"trainee": "summary.by_trainee", "persona": "summary.by_persona", "system": "summary.by_system"}
_CHANNEL = {"voice": "summary.voice", "text": "summary.text"}


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def _counted(count: int, one: str, many: str, lang: Lang) -> str:
    return locale.text(one if count == 1 else many, lang, count=count)


def _known(key: str, raw: str, lang: Lang) -> str:
    """A catalogued word, or the raw value where the catalogue has none (a new event type, say)."""
    return locale.text(key, lang) if locale.has(key) else raw


def _reason(reason: str, lang: Lang) -> str:
    """The outcome's reason in the catalogue's words ("trainee ended the chat" → 你结束了对话), else as recorded."""
    return _known("summary.reason." + re.sub(r"\W+", "_", reason.strip().lower()).strip("_"), reason, lang)


def _outcome(record: CallRecord, lang: Lang) -> str:
    """Reached or not, then who put the phone down as the call's timeline has it (the first hang-up
    event), and why."""
    out = record.outcome
    reached = locale.text("summary.reached" if out.objective_reached else "summary.not_reached", lang)
    mark = "pc-ok" if out.objective_reached else "pc-miss"
    hangups = sorted((e for e in record.events if e.type == "hangup"), key=lambda e: e.at)
    if hangups:
        who = locale.text(_HUNG_UP_BY[hangups[0].by], lang)
        ended = (locale.text("summary.hung_up_by_reason", lang, who=who, reason=_reason(out.reason, lang))
                 if out.reason else locale.text("summary.hung_up_by", lang, who=who))
    else:
        who = locale.text(_ENDED_BY[out.ended_by], lang) if out.ended_by in _ENDED_BY else "—"
        ended = (locale.text("summary.ended_by_reason", lang, who=who, reason=_reason(out.reason, lang))
                 if out.reason else locale.text("summary.ended_by", lang, who=who))
    length = record.duration
    call_lang = as_lang(record.language, Lang.EN)
    language = locale.text("language.name", call_lang) if record.language else ""
    facts = locale.text(
        "summary.facts", lang,
        channel=_known(_CHANNEL.get(record.channel, ""), record.channel, lang),
        language=language or record.language,
        difficulty=_known(f"difficulty.{record.difficulty}", record.difficulty, lang),
        length=_clock(length),
        turns=_counted(len(record.turns), "summary.turns_one", "summary.turns_many", lang),
    )
    return (
        f'<div class="pc-outcome {mark}"><strong>{escape(reached)}</strong>'
        f"<span>{escape(ended)}</span><span>{escape(facts)}</span></div>"
    )


def _transcript(record: CallRecord, lang: Lang) -> str:
    if not record.turns:
        return f'<p class="pc-empty">{escape(locale.text("summary.nothing_said", lang))}</p>'
    rows = []
    cut_off = locale.text("summary.cut_off", lang)
    for turn in record.turns:
        who = locale.text("summary.you" if turn.speaker is Speaker.TRAINEE else "summary.persona", lang)
        cut = f' <em class="pc-cut">{escape(cut_off)}</em>' if turn.interrupted else ""
        rows.append(
            f'<tr class="pc-{turn.speaker.value}"><td class="pc-time">{_clock(turn.start)}</td>'
            f"<td class=\"pc-who\">{escape(who)}</td><td>{escape(turn.text)}{cut}</td></tr>"
        )
    return f'<table class="pc-transcript">{"".join(rows)}</table>'


def _events(record: CallRecord, lang: Lang) -> str:
    notable = [e for e in record.events if e.type != "ring"]
    rings = sum(1 for e in record.events if e.type == "ring")
    items = [f"<li>{escape(_counted(rings, 'summary.rings_one', 'summary.rings_many', lang))}</li>"] if rings else []
    for event in notable:
        label = _known(f"summary.event.{event.type}", event.type, lang)
        by = _known(f"summary.by.{event.by}", event.by, lang)
        detail = f" — {escape(event.detail)}" if event.detail else ""
        items.append(f"<li>{_clock(event.at)} {escape(label)} ({escape(by)}){detail}</li>")
    return f'<ul class="pc-events">{"".join(items)}</ul>' if items else ""


def render_feedback(record: CallRecord, lang: Lang | str | None = None) -> str:
    """HTML for the feedback panel of a finished call, in ``lang`` (the call's language by default)."""
    ui = as_lang(lang, as_lang(record.language))
    return (
        f'<div class="pc-feedback" data-record="{escape(record.id)}">'
        f"<h3>{escape(locale.text('summary.title', ui))}</h3>{_outcome(record, ui)}"
        f"{_events(record, ui)}<details><summary>{escape(locale.text('summary.timed_transcript', ui))}</summary>"
        f"{_transcript(record, ui)}</details></div>"
    )
