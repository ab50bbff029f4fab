"""Persona files (``personas/*.yaml``): who she is, her hidden state and the rules that move it,
her stages and endings, her fact sheet, and per language the authored lines directed mode speaks.

State numbers live in code; prompts and line keys only ever see bands (low / mid / high).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from core.acts import Act
from core.languages import Lang
from core.memory import Info
from core.yamlio import Strict

REQUIRED_STATE = ("mood", "patience", "trust")
SLOT_RE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def fill_slots(line: str, slots: dict[str, str]) -> str | None:
    """A ``{slot}`` line (the persona's banks, the rubric's better lines) filled, or None if a slot has no
    value. A line that starts with a slot ("{heard_purpose}, right.") starts with a capital like any sentence."""
    names = SLOT_RE.findall(line)
    if any(not slots.get(n) for n in names):
        return None
    filled = SLOT_RE.sub(lambda m: slots[m.group(1)], line)
    return filled[:1].upper() + filled[1:] if line.startswith("{") else filled


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class Band(StrEnum):
    LOW = "low"
    MID = "mid"
    HIGH = "high"


Localized = dict[Lang, str]
"""A text in each language: ``{en: ..., zh-CN: ..., zh-TW: ..., id: ...}``."""


class Condition(Strict):
    """A gate over the hidden state and the trainee's acts; every given part must hold.

    ``min`` / ``max``: state thresholds (inclusive). ``acts_any``: one of these acts in this turn.
    ``acts_seen_all``: each of these acts somewhere in the call so far (this turn included).
    ``acts_seen_any``: at least one of these somewhere in the call. ``act_count_min``: an act seen at
    least N times in the call. ``turn_min``: at least N trainee turns so far. ``facts_revealed``:
    facts she has already given.
    """

    min: dict[str, int] = Field(default_factory=dict)
    max: dict[str, int] = Field(default_factory=dict)
    acts_any: list[Act] = Field(default_factory=list)
    acts_seen_all: list[Act] = Field(default_factory=list)
    acts_seen_any: list[Act] = Field(default_factory=list)
    act_count_min: dict[Act, int] = Field(default_factory=dict)
    turn_min: int = 0
    facts_revealed: list[str] = Field(default_factory=list)


class DifficultyLevel(Strict):
    """How a difficulty level shifts the persona: start values, effect scaling and decay."""

    initial: dict[str, int] = Field(default_factory=dict, description="added to the initial state")
    positive: float = Field(1.0, gt=0, description="multiplier on state gains")
    negative: float = Field(1.0, gt=0, description="multiplier on state losses")
    decay: float = Field(1.0, ge=0, description="multiplier on per-turn decay")
    threshold: int = Field(0, description="added to every success gate's min thresholds")


class StateModel(Strict):
    initial: dict[str, Annotated[int, Field(ge=0, le=100)]]
    decay: dict[str, int] = Field(default_factory=dict, description="lost every trainee turn")

    @field_validator("initial")
    @classmethod
    def _required(cls, v: dict[str, int]) -> dict[str, int]:
        missing = [k for k in REQUIRED_STATE if k not in v]
        if missing:
            raise ValueError(f"initial state must include {', '.join(missing)}")
        return v


class Stage(Strict):
    """A phase of the call. Stages only move forward: to the furthest next stage whose ``enter`` holds."""

    id: str
    enter: Condition = Field(default_factory=Condition)
    describe: str = Field("", description="what she is doing in this stage (free-mode prompt)")
    asks: list[Info] = Field(default_factory=list, description="what this stage's lines ask the trainee for")


class Ending(Strict):
    """An ending. ``success`` = the scenario's objective; the others end the call as failures."""

    when: Condition
    ends_call: bool = True


class Endings(Strict):
    success: Ending
    hangup: Ending = Field(description="she loses patience and hangs up")
    abuse: Ending | None = Field(None, description="she hangs up on rudeness")


class Fact(Strict):
    """Something she knows and may reveal, once, when ``reveal_when`` holds."""

    id: str
    value: Localized
    reveal_when: Condition


class Voice(Strict):
    edge: str = Field(description="edge-tts voice name")
    offline: str = Field("", description="offline TTS voice (piper voice id or espeak-ng voice)")


class LineBank(Strict):
    """Authored lines for one language. Every list holds variants; one is drawn per use.

    Keys of ``stage`` are stage ids; keys of ``react`` are acts. A value is either a list (any band)
    or a mapping band → list (band of ``mood``). Lines may use ``{slots}``: the persona's and the
    scenario's slots, fact ids, ``trainee_name`` and ``trainee_company``.
    """

    open: list[str] = Field(min_length=2, description="her first line")
    stage: dict[str, list[str] | dict[Band, list[str]]]
    react: dict[Act, list[str] | dict[Band, list[str]]]
    facts: dict[str, list[str]] = Field(default_factory=dict, description="lines revealing a fact")
    success: list[str] = Field(min_length=2, description="she concedes: objective reached")
    after_success: list[str] = Field(min_length=2, description="stage lines once the objective is reached")
    hangup: list[str] = Field(min_length=2, description="patience ran out")
    abuse: list[str] = Field(default_factory=list, description="hangs up on rudeness")
    goodbye: list[str] = Field(min_length=2, description="answer to the trainee's goodbye")
    deflect: list[str] = Field(min_length=2, description="in-character answer to 'are you an AI' etc.")
    clarify: list[str] = Field(min_length=2, description="nothing recognised: a short prompt to go on")
    limit: list[str] = Field(min_length=1, description="the call ran past its turn limit")

    def all_lines(self) -> list[str]:
        """Every authored line in the bank, whatever its section, key or band."""
        out: list[str] = []
        stack: list[object] = [self.model_dump()]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(item.values())
        return out


class Persona(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = 1
    name: Localized = Field(description="her name as she says it, per language")
    role: Localized
    organisation: Localized
    background: Localized
    goals: Localized
    speaking_style: Localized
    gender: str = Field(pattern="^(female|male)$")
    trainee_role: Localized = Field(description="who the trainee is to her (support agent, seller…)")
    voices: dict[Lang, Voice]
    difficulty: dict[Difficulty, DifficultyLevel]
    state: StateModel
    effects: dict[Act, dict[str, int]] = Field(description="act → state deltas")
    react_priority: list[Act] = Field(description="which act she reacts to first when several occur")
    stages: list[Stage] = Field(min_length=1)
    endings: Endings
    facts: list[Fact] = Field(default_factory=list)
    slots: dict[Lang, dict[str, str]] = Field(default_factory=dict, description="fixed slot values")
    band_on: str = Field("mood", description="state variable whose band picks banded lines")
    max_turns: int = Field(20, ge=4)
    lines: dict[Lang, LineBank]

    @model_validator(mode="after")
    def _consistent(self) -> Persona:
        problems: list[str] = []
        state_keys = set(self.state.initial)
        stage_ids = [s.id for s in self.stages]
        fact_ids = {f.id for f in self.facts}
        for act, deltas in self.effects.items():
            problems += [f"effects.{act}: unknown state variable {k!r}" for k in deltas if k not in state_keys]
        for lang in Lang:
            if lang not in self.lines:
                problems.append(f"lines: missing language {lang}")
                continue
            bank = self.lines[lang]
            problems += [f"lines.{lang}.stage: missing stage {s!r}" for s in stage_ids if s not in bank.stage]
            problems += [f"lines.{lang}.stage: unknown stage {s!r}" for s in bank.stage if s not in stage_ids]
            problems += [f"lines.{lang}.facts: unknown fact {f!r}" for f in bank.facts if f not in fact_ids]
            problems += [f"lines.{lang}.facts: no line for fact {f!r}" for f in fact_ids if f not in bank.facts]
        for f in self.facts:
            problems += [f"facts.{f.id}.value: missing language {lang}" for lang in Lang if lang not in f.value]
        if problems:
            raise ValueError("; ".join(problems))
        return self


class CommonBank(Strict):
    """``personas/shared/common.yaml``: fallback effects and reactions shared by every persona."""

    effects: dict[Act, dict[str, int]] = Field(default_factory=dict)
    react: dict[Act, dict[Lang, list[str]]] = Field(default_factory=dict)
    confirm: dict[Info, dict[Lang, list[str]]] = Field(
        default_factory=dict,
        description="what she says instead of a stage line that would ask again for something she was told "
                    "({heard_<info>} is what she heard)",
    )
    narrow: dict[Info, dict[Lang, list[str]]] = Field(
        default_factory=dict,
        description="a question she asks when she could not make out a turn, built on what she heard",
    )
