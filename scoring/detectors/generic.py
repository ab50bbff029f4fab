"""Generic detectors a trainer can use from YAML alone: a metric against a target, acts or phrases
present or absent, and judge-only criteria."""

from __future__ import annotations

from core.acts import Act
from scoring.context import CallContext, Sentence, TurnView
from scoring.cues import phrase_pattern
from scoring.detectors.base import Finding, Verdict, detector, met, not_met
from scoring.rubric import Criterion


def _window(ctx: CallContext, crit: Criterion) -> list[TurnView]:
    """``params.first_turns`` / ``params.last_turns`` narrow the search to the start or end of the call."""
    turns = ctx.trainee
    if first := crit.params.get("first_turns"):
        turns = turns[: int(first)]
    if last := crit.params.get("last_turns"):
        turns = turns[-int(last):]
    return turns


@detector("metric")
def metric(ctx: CallContext, crit: Criterion) -> Finding:
    value = ctx.metric(crit.metric)
    target = crit.target_for(ctx.lang)
    if value is None or target is None:
        return Finding(Verdict.NA, note=f"{crit.metric} not measured in this call")
    note = f"{crit.metric} = {value:g} (target {target.describe()})"
    return met(note=note) if target.contains(value) else not_met(note=note)


def _act_hits(ctx: CallContext, crit: Criterion) -> list[Sentence]:
    acts = [Act(a) for a in crit.acts]
    return [s for act in acts for s in ctx.all_acts(act, _window(ctx, crit))]


def _phrase_hits(ctx: CallContext, crit: Criterion) -> list[Sentence]:
    rx = phrase_pattern(crit.phrases.get(ctx.lang.family, []), ctx.lang.is_chinese)
    if rx is None:
        return []
    return [s for v in _window(ctx, crit) for s in v.sentences if rx.search(s.norm)]


@detector("acts_present")
def acts_present(ctx: CallContext, crit: Criterion) -> Finding:
    hits = _act_hits(ctx, crit)
    return met(*hits[:2]) if hits else not_met(note=f"none of {', '.join(crit.acts)} found")


@detector("acts_absent")
def acts_absent(ctx: CallContext, crit: Criterion) -> Finding:
    hits = _act_hits(ctx, crit)
    return not_met(*hits[:3]) if hits else met(note=f"no {', '.join(crit.acts)}")


def _phrases(ctx: CallContext, crit: Criterion, *, wanted: bool) -> Finding:
    if ctx.lang.family not in crit.phrases:
        return Finding(Verdict.NA, note=f"no phrases listed for {ctx.lang.family}")
    hits = _phrase_hits(ctx, crit)
    if not hits:
        note = "none of the listed phrases used"
        return not_met(note=note) if wanted else met(note=note)
    return met(*hits[:2]) if wanted else not_met(*hits[:3])


@detector("phrases_present")
def phrases_present(ctx: CallContext, crit: Criterion) -> Finding:
    return _phrases(ctx, crit, wanted=True)


@detector("phrases_absent")
def phrases_absent(ctx: CallContext, crit: Criterion) -> Finding:
    return _phrases(ctx, crit, wanted=False)


@detector("judge")
def judge_only(ctx: CallContext, crit: Criterion) -> Finding:
    """Code has no rule for this criterion: it counts only when the LLM judge answers with evidence."""
    return Finding(Verdict.NA, note="decided by the judge only", certain=False)
