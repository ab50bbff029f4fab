"""The phone panel: call status for the trainee, plus the data the browser-side handset (phone.js) follows."""

from __future__ import annotations

from html import escape
from pathlib import Path

from core import locale
from core.languages import Lang
from simulator.voice.line import Phase
from simulator.voice.session import CallView

PHONE_JS = (Path(__file__).with_name("phone.js")).read_text(encoding="utf-8")

_STATUS = {
    Phase.CONNECTING: "phone.connecting",
    Phase.RINGING: "phone.ringing",
    Phase.LIVE: "phone.live",
    Phase.ENDED: "phone.ended",
}


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60):02d}:{int(seconds % 60):02d}"


def idle_html(message: str = "") -> str:
    note = f'<div class="pc-error">{escape(message)}</div>' if message else ""
    return f'<div class="pc-phone" data-phase="idle" data-session="">{note}</div>'


def phone_html(view: CallView, *, muted: bool = False, lang: Lang = Lang.EN) -> str:
    """The panel in ``lang``, the language of the call."""
    status = locale.text(_STATUS[view.phase], lang)
    if view.phase is Phase.RINGING and view.inbound:
        status = locale.text("phone.incoming", lang, rings=view.rings)
    elif view.phase is Phase.RINGING:
        status = locale.text("phone.ringing_count", lang, rings=view.rings)
    speaking = view.phase is Phase.LIVE and view.persona_speaking
    line = locale.text("phone.speaking", lang) if speaking else (locale.text("phone.muted", lang) if muted else "")
    light = "pc-live" if view.phase is Phase.LIVE else ("pc-ring" if view.phase is Phase.RINGING else "")
    parts = [
        f'<div class="pc-status"><span class="pc-light {light}"></span><span>{escape(status)}</span>'
        f'<span class="pc-timer">{_clock(view.seconds)}</span></div>',
        f'<div class="pc-speaking{" pc-on" if speaking else ""}">'
        f'{escape(line) or "&nbsp;"}</div>',
    ]
    if view.notice:
        parts.append(f'<div class="pc-notice">{escape(view.notice)}</div>')
    if view.error:
        parts.append(f'<div class="pc-error">{escape(view.error)}</div>')
    return (
        f'<div class="pc-phone" data-phase="{view.phase.value}" data-session="{escape(view.session_id)}" '
        f'data-muted="{int(muted)}" data-record="{escape(view.record_id)}">{"".join(parts)}</div>'
    )
