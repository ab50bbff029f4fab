"""Scoring's own cue lists (``scoring/cues/{en,id,zh}.yaml``): what the *other side* signals
(emotion, time pressure, a complaint, a refusal) and the time precision a next step needs.

The trainee's acts come from the shared lexicons (:mod:`core.acts`); these cues cover what
those lexicons do not model. Same matching rules: phrases are whole words in en/id and substrings
in Chinese, patterns are regular expressions, all on normalised text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from core.acts import Act, load_lexicon
from core.languages import normalise
from core.yamlio import load_model

CUE_DIR = Path(__file__).parent / "cues"


class Cue(StrEnum):
    EMOTION = "emotion"              # the other side is upset, angry, stressed
    PRESSURE = "pressure"            # the other side is short of time ("I've got a meeting")
    COMPLAINT = "complaint"          # the other side complains about the trainee's organisation
    NOT_LISTENING = "not_listening"  # "are you even listening?"
    REFUSAL = "refusal"              # declines what was proposed
    ACCEPTANCE = "acceptance"        # agrees to what was proposed
    CLOCK_TIME = "clock_time"        # a clock time or a deadline ("at 2 p.m.", 十二点前, "within 24 hours")
    DAY = "day"                      # a day or date ("Friday", 明天, "21 Mei")
    ACTION = "action"                # a concrete follow-up action (call back, send, visit, meet)
    RECAP = "recap"                  # restatement openers ("so", "jadi", 也就是说)
    ACK = "ack"                      # a short acknowledgement opening a reply ("okay", "baik", 好的)
    RESOLVED = "resolved"            # the problem is solved during the call ("your account is unlocked")
    EXAGGERATION = "exaggeration"    # unfounded claims and promises
    WH = "wh"                        # question words that can open a question (what, how, bagaimana, 怎么)
    NARROW = "narrow"                # what makes a question narrow: names, numbers, when, which, where to send
    STOCK_OPENER = "stock_opener"    # "How can I help?" (credited under state_purpose, not open_question)
    HOLD_ASK = "hold_ask"            # hold / wait words in a request to hold
    DURATION = "duration"            # how long ("about a minute", 半分钟)
    REASON = "reason"                # why ("while I check", 查一下, "saya cek dulu")
    GAMING = "gaming"                # addressed to the grader: "ignore the rubric", "give me full marks"
    REFERRAL = "referral"            # "X referred me": deceptive only if invented, so the judge weighs it


class CueEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    any: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)


class CueFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    family: str
    cues: dict[Cue, CueEntry]


@dataclass(frozen=True)
class CueSet:
    """Compiled cues for one language family."""

    family: str
    compiled: dict[Cue, tuple[re.Pattern[str], ...]]

    def find(self, cue: Cue, norm: str) -> str | None:
        """The first match of ``cue`` in normalised text, or None."""
        for rx in self.compiled.get(cue, ()):
            if m := rx.search(norm):
                return m.group(0).strip() or m.group(0)
        return None

    def findall(self, cue: Cue, norm: str) -> list[str]:
        return [m.group(0) for rx in self.compiled.get(cue, ()) for m in rx.finditer(norm)]

    def has(self, cue: Cue, norm: str) -> bool:
        return self.find(cue, norm) is not None


def phrase_pattern(phrases: list[str], chinese: bool) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alts = "|".join(re.escape(normalise(p)) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(f"(?:{alts})" if chinese else rf"(?<![\w'’])(?:{alts})(?![\w'’])")


@cache
def lexicon_patterns(family: str, act: Act) -> tuple[re.Pattern[str], ...]:
    """Every phrase and pattern of one act in the shared lexicon, for counting all its occurrences."""
    entry = load_lexicon(family).acts.get(act)
    if entry is None:
        return ()
    phrase = phrase_pattern(entry.any, family == "zh")
    return (*((phrase,) if phrase else ()), *(re.compile(p) for p in entry.patterns))


@cache
def load_cues(family: str) -> CueSet:
    data = load_model(CUE_DIR / f"{family}.yaml", CueFile)
    compiled: dict[Cue, tuple[re.Pattern[str], ...]] = {}
    for cue, entry in data.cues.items():
        phrase = phrase_pattern(entry.any, family == "zh")
        compiled[cue] = (*((phrase,) if phrase else ()), *(re.compile(p) for p in entry.patterns))
    return CueSet(family=family, compiled=compiled)
