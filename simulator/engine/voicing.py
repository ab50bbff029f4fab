"""Turn a reply plan into spoken sentences: the bank line (directed), the bank line rephrased by an
LLM (directed + rephrase), or the LLM's own words guided by the bank line (free). Every LLM sentence
passes the guard; on a failure the authored line is spoken instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from contextlib import aclosing

from core.acts import Act
from core.errors import BackendError
from core.languages import char_bigrams
from core.llm import ChatMessage, ChatSession, ReplyMode
from core.memory import CallMemory
from personas.models import Persona
from scenarios.models import Direction, Scenario
from simulator.engine.guard import GuardContext, check_reply
from simulator.engine.planner import ReplyPlan
from simulator.engine.prompts import (
    CLASSIFY_SCHEMA,
    PROMPT_VERSION,
    classify_messages,
    direction_note,
    free_turn_message,
    persona_card,
    rephrase_messages,
)
from simulator.engine.state import PersonaState

_SENTENCE_RE = re.compile(r".+?(?:[.!?。！？]+[\"'”」]?(?=\s|$)|[。！？]+|$)", re.DOTALL)
_END_RE = re.compile(r"[.!?]+[\"'”」]?(?=\s)|[。！？]+[”」]?")
_NUM_RE = re.compile(r"\d+")
MAX_SENTENCES = 3


def split_sentences(text: str) -> list[str]:
    return [m.group(0).strip() for m in _SENTENCE_RE.finditer(text) if m.group(0).strip()]


def _take_sentences(buffer: str) -> tuple[list[str], str]:
    """Split off the sentences that are complete; return them and the unfinished rest."""
    ends = [m.end() for m in _END_RE.finditer(buffer)]
    if not ends:
        return [], buffer
    return split_sentences(buffer[: ends[-1]]), buffer[ends[-1]:]


async def _aiter(items: list[str]) -> AsyncIterator[str]:
    for item in items:
        yield item


class Voicer:
    def __init__(
        self,
        persona: Persona,
        scenario: Scenario,
        lang,
        mode: ReplyMode,
        session: ChatSession | None,
        *,
        rephrase: bool,
        canary: str,
    ) -> None:
        self.persona = persona
        self.lang = lang
        self.mode = mode
        self.session = session
        self.rephrase = rephrase
        self.trainee_names: list[str] = []
        self.trainee_companies: list[str] = []  # what the trainee said they call from / answer for
        self.prompt_version = PROMPT_VERSION if (mode is ReplyMode.FREE or rephrase) else "bank-only"
        self._card = persona_card(persona, scenario, lang, canary)
        self._history: list[ChatMessage] = [ChatMessage(role="system", content=self._card)]
        self._recent: list[str] = []
        self._ctx = GuardContext(
            lang=lang, trainee_line="", recent_persona_lines=self._recent,
            # Her lines, facts, background and goals are hers to say; only the instructions must not leak.
            allowed_texts=persona.lines[lang].all_lines() + [f.value[lang] for f in persona.facts]
            + [persona.background[lang], persona.goals[lang]],
            prompt_text=self._card, canary=canary,
            answers_the_call=scenario.direction is Direction.OUTBOUND,
        )

    async def prewarm(self) -> None:
        """Load the model and evaluate the fixed prompt before the first turn (e.g. while it rings).

        A backend failure here is not the call's end: the turns meet it again (a dead embedded
        worker answers at once), record it and speak the authored lines."""
        if self.session is None:
            return
        try:
            if self.mode is ReplyMode.FREE:
                await self.session.prewarm(self._history)
            elif self.rephrase:
                await self.session.prewarm(rephrase_messages("", self.lang)[:1])
        except BackendError:
            pass

    async def classify(self, trainee_line: str, persona_line: str) -> set[Act]:
        """LLM refinement of the detected acts; any failure simply adds nothing."""
        assert self.session is not None
        try:
            raw = await self.session.complete(
                classify_messages(trainee_line, persona_line, self.lang), max_tokens=80, temperature=0.0,
                json_schema=CLASSIFY_SCHEMA,
            )
            labels = json.loads(raw).get("acts", [])
        except (ValueError, AttributeError, BackendError):
            return set()
        # Injection is never taken from the model: the trainee's text could talk it into that label.
        return {Act(a) for a in labels if a in Act._value2member_map_ and a != Act.INJECTION}

    def _context(self, trainee_line: str) -> GuardContext:
        self._ctx.trainee_line = trainee_line
        self._ctx.trainee_names = self.trainee_names
        self._ctx.trainee_companies = self.trainee_companies
        return self._ctx

    async def voice(
        self, plan: ReplyPlan, trainee_line: str, state: PersonaState, failures: list[str], memory: CallMemory
    ) -> AsyncIterator[str]:
        """``memory``: what she has been told so far (free mode is told it, so the model does not ask again)."""
        spoken: list[str] = []
        if self.mode is ReplyMode.FREE:
            sentences = self._free(plan, trainee_line, state, failures, memory)
        else:
            text = await self._rephrased(plan, trainee_line, failures) if self.rephrase else plan.text
            sentences = _aiter(split_sentences(text))
        # aclosing: if our reader stops early (barge-in, hang-up), the model stream closes now, in this
        # task, not later from the garbage collector (which leaves HTTP streams and worker generations open).
        async with aclosing(sentences):
            async for sentence in sentences:  # yielded as soon as each is ready, so speech can start
                spoken.append(sentence)
                yield sentence
        self._recent.append(" ".join(spoken))

    async def _rephrased(self, plan: ReplyPlan, trainee_line: str, failures: list[str]) -> str:
        assert self.session is not None
        candidate = await self.session.complete(rephrase_messages(plan.text, self.lang), max_tokens=80,
                                                temperature=0.3)
        result = check_reply(candidate, self._context(trainee_line))
        problems = list(result.failures)
        if set(_NUM_RE.findall(plan.text)) != set(_NUM_RE.findall(result.text)):
            problems.append("numbers_changed")
        ratio = len(result.text) / max(1, len(plan.text))
        shared = char_bigrams(plan.text) & char_bigrams(result.text)
        if not 0.5 <= ratio <= 2.0 or len(shared) < 0.3 * max(1, len(char_bigrams(plan.text))):
            problems.append("drifted")
        if problems:
            failures.extend(problems)
            return plan.text
        return result.text

    async def _free(
        self, plan: ReplyPlan, trainee_line: str, state: PersonaState, failures: list[str], memory: CallMemory
    ) -> AsyncIterator[str]:
        assert self.session is not None
        facts = [next(f.value[self.lang] for f in self.persona.facts if f.id == fid) for fid in plan.facts]
        note = direction_note(self.persona, state.stage, state.snapshot(), plan.react_to, facts, plan.text,
                              heard={i.value: g.value for i, g in memory.given.items()})
        user = free_turn_message(trainee_line or "(The phone rings and you pick up.)", note)
        messages = [*self._history, user]
        ctx = self._context(trainee_line)
        spoken: list[str] = []
        buffer = ""
        rejected = False
        async with aclosing(self.session.stream(messages, max_tokens=90, temperature=0.7)) as chunks:
            async for chunk in chunks:
                complete, buffer = _take_sentences(buffer + chunk)
                for sentence in complete:
                    verdict = check_reply(sentence, ctx)
                    if not verdict.ok:
                        failures.extend(verdict.failures)
                        rejected = True
                        break
                    spoken.append(verdict.text)
                    yield verdict.text
                if rejected or len(spoken) >= MAX_SENTENCES:
                    break
        if not rejected and buffer.strip() and len(spoken) < MAX_SENTENCES:
            verdict = check_reply(buffer, ctx)
            if verdict.ok:
                spoken.append(verdict.text)
                yield verdict.text
            else:
                failures.extend(verdict.failures)
        if not spoken:
            for sentence in split_sentences(plan.text):
                spoken.append(sentence)
                yield sentence
        self._history += [user, ChatMessage(role="assistant", content=" ".join(spoken))]
