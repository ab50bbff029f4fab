"""Rubric files (``scoring/rubrics/*.yaml``): criteria, weights, applicability, detectors, feedback lines.

A rubric is data. A trainer adds a criterion by writing YAML: pick a built-in detector for the 17
standard criteria, or a generic one (``metric``, ``acts_present``, ``acts_absent``,
``phrases_present``, ``phrases_absent``, ``judge``) and give its settings; no code changes.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from core.acts import Act
from core.errors import ContentError, ContentProblem, NotFoundError
from core.languages import Lang, to_traditional_tw
from core.yamlio import Strict, load_model
from scoring.metrics import METRIC_NAMES

RUBRIC_DIR = Path(__file__).parent / "rubrics"


class Category(StrEnum):
    TONE = "tone"
    STRUCTURE = "structure"
    ETIQUETTE = "etiquette"


class Situation(StrEnum):
    """Conditions a criterion can require before it applies (all listed ones must hold)."""

    OUTBOUND = "outbound"    # the trainee placed the call
    INBOUND = "inbound"      # the trainee answered
    COMPLAINT = "complaint"  # the other side complains about the trainee's organisation
    EMOTION = "emotion"      # the other side shows emotion or time pressure
    HOLD = "hold"            # the trainee put the other side on hold
    DETAILS = "details"      # specifics (numbers, names, dates, agreed requests) were exchanged
    TIMED = "timed"          # real speech timing: a voice call or an uploaded recording
    AUDIO = "audio"          # a recording of the trainee is available
    RINGS = "rings"          # ring events were recorded before the trainee answered
    HANGUP = "hangup"        # the record says who hung up


class JudgeUse(StrEnum):
    NEVER = "never"          # code decides alone
    UNCERTAIN = "uncertain"  # the judge decides when the code detector reports low confidence
    ALWAYS = "always"        # the judge decides whenever it returns verified evidence


class Target(Strict):
    min: float | None = None
    max: float | None = None

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def describe(self) -> str:
        if self.min is not None and self.max is not None:
            return f"{self.min:g}–{self.max:g}"
        return f"≤ {self.max:g}" if self.max is not None else f"≥ {self.min:g}"


Localized = dict[str, str]


def _as_lines(value: object) -> object:
    """A better line per language may be one line or variants (tried in order, see scoring.consistency)."""
    if isinstance(value, dict):
        return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
    return value


Lines = Annotated[dict[str, list[str]], BeforeValidator(_as_lines)]
"""Text per language family: ``en``, ``id``, ``zh``, and ``zh-TW`` written out (the shipped rubric has it
everywhere; a trainer's rubric without it gets ``zh`` converted to Traditional Chinese)."""


class DetectorName(StrEnum):
    """The detectors a rubric may name: one per built-in criterion, plus the generic families a trainer can use
    from YAML alone. ``scoring.detectors`` registers exactly these (a test keeps the two equal)."""

    ACTIVE_LISTENING = "active_listening"
    ACTS_ABSENT = "acts_absent"
    ACTS_PRESENT = "acts_present"
    ASK_CONVENIENCE = "ask_convenience"
    CLEAR_LANGUAGE = "clear_language"
    CLOSING = "closing"
    CONFIRM_DETAILS = "confirm_details"
    EMPATHY = "empathy"
    GREETING = "greeting"
    HOLD_ETIQUETTE = "hold_etiquette"
    HONESTY = "honesty"
    JUDGE = "judge"
    METRIC = "metric"
    NEXT_STEP = "next_step"
    NO_ARGUING = "no_arguing"
    OPEN_QUESTION = "open_question"
    OWNERSHIP = "ownership"
    PHRASES_ABSENT = "phrases_absent"
    PHRASES_PRESENT = "phrases_present"
    POLITE_LANGUAGE = "polite_language"
    SELF_INTRODUCTION = "self_introduction"
    STATE_PURPOSE = "state_purpose"
    VERIFY_PARTY = "verify_party"


class Wording(Strict):
    """A criterion's words for one call direction, where they differ (the side that answers is not asked
    to state a purpose, and a caller is not told to ask "anything else I can help with?")."""

    name: Localized = Field(default_factory=dict)
    tip: Localized = Field(default_factory=dict)
    better: Lines = Field(default_factory=dict)


class Criterion(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    category: Category
    name: Localized
    weight: float = Field(1.0, ge=0)
    applies: list[Situation] = Field(default_factory=list, description="all must hold; empty: always")
    detector: DetectorName = Field(description="built-in detector name, or a generic one")
    metrics: list[str] = Field(default_factory=list, description="metrics the detector reads (documentation)")
    metric: str = Field("", description="generic 'metric' detector: which metric")
    target: Target | None = None
    target_by_lang: dict[str, Target] = Field(default_factory=dict, description="per language family")
    acts: list[str] = Field(default_factory=list, description="acts_present / acts_absent detectors")
    phrases: dict[str, list[str]] = Field(default_factory=dict, description="phrases_* detectors, per family")
    question: str = Field("", description="what the judge is asked (judge detector, or extra guidance)")
    params: dict[str, Any] = Field(default_factory=dict)
    judge: JudgeUse = JudgeUse.NEVER
    blocker: bool = Field(False, description="not met fails the call whatever the total")
    kind: Literal["omission", "commission"] = Field("omission", description="a miss by leaving out, or by saying")
    tip: Localized = Field(default_factory=dict, description="short instruction shown for a miss")
    better: Lines = Field(default_factory=dict, description="lines the trainee could have said; {slots} from the call")
    met_by: list[str] = Field(default_factory=list, description="acts that meet it in one line (scoring.consistency)")
    for_direction: dict[Literal["outbound", "inbound"], Wording] = Field(
        default_factory=dict, description="name, tip or better line for outbound or inbound calls")

    @field_validator("detector", mode="before")
    @classmethod
    def _known_detector(cls, value: object) -> object:
        if value not in set(DetectorName):
            raise ValueError(f"unknown detector {value!r}; known: {', '.join(DetectorName)}")
        return value

    @model_validator(mode="after")
    def _needs(self) -> Criterion:
        if "en" not in self.name:
            raise ValueError("name: an English name is required")
        if self.detector == "metric" and (not self.metric or not (self.target or self.target_by_lang)):
            raise ValueError("the metric detector needs 'metric' and 'target' (or 'target_by_lang')")
        if self.metric and self.metric not in METRIC_NAMES:
            raise ValueError(f"unknown metric {self.metric!r}; known: {', '.join(sorted(METRIC_NAMES))}")
        if self.detector in ("acts_present", "acts_absent") and not self.acts:
            raise ValueError(f"the {self.detector} detector needs 'acts'")
        if self.detector in ("phrases_present", "phrases_absent") and not self.phrases:
            raise ValueError(f"the {self.detector} detector needs 'phrases'")
        unknown = [a for a in [*self.acts, *self.met_by] if a not in set(Act)]
        if unknown:
            raise ValueError(f"unknown acts {unknown}; known: {', '.join(Act)}")
        if self.detector == "judge" and not self.question:
            raise ValueError("the judge detector needs 'question'")
        return self

    def target_for(self, lang: Lang) -> Target | None:
        return self.target_by_lang.get(lang.family, self.target)

    def _localised(self, field: str, lang: Lang, direction: str | None) -> str | list[str]:
        texts = getattr(self, field)
        own = self.for_direction.get(direction) if direction in ("outbound", "inbound") else None  # type: ignore[call-overload]
        if own is not None and getattr(own, field):
            texts = getattr(own, field)
        if lang is Lang.ZH_TW and "zh-TW" in texts:
            return texts["zh-TW"]  # type: ignore[no-any-return]
        if lang.family in texts:
            value = texts[lang.family]
            if lang is not Lang.ZH_TW:
                return value  # type: ignore[no-any-return]
            return [to_traditional_tw(v) for v in value] if isinstance(value, list) else to_traditional_tw(value)
        return texts.get("en", "")  # type: ignore[no-any-return]

    def text(self, field: str, lang: Lang, direction: str | None = None) -> str:
        """A localised feedback text: the call's language, else English; the direction's own words first."""
        value = self._localised(field, lang, direction)
        return value[0] if isinstance(value, list) else value

    def better_lines(self, lang: Lang, direction: str | None = None) -> list[str]:
        value = self._localised("better", lang, direction)
        return value if isinstance(value, list) else [value] if value else []


class CategorySpec(Strict):
    name: Localized
    weight: float = Field(1.0, ge=0)


class Rubric(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)
    name: Localized
    pass_mark: float = Field(80, ge=0, le=100)
    categories: dict[Category, CategorySpec]
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_and_declared(self) -> Rubric:
        seen: set[str] = set()
        for c in self.criteria:
            if c.id in seen:
                raise ValueError(f"criterion {c.id!r} appears twice")
            seen.add(c.id)
            if c.category not in self.categories:
                raise ValueError(f"criterion {c.id!r}: category {c.category} is not declared under categories")
        return self

    @property
    def version_tag(self) -> str:
        return f"{self.id}@{self.version}"

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise NotFoundError(f"rubric {self.id!r} has no criterion {criterion_id!r}")


def rubric_path(name_or_path: str) -> Path:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml"):
        return path
    return RUBRIC_DIR / f"{name_or_path}.yaml"


@cache
def load_rubric(name_or_path: str = "default") -> Rubric:
    """Load a rubric by id (``scoring/rubrics/<id>.yaml``) or by file path; errors name file and line."""
    path = rubric_path(name_or_path)
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in RUBRIC_DIR.glob("*.yaml")))
        raise NotFoundError(f"no rubric {name_or_path!r} (known: {known})")
    rubric = load_model(path, Rubric)
    if path.parent == RUBRIC_DIR and rubric.id != path.stem:
        raise ContentError([ContentProblem(file=str(path), line=1, field="id", message="must match the file name")])
    return rubric
