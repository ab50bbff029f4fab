"""The opening of the call: greeting, self-introduction, checking the party, convenience, purpose."""

from __future__ import annotations

import re

from core.acts import Act, detect_acts, load_lexicon
from core.languages import tokens
from core.memory import find_time
from core.record import Speaker
from scoring.context import CallContext, Sentence, TurnView
from scoring.cues import Cue
from scoring.detectors.base import Finding, detector, met, not_met
from scoring.rubric import Criterion

EARLY_TURNS = 3  # "early" = within the trainee's first three turns unless a criterion says otherwise


def _early(ctx: CallContext, crit: Criterion) -> list[TurnView]:
    return ctx.trainee[: int(crit.params.get("early_turns", EARLY_TURNS))]


@detector("greeting")
def greeting(ctx: CallContext, crit: Criterion) -> Finding:
    """A polite greeting opens the first trainee turn; a bare 喂/"Hello" before it is fine (喂,您好)."""
    first = ctx.trainee[0]
    short = int(crit.params.get("bare_opener_units", 3))
    for sentence in first.sentences[:2]:
        if Act.GREETING in ctx.sentence_acts(sentence):
            return met(sentence)
        # Only a bare opener ("Hello.") may come before the greeting; anything longer has opened the call.
        if "?" in sentence.text or "？" in sentence.text or len(tokens(sentence.text, ctx.lang)) > short:
            break
    return not_met(first.sentences[0] if first.sentences else None, note="no polite greeting at the start")


def _slot_sentence(view: TurnView, value: str) -> Sentence | None:
    return next((s for s in view.sentences if value in s.text), view.sentences[0] if view.sentences else None)


def _opening_org(ctx: CallContext, crit: Criterion) -> Sentence | None:
    """Inbound "<greeting>, <organisation>, <name>…": the short clause right after the greeting names
    the organisation ("Good morning, Harper & Lane, Chloe speaking", 您好,大同旅行社,我是…)."""
    if ctx.outbound or not ctx.trainee[0].sentences:
        return None
    first = ctx.trainee[0].sentences[0]
    clauses = [c.strip() for c in re.split(r"[,，、]", first.text) if c.strip()]
    if len(clauses) < 3 or Act.GREETING not in detect_acts(clauses[0], ctx.lang).acts:
        return None
    org = clauses[1]
    acts = detect_acts(org, ctx.lang).acts
    max_units = int(crit.params.get("org_units", 5 if not ctx.lang.is_chinese else 12))
    if acts or "?" in org or "？" in org or not 1 <= len(tokens(org, ctx.lang)) <= max_units:
        return None
    return first


@detector("self_introduction")
def self_introduction(ctx: CallContext, crit: Criterion) -> Finding:
    """Own name and organisation, early. Both come from the shared lexicon's slot patterns."""
    name: Sentence | None = None
    company: Sentence | None = None
    intro_act = False
    for view in _early(ctx, crit)[:2]:
        intro_act = intro_act or Act.SELF_INTRO in view.acts.acts
        if name is None and (value := view.acts.slots.get("trainee_name")):
            name = _slot_sentence(view, value)
        if company is None and (value := view.acts.slots.get("trainee_company")):
            company = _slot_sentence(view, value)
    company = company or _opening_org(ctx, crit)
    if name and company:
        return met(name, company)
    missing = "organisation" if name else "name" if company else "name and organisation"
    # An introduction the slot patterns could not parse is a case for the judge.
    return not_met(name or company, note=f"no {missing} given early", certain=not intro_act or bool(name or company))


@detector("verify_party")
def verify_party(ctx: CallContext, crit: Criterion) -> Finding:
    """"Am I speaking with…?" — asking for someone or to be put through is not a check."""
    early = _early(ctx, crit)
    if (found := ctx.first_act(Act.VERIFY_PARTY, early)) is not None:
        return met(found)
    asked = ctx.first_act(Act.ASK_FOR_PERSON, early)
    asked_name = ctx.first_act(Act.ASK_NAME, early)
    return not_met(asked or asked_name, note="never checked who answered", certain=asked_name is None)


def _asks_about_now(ctx: CallContext, text: str) -> bool:
    """The convenience question is not about another time: no time named in it, or a clause of it that
    asks on its own ("Is two minutes okay now, or shall I call back this afternoon?")."""
    if not find_time(text, ctx.lang):
        return True
    clauses = [c for c in re.split(r"[,，;；]|\bor\b|\batau\b|还是|還是", text) if c.strip()]
    return len(clauses) > 1 and any(
        Act.ASK_CONVENIENCE in detect_acts(c, ctx.lang).acts and not find_time(c, ctx.lang) for c in clauses)


@detector("ask_convenience")
def ask_convenience(ctx: CallContext, crit: Criterion) -> Finding:
    """Whether now is a good time to talk. "Would Thursday at three suit him?" names another time: that is
    scheduling, not a check on the other side's time now."""
    now = [s for v in _early(ctx, crit) for s in v.sentences
           if Act.ASK_CONVENIENCE in ctx.sentence_acts(s) and _asks_about_now(ctx, s.text)]
    if now:
        return met(now[0])
    return not_met(note="never asked whether it was a good time to talk")


def _meeting_sentence(ctx: CallContext, turns: list[TurnView]) -> Sentence | None:
    """A sentence naming a meeting, interview or call-back (the shared lexicon's meeting words)."""
    patterns = [re.compile(p) for p in load_lexicon(ctx.lang.family).meeting_words]
    return next((s for v in turns for s in v.sentences if any(p.search(s.norm) for p in patterns)), None)


@detector("state_purpose")
def state_purpose(ctx: CallContext, crit: Criterion) -> Finding:
    """Outbound: the reason for the call, early and plain. Inbound: asks for or restates the caller's need."""
    early = _early(ctx, crit)
    if ctx.outbound:
        deceptive = ctx.first_act(Act.DECEPTION, early)
        found = ctx.first_act(Act.CLEAR_PURPOSE, early) or ctx.first_act(Act.BENEFIT, early)
        if found is not None and deceptive is None:
            return met(found)
        if deceptive is None and (meeting := _meeting_sentence(ctx, early)) is not None:
            return met(meeting, note="purpose only implied by a meeting or call request", certain=False)
        return not_met(deceptive, note="no plain reason for the call early on", certain=deceptive is not None)
    # An argumentative reply ("维修本来就要时间,又不是只有你一台") identifies nobody's need.
    calm = [v for v in early if not v.acts.acts & {Act.YES_BUT, Act.BLAME, Act.RUDENESS}]
    for act in (Act.CLEAR_PURPOSE, Act.ASK_WISH, Act.PARAPHRASE, Act.OFFER_SOLUTION):
        if (found := ctx.first_act(act, calm)) is not None:
            return met(found)
    for view in calm:
        said = ctx.before(view.index, Speaker.PERSONA)
        recap = next((s for s in view.sentences if ctx.cues.has(Cue.RECAP, s.norm)), None)
        if recap is None and said is not None:
            recap = ctx.restates(view, said)
        if recap is not None:
            return met(recap)
    return not_met(early[0].sentences[0] if early and early[0].sentences else None,
                   note="neither asked for nor restated the caller's need", certain=False)
