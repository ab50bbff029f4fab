"""Scenario files (``scenarios/*.yaml``): one practice situation built on a persona."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.languages import Lang
from core.memory import Info
from personas.models import Difficulty, Localized


class Direction(StrEnum):
    OUTBOUND = "outbound"  # the trainee places the call; the persona answers and speaks first
    INBOUND = "inbound"    # the persona calls; the trainee answers and speaks first


class Brief(BaseModel):
    """What the trainee is told before the call."""

    model_config = ConfigDict(extra="forbid")
    you_are: Localized = Field(description="who you are")
    company: Localized = Field(description="your company")
    goal: Localized = Field(description="what you want from this call")
    situation: Localized = Field(description="what you know before the call")


class Objective(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: Localized
    success_signal: Localized = Field(description="how success is recognised")


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = 1
    title: Localized
    summary: Localized = Field(description="one-line description, also written into call records")
    persona: str
    direction: Direction
    difficulty: Difficulty = Difficulty.MEDIUM
    languages: list[Lang] = Field(default_factory=lambda: list(Lang), min_length=1)
    rubric: str = "default"
    target_seconds: int = Field(180, gt=0, description="target call length")
    brief: Brief
    objective: Objective
    slots: dict[Lang, dict[str, str]] = Field(default_factory=dict, description="values for {slots}")
    opening_line: dict[Lang, list[str]] = Field(
        default_factory=dict, description="overrides the persona's first line(s) for this scenario"
    )
    source: str = Field("", description="which seed script the scenario is built on")
    listen_for: dict[Info, dict[Lang, list[str]]] = Field(
        default_factory=dict,
        description="words that show the trainee gave a piece of information in this scenario (its purpose, "
                    "the person asked for, the remedy): the call memory's second look at a turn",
    )

    @model_validator(mode="after")
    def _languages_covered(self) -> Scenario:
        for field_name in ("title", "summary"):
            missing = [lang for lang in self.languages if lang not in getattr(self, field_name)]
            if missing:
                raise ValueError(f"{field_name}: missing languages {', '.join(missing)}")
        return self
