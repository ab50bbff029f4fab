"""Decide what the persona does after a trainee turn: which bank slot she speaks from and whether
the call ends. It reads the state and never changes it: what the plan settles (a fact revealed, the
objective reached) the call applies with :meth:`PersonaState.settle`. The only thing it moves is the
director's line choice (its seeded random draw). The words come later (bank line, or an LLM guided by it).

End checks run in a fixed order: injection → abuse → patience → success → trainee goodbye → turn limit.
A goodbye that comes with success still ends the call: she answers the success and says goodbye.

She listens (the call's :class:`~core.memory.CallMemory`): a stage line that would ask for something
she was told is replaced by the line of the first later stage that does not, or by a line that shows
she heard it (``confirm.<info>``); a time proposed is repeated back; a fact asked for again is told
again; a bare "okay" is not met with "sorry, what was that?". A turn she could not make out, once she
knows something, gets a *narrowing* question that shows what she heard (``narrow.<info>``: "So this is
about the onboarding training. What would you need from me on that?"), never her opening question again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from core.acts import Act
from core.memory import CallMemory, Info
from personas.models import Persona
from simulator.engine.director import LineDirector
from simulator.engine.state import EndKind, PersonaState, StepResult


@dataclass
class ReplyPlan:
    key: str                      # bank slot(s) the line came from, e.g. "react.empathy+stage.venting"
    text: str                     # the authored line (spoken verbatim in directed mode)
    react_to: Act | None = None
    facts: list[str] = field(default_factory=list)  # fact ids revealed by this reply
    ends_call: bool = False
    ended_by: Literal["trainee", "persona", "limit"] | None = None
    reason: str = ""
    objective_reached: bool = False


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def asked_in(persona: Persona, line_key: str) -> set[Info]:
    """What the bank part(s) of a reply ask the trainee for: ``react.x+stage.probing.mid`` → probing's asks."""
    asks = {s.id: set(s.asks) for s in persona.stages}
    found: set[Info] = set()
    for part in line_key.split("+"):
        bits = part.split(".")
        if bits[0] == "stage" and len(bits) > 1:
            found |= asks.get(bits[1], set())
    return found


# Which piece of what she heard a narrowing question builds on, most telling first.
_NARROW_ORDER = (Info.PURPOSE, Info.REMEDY, Info.PERSON, Info.TIME, Info.COMPANY)


def _narrowing(persona: Persona, memory: CallMemory, director: LineDirector) -> tuple[str, str] | None:
    """Only on what she listens for (her stages' ``asks``): the customer who complains narrows on the
    remedy, never on the support agent's company."""
    listens = {i for s in persona.stages for i in s.asks}
    for info in _NARROW_ORDER:
        if info in listens and memory.value(info) and (line := director.narrow(info)):
            return line, f"narrow.{info}"
    return None


def _listening_move(state: PersonaState, memory: CallMemory, director: LineDirector) -> tuple[str | None, str]:
    """Her stage line, unless it would ask again for what she was told (see the module docstring)."""
    stages = state.persona.stages
    band = state.band
    for stage in stages[state.stage_index:]:
        if not any(memory.knows(i) for i in stage.asks):
            return director.stage(stage.id, band), f"stage.{stage.id}.{band}"
    for info in stages[state.stage_index].asks:
        if memory.knows(info) and (line := director.confirm(info)):
            return line, f"confirm.{info}"
    return director.stage(state.stage, band), f"stage.{state.stage}.{band}"


def plan_reply(
    state: PersonaState,
    step: StepResult,
    director: LineDirector,
    *,
    first_reply: bool,
    memory: CallMemory | None = None,
    heard: frozenset[Info] = frozenset(),
    acknowledged: bool = False,
) -> ReplyPlan:
    """``heard``: what the call memory took from this turn (a turn that gave something was understood);
    ``acknowledged``: the turn was a bare "okay" / 嗯 (she carries on rather than asking to repeat)."""
    memory = memory or CallMemory()
    acts = set(step.acts)
    persona = state.persona
    band = state.band

    if Act.INJECTION in acts:
        return ReplyPlan("deflect", director.section("deflect") or "", react_to=Act.INJECTION)
    if EndKind.ABUSE in step.reached:
        text = director.section("abuse") or director.section("hangup") or ""
        return ReplyPlan("abuse", text, ends_call=True, ended_by="persona", reason="hung up on rudeness")
    if EndKind.HANGUP in step.reached:
        return ReplyPlan("hangup", director.section("hangup") or "", ends_call=True, ended_by="persona",
                         reason="patience ran out")

    # Repeating oneself is answered first unless her own priorities place it.
    priority = persona.react_priority if Act.REPEAT in persona.react_priority else [Act.REPEAT,
                                                                                    *persona.react_priority]
    react_act = next((a for a in priority if a in acts and director.has_react(a)), None)
    react = director.react(react_act, band) if react_act is not None and not first_reply else None
    react_key = f"react.{react_act}"
    success = EndKind.SUCCESS in step.reached
    if react_act is Act.PROPOSE_TIME and Info.TIME in heard:
        if success:
            react = None  # her yes names the time itself
        elif said := director.confirm(Info.TIME):
            react, react_key = said, f"confirm.{Info.TIME}"  # she repeats the time she heard

    if success:
        closing = Act.CLOSING in acts and not first_reply
        ends = persona.endings.success.ends_call or closing
        goodbye = director.section("goodbye") if closing else None
        return ReplyPlan(
            "+".join(k for k, on in ((react_key, bool(react)), ("success", True),
                                     ("goodbye", bool(goodbye))) if on),
            _join(react, director.section("success"), goodbye),
            react_to=react_act,
            ends_call=ends,
            ended_by=("trainee" if closing else "persona") if ends else None,
            reason="trainee closed the call" if closing else "objective reached",
            objective_reached=True,
        )
    if Act.CLOSING in acts and not first_reply:
        return ReplyPlan("goodbye", director.section("goodbye") or "", ends_call=True, ended_by="trainee",
                         reason="trainee closed the call")
    if state.turns >= persona.max_turns:
        return ReplyPlan("limit", director.section("limit") or "", ends_call=True, ended_by="limit",
                         reason="turn limit reached")
    if first_reply:
        return ReplyPlan("open", director.section("open") or "")

    if step.revealed:
        fact_id = step.revealed[0]
        return ReplyPlan(f"{react_key}+facts.{fact_id}" if react else f"facts.{fact_id}",
                         _join(react, director.fact(fact_id)), react_to=react_act, facts=[fact_id])
    if step.asked_again and (told := director.fact(step.asked_again[0])):
        return ReplyPlan(f"facts.{step.asked_again[0]}.again", told)
    if not acts and not heard and not acknowledged:
        line, key = _narrowing(persona, memory, director) or (director.section("clarify") or "", "clarify")
        return ReplyPlan(key, line)
    if state.objective_reached:
        move, key = director.section("after_success"), "after_success"
    else:
        move, key = _listening_move(state, memory, director)
    return ReplyPlan(f"{react_key}+{key}" if react else key, _join(react, move), react_to=react_act)
