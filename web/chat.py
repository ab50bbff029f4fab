"""Text chat on the same screen, for trainees without a microphone: the same engine, typed lines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import gradio as gr

from core.errors import AppError
from simulator.engine.call import Call
from simulator.live_calls import CallRegistry
from web.call_summary import render_feedback
from web.voice_calls import call_request, user_error

Messages = list[dict[str, str]]


class TextChats:
    def __init__(self, registry: CallRegistry) -> None:
        self.registry = registry

    def _call(self, chat_id: str) -> Call:
        call = self.registry.text.get(chat_id)
        if call is None:
            raise gr.Error("This chat is over. Start a new one.")
        return call

    def _ended(self, call: Call, history: Messages) -> tuple[Any, ...]:
        self.registry.text.pop(call.record.id, None)
        return (history, gr.update(value="", interactive=False), gr.update(interactive=False),
                gr.update(value=render_feedback(call.record), visible=True),
                str(self.registry.store.path(call.record.id)), gr.update(visible=True),
                gr.update(interactive=True), gr.update(interactive=True))

    def _open(self, history: Messages) -> tuple[Any, ...]:
        return (history, gr.update(value="", interactive=True), gr.update(interactive=True), gr.update(),
                gr.update(), gr.update(), gr.update(), gr.update())

    async def start(self, scenario_id: str, lang: str, difficulty: str) -> AsyncIterator[tuple[Any, ...]]:
        try:
            chat_id, call = self.registry.start_text(call_request(scenario_id, lang, difficulty))
            await call.prepare()
        except AppError as exc:
            raise user_error(exc) from exc
        history: Messages = []
        head = (chat_id, gr.update(visible=True), gr.update(visible=False), gr.update(interactive=False),
                gr.update(interactive=False))
        yield (*head, history, gr.update(value="", interactive=True), gr.update(interactive=True))
        if call.persona_speaks_first:
            history.append({"role": "assistant", "content": ""})
            async for sentence in call.opening():
                history[-1]["content"] = f"{history[-1]['content']} {sentence}".strip()
                yield (*head, history, gr.update(), gr.update())

    async def send(self, text: str, history: Messages, chat_id: str) -> AsyncIterator[tuple[Any, ...]]:
        call = self._call(chat_id)
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

    async def end(self, history: Messages, chat_id: str) -> tuple[Any, ...]:
        call = self._call(chat_id)
        call.hangup(reason="trainee ended the chat")
        await call.aclose()
        return self._ended(call, history)
