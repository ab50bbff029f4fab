"""The web app: one FastAPI app under uvicorn. Sign-in, WebRTC and REST API routes first, then Gradio at "/".

    python app.py        # http://127.0.0.1:7860 on the embedded offline models (HOST / PORT change it)
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import gradio as gr
import uvicorn
from fastapi import Depends, FastAPI, Request
from loguru import logger
from pipecat.transports.smallwebrtc.request_handler import SmallWebRTCRequestHandler

from accounts.service import Accounts
from core.errors import AppError
from scoring.judge import Judge
from simulator.backends import build_backend
from simulator.live_calls import CallRegistry
from simulator.settings import Settings
from simulator.store import open_accounts
from simulator.voice.config import VoiceSettings
from simulator.voice.session import VoiceSession
from simulator.voice.speech import LocalSpeech, SpeechKit
from simulator.voice.transports.webrtc import webrtc_router
from web.api import api_router, install_errors
from web.auth import Gate, login_router
from web.screen import CSS, build_screen


def _warm_up(speech: LocalSpeech) -> None:
    try:
        speech.warm_up()
    except AppError as exc:  # the first call reports it to the trainee, with the hint
        logger.warning(f"speech models not ready: {exc.describe()}")


def build_judge(settings: Settings) -> Judge | None:
    """The after-call judge. ``auto``: a configured server judges; offline, code alone decides, because the
    embedded 1.5B judge lowered agreement with trainers' labels (97.9 % → 95.9 %) at ~10 s a call."""
    choice = settings.judge
    if choice == "none" or (choice == "auto" and not settings.uses_server):
        return None
    if choice == "embedded" and settings.uses_server:
        settings = settings.model_copy(update={"base_url": None})
    return Judge(build_backend(settings))


def create_app(
    settings: Settings | None = None,
    voice: VoiceSettings | None = None,
    speech: SpeechKit | None = None,
    accounts: Accounts | None = None,
) -> FastAPI:
    settings = settings or Settings()
    voice = voice or VoiceSettings()
    speech = speech or LocalSpeech(settings, voice)
    registry = CallRegistry(settings, voice, speech)
    gate = Gate(accounts or open_accounts(registry.store))
    handler = SmallWebRTCRequestHandler()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if isinstance(speech, LocalSpeech):  # load the speech models before the first call needs them
            warming = asyncio.create_task(asyncio.to_thread(_warm_up, speech))
        yield
        if isinstance(speech, LocalSpeech):
            await warming
        for session in list(registry.voice.values()):
            await session.hangup()
        await handler.close()

    app = FastAPI(title="PhoneCoach", lifespan=lifespan)
    app.state.registry = registry
    install_errors(app)
    judge = build_judge(settings)
    app.include_router(login_router(gate))
    def own_session(session_id: str, request: Request) -> VoiceSession | None:
        """Only the person who placed a voice call can connect its audio."""
        session, who = registry.voice.get(session_id), gate.principal(request)
        if session is None or who is None:
            return None
        return session if who.local or session.call.record.user_id == who.id else None

    app.include_router(webrtc_router(own_session, handler, dependencies=[Depends(gate.require)]))
    app.include_router(api_router(gate, registry, judge))
    screen = build_screen(registry, gate, judge=judge)
    # Gradio's footer links ("Use via API", "Runs"…) and its run history confuse trainees: only the settings.
    return gr.mount_gradio_app(app, screen, path="/", auth_dependency=gate.user, css=CSS, footer_links=["settings"],
                               run_history=False)


def main() -> None:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    logger.remove()  # pipecat logs every frame decision at DEBUG
    logger.add(sys.stderr, level=os.environ.get("PHONECOACH_LOG_LEVEL", "INFO"))
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "7860"))
    try:
        app = create_app()
    except AppError as exc:  # the database cannot be opened, say: what went wrong and what to do
        logger.error(exc.describe())
        raise SystemExit(2) from None
    uvicorn.run(app, host=host, port=port)


if __name__ == "__main__":
    main()
