"""Model backends behind one interface; :func:`build_backend` picks one from settings."""

from __future__ import annotations

from core.llm import ChatBackend
from core.weights import QWEN_CODER_1_5B
from simulator.backends.embedded import EmbeddedBackend
from simulator.backends.openai_compat import OpenAICompatBackend
from simulator.settings import Settings


def build_backend(settings: Settings) -> ChatBackend:
    """An OpenAI-compatible server when OPENAI_BASE_URL is set, else the embedded model."""
    if settings.uses_server:
        key = settings.api_key.get_secret_value() if settings.api_key else None
        return OpenAICompatBackend(
            settings.base_url or "", key, settings.model, timeout=settings.timeout, retries=settings.retries
        )
    path = QWEN_CODER_1_5B.ensure(settings.model_dir)
    return EmbeddedBackend(path, n_ctx=settings.embedded_ctx, n_threads=settings.embedded_threads,
                           n_batch=settings.embedded_batch, timeout=settings.embedded_timeout)
