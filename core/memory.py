"""What the persona has been told in a call, and what she has told: one typed object per call.

The call fills it after every trainee turn from the recognised acts and slots and from a second look
at the whole turn (:func:`read_turn`): a day or time said in words (the lexicon's time expressions),
a contact number or address, the scenario's own words for its purpose, the person asked for and the
remedy (``listen_for`` in the scenario file), the trainee's company named as in the brief. The
planner reads it so the persona never asks again for what she was told; the record stores it.
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, Field

from core.acts import Act, TurnActs, detect_acts, future_clauses, load_lexicon
from core.languages import Lang, normalise


class Info(StrEnum):
    """A piece of information the trainee gives (and a persona line may ask for)."""

    NAME = "name"          # the trainee's own name
    COMPANY = "company"    # the trainee's organisation
    PURPOSE = "purpose"    # why they are calling
    PERSON = "person"      # who they want to speak to
    TIME = "time"          # a day or time proposed
    CONTACT = "contact"    # a number or address
    REMEDY = "remedy"      # the fix offered, with its time


# The act a piece of information stands for when the lexicon missed it in the turn that gave it.
IMPLIED_ACT: dict[Info, Act] = {
    Info.NAME: Act.SELF_INTRO,
    Info.COMPANY: Act.SELF_INTRO,
    Info.PURPOSE: Act.CLEAR_PURPOSE,
    Info.PERSON: Act.ASK_FOR_PERSON,
    Info.REMEDY: Act.OFFER_SOLUTION,
}


class Given(BaseModel):
    """One piece of information: what was said (a short span of the turn, may be empty) and when."""

    value: str = ""
    turn: int = Field(ge=0, description="index into the record's turns of the trainee turn that gave it")


class CallMemory(BaseModel):
    """What the trainee has given (first time each) and which facts the persona has revealed."""

    given: dict[Info, Given] = Field(default_factory=dict)
    revealed: list[str] = Field(default_factory=list, description="fact ids the persona has told")

    def knows(self, info: Info) -> bool:
        return info in self.given

    def value(self, info: Info) -> str:
        return self.given[info].value if info in self.given else ""

    def learn(self, found: dict[Info, str], turn: int) -> list[Info]:
        """Add what a turn gave; returns the pieces that are new. A later, fuller value replaces an
        empty one (a name heard after "this is BrightLine"), never a known one."""
        new = []
        for info, value in found.items():
            if info not in self.given:
                self.given[info] = Given(value=value, turn=turn)
                new.append(info)
            elif value and not self.given[info].value:
                self.given[info] = Given(value=value, turn=self.given[info].turn)
        return new

    def slots(self) -> dict[str, str]:
        """``heard_<info>`` slot values for the persona's lines (only the non-empty ones)."""
        return {f"heard_{info.value}": g.value for info, g in self.given.items() if g.value}


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+?\d[\d\s-]{5,}\d)(?!\d)")
_COMPANY_FORMS = re.compile(r"^(?:pt|cv|the)\s+|\s+(?:ltd|inc|llc|co)\.?$", re.I)


def company_key(company: str, lang: Lang) -> str:
    """The part of a company name people actually say: "PT Kemasindo Jaya" → "kemasindo",
    恒泰包装材料公司 → 恒泰, "NovaPack Packaging" → "novapack"."""
    name = normalise(_COMPANY_FORMS.sub("", company.strip()), lang)
    if lang.is_chinese:
        return name[:2]
    return name.split()[0] if name else ""


def _as_said(original: str, norm_value: str, lang: Lang) -> str:
    """A span found in the normalised text as the trainee wrote it (their case; zh-TW keeps its
    script) where it can be lined up, else as normalised."""
    flat = re.sub(r"\s+", " ", original).strip()
    if lang.is_chinese:
        norm = normalise(flat, lang)
        at = norm.find(norm_value)
        return flat[at:at + len(norm_value)] if at >= 0 and len(norm) == len(flat) else norm_value
    m = re.search(r"\s+".join(re.escape(w) for w in norm_value.split()), flat, re.IGNORECASE)
    return m.group(0) if m else norm_value


def _cue(norm: str, cues: list[str], lang: Lang) -> str | None:
    for cue in cues:
        c = normalise(cue, lang)
        if lang.is_chinese:
            if c and c in norm:
                return cue
        elif re.search(rf"(?<![\w']){re.escape(c)}", norm):
            return cue
    return None


def find_time(text: str, lang: Lang) -> str:
    """The first day or clock time said in a turn (in words or digits), as said; empty if none. A clause
    that tells what already happened is skipped: its day is not a proposal."""
    lex = load_lexicon(lang.family)
    norm = future_clauses(normalise(text, lang), lex)
    spans = [m for p in lex.time_expressions if (m := re.search(p, norm))]
    if not spans:
        return ""
    first = min(m.start() for m in spans)
    last = max(m.end() for m in spans if m.start() - first < 24)  # "Wednesday, say half ten"
    return _as_said(text, norm[first:last].strip(" ,"), lang)


def read_turn(
    text: str,
    lang: Lang,
    acts: set[Act],
    slots: dict[str, str],
    *,
    listen_for: dict[Info, list[str]] | None = None,
    company: str = "",
) -> dict[Info, str]:
    """What one trainee turn gives: the recogniser's acts and slots, and a second look at the turn."""
    cues = listen_for or {}
    norm = normalise(text, lang)
    found: dict[Info, str] = {}
    # Words of the trainee's own company name ("StaffBridge Recruitment") say nothing of the purpose.
    rest = norm
    for own in (company, slots.get("trainee_company", "")):
        if own:
            rest = rest.replace(normalise(own, lang), " ")
    if name := slots.get("trainee_name"):
        found[Info.NAME] = name
    if said := slots.get("trainee_company"):
        found[Info.COMPANY] = said
    elif company and (key := company_key(company, lang)) and key in norm:
        found[Info.COMPANY] = company
    if Act.SELF_INTRO in acts and not found:
        found[Info.NAME] = ""  # she knows who is calling even where no name could be captured
    purpose = _cue(rest, cues.get(Info.PURPOSE, []), lang)
    if purpose is not None or Act.CLEAR_PURPOSE in acts:
        found[Info.PURPOSE] = purpose or ""
    person = _cue(rest, cues.get(Info.PERSON, []), lang)
    if person is not None or Act.ASK_FOR_PERSON in acts:
        found[Info.PERSON] = person or ""
    when = find_time(text, lang)
    if when:
        found[Info.TIME] = when
    if m := (_EMAIL.search(text) or _PHONE.search(text)):
        found[Info.CONTACT] = m.group(0).strip()
    remedy = _cue(rest, cues.get(Info.REMEDY, []), lang)
    if when and (remedy is not None or Act.OFFER_SOLUTION in acts):
        found[Info.REMEDY] = when
    return found


def recognise(
    text: str,
    lang: Lang,
    *,
    context: str = "",
    earlier: list[str] | None = None,
    interrupted: bool = False,
    also: set[Act] | None = None,
    listen_for: dict[Info, list[str]] | None = None,
    company: str = "",
    known: CallMemory | None = None,
) -> tuple[TurnActs, dict[Info, str]]:
    """The one recogniser of a trainee turn, for the call and for ``python -m simulator acts``: the
    lexicon's acts (``context``: the persona's line before), any ``also`` (an LLM's refinement), then the
    second look (:func:`read_turn`). What it heard that the lexicon missed counts as its act, unless
    ``known`` (the call's memory) already held it; a day or time named is a proposal.
    Returns the acts with what decided each, and what the turn gave."""
    found = detect_acts(text, lang, previous_persona_line=context, previous_trainee_lines=earlier,
                        interrupted=interrupted)
    for act in sorted(also or set()):
        found.add(act, "", rule="model")
    heard = read_turn(text, lang, found.acts, found.slots, listen_for=listen_for, company=company)
    for info, value in heard.items():
        if info in IMPLIED_ACT and not (known and known.knows(info)):
            found.add(IMPLIED_ACT[info], value, rule=f"heard: {info}")
    if Info.TIME in heard:
        found.add(Act.PROPOSE_TIME, heard[Info.TIME], rule="heard: time")
    return found, heard
