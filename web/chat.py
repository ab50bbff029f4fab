"""Text chat on the same screen, for trainees without a microphone: the same engine, typed lines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import gradio as gr

from core import locale
from core.errors import AppError
from core.locale import as_lang
from simulator.engine.call import Call
from simulator.live_calls import CallRegistry
from web.call_summary import render_feedback
from web.voice_calls import Owner, call_request, caller, unsaved_notice, user_error

Messages = list[dict[str, str]]


class TextChats:
    def __init__(self, registry: CallRegistry, owner: Owner | None = None) -> None:
        self.registry = registry
        self.owner = owner

    def _call(self, chat_id: str, lang: str | None) -> Call:
        call = self.registry.text.get(chat_id)
        if call is None:
            raise gr.Error(locale.text("screen.chat_over", as_lang(lang)), print_exception=False)
        return call

    def _ended(self, call: Call, history: Messages) -> tuple[Any, ...]:
        self.registry.text.pop(call.record.id, None)
        return (history, gr.update(value="", interactive=False), gr.update(interactive=False),
                gr.update(value=unsaved_notice(self.registry, call.record.id, call.record.language)
                          + render_feedback(call.record), visible=True),
                str(self.registry.store.export_json(call.record.id)), gr.update(visible=True),
                gr.update(interactive=True), gr.update(interactive=True))

    def _open(self, history: Messages) -> tuple[Any, ...]:
        return (history, gr.update(value="", interactive=True), gr.update(interactive=True), gr.update(),
                gr.update(), gr.update(), gr.update(), gr.update())

    async def start(self, scenario_id: str, lang: str, difficulty: str,
                    request: gr.Request = None) -> AsyncIterator[tuple[Any, ...]]:  # type: ignore[assignment]
        try:
            who = caller(self.owner, request)
            chat_id, call = self.registry.start_text(call_request(scenario_id, lang, difficulty, who))
            await call.prepare()
        except AppError as exc:
            raise user_error(exc, lang) from exc
        history: Messages = []
        head = (chat_id, gr.update(visible=True), gr.update(visible=False), gr.update(interactive=False),
                gr.update(interactive=False))
        ui = as_lang(lang)
        # Inbound: the phone "rings" in the chat; the trainee answers it in writing, so say so in the box.
        hint = locale.text("screen.type_here" if call.persona_speaks_first else "screen.type_greeting", ui)
        yield (*head, history, gr.update(value="", interactive=True, placeholder=hint), gr.update(interactive=True))
        if call.persona_speaks_first:
            history.append({"role": "assistant", "content": ""})
            async for sentence in call.opening():
                history[-1]["content"] = f"{history[-1]['content']} {sentence}".strip()
                yield (*head, history, gr.update(), gr.update())

    async def send(self, text: str, history: Messages, chat_id: str,
                   lang: str | None = None) -> AsyncIterator[tuple[Any, ...]]:
        """``lang``: the screen's language, for the notice when the chat is already over."""
        call = self._call(chat_id, lang)
        text = (text or "").strip()
        if not text or call.ended:
            yield self._open(history)
            return
        history = [*history, {"role": "user", "content": text}, {"role": "assistant", "content": ""}]
        yield self._open(history)
        async for sentence in call.trainee_turn(text):
            history[-1]["content"] = f"{history[-1]['content']} {sentence}".strip()
            yield self._open(history)
        yield self._ended(call, history) if call.ended else self._open(history)

    async def end(self, history: Messages, chat_id: str, lang: str | None = None) -> tuple[Any, ...]:
        call = self._call(chat_id, lang)
        call.hangup(reason="trainee ended the chat")
        await call.aclose()
        return self._ended(call, history)
