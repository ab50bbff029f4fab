"""Fake models for the embedded worker: ``EmbeddedBackend(path, model_factory="tests.simulator.backends.
fake_models:crashes_mid_stream")`` loads one of these in the worker process instead of llama.cpp.

They speak the subset of ``llama_cpp.Llama.create_chat_completion`` the worker uses. The reply is
``FAKE_MODEL_REPLY`` (environment, inherited by the worker) or a short in-character line; when
``FAKE_MODEL_LOG`` names a file, the stream writes ``token`` per token and ``closed`` when its
generator is closed early (the parent stopped reading).
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPLY = "Finally, somebody picks up. My internet has been down for five days. When will it be fixed?"
MODULE = "tests.simulator.backends.fake_models"


def _log(line: str) -> None:
    if path := os.environ.get("FAKE_MODEL_LOG"):
        with Path(path).open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def _pieces(text: str, size: int = 6) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


class FakeModel:
    def __init__(self, spec: Any, *, reply: str | None = None) -> None:
        self.spec = spec
        self.reply = reply or os.environ.get("FAKE_MODEL_REPLY") or REPLY

    def text(self, messages: list[dict[str, str]], response_format: dict[str, Any] | None) -> str:
        if response_format is not None:
            return json.dumps({"n_batch": self.spec.n_batch, "last": messages[-1]["content"]})
        return self.reply

    def tokens(self, text: str) -> Iterator[str]:
        yield from _pieces(text)

    def create_chat_completion(
        self, messages: list[dict[str, str]], max_tokens: int = 16, temperature: float = 0.7,
        stream: bool = False, response_format: dict[str, Any] | None = None,
    ) -> Any:
        text = self.text(messages, response_format)
        if not stream:
            return {"choices": [{"message": {"role": "assistant", "content": "".join(self.tokens(text))}}]}
        return self._stream(text)

    def _stream(self, text: str) -> Iterator[dict[str, Any]]:
        try:
            for piece in self.tokens(text):
                _log("token")
                yield {"choices": [{"delta": {"content": piece}}]}
        except GeneratorExit:
            _log("closed")
            raise


class _Crashing(FakeModel):
    def tokens(self, text: str) -> Iterator[str]:
        yield from _pieces(text)[:3]  # "Finally, some" — no sentence is complete yet
        os.kill(os.getpid(), signal.SIGSEGV)


class _Hanging(FakeModel):
    def tokens(self, text: str) -> Iterator[str]:
        yield from _pieces(text)[:2]
        time.sleep(3600)


class _Endless(FakeModel):
    def tokens(self, text: str) -> Iterator[str]:
        while True:
            for piece in _pieces(text):
                time.sleep(0.005)
                yield piece


def works(spec: Any) -> FakeModel:
    return FakeModel(spec)


def crashes_mid_stream(spec: Any) -> FakeModel:
    """Streams three tokens (and answers ``complete`` the same way), then dies of SIGSEGV."""
    return _Crashing(spec)


def hangs_mid_stream(spec: Any) -> FakeModel:
    """Streams two tokens, then never another."""
    return _Hanging(spec)


def streams_forever(spec: Any) -> FakeModel:
    """Repeats the reply forever, a token every 5 ms: only a stop ends it."""
    return _Endless(spec)


def crashes_on_load(spec: Any) -> FakeModel:
    os.kill(os.getpid(), signal.SIGSEGV)
    raise AssertionError("unreachable")


def hangs_on_load(spec: Any) -> FakeModel:
    time.sleep(3600)
    raise AssertionError("unreachable")


def fails_to_load(spec: Any) -> FakeModel:
    raise ValueError(f"Failed to load model from file: {spec.model_path}")
