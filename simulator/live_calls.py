"""The calls this server holds: voice sessions (reached by the WebRTC offer) and text chats, by id.

Calls are opened through the engine's own factory, so text and voice share one turn path. The chat
backend is built once, and only when a call needs a language model (free mode, rephrase, classify).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from pydantic import BaseModel

from core.languages import Lang
from core.llm import ChatBackend, ReplyMode
from personas.models import Difficulty
from simulator.backends import build_backend
from simulator.catalog import Catalog, load_catalog
from simulator.engine.call import Call, CallConfig
from simulator.factory import open_call, resolve_mode
from simulator.settings import Settings
from simulator.store import open_store
from simulator.voice.config import VoiceSettings
from simulator.voice.session import VoiceSession
from simulator.voice.speech import SpeechKit
from storage.repository import CallRepository

KEEP_ENDED_SECS = 1800


class CallRequest(BaseModel):
    """What the trainee picked on the screen."""

    scenario_id: str
    lang: Lang
    difficulty: Difficulty | None = None
    user_id: str | None = None  # who calls (stored with the call)
    team_id: str | None = None


class CallRegistry:
    def __init__(
        self,
        settings: Settings,
        voice: VoiceSettings,
        speech: SpeechKit,
        *,
        store: CallRepository | None = None,
        catalog: Catalog | None = None,
        backend: ChatBackend | None = None,
    ) -> None:
        self.settings = settings
        self.voice_settings = voice
        self.speech = speech
        self.store = store or open_store(settings)
        self.catalog = catalog or load_catalog()
        self._backend = backend
        self.voice: dict[str, VoiceSession] = {}
        self.text: dict[str, Call] = {}

    def _backend_for(self, config: CallConfig) -> ChatBackend | None:
        needs_llm = (resolve_mode(config, self.settings) is ReplyMode.FREE or self.settings.rephrase
                     or self.settings.classify)
        if needs_llm and self._backend is None:
            self._backend = build_backend(self.settings)
        return self._backend if needs_llm else None

    def _open(self, req: CallRequest, channel: str, clock: Callable[[], float] | None = None) -> Call:
        config = CallConfig(scenario_id=req.scenario_id, lang=req.lang, difficulty=req.difficulty, channel=channel)
        call = open_call(
            config, self.settings, backend=self._backend_for(config), catalog=self.catalog, store=self.store,
            clock=clock,
        )
        call.record.user_id, call.record.team_id = req.user_id, req.team_id
        return call

    async def start_voice(self, req: CallRequest) -> VoiceSession:
        """Open a voice call; its audio starts when the browser's WebRTC offer arrives."""
        self.prune()
        origin = time.monotonic()

        def clock() -> float:
            return time.monotonic() - origin

        call = self._open(req, "voice", clock)
        session = await VoiceSession.open(
            call, clock, self.speech, self.voice_settings, self.store.recording_path(call.record.id)
        )
        self.voice[session.id] = session
        return session

    def start_text(self, req: CallRequest) -> tuple[str, Call]:
        self.prune()
        call = self._open(req, "text")
        self.text[call.record.id] = call
        return call.record.id, call

    def unsaved(self, call_id: str) -> str:
        """Why the call's record is not in the database yet ("" once it is): it waits in memory meanwhile."""
        self.store.flush(now=True)
        if call_id not in self.store.pending:
            return ""
        return self.store.last_error.describe() if self.store.last_error else "the database could not be written"

    def prune(self) -> None:
        """Forget voice sessions that ended long ago and text chats that are over; write calls that waited
        for the database."""
        if self.store.pending:
            self.store.flush()
        now = time.monotonic()
        for sid, session in list(self.voice.items()):
            if session.line.ended.is_set() and now - session.created > KEEP_ENDED_SECS:
                del self.voice[sid]
        for cid, call in list(self.text.items()):
            if call.ended:
                del self.text[cid]
