"""What every detector shares: the verdict, the finding (evidence + certainty) and the registering decorator.

A finding carries the verdict, the trainee's own words as evidence and whether the code is sure.
``certain=False`` marks the cases a rule cannot settle (an unusual phrasing, a borderline count):
criteria configured with ``judge: uncertain`` hand exactly those to the LLM judge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scoring.context import CallContext, Sentence
    from scoring.quotes import Span
    from scoring.rubric import Criterion


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NA = "n/a"


@dataclass
class Finding:
    verdict: Verdict
    evidence: list[Span] = field(default_factory=list)
    note: str = ""
    certain: bool = True


Detector = Callable[["CallContext", "Criterion"], Finding]
REGISTRY: dict[str, Detector] = {}


def detector(name: str) -> Callable[[Detector], Detector]:
    def register(fn: Detector) -> Detector:
        REGISTRY[name] = fn
        return fn

    return register


def spans(*sentences: Sentence | None) -> list[Span]:
    """Evidence from sentences, skipping Nones and repeats, in call order."""
    seen: dict[tuple[int, int], Span] = {}
    for s in sentences:
        if s is not None:
            seen.setdefault((s.turn, s.start), s.span())
    return [seen[k] for k in sorted(seen)]


def met(*evidence: Sentence | None, note: str = "", certain: bool = True) -> Finding:
    return Finding(Verdict.MET, spans(*evidence), note, certain)


def not_met(*evidence: Sentence | None, note: str = "", certain: bool = True) -> Finding:
    return Finding(Verdict.NOT_MET, spans(*evidence), note, certain)
