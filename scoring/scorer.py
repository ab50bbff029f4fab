"""Score a call: code detectors first (fast, deterministic), then optionally the LLM judge for the
criteria code hands over, then verdicts combined in code into a :class:`Scorecard`.

``assess`` gives the code part at once (a UI can show it immediately); ``finish`` folds a judge
answer in when it arrives. ``score_call`` does both.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, replace

from core.acts import Act, detect_acts
from core.errors import AppError
from core.languages import has_cjk, normalise
from scoring.callio import LoadedCall
from scoring.coaching import keep_start_stop
from scoring.consistency import PLACEHOLDER, call_values, fill_better, recheck
from scoring.context import CallContext
from scoring.cues import Cue
from scoring.detectors import DETECTORS, Finding, Verdict
from scoring.judge import PROMPT_VERSION, Judge, JudgeAnswer, JudgeItem
from scoring.quotes import Span, locate
from scoring.rubric import Criterion, JudgeUse, Rubric, Situation, load_rubric
from scoring.scorecard import CriterionResult, Moment, Scorecard, totals
from scoring.situations import call_situations
from simulator.catalog import load_catalog

MAX_BETTER_CHARS = 240


@dataclass
class Assessment:
    ctx: CallContext
    rubric: Rubric
    findings: dict[str, Finding]
    situations: set[Situation]
    seconds: float

    @property
    def gamed(self) -> bool:
        """The trainee addressed the grader or tried a prompt injection somewhere in the call."""
        return any(_steering(self.ctx, v.text) for v in self.ctx.trainee)

    def applies(self, crit: Criterion) -> bool:
        return set(crit.applies) <= self.situations

    def for_judge(self) -> list[Criterion]:
        """Applicable criteria the judge may decide: ``always`` ones, and ``uncertain`` ones code was unsure of."""
        out = []
        for crit in self.rubric.criteria:
            finding = self.findings[crit.id]
            if crit.judge is JudgeUse.NEVER or not self.applies(crit):
                continue
            if crit.judge is JudgeUse.ALWAYS or not finding.certain:
                out.append(crit)
        return out


def assess(call: LoadedCall, rubric: Rubric, target_seconds: float | None = None) -> Assessment:
    began = time.perf_counter()
    ctx = CallContext(call, target_seconds)
    situations = call_situations(ctx)
    findings: dict[str, Finding] = {}
    for crit in rubric.criteria:
        if not set(crit.applies) <= situations:
            missing = ", ".join(sorted(set(crit.applies) - situations))
            findings[crit.id] = Finding(Verdict.NA, note=f"does not apply (no {missing})")
        else:
            findings[crit.id] = DETECTORS[crit.detector](ctx, crit)
    return Assessment(ctx, rubric, findings, situations, time.perf_counter() - began)


def _steering(ctx: CallContext, text: str) -> bool:
    """A prompt injection or words addressed to the grader."""
    return Act.INJECTION in detect_acts(text, ctx.lang).acts or ctx.cues.has(Cue.GAMING, normalise(text, ctx.lang))


_QUOTED = re.compile(r"'([^']{6,})'|\"([^\"]{6,})\"|“([^”]{2,})”|「([^」]{2,})」")


def _verified(ctx: CallContext, quotes: list[str]) -> list[Span]:
    """The judge's quotes that really are the trainee's words (and not a steering attempt). A small
    model often wraps the quote ("The trainee said '…'"): then the quoted part is what is checked."""
    turns = {v.index: v.text for v in ctx.trainee}
    found = []
    for q in quotes[:3]:
        inner = [next(g for g in m.groups() if g) for m in _QUOTED.finditer(q)]
        span = next((s for s in (locate(c, turns, ctx.lang) for c in [q, *inner]) if s is not None), None)
        if span is not None and not _steering(ctx, span.text):
            found.append(span)
    return found


def _clean_better(ctx: CallContext, text: str) -> str:
    """The judge's better line, if it is a line to say (in the call's language), not a comment on it."""
    text = re.sub(r"\s+", " ", text).strip().strip('"“”')
    commentary = re.search(r"\btrainee\b|学员|peserta", text, re.IGNORECASE) is not None
    commentary = commentary or PLACEHOLDER.search(text) is not None  # a template, not a line
    wrong_script = has_cjk(text) != ctx.lang.is_chinese
    if not text or len(text) > MAX_BETTER_CHARS or commentary or wrong_script or _steering(ctx, text):
        return ""
    return text


def _moment(ctx: CallContext, span: Span) -> Moment:
    turn = ctx.turns[span.turn].turn
    length = max(len(turn.text), 1)
    dur = turn.end - turn.start
    return Moment(turn=span.turn, start=round(turn.start + dur * span.start / length, 2),
                  end=round(turn.start + dur * span.end / length, 2))


def _decide(a: Assessment, crit: Criterion, item: JudgeItem | None) -> tuple[Finding, bool, str]:
    """The verdict that stands, whether it is the judge's, and the judge's better line."""
    code = a.findings[crit.id]
    asked = item is not None and crit in a.for_judge()
    if not asked or item is None or item.verdict == "n/a":
        return code, False, ""
    if a.gamed and item.verdict == "met" and code.verdict is Verdict.NOT_MET:
        # After an attempt to steer the grader, the judge may only be stricter than code, never kinder.
        note = (code.note + "; " if code.note else "") + "judge ignored: the call tries to steer the grader"
        return replace(code, note=note), False, ""
    quotes = _verified(a.ctx, item.evidence)
    if not quotes:
        note = (code.note + "; " if code.note else "") + "judge gave no verifiable quote, code verdict kept"
        return replace(code, note=note), False, ""
    return Finding(Verdict(item.verdict), quotes, note="decided by the judge"), True, _clean_better(a.ctx, item.better)


def finish(a: Assessment, answer: JudgeAnswer | None = None, judge_name: str = "none") -> Scorecard:
    ctx, rubric, lang = a.ctx, a.rubric, a.ctx.call.display_lang
    direction = ctx.call.record.direction
    values = _call_values(ctx)
    results: dict[str, CriterionResult] = {}
    for crit in rubric.criteria:
        finding, by_judge, judge_better = _decide(a, crit, answer.items.get(crit.id) if answer else None)
        checked = recheck(ctx, crit, finding)
        by_judge = by_judge and checked is finding
        finding = checked
        better = ""
        if finding.verdict is Verdict.NOT_MET:
            better = (judge_better or fill_better(crit.better_lines(lang, direction), values)
                      or crit.text("tip", lang, direction))
        results[crit.id] = CriterionResult(
            id=crit.id, name=crit.text("name", lang, direction), category=str(crit.category), verdict=finding.verdict,
            evidence=[s.text for s in finding.evidence], moments=[_moment(ctx, s) for s in finding.evidence],
            better=better, source="judge" if by_judge else "code", note=finding.note, weight=crit.weight,
            blocker=crit.blocker,
        )
    overall, passed, blocked, categories = totals(rubric, results)
    timings = {"code_s": round(a.seconds, 3)}
    if answer is not None:
        timings["judge_s"] = round(answer.seconds, 3)
    return Scorecard(
        call_id=ctx.call.record.id, language=ctx.lang.value, rubric=rubric.version_tag,
        prompt_version=PROMPT_VERSION if answer is not None else None, judge=judge_name,
        judge_error=answer.error if answer else "", overall=overall, passed=passed, pass_mark=rubric.pass_mark,
        blocked_by=blocked, categories=categories, criteria=results,
        metrics={**ctx.metrics, **ctx.audio_metrics}, feedback=keep_start_stop(rubric, results, lang, direction),
        timings=timings,
    )


def _call_values(ctx: CallContext) -> dict[str, str]:
    """Names a better line may use: the call's memory, else the scenario's brief and the persona file."""
    rec, lang = ctx.call.record, ctx.call.display_lang
    persona_name = company = ""
    try:
        catalog = load_catalog()
        if rec.persona in catalog.personas:
            persona_name = catalog.persona(rec.persona).name.get(lang, "")
        if rec.scenario_id in catalog.scenarios:
            company = catalog.scenario(rec.scenario_id).brief.company.get(lang, "")
    except AppError:  # a broken catalogue: better lines fall back to the variants that need no names
        pass
    return call_values(ctx, persona_name=persona_name, company=company)


def scenario_target(call: LoadedCall) -> float | None:
    """The call's target length from its scenario file, when the record names one that exists."""
    if not call.record.scenario_id:
        return None
    try:
        return float(load_catalog().scenario(call.record.scenario_id).target_seconds)
    except AppError:  # an unknown or broken scenario: the record's own target or the default applies
        return None


async def score_call_async(call: LoadedCall, rubric: Rubric | None = None, judge: Judge | None = None,
                           target_seconds: float | None = None) -> Scorecard:
    rubric = rubric or load_rubric(call.record.rubric or "default")
    a = assess(call, rubric, target_seconds or scenario_target(call))
    if judge is None:
        return finish(a)
    answer = await judge.ask(call, a.for_judge())
    return finish(a, answer, judge.name)


def score_call(call: LoadedCall, rubric: Rubric | None = None, judge: Judge | None = None,
               target_seconds: float | None = None) -> Scorecard:
    return asyncio.run(score_call_async(call, rubric, judge, target_seconds))
