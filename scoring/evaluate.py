"""Agreement with expert labels: ``NAME.json`` scored, compared with ``NAME.labels.json``.

Agreement counts *applicable* verdicts: those where the expert or the scorer (or both) said met or
not met; both saying n/a is left out, so a rubric cannot look good by skipping criteria. Pairs are
calls sharing a ``pair`` id with different overall labels; a pair is ranked correctly when the
better-labelled call gets the higher total.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from core.errors import AppError
from scoring.callio import LoadedCall, load_call
from scoring.judge import Judge
from scoring.rubric import Rubric
from scoring.scorecard import Scorecard
from scoring.scorer import score_call_async

RANK = {"poor": 0, "fair": 1, "good": 2}


class Labels(BaseModel):
    id: str
    pair: str = ""
    overall: Literal["good", "fair", "poor"]
    criteria: dict[str, Literal["met", "not_met", "n/a"]]


class Tally(BaseModel):
    agree: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.agree / self.total, 3) if self.total else None

    def add(self, same: bool) -> None:
        self.agree += same
        self.total += 1


class CaseResult(BaseModel):
    id: str
    language: str
    pair: str
    label: str
    predicted_label: str
    overall: int
    passed: bool
    disagreements: dict[str, str] = Field(default_factory=dict, description="criterion → 'label/scored'")
    seconds: float


class EvalReport(BaseModel):
    judge: str
    rubric: str
    cases: list[CaseResult]
    per_criterion: dict[str, Tally]
    per_language: dict[str, Tally]
    total: Tally
    pairs_correct: int
    pairs_total: int
    overall_labels_agree: int

    def summary(self) -> dict[str, object]:
        return {
            "agreement": self.total.rate,
            "per_language": {k: v.rate for k, v in sorted(self.per_language.items())},
            "per_criterion": {k: v.rate for k, v in self.per_criterion.items()},
            "pairs": f"{self.pairs_correct}/{self.pairs_total}",
            "overall_labels": f"{self.overall_labels_agree}/{len(self.cases)}",
        }


def predicted_label(card: Scorecard, ids: set[str]) -> str:
    """The labelling rule: good = at most 2 criteria not met, fair = 3–5, poor = 6 or more."""
    misses = sum(1 for cid in card.not_met() if cid in ids)
    return "good" if misses <= 2 else "fair" if misses <= 5 else "poor"


def _load_cases(folder: Path) -> list[tuple[Labels, LoadedCall]]:
    label_files = sorted(folder.glob("*.labels.json"))
    if not label_files:
        raise AppError(f"no *.labels.json files in {folder}", "point eval at a folder of NAME.json + NAME.labels.json")
    cases = []
    for lf in label_files:
        labels = Labels.model_validate_json(lf.read_text(encoding="utf-8"))
        cases.append((labels, load_call(lf.with_name(lf.name.replace(".labels.json", ".json")))))
    return cases


async def evaluate_cases(
    pairs: list[tuple[Labels, LoadedCall]], rubric: Rubric, judge: Judge | None = None
) -> EvalReport:
    per_criterion: dict[str, Tally] = defaultdict(Tally)
    per_language: dict[str, Tally] = defaultdict(Tally)
    total = Tally()
    cases: list[CaseResult] = []
    for labels, call in pairs:
        began = time.perf_counter()
        card = await score_call_async(call, rubric, judge)
        seconds = time.perf_counter() - began
        disagreements = {}
        for cid, label in labels.criteria.items():
            scored = card.criteria[cid].verdict.value if cid in card.criteria else "n/a"
            if label == "n/a" and scored == "n/a":
                continue
            same = label == scored
            per_criterion[cid].add(same)
            per_language[call.lang.family].add(same)
            total.add(same)
            if not same:
                disagreements[cid] = f"{label}/{scored}"
        cases.append(CaseResult(
            id=labels.id, language=call.lang.value, pair=labels.pair, label=labels.overall,
            predicted_label=predicted_label(card, set(labels.criteria)), overall=card.overall, passed=card.passed,
            disagreements=disagreements, seconds=round(seconds, 3),
        ))
    pairs_correct, pairs_total = _rank_pairs(cases)
    return EvalReport(
        judge=judge.name if judge else "none", rubric=rubric.version_tag, cases=cases,
        per_criterion=dict(per_criterion), per_language=dict(per_language), total=total,
        pairs_correct=pairs_correct, pairs_total=pairs_total,
        overall_labels_agree=sum(c.label == c.predicted_label for c in cases),
    )


def _rank_pairs(cases: list[CaseResult]) -> tuple[int, int]:
    correct = total = 0
    by_pair: dict[str, list[CaseResult]] = defaultdict(list)
    for c in cases:
        if c.pair:
            by_pair[c.pair].append(c)
    for members in by_pair.values():
        for a, b in combinations(members, 2):
            if RANK[a.label] == RANK[b.label]:
                continue
            better, worse = (a, b) if RANK[a.label] > RANK[b.label] else (b, a)
            total += 1
            correct += better.overall > worse.overall
    return correct, total


def evaluate(folder: Path, rubric: Rubric, judge: Judge | None = None) -> EvalReport:
    return asyncio.run(evaluate_cases(_load_cases(folder), rubric, judge))


def report_json(report: EvalReport) -> str:
    data = {**report.summary(), "judge": report.judge, "rubric": report.rubric,
            "cases": [c.model_dump() for c in report.cases]}
    return json.dumps(data, ensure_ascii=False, indent=2)
