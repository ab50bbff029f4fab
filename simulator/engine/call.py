"""One call: scenario + persona + backend + transcript. Text chat and voice share this turn path;
voice only adds speech around it (and passes real utterance times in).

Each trainee turn: recognise acts → note what it gave in the call's memory (acts the recogniser
missed but the memory heard count too) → update the hidden state (code) → plan the reply (code) →
voice it (bank line, or an LLM guarded against the bank line) → record it. Every completed turn is on
disk before the next one starts.
"""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import aclosing
from dataclasses import dataclass
from enum import StrEnum

from core.errors import AppError, BackendError
from core.languages import Lang, parse_lang, speech_units, tokens
from core.llm import ChatSession, ReplyMode
from core.memory import recognise
from core.record import CallRecord, Event, Outcome, Speaker, StateSnapshot, Turn
from personas.models import CommonBank, Difficulty, Persona
from scenarios.models import Direction, Scenario
from simulator.engine.director import LineDirector
from simulator.engine.planner import ReplyPlan, plan_reply
from simulator.engine.state import PersonaState
from simulator.engine.voicing import Voicer
from storage.repository import CallRepository

# A turn this short (words in en/id, characters in Chinese) with nothing recognised is an "okay" / 嗯.
ACK_UNITS = {False: 2, True: 3}


class CallEnded(AppError):
    hint = "start a new call"


@dataclass
class CallConfig:
    scenario_id: str
    lang: Lang
    difficulty: Difficulty | None = None
    mode: ReplyMode | None = None
    seed: int | None = None
    rephrase: bool = False
    classify: bool = False
    channel: str = "text"

    def __post_init__(self) -> None:
        if not isinstance(self.lang, Lang):
            self.lang = parse_lang(str(self.lang))


def estimated_seconds(text: str, lang: Lang) -> float:
    """Speaking time of a line at the seeds' recommended pace, so text calls get neutral timings:
    130 Chinese characters a minute (target 120–140) or 150 words a minute in en/id."""
    units = speech_units(text, lang)
    return round(max(0.6, units / (130 / 60 if lang.is_chinese else 2.5)), 2)


def _in_lang(shared: Mapping[StrEnum, dict[Lang, list[str]]], lang: Lang) -> dict[str, list[str]]:
    """One language's lines of a shared section (``common.yaml``), keyed by act or info."""
    return {key.value: lines[lang] for key, lines in shared.items() if lang in lines}


class Call:
    def __init__(
        self,
        scenario: Scenario,
        persona: Persona,
        config: CallConfig,
        *,
        session: ChatSession | None = None,
        backend_name: str = "none",
        default_mode: ReplyMode = ReplyMode.DIRECTED,
        store: CallRepository | None = None,
        clock: Callable[[], float] | None = None,
        common: CommonBank | None = None,
    ) -> None:
        lang = config.lang
        if lang not in scenario.languages or lang not in persona.lines:
            raise AppError(f"scenario {scenario.id!r} is not available in {lang}", "pick another language")
        self.scenario = scenario
        self.persona = persona
        self.lang = lang
        self.mode = config.mode or default_mode
        if self.mode is ReplyMode.FREE and session is None:
            raise AppError("free mode needs a language model", "use --mode directed or configure a backend")
        difficulty = config.difficulty or scenario.difficulty
        common = common or CommonBank()
        self.state = PersonaState(persona, difficulty, common.effects)
        slots = {**persona.slots.get(lang, {}), **scenario.slots.get(lang, {}),
                 "persona_name": persona.name[lang]}
        slots.update({f.id: f.value[lang] for f in persona.facts})
        self.director = LineDirector(persona.lines[lang], slots, seed=config.seed,
                                     fallback_react=_in_lang(common.react, lang),
                                     confirm=_in_lang(common.confirm, lang), narrow=_in_lang(common.narrow, lang))
        self.listen_for = {info: words[lang] for info, words in scenario.listen_for.items() if lang in words}
        self.session = session
        self.store = store
        self.classify = config.classify and session is not None
        self._clock = clock
        self._t = 0.0
        self._t0 = clock() if clock else 0.0
        self.voicer = Voicer(
            persona, scenario, lang, self.mode, session,
            rephrase=config.rephrase and session is not None, canary=secrets.token_hex(4),
        )
        self.record = CallRecord(
            id=f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}",
            language=lang.value, persona=persona.id, persona_version=persona.version,
            scenario_id=scenario.id, scenario_version=scenario.version, scenario=scenario.summary[lang],
            direction=scenario.direction.value, difficulty=difficulty.value, mode=self.mode.value,
            backend=backend_name, rubric=scenario.rubric, channel=config.channel,  # type: ignore[arg-type]
            prompt_version=self.voicer.prompt_version,
        )

    # ---- time ---------------------------------------------------------------------------------
    def now(self) -> float:
        return round(self._clock() - self._t0, 2) if self._clock else round(self._t, 2)

    def _span(self, text: str, start: float | None, end: float | None) -> tuple[float, float]:
        if start is not None and end is not None:
            self._t = max(self._t, end)
            return start, end
        begin = max(self.now(), self.record.turns[-1].end + 0.6 if self.record.turns else 0.0)
        finish = begin + estimated_seconds(text, self.lang)
        self._t = finish
        return round(begin, 2), round(finish, 2)

    # ---- lifecycle ----------------------------------------------------------------------------
    @property
    def ended(self) -> bool:
        return self.record.outcome.ended_by is not None

    @property
    def persona_speaks_first(self) -> bool:
        return self.scenario.direction is Direction.OUTBOUND

    async def prepare(self) -> None:
        """Warm the model's prompt cache (call this while the phone rings)."""
        await self.voicer.prewarm()
        self.save()

    async def opening(self) -> AsyncIterator[str]:
        """The persona's first words when she answers an outbound call (nothing for inbound)."""
        if not self.persona_speaks_first or self.record.turns:
            return
        opening = self.scenario.opening_line.get(self.lang)
        text = (self.director.draw("opening_line", opening) if opening else None) or self.director.section("open")
        plan = ReplyPlan("open", text or "")
        async with aclosing(self._speak(plan, trainee_line="")) as chunks:
            async for chunk in chunks:
                yield chunk

    async def trainee_turn(
        self, text: str, *, start: float | None = None, end: float | None = None, interrupted: bool = False
    ) -> AsyncIterator[str]:
        """Take one trainee utterance and stream the persona's reply."""
        if self.ended:
            raise CallEnded("the call has already ended")
        began = time.perf_counter()
        text = text.strip()
        previous = next((t.text for t in reversed(self.record.turns) if t.speaker is Speaker.PERSONA), "")
        t_start, t_end = self._span(text, start, end)
        self.record.turns.append(Turn(speaker=Speaker.TRAINEE, text=text, start=t_start, end=t_end))
        if interrupted:
            self.record.events.append(Event(type="interruption", by="trainee", at=t_start))
        self.save()

        earlier = [t.text for t in self.record.turns[:-1] if t.speaker is Speaker.TRAINEE]
        also = await self.voicer.classify(text, previous) if self.classify else set()
        memory = self.record.memory
        found, heard = recognise(text, self.lang, context=previous, earlier=earlier, interrupted=interrupted,
                                 also=also, listen_for=self.listen_for,
                                 company=self.scenario.brief.company.get(self.lang, ""), known=memory)
        acts = found.acts
        memory.learn(heard, turn=len(self.record.turns) - 1)
        self.director.slots.update(found.slots)
        self.director.slots.update(memory.slots())
        name = self.director.slots.get("trainee_name")
        self.voicer.trainee_names = [name] if name else []
        company = self.director.slots.get("trainee_company")
        self.voicer.trainee_companies = [company] if company else []
        step = self.state.apply(acts)
        first_reply = not self.persona_speaks_first and not any(
            t.speaker is Speaker.PERSONA for t in self.record.turns
        )
        acknowledged = len(tokens(text, self.lang)) <= ACK_UNITS[self.lang.is_chinese]
        plan = plan_reply(self.state, step, self.director, first_reply=first_reply, memory=memory,
                          heard=frozenset(heard), acknowledged=acknowledged)
        self.state.settle(revealed=plan.facts, objective_reached=plan.objective_reached)
        memory.revealed = list(self.state.facts_revealed)
        async with aclosing(self._speak(plan, trainee_line=text, acts=sorted(a.value for a in acts),
                                        deltas=step.deltas, began=began)) as chunks:
            async for chunk in chunks:
                yield chunk

    async def _speak(
        self,
        plan: ReplyPlan,
        *,
        trainee_line: str,
        acts: list[str] | None = None,
        deltas: dict[str, int] | None = None,
        began: float | None = None,
    ) -> AsyncIterator[str]:
        """Voice the plan and record the persona turn; latency counts from the trainee's line arriving."""
        began = time.perf_counter() if began is None else began
        first_ms: float | None = None
        spoken: list[str] = []
        failures: list[str] = []
        try:  # aclosing: a reader that stops early closes the model stream now (see voicing.Voicer.voice)
            async with aclosing(self.voicer.voice(plan, trainee_line, self.state, failures,
                                                  self.record.memory)) as sentences:
                async for sentence in sentences:
                    if first_ms is None:
                        first_ms = (time.perf_counter() - began) * 1000
                    spoken.append(sentence)
                    yield sentence
        except BackendError as exc:
            # The model died mid-call: say the authored line so the call (and its record) go on.
            failures.append(f"backend: {exc}")
            self.record.events.append(Event(type="error", by="system", at=self.now(), detail=str(exc)))
            if not spoken:
                spoken = [plan.text]
                yield plan.text
        text = " ".join(spoken).strip()
        p_start, p_end = self._span(text, None, None)
        self.record.turns.append(Turn(speaker=Speaker.PERSONA, text=text, start=p_start, end=p_end))
        self.record.state_trace.append(StateSnapshot(
            turn=len(self.record.turns) - 1, state=self.state.snapshot(), stage=self.state.stage,
            acts=acts or [], deltas=deltas or {}, line_key=plan.key, facts_revealed=plan.facts, guard=failures,
            reply_ms=round((time.perf_counter() - began) * 1000, 2),
            first_chunk_ms=round(first_ms, 2) if first_ms is not None else None,
        ))
        if plan.objective_reached:
            self.record.outcome.objective_reached = True
        if plan.ends_call:
            self._finish(plan.ended_by or "persona", plan.reason, hung_up_by="persona", at=p_end)
        self.save()

    def set_persona_timing(self, start: float, end: float, *, interrupted: bool = False) -> None:
        """Voice: replace the estimated times of the last persona turn with the real ones."""
        for turn in reversed(self.record.turns):
            if turn.speaker is Speaker.PERSONA:
                turn.start, turn.end, turn.interrupted = start, end, interrupted
                break
        self._t = max(self._t, end)
        self.save()

    def add_event(self, type_: str, by: str = "system", at: float | None = None, detail: str = "") -> None:
        self.record.events.append(Event(type=type_, by=by, at=self.now() if at is None else at,  # type: ignore[arg-type]
                                        detail=detail))
        self.save()

    def hangup(self, by: str = "trainee", reason: str = "trainee hung up", at: float | None = None,
               ended_by: str = "trainee") -> None:
        """Someone puts the phone down: ``by`` who hung up (trainee, persona or the system, e.g. a dropped
        connection), ``ended_by`` whose doing the end was (the persona when she stops ringing unanswered)."""
        if not self.ended:
            self._finish(ended_by, reason, hung_up_by=by, at=self.now() if at is None else at)
            self.save()

    def add_metrics(self, values: dict[str, float]) -> None:
        """Figures measured around the engine (rings before an answer, voice-to-voice latency)."""
        self.record.metrics.update(values)
        self.save()

    def set_stage_times(self, stages: list[dict[str, float | None]]) -> None:
        """Voice: the per-turn stage timestamps (see ``simulator.voice.stages``)."""
        self.record.stage_times = stages
        self.save()

    def _finish(self, ended_by: str, reason: str, *, hung_up_by: str, at: float) -> None:
        self.record.events.append(Event(type="hangup", by=hung_up_by, at=at))  # type: ignore[arg-type]
        self.record.outcome = Outcome(
            objective_reached=self.state.objective_reached, ended_by=ended_by, reason=reason  # type: ignore[arg-type]
        )

    def save(self) -> None:
        """Write the record now (the call also does after every turn and event)."""
        if self.store is not None:
            self.store.save(self.record)

    async def aclose(self) -> None:
        if self.session is not None:
            await self.session.aclose()
