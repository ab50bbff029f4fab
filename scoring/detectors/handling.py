"""Handling the other side: empathy, ownership of a complaint, not arguing, hold etiquette."""

from __future__ import annotations

from core.acts import Act
from core.record import Speaker
from scoring.context import CallContext, Sentence, TurnView
from scoring.cues import Cue
from scoring.detectors.base import Finding, detector, met, not_met
from scoring.rubric import Criterion, Situation
from scoring.situations import PERSONA_HINTS


def _first_sentence(view: TurnView | None) -> Sentence | None:
    return view.sentences[0] if view is not None and view.sentences else None


@detector("empathy")
def empathy(ctx: CallContext, crit: Criterion) -> Finding:
    """The reply to a moment of emotion or time pressure acknowledges it. Empathy elsewhere in the
    call does not count by itself ("sorry to hear that" about something else)."""
    # An angry persona (known from her id) is upset throughout, whatever her words.
    angry = PERSONA_HINTS[Situation.EMOTION] in ctx.call.record.persona
    moments = ctx.persona if angry else ctx.persona_cue_turns(Cue.EMOTION, Cue.PRESSURE, Cue.NOT_LISTENING)
    for p in moments:
        reply = ctx.after(p.index, Speaker.TRAINEE)
        if reply is None:
            continue
        if Act.EMPATHY in reply.acts.acts:
            return met(ctx.act_sentence(reply, Act.EMPATHY))
        if (named := _names_the_feeling(ctx, p, reply)) is not None:
            return met(named)
    elsewhere = ctx.first_act(Act.EMPATHY)
    first_reply = ctx.after(moments[0].index, Speaker.TRAINEE) if moments else None
    return not_met(_first_sentence(first_reply), elsewhere, certain=elsewhere is None,
                   note="the other side's feelings or hurry went unacknowledged")


def _names_the_feeling(ctx: CallContext, said: TurnView, reply: TurnView) -> Sentence | None:
    """The reply names the feeling the other side voiced ("worried", 担心) and shows understanding
    ("I understand", 我理解): acknowledged, even in words the lexicon lacks. "不用担心" alone is not."""
    if Act.LISTENING not in reply.acts.acts:
        return None
    feelings = [f for f in ctx.cues.findall(Cue.EMOTION, said.norm) if len(f) <= 12]
    return next((s for s in reply.sentences if any(f in s.norm for f in feelings)), None)


def _timed_action(ctx: CallContext) -> Sentence | None:
    """A trainee sentence that commits to an action with a clock time or deadline."""
    for view in ctx.trainee:
        committed = bool(view.acts.acts & {Act.OWNERSHIP, Act.OFFER_SOLUTION, Act.PROPOSE_TIME})
        for s in view.sentences:
            if ctx.cues.has(Cue.CLOCK_TIME, s.norm) and (committed or ctx.cues.has(Cue.ACTION, s.norm)):
                return s
    return None


@detector("ownership")
def ownership(ctx: CallContext, crit: Criterion) -> Finding:
    """A complaint needs all three: an apology, taking responsibility, a concrete action with a time."""
    apology = ctx.first_act(Act.APOLOGY)
    owned = ctx.first_act(Act.OWNERSHIP) or ctx.first_act(Act.OFFER_SOLUTION)
    action = _timed_action(ctx)
    if apology and owned and action:
        return met(apology, owned, action)
    missing = [name for name, part in (("an apology", apology), ("taking responsibility", owned),
                                       ("an action with a time", action)) if part is None]
    return not_met(apology, owned, note="missing " + ", ".join(missing))


@detector("no_arguing")
def no_arguing(ctx: CallContext, crit: Criterion) -> Finding:
    """"Yes, but…", blaming the other side or the customer, contradicting them."""
    found = ctx.all_acts(Act.YES_BUT) + ctx.all_acts(Act.BLAME)
    # Pressing on after the other side said no ("就明天…你到底来不来?") is arguing too.
    for p in ctx.persona:
        reply = ctx.after(p.index, Speaker.TRAINEE)
        if reply is not None and ctx.refused(p) and (pushed := ctx.act_sentence(reply, Act.PRESSURE)) is not None:
            found.append(pushed)
    if found:
        return not_met(*found[:3], note="argued, contradicted or blamed")
    # A reply to a protest that neither acknowledges nor apologises may be a contradiction in other words.
    unheard = [r for p in ctx.persona_cue_turns(Cue.EMOTION, Cue.COMPLAINT, Cue.NOT_LISTENING)
               if (r := ctx.after(p.index, Speaker.TRAINEE)) is not None
               and not r.acts.acts & {Act.LISTENING, Act.EMPATHY, Act.APOLOGY, Act.PARAPHRASE}]
    return met(note="no arguing, blaming or 'yes, but' found", certain=not unheard)


def _last_before(ctx: CallContext, at: float) -> TurnView | None:
    return next((t for t in reversed(ctx.trainee) if t.turn.start < at), None)


def _first_after(ctx: CallContext, at: float) -> TurnView | None:
    return next((t for t in ctx.trainee if t.turn.start >= at), None)


@detector("hold_etiquette")
def hold_etiquette(ctx: CallContext, crit: Criterion) -> Finding:
    """Each hold the trainee starts: permission asked, a reason or duration given, thanks afterwards.
    A curt "Hang on." fails it."""
    evidence: list[Sentence | None] = []
    for start, end in ctx.holds:
        before, after = _last_before(ctx, start), _first_after(ctx, end)
        if before is None:
            return not_met(note="put the other side on hold without a word")
        holding = Act.HOLD_REQUEST in before.acts.acts
        asking = [s for s in before.sentences if holding or ctx.cues.has(Cue.HOLD_ASK, s.norm)]
        ask = asking[-1] if asking else before.sentences[-1] if before.sentences else None
        if Act.CURT in before.acts.acts or ask is None:
            return not_met(ask, note="a curt hold with no permission asked")
        permission = any(s.text.rstrip().endswith(("?", "？", "吗", "好吗")) for s in asking)
        why = any(ctx.cues.has(Cue.DURATION, s.norm) or ctx.cues.has(Cue.REASON, s.norm) for s in before.sentences)
        thanked = after is not None and Act.THANKS in after.acts.acts
        thanks = ctx.act_sentence(after, Act.THANKS) if thanked and after is not None else None
        if not (permission and why and thanked):
            missing = [n for n, ok in (("permission", permission), ("a reason or duration", why),
                                       ("thanks afterwards", thanked)) if not ok]
            return not_met(ask, thanks, note="hold without " + ", ".join(missing))
        evidence += [ask, thanks]
    return met(*evidence)
