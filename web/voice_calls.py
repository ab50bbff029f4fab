"""Screen handlers for voice calls: place, answer, mute, hang up, and the half-second status poll."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import gradio as gr

from accounts.roles import Principal
from core import locale
from core.errors import AppError
from core.languages import Lang, parse_lang
from core.locale import as_lang
from core.record import CallRecord, Speaker
from personas.models import Difficulty
from simulator.live_calls import CallRegistry, CallRequest
from simulator.voice.line import Phase
from simulator.voice.session import VoiceSession
from web.call_summary import render_feedback
from web.phone import idle_html, phone_html

Owner = Callable[[str | None], Principal | None]


def call_request(scenario_id: str, lang: str, difficulty: str, owner: Principal | None = None) -> CallRequest:
    """The screen's choices; difficulty "default" keeps the scenario's own; ``owner``: who is calling."""
    if not scenario_id:
        raise gr.Error(locale.text("screen.pick_first", as_lang(lang)), print_exception=False)  # a notice, not a fault
    level = None if difficulty == "default" else Difficulty(difficulty)
    return CallRequest(scenario_id=scenario_id, lang=parse_lang(lang), difficulty=level,
                       user_id=owner.id if owner else None, team_id=owner.team_id if owner else None)


def caller(owner: Owner | None, request: gr.Request | None) -> Principal | None:
    """The signed-in person behind a Gradio event (``request.username`` comes from the sign-in gate)."""
    return owner(request.username if request is not None else None) if owner is not None else None


def user_error(exc: AppError, lang: Lang | str | None = None) -> gr.Error:
    """The app's error as the trainee reads it (the message itself comes from where it was raised)."""
    if not exc.hint:
        return gr.Error(exc.user_message)
    return gr.Error(locale.text("screen.error_hint", as_lang(lang), message=exc.user_message, hint=exc.hint))


def unsaved_notice(registry: CallRegistry, call_id: str, lang: Lang | str | None = None) -> str:
    """A plain warning above the feedback when the call could not be stored (yet)."""
    why = registry.unsaved(call_id)
    if not why:
        return ""
    notice = locale.text("screen.not_saved", as_lang(lang), why=why)
    return f'<p class="pc-unsaved" role="alert">{html.escape(notice)}</p>'


def call_lang(session: VoiceSession) -> Lang:
    """The language the call is held in: the screen speaks it too."""
    return as_lang(session.call.record.language)


def transcript_messages(record: CallRecord) -> list[dict[str, str]]:
    return [{"role": "user" if t.speaker is Speaker.TRAINEE else "assistant", "content": t.text}
            for t in record.turns if t.text]


class VoiceCalls:
    def __init__(self, registry: CallRegistry, owner: Owner | None = None) -> None:
        self.registry = registry
        self.owner = owner

    def _session(self, session_id: str) -> VoiceSession | None:
        return self.registry.voice.get(session_id) if session_id else None

    async def place(self, scenario_id: str, lang: str, difficulty: str,
                    request: gr.Request = None) -> tuple[Any, ...]:  # type: ignore[assignment]
        """Open the call; the browser then dials (phone.js sees the new session in the panel)."""
        try:
            who = caller(self.owner, request)
            session = await self.registry.start_voice(call_request(scenario_id, lang, difficulty, who))
        except AppError as exc:
            raise user_error(exc, lang) from exc
        ui = call_lang(session)
        return (
            session.id, False, phone_html(session.view(), lang=ui), gr.update(visible=True), gr.update(visible=False),
            gr.Timer(active=True), gr.update(interactive=False), gr.update(interactive=False),
            gr.update(visible=session.line.inbound), gr.update(value=locale.text("screen.mute", ui)),
            gr.update(visible=True),
        )

    async def answer(self, session_id: str) -> Any:
        if (session := self._session(session_id)) is not None:
            session.line.answer()
        return gr.update(visible=False)

    async def mute(self, session_id: str, muted: bool) -> tuple[Any, ...]:
        muted = not muted
        session = self._session(session_id)
        ui = call_lang(session) if session else Lang.EN
        panel = phone_html(session.view(), muted=muted, lang=ui) if session else idle_html()
        return muted, panel, gr.update(value=locale.text("screen.unmute" if muted else "screen.mute", ui))

    async def hang_up(self, session_id: str) -> None:
        if (session := self._session(session_id)) is not None:
            await session.hangup()

    async def client_error(self, session_id: str, kind: str, detail: str) -> str:
        """Called by phone.js when the microphone or WebRTC fails."""
        if (session := self._session(session_id)) is not None:
            await session.fail(kind, detail)
        return "ok"

    async def poll(self, session_id: str, muted: bool, show_transcript: bool) -> tuple[Any, ...]:
        session = self._session(session_id)
        if session is None:
            return (idle_html(), gr.update(), gr.update(), gr.update(), gr.update(), gr.Timer(active=False),
                    gr.update(interactive=True), gr.update(interactive=True), gr.update(visible=False))
        view = session.view()
        record = session.call.record
        ui = call_lang(session)
        live = gr.update(value=transcript_messages(record), visible=show_transcript)
        if view.phase is not Phase.ENDED:
            return (phone_html(view, muted=muted, lang=ui), live, gr.update(), gr.update(), gr.update(), gr.Timer(),
                    gr.update(), gr.update(), gr.update())
        has_turns = bool(record.turns)
        return (
            phone_html(view, lang=ui), gr.update(visible=False),
            gr.update(value=unsaved_notice(self.registry, record.id, ui) + render_feedback(record, ui) if has_turns
                      else "", visible=has_turns),
            str(self.registry.store.export_json(record.id)) if has_turns else "",
            gr.update(visible=has_turns), gr.Timer(active=False),
            gr.update(interactive=True), gr.update(interactive=True), gr.update(visible=False),
        )
