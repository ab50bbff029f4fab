"""The OpenAI-compatible backend against a fake server on 127.0.0.1: streaming, JSON, failures."""

from __future__ import annotations

import asyncio
import json

import pytest

from core.errors import BackendRejected, BackendUnavailable
from core.llm import ChatMessage, ReplyMode
from simulator.backends import build_backend
from simulator.backends.openai_compat import OpenAICompatBackend
from simulator.settings import Settings
from tests.support.openai_server import FakeOpenAIServer

MESSAGES = [ChatMessage(role="system", content="You are Dana."), ChatMessage(role="user", content="Hello?")]


def _backend(server: FakeOpenAIServer, **kw) -> OpenAICompatBackend:  # type: ignore[no-untyped-def]
    return OpenAICompatBackend(server.base_url, "test-key", "fake-model", timeout=kw.pop("timeout", 5), **kw)


def test_complete_sends_model_and_messages(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.replies = "HR, Dana speaking."
    text = asyncio.run(_backend(fake_llm).session().complete(MESSAGES, max_tokens=30))
    assert text == "HR, Dana speaking."
    body = fake_llm.requests[-1]
    assert body["model"] == "fake-model"
    assert body["messages"][0] == {"role": "system", "content": "You are Dana."}
    assert body["max_tokens"] == 30
    assert not body.get("stream")


def test_stream_yields_chunks_in_order(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.replies = "我家的网络断了五天了，到底什么时候修？"

    async def collect() -> list[str]:
        return [c async for c in _backend(fake_llm).session().stream(MESSAGES)]

    chunks = asyncio.run(collect())
    assert len(chunks) > 1
    assert "".join(chunks) == "我家的网络断了五天了，到底什么时候修？"
    assert fake_llm.requests[-1]["stream"] is True


def test_json_schema_is_passed_as_json_object(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.replies = json.dumps({"acts": ["greeting"]})
    schema = {"type": "object", "properties": {"acts": {"type": "array"}}}
    raw = asyncio.run(_backend(fake_llm).session().complete(MESSAGES, json_schema=schema))
    assert json.loads(raw) == {"acts": ["greeting"]}
    assert fake_llm.requests[-1]["response_format"] == {"type": "json_object", "schema": schema}


def test_dead_server_is_a_clear_retryable_error() -> None:
    with FakeOpenAIServer() as server:
        url = server.base_url
    backend = OpenAICompatBackend(url, "k", "m", timeout=2, retries=0)
    with pytest.raises(BackendUnavailable) as err:
        asyncio.run(backend.session().complete(MESSAGES))
    assert "cannot reach" in err.value.user_message and url in err.value.user_message
    assert err.value.retryable and "OPENAI_BASE_URL" in err.value.hint


def test_server_errors_are_retried_then_reported(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.fail_status = 503
    with pytest.raises(BackendUnavailable, match="HTTP 503"):
        asyncio.run(_backend(fake_llm, retries=1).session().complete(MESSAGES))
    assert len(fake_llm.requests) == 2  # the first try and one retry


def test_auth_failure_is_not_retryable(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.fail_status = 401
    with pytest.raises(BackendRejected) as err:
        asyncio.run(_backend(fake_llm, retries=2).session().complete(MESSAGES))
    assert not err.value.retryable
    assert len(fake_llm.requests) == 1


def test_slow_server_times_out(fake_llm: FakeOpenAIServer) -> None:
    fake_llm.delay = 1.5
    with pytest.raises(BackendUnavailable, match="timed out"):
        asyncio.run(_backend(fake_llm, timeout=0.5, retries=0).session().complete(MESSAGES))


def test_settings_pick_the_server_when_openai_base_url_is_set(
    fake_llm: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", fake_llm.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("PHONECOACH_MODEL", "my-model")
    settings = Settings()
    backend = build_backend(settings)
    assert isinstance(backend, OpenAICompatBackend)
    assert backend.model == "my-model" and backend.default_mode is ReplyMode.FREE
    assert "sk-test" not in repr(settings)  # the key is a secret
