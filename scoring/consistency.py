"""Rules the finished scorecard keeps, enforced in code after the detectors and the judge, not by each
detector: a card never contradicts itself.

- **Evidence agrees with the verdict.** A criterion marked *not met* whose quote, read again clause
  by clause with the same detector, meets it is flipped to *met*; a quote that carries the very act
  the criterion asks for (the rubric's ``met_by``) but still fails it is dropped. A *commission*
  criterion (arguing, impoliteness, jargon, deception) missed keeps only the quotes that break it when
  read again on their own (with the persona's line before); if none does, it is met. Either way the
  note says why.
- **Better lines have no holes.** ``{slot}`` placeholders are filled from the call (what the trainee
  said their name, company and purpose were, the time proposed, the other side's name); a variant
  with a slot the call cannot fill is skipped, and the last variant needs none.
"""

from __future__ import annotations

import re
from dataclasses import replace

from core.acts import Act, detect_acts
from core.memory import CallMemory, Info, read_turn
from core.record import Speaker
from personas.models import fill_slots
from scoring.callio import from_data
from scoring.context import CallContext
from scoring.detectors import DETECTORS, Finding, Verdict
from scoring.quotes import Span
from scoring.rubric import Criterion

_CLAUSE = re.compile(r"(?<=[,，、;；:：?？!！。.])\s*|\s+-\s+|\s+—\s+")
PLACEHOLDER = re.compile(r"\[[^\]]*\]|\{[^}]*\}|【[^】]*】")  # a template's hole: [事项], {name}, 【姓名】
MIN_CLAUSE_CHARS = 4


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE.split(text) if len(c.strip()) >= MIN_CLAUSE_CHARS]


def _alone(ctx: CallContext, span: Span, clause: str) -> CallContext:
    """A call made of the persona line before the quote and the clause, as the trainee's only words."""
    rec = ctx.call.record
    before = next((t for t in reversed(rec.turns[:span.turn]) if t.speaker is Speaker.PERSONA), None)
    turns = [{"speaker": "persona", "text": before.text, "start": 0.0, "end": 1.0}] if before else []
    turns.append({"speaker": "trainee", "text": clause, "start": 1.5, "end": 4.0})
    data = {"id": f"{rec.id}-recheck", "language": rec.language, "persona": rec.persona,
            "direction": rec.direction, "channel": rec.channel, "turns": turns}
    return CallContext(from_data(data))


def recheck(ctx: CallContext, crit: Criterion, finding: Finding) -> Finding:
    """A *not met* finding whose own evidence meets the criterion: flip it, or drop that quote (see the
    module docstring). Omission criteria without ``met_by`` judge the whole call, not a line, and are
    left alone."""
    if finding.verdict is not Verdict.NOT_MET or not finding.evidence:
        return finding
    if crit.kind == "commission":
        return _recheck_commission(ctx, crit, finding)
    if not crit.met_by:
        return finding
    detector = DETECTORS[crit.detector]
    for span in finding.evidence:
        for clause in _clauses(span.text):
            if detector(_alone(ctx, span, clause), crit).verdict is Verdict.MET:
                why = f"re-checked: “{clause}” meets it on its own" + (f" (code first said: {finding.note})"
                                                                         if finding.note else "")
                return Finding(Verdict.MET, [span], note=why, certain=finding.certain)
    wanted = {Act(a) for a in crit.met_by}
    kept = [s for s in finding.evidence if not detect_acts(s.text, ctx.lang).acts & wanted]
    if len(kept) == len(finding.evidence):
        return finding
    dropped = "; ".join(f"“{s.text}”" for s in finding.evidence if s not in kept)
    why = f"quote dropped: {dropped} has the act but not in a way that counts"
    note = f"{finding.note}; {why}" if finding.note else why
    return replace(finding, evidence=kept, note=note)


def _recheck_commission(ctx: CallContext, crit: Criterion, finding: Finding) -> Finding:
    detector = DETECTORS[crit.detector]
    kept = [s for s in finding.evidence if detector(_alone(ctx, s, s.text), crit).verdict is not Verdict.MET]
    if len(kept) == len(finding.evidence):
        return finding
    dropped = "; ".join(f"“{s.text}”" for s in finding.evidence if s not in kept)
    earlier = f" (first said: {finding.note})" if finding.note else ""
    if not kept:
        return Finding(Verdict.MET, [], note=f"re-checked: {dropped} breaks nothing on its own{earlier}",
                       certain=finding.certain)
    return replace(finding, evidence=kept, note=f"quote dropped: {dropped} breaks nothing on its own{earlier}")


def _memory(ctx: CallContext, company: str) -> CallMemory:
    """The call's memory; a transcript or an upload has none, so it is read from the trainee's turns."""
    memory = ctx.call.record.memory
    if memory.given:
        return memory
    memory = CallMemory()
    for view in ctx.trainee:
        memory.learn(read_turn(view.turn.text, ctx.lang, view.acts.acts, view.acts.slots, company=company), view.index)
    return memory


def call_values(ctx: CallContext, persona_name: str = "", company: str = "") -> dict[str, str]:
    """What a better line may name: what the trainee said (the call's memory), else the brief and persona."""
    memory = _memory(ctx, company)
    values = {
        "trainee_name": memory.value(Info.NAME),
        "company": memory.value(Info.COMPANY) or company,
        "purpose": memory.value(Info.PURPOSE),
        "time": memory.value(Info.TIME),
        "persona_name": persona_name,
    }
    return {k: v for k, v in values.items() if v}


def fill_better(variants: list[str], values: dict[str, str]) -> str:
    """The first variant whose ``{slots}`` the call can fill, filled; empty if none can."""
    return next((filled for line in variants if (filled := fill_slots(line, values)) is not None), "")
