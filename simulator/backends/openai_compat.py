"""Any OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp server) through the ``openai`` SDK."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import openai

from core.errors import BackendError, BackendRejected, BackendUnavailable
from core.llm import ChatMessage, ReplyMode


def translate_error(exc: Exception, base_url: str) -> BackendError:
    """Map SDK exceptions to our hierarchy at the boundary (LiveKit style)."""
    where = f"LLM server at {base_url}"
    if isinstance(exc, openai.APITimeoutError):
        return BackendUnavailable(f"{where} timed out")
    if isinstance(exc, openai.APIConnectionError):
        return BackendUnavailable(f"cannot reach the {where}")
    if isinstance(exc, openai.APIStatusError):
        body = str(exc.message)[:200]
        if exc.status_code in (408, 429) or exc.status_code >= 500:
            return BackendUnavailable(f"{where} failed with HTTP {exc.status_code}: {body}")
        return BackendRejected(f"{where} rejected the request (HTTP {exc.status_code}): {body}")
    return BackendError(f"{where}: {exc}")


class OpenAICompatSession:
    def __init__(self, client: openai.AsyncOpenAI, model: str, base_url: str) -> None:
        self._client = client
        self._model = model
        self._base_url = base_url

    async def complete(
        self,
        messages: list[ChatMessage],
        *,
        max_tokens: int = 200,
        temperature: float = 0.7,
        json_schema: dict[str, Any] | None = None,
    ) -> str:
        extra: dict[str, Any] = {}
        if json_schema is not None:
            # llama.cpp servers take the schema inside json_object; OpenAI ignores the extra key.
            extra["response_format"] = {"type": "json_object", "schema": json_schema}
        try:
            resp = await self._client.chat.completions.create(
                model=self._model,
                messages=[m.model_dump() for m in messages],  # type: ignore[misc]
                max_tokens=max_tokens,
                temperature=temperature,
                **extra,
            )
        except Exception as exc:
            raise translate_error(exc, self._base_url) from exc
        content = resp.choices[0].message.content if resp.choices else None
        if json_schema is not None and content:
            json.loads(content)  # raises ValueError on invalid JSON; callers decide what to do
        return content or ""

    async def stream(
        self, messages: list[ChatMessage], *, max_tokens: int = 120, temperature: float = 0.7
    ) -> AsyncIterator[str]:
        try:
            chunks = await self._client.chat.completions.create(
                model=self._model,
                messages=[m.model_dump() for m in messages],  # type: ignore[misc]
                max_tokens=max_tokens,
                temperature=temperature,
                stream=True,
            )
            async with chunks:
                async for chunk in chunks:
                    if chunk.choices and (delta := chunk.choices[0].delta.content):
                        yield delta
        except BackendError:
            raise
        except Exception as exc:
            raise translate_error(exc, self._base_url) from exc

    async def prewarm(self, messages: list[ChatMessage]) -> None:
        """Servers keep their own caches; nothing to do here."""

    async def aclose(self) -> None:
        """The client is shared by the backend; nothing per session."""


class OpenAICompatBackend:
    name = "openai"
    default_mode = ReplyMode.FREE

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        model: str,
        *,
        timeout: float = 30.0,
        retries: int = 2,
        client: openai.AsyncOpenAI | None = None,
    ) -> None:
        self.base_url = base_url
        self.model = model
        self._client = client or openai.AsyncOpenAI(
            base_url=base_url, api_key=api_key or "sk-local", timeout=timeout, max_retries=retries
        )

    def session(self) -> OpenAICompatSession:
        return OpenAICompatSession(self._client, self.model, self.base_url)
