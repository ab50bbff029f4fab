"""Which situations a call holds (outbound or inbound, a complaint, emotion, a hold, details exchanged, timing,
audio, rings, who hung up): a criterion applies only where all the situations it names hold."""

from __future__ import annotations

from scoring.context import CallContext
from scoring.cues import Cue
from scoring.rubric import Situation
from scoring.specifics import details_exchanged

# Persona ids that settle a situation even when her words carry no cue (an angry caller may be terse).
PERSONA_HINTS = {Situation.COMPLAINT: "complain", Situation.EMOTION: "angry"}


def call_situations(ctx: CallContext) -> set[Situation]:
    rec = ctx.call.record
    found = {Situation.OUTBOUND if ctx.outbound else Situation.INBOUND}
    found |= {s for s, hint in PERSONA_HINTS.items() if hint in rec.persona}
    if ctx.persona_cue_turns(Cue.COMPLAINT):
        found.add(Situation.COMPLAINT)
    if ctx.persona_cue_turns(Cue.EMOTION, Cue.PRESSURE, Cue.NOT_LISTENING):
        found.add(Situation.EMOTION)
    if ctx.holds:
        found.add(Situation.HOLD)
    if details_exchanged(ctx):
        found.add(Situation.DETAILS)
    if rec.channel in ("voice", "upload"):
        found.add(Situation.TIMED)
    if ctx.call.audio is not None:
        found.add(Situation.AUDIO)
    if "rings_before_answer" in ctx.metrics:
        found.add(Situation.RINGS)
    if "trainee_hung_up_first" in ctx.metrics:
        found.add(Situation.HANGUP)
    return found
