"""How the call ends: a concrete next step, and a proper closing."""

from __future__ import annotations

from core.acts import Act
from core.record import Speaker
from scoring.context import CallContext, Sentence
from scoring.cues import Cue, phrase_pattern
from scoring.detectors.base import Finding, detector, met, not_met
from scoring.rubric import Criterion

_COMMITTING = {Act.PROPOSE_TIME, Act.OFFER_SOLUTION, Act.OWNERSHIP, Act.ASK_TIME}


@detector("next_step")
def next_step(ctx: CallContext, crit: Criterion) -> Finding:
    """A meeting or callback with a time, or an action with a deadline, that the other side did not
    turn down. "Sometime next week", "下周再打", "you'll get a text" are not next steps; a day with no
    time is left to the judge."""
    turned_down: Sentence | None = None
    day_only: Sentence | None = None
    for view in ctx.trainee:
        committed = bool(view.acts.acts & _COMMITTING)
        reply = ctx.after(view.index, Speaker.PERSONA)
        accepted = reply is not None and not ctx.refused(reply) and ctx.cues.has(Cue.ACCEPTANCE, reply.norm)
        for s in view.sentences:
            # A time counts when the trainee commits to an action with it, or proposes it and the other side agrees.
            if not (committed or accepted or ctx.cues.has(Cue.ACTION, s.norm)):
                continue
            if not ctx.cues.has(Cue.CLOCK_TIME, s.norm):
                if ctx.cues.has(Cue.DAY, s.norm):
                    day_only = day_only or s
                continue
            if reply is not None and ctx.refused(reply):
                turned_down = turned_down or s
                continue
            return met(s)
    if (solved := _resolved(ctx)) is not None:
        return met(solved, note="the problem was solved during the call", certain=False)
    if turned_down is not None:
        return not_met(turned_down, note="the proposed time was turned down and nothing else was agreed")
    return not_met(day_only, note="no next step with a day and time", certain=day_only is None)


def _resolved(ctx: CallContext) -> Sentence | None:
    """Solved on the spot ("your account is unlocked", 已经帮您改好) in the second half of the call,
    and not disputed afterwards: a resolution needs no further date."""
    half = ctx.turns[len(ctx.turns) // 2].turn.start if ctx.turns else 0.0
    for view in reversed(ctx.trainee):
        if view.turn.start < half:
            break
        found = next((s for s in view.sentences if ctx.cues.has(Cue.RESOLVED, s.norm)), None)
        reply = ctx.after(view.index, Speaker.PERSONA)
        later = [p for p in ctx.persona if p.index > view.index]
        disputed = (reply is not None and ctx.refused(reply)) or any(
            ctx.cues.has(Cue.COMPLAINT, p.norm) or ctx.cues.has(Cue.NOT_LISTENING, p.norm) for p in later)
        if found is not None and not disputed:
            return found
    return None


def _goodbye(ctx: CallContext, crit: Criterion, sentences: list[Sentence]) -> Sentence | None:
    """A goodbye; ``goodbye_phrases`` adds per-language ones (Indonesian ends with "Selamat siang")."""
    extra = crit.params.get("goodbye_phrases", {}).get(ctx.lang.family, [])
    rx = phrase_pattern(extra, ctx.lang.is_chinese)
    for s in reversed(sentences):
        if rx is not None and rx.search(s.norm):
            return s
    return None


@detector("closing")
def closing(ctx: CallContext, crit: Criterion) -> Finding:
    """Thanks, a goodbye, and an "anything else?" check (or an equivalent such as "anything I should
    bring?") near the end. If the other side hangs up before the trainee closes, it is not met."""
    last = ctx.trainee[-int(crit.params.get("closing_turns", 2)):]
    tail = ctx.trainee[-int(crit.params.get("check_turns", 4)):]
    thanks = ctx.first_act(Act.THANKS, last)
    bye = ctx.first_act(Act.CLOSING, last) or _goodbye(ctx, crit, [s for v in last for s in v.sentences])
    check = ctx.first_act(Act.ANYTHING_ELSE, tail)
    if thanks and bye and check:
        return met(check, thanks, bye)
    missing = [n for n, part in (("thanks", thanks), ("a goodbye", bye), ("an anything-else check", check))
               if part is None]
    final = last[-1].sentences[-1] if last and last[-1].sentences else None
    return not_met(final, note="closing without " + ", ".join(missing))
