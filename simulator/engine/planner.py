"""Decide what the persona does after a trainee turn: which bank slot she speaks from and whether
the call ends. It reads the state and never changes it: what the plan settles (a fact revealed, the
objective reached) the call applies with :meth:`PersonaState.settle`. The only thing it moves is the
director's line choice (its seeded random draw). The words come later (bank line, or an LLM guided by it).

End checks run in a fixed order: injection → abuse → patience → success → trainee goodbye → turn limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from core.acts import Act
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


def plan_reply(state: PersonaState, step: StepResult, director: LineDirector, *, first_reply: bool) -> ReplyPlan:
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

    if EndKind.SUCCESS in step.reached:
        ends = persona.endings.success.ends_call
        return ReplyPlan(
            f"react.{react_act}+success" if react else "success",
            _join(react, director.section("success")),
            react_to=react_act,
            ends_call=ends,
            ended_by="persona" if ends else None,
            reason="objective reached",
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
        return ReplyPlan(f"react.{react_act}+facts.{fact_id}" if react else f"facts.{fact_id}",
                         _join(react, director.fact(fact_id)), react_to=react_act, facts=[fact_id])
    if not acts:
        return ReplyPlan("clarify", director.section("clarify") or "")
    if state.objective_reached:
        move, key = director.section("after_success"), "after_success"
    else:
        move, key = director.stage(state.stage, band), f"stage.{state.stage}.{band}"
    return ReplyPlan(f"react.{react_act}+{key}" if react else key, _join(react, move), react_to=react_act)
