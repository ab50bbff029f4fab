"""Open a call from settings: pick the backend, the reply mode and a session only when one is needed."""

from __future__ import annotations

from collections.abc import Callable

from core.llm import ChatBackend, ReplyMode
from simulator.backends import build_backend
from simulator.catalog import Catalog, load_catalog
from simulator.engine.call import Call, CallConfig
from simulator.settings import Settings
from storage.repository import CallRepository


def resolve_mode(config: CallConfig, settings: Settings) -> ReplyMode:
    """--mode beats PHONECOACH_MODE beats the backend's default (free on a server, directed embedded)."""
    if config.mode is not None:
        return config.mode
    if settings.mode is not None:
        return settings.mode
    return ReplyMode.FREE if settings.uses_server else ReplyMode.DIRECTED


def open_call(
    config: CallConfig,
    settings: Settings,
    *,
    backend: ChatBackend | None = None,
    catalog: Catalog | None = None,
    store: CallRepository | None = None,
    clock: Callable[[], float] | None = None,
) -> Call:
    cat = catalog or load_catalog()
    scenario = cat.scenario(config.scenario_id)
    persona = cat.persona(scenario.persona)
    config.mode = resolve_mode(config, settings)
    config.rephrase = config.rephrase or settings.rephrase
    config.classify = config.classify or settings.classify
    needs_llm = config.mode is ReplyMode.FREE or config.rephrase or config.classify
    if needs_llm and backend is None:
        backend = build_backend(settings)
    name = backend.name if backend is not None else ("openai" if settings.uses_server else "embedded")
    return Call(
        scenario, persona, config,
        session=backend.session() if needs_llm and backend is not None else None,
        backend_name=name, default_mode=config.mode, store=store, clock=clock, common=cat.common,
    )
