"""The live state of one phone line, shared by the pipeline (which changes it) and the UI (which shows it)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from enum import StrEnum


class Phase(StrEnum):
    CONNECTING = "connecting"  # the browser is setting up audio
    RINGING = "ringing"        # outbound: ring-back; inbound: the trainee's phone rings
    LIVE = "live"              # the conversation is on
    ENDED = "ended"


@dataclass
class PhoneLine:
    inbound: bool
    phase: Phase = Phase.CONNECTING
    persona_speaking: bool = False
    rings: int = 0
    notice: str = ""   # something the trainee should know, e.g. the offline voice is in use
    error: str = ""    # why the call could not go on
    connected: asyncio.Event = field(default_factory=asyncio.Event)  # the trainee's audio is on the line
    answered: asyncio.Event = field(default_factory=asyncio.Event)
    live: asyncio.Event = field(default_factory=asyncio.Event)  # picked up: the conversation may start
    ended: asyncio.Event = field(default_factory=asyncio.Event)

    def answer(self) -> None:
        """Inbound: the trainee picks up."""
        self.answered.set()

    def end(self, error: str = "") -> None:
        if error and not self.error:
            self.error = error
        self.phase = Phase.ENDED
        self.persona_speaking = False
        self.ended.set()
