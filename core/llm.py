"""The one narrow interface every language-model provider implements.

A *backend* is configured once (server URL, model file) and opens a *session* per conversation.
Sessions matter for the embedded model: one session keeps one KV cache warm across a call's turns,
so the persona, a judge and a self-play trainee never evict each other's prompt.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from enum import StrEnum
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant"]
    content: str


class ReplyMode(StrEnum):
    FREE = "free"          # the LLM writes the persona's words (capable models)
    DIRECTED = "directed"  # the words come from the authored line bank (embedded default)


@runtime_checkable
class ChatSession(Protocol):
    """One conversation with a model."""

    async def complete(
        self,
        messages: list[ChatMessage],
        *,
        max_tokens: int = 200,
        temperature: float = 0.7,
        json_schema: dict[str, Any] | None = None,
    ) -> str:
        """The whole reply. With ``json_schema`` the reply is JSON constrained to that schema."""
        ...

    def stream(
        self, messages: list[ChatMessage], *, max_tokens: int = 120, temperature: float = 0.7
    ) -> AsyncIterator[str]:
        """The reply as it is generated, in text chunks."""
        ...

    async def prewarm(self, messages: list[ChatMessage]) -> None:
        """Evaluate a prompt prefix ahead of time (the embedded model's KV cache); may do nothing."""
        ...

    async def aclose(self) -> None: ...


@runtime_checkable
class ChatBackend(Protocol):
    name: str
    default_mode: ReplyMode

    def session(self) -> ChatSession: ...
