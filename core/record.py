"""The call record: the single format scoring reads.

It extends the transcript format of ``shared/eval/README.md`` (turns with speaker/text/start/end,
events) with persona and scenario ids and versions, the outcome, and the hidden-state trace.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from core.memory import CallMemory


class Speaker(StrEnum):
    TRAINEE = "trainee"
    PERSONA = "persona"


class Turn(BaseModel):
    model_config = ConfigDict(extra="allow")
    speaker: Speaker
    text: str
    start: float = Field(ge=0, description="seconds from the start of the call")
    end: float = Field(ge=0)
    interrupted: bool = False  # this utterance was cut off by the other side


class Event(BaseModel):
    """hold_start / hold_end / hangup / interruption / ring / error, at a time in the call."""

    model_config = ConfigDict(extra="allow")
    type: str
    by: Literal["trainee", "persona", "system"] = "system"
    at: float = Field(ge=0)
    detail: str = ""


class Outcome(BaseModel):
    objective_reached: bool = False
    ended_by: Literal["trainee", "persona", "limit"] | None = None
    reason: str = ""


class StateSnapshot(BaseModel):
    """The hidden state after one persona turn, with what moved it (for scoring and trainers)."""

    turn: int = Field(description="index into turns of the persona turn this follows")
    state: dict[str, int]
    stage: str
    acts: list[str] = Field(default_factory=list, description="trainee acts that moved it")
    deltas: dict[str, int] = Field(default_factory=dict)
    line_key: str = Field("", description="which bank slot the reply came from (directed)")
    facts_revealed: list[str] = Field(default_factory=list)
    guard: list[str] = Field(default_factory=list, description="guard checks that failed on this reply")
    reply_ms: float | None = Field(None, description="time to produce the whole reply")
    first_chunk_ms: float | None = Field(None, description="time to the first sentence")


class CallRecord(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    language: str
    persona: str
    persona_version: int = 1
    scenario_id: str = ""
    scenario_version: int = 1
    scenario: str = Field("", description="one-line description of the situation")
    direction: Literal["outbound", "inbound"]
    difficulty: str = "medium"
    mode: str = "directed"
    backend: str = ""
    rubric: str = "default"
    prompt_version: str = ""
    channel: Literal["text", "voice", "upload"] = "text"
    user_id: str | None = Field(None, description="who made the call (the accounts issue fills it in)")
    team_id: str | None = None
    started_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="milliseconds"))
    turns: list[Turn] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    outcome: Outcome = Field(default_factory=Outcome)
    state_trace: list[StateSnapshot] = Field(default_factory=list)
    memory: CallMemory = Field(default_factory=CallMemory, description="what the persona was told and told")
    metrics: dict[str, float] = Field(default_factory=dict, description="per-turn latency and other figures")
    stage_times: list[dict[str, float | None]] = Field(
        default_factory=list,
        description="voice calls: per trainee turn, when each stage happened (end of speech, STT final, first "
                    "sentence, TTS first audio, first audio out), seconds from the start of the call",
    )

    @property
    def duration(self) -> float:
        """Seconds from the start to the last word or the hang-up, whichever is later: the one length
        the header, the metrics and the scorecard show."""
        ends = [t.end for t in self.turns] + [e.at for e in self.events if e.type == "hangup"]
        return max(ends, default=0.0)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_none=False)

    def save(self, path: Path) -> None:
        """Write atomically, so a crash never leaves half a record on disk."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(self.to_json(), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> CallRecord:
        return cls.model_validate_json(path.read_text(encoding="utf-8"))
