"""What the trainee did in a turn: a fixed set of acts, from per-language lexicons and a learned model.

The lexicons are data (``core/lexicons/{en,id,zh}.yaml``) shared by the persona engine and by
scoring. A few acts are measured in code rather than matched: rambling (turn length), paraphrase
(the trainee repeats specifics the persona just gave), proposing a time (a day or clock time next to
a meeting or call word) and interrupting (flagged by the voice pipeline). Then the learned head
(:mod:`core.acts_model`) adds the acts said in ways no list holds, where dev showed it should.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from core.acts_model import load_head
from core.languages import Lang, near_repeat_of, normalise, tokens
from core.yamlio import load_model

LEXICON_DIR = Path(__file__).parent / "lexicons"


class Act(StrEnum):
    """The fixed act set. An LLM refiner may only answer with these ids."""

    GREETING = "greeting"                # polite greeting word (您好, good morning, selamat pagi)
    BARE_OPENER = "bare_opener"          # a bare 喂 / "Halo" / "Yeah?" opener
    SELF_INTRO = "self_intro"            # own name and organisation
    VERIFY_PARTY = "verify_party"        # "am I speaking with…?", 请问是…吗
    ASK_CONVENIENCE = "ask_convenience"  # "is now a good time?"
    CLEAR_PURPOSE = "clear_purpose"      # "I'm calling about…"
    ASK_FOR_PERSON = "ask_for_person"    # "may I speak to…", 找一下
    ASK_NAME = "ask_name"                # asks the other side's name
    ASK_DETAILS = "ask_details"          # asks for account/order/phone numbers, email, address
    EMPATHY = "empathy"                  # acknowledges feelings
    APOLOGY = "apology"
    OWNERSHIP = "ownership"              # takes responsibility, commits to act
    OFFER_SOLUTION = "offer_solution"    # a concrete remedy or next action
    ASK_WISH = "ask_wish"                # "what would put this right for you?"
    OPEN_QUESTION = "open_question"
    CLOSED_QUESTION = "closed_question"
    PARAPHRASE = "paraphrase"            # reads back or restates what was said
    LISTENING = "listening"              # listening tokens: I see, 我明白, saya mengerti
    THANKS = "thanks"
    POLITE = "polite"                    # please, 请, 您, tolong, Bapak/Ibu
    BENEFIT = "benefit"                  # names a benefit or reason for the other side
    ASK_TIME = "ask_time"                # asks when someone is free / when to call back
    PROPOSE_TIME = "propose_time"        # proposes a concrete day or time
    HOLD_REQUEST = "hold_request"        # asks the other side to hold
    REPEAT_REQUEST = "repeat_request"    # asks to repeat or spell (bad line)
    ANYTHING_ELSE = "anything_else"      # "anything else I can do?"
    CLOSING = "closing"                  # goodbye
    YES_BUT = "yes_but"                  # acknowledgement followed by a contrast
    BLAME = "blame"                      # blames the other side, "not our fault"
    RUDENESS = "rudeness"                # insults, aggression
    CURT = "curt"                        # curt negatives and bare imperatives (他不在, "I don't know")
    DECEPTION = "deception"              # false pretext: "personal call", "he's expecting me"
    PRESSURE = "pressure"                # pushy selling, "you must"
    JARGON = "jargon"
    FILLER = "filler"                    # um, 呃, 那个, eh
    RAMBLING = "rambling"                # measured: a long monologue turn
    INTERRUPT = "interrupt"              # flagged by the voice pipeline (barge-in)
    REPEAT = "repeat"                    # measured: says (almost) the same as one of their last lines
    INJECTION = "injection"              # "ignore your instructions", "are you an AI?"


class ActEntry(BaseModel):
    """One act's cues in one language family.

    ``any``: phrases anywhere; ``start``: phrases near the start of the turn; ``patterns``: regular
    expressions on the normalised text; ``not``: phrases or patterns that veto the act (negation,
    e.g. "not sorry"). Phrases are whole words in en/id and substrings in Chinese.
    """

    model_config = ConfigDict(extra="forbid")
    any: list[str] = Field(default_factory=list)
    start: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    not_: list[str] = Field(default_factory=list, alias="not")


class Lexicon(BaseModel):
    """A language family's lexicon file."""

    model_config = ConfigDict(extra="forbid")
    family: str
    acts: dict[Act, ActEntry]
    # Named captures ``name`` / ``company`` on the original text, for filling the persona's slots.
    trainee_name: list[str] = Field(default_factory=list)
    trainee_company: list[str] = Field(default_factory=list)
    # Day and clock-time expressions; a time next to a meeting word makes PROPOSE_TIME.
    time_expressions: list[str] = Field(default_factory=list)
    meeting_words: list[str] = Field(default_factory=list)
    # a clause that tells what happened ("the engineer was booked for Tuesday and never came"): a day or
    # time in it is not a proposal (patterns, matched on the normalised clause)
    past_words: list[str] = Field(default_factory=list)
    question_words: list[str] = Field(default_factory=list)  # open-question openers (what, how, 什么)
    rambling_units: int = 70  # words (en/id) or characters (zh) above which a turn rambles


@dataclass(frozen=True)
class ActHit:
    act: Act
    evidence: str  # the matched span of the normalised text (or a note for measured acts)
    rule: str = "lexicon"  # what decided it: lexicon start / any / pattern, a measure, heard, model


@dataclass
class TurnActs:
    """The acts found in one trainee turn, with evidence and any slot values captured."""

    hits: list[ActHit] = field(default_factory=list)
    slots: dict[str, str] = field(default_factory=dict)

    @property
    def acts(self) -> set[Act]:
        return {h.act for h in self.hits}

    def add(self, act: Act, evidence: str, rule: str = "lexicon") -> None:
        if act not in self.acts:
            self.hits.append(ActHit(act, evidence, rule))


@cache
def load_lexicon(family: str) -> Lexicon:
    return load_model(LEXICON_DIR / f"{family}.yaml", Lexicon)


@dataclass(frozen=True)
class _Compiled:
    any: re.Pattern[str] | None
    start: re.Pattern[str] | None
    patterns: tuple[re.Pattern[str], ...]
    veto: tuple[re.Pattern[str], ...]


def _phrase_re(phrases: list[str], chinese: bool, anchored: bool) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alts = "|".join(re.escape(normalise(p)) for p in sorted(phrases, key=len, reverse=True))
    if chinese:
        body = f"(?:{alts})"
        return re.compile(rf"^[\W\s]{{0,3}}(?:\S{{0,6}}?){body}" if anchored else body)
    body = rf"(?<![\w'])(?:{alts})(?![\w'])"
    return re.compile(rf"^[\W\s]*(?:\S+\s+){{0,3}}?{body}" if anchored else body)


@cache
def _compiled(family: str) -> dict[Act, _Compiled]:
    lex = load_lexicon(family)
    chinese = family == "zh"
    out: dict[Act, _Compiled] = {}
    for act, entry in lex.acts.items():
        veto_phr = _phrase_re([p for p in entry.not_ if not p.startswith("re:")], chinese, False)
        veto = tuple(re.compile(p[3:]) for p in entry.not_ if p.startswith("re:"))
        out[act] = _Compiled(
            any=_phrase_re(entry.any, chinese, False),
            start=_phrase_re(entry.start, chinese, True),
            patterns=tuple(re.compile(p) for p in entry.patterns),
            veto=(veto_phr, *veto) if veto_phr else veto,
        )
    return out


def _vetoed(c: _Compiled, text: str) -> bool:
    """One of the act's ``not`` entries (its known false friends) holds in the text."""
    return any(v.search(text) for v in c.veto)


def _first_match(c: _Compiled, text: str) -> tuple[str, str] | None:
    """(which list matched, the matched span), unless a veto holds."""
    if _vetoed(c, text):
        return None
    for kind, rx in (("start", c.start), ("any", c.any), *(("pattern", p) for p in c.patterns)):
        if rx is not None and (m := rx.search(text)):
            return f"lexicon {kind}: {rx.pattern[:80]}" if kind == "pattern" else f"lexicon {kind}", m.group(0).strip()
    return None


_DIGITS = re.compile(r"\d[\d\s\-]{2,}\d|\d{2,}")


def _specifics(text: str) -> set[str]:
    """Numbers in a line, spaces and dashes removed (account numbers, phone numbers, times)."""
    return {re.sub(r"[\s\-]", "", m) for m in _DIGITS.findall(text)}


def detect_acts(
    text: str,
    lang: Lang,
    *,
    previous_persona_line: str = "",
    previous_trainee_lines: list[str] | None = None,
    interrupted: bool = False,
    learned: bool = True,
) -> TurnActs:
    """Recognise the trainee's acts in one turn: the lexicons and measures, then (``learned``) the
    model's additions. Deterministic for a given model file. ``learned=False`` is for training and
    tests that compare against the lists alone; every call and every scorecard use the model."""
    family = lang.family
    lex = load_lexicon(family)
    norm = normalise(text, lang)
    found = TurnActs()
    for act, compiled in _compiled(family).items():
        if (match := _first_match(compiled, norm)) is not None:
            found.add(act, match[1], rule=match[0])

    _measure_questions(found, norm, lex, lang)
    _measure_time(found, norm, lex)
    if len(tokens(text, lang)) > lex.rambling_units:
        found.add(Act.RAMBLING, f"{len(tokens(text, lang))} units", rule="measured: length")
    if previous_persona_line:
        shared = _specifics(normalise(previous_persona_line, lang)) & _specifics(norm)
        if shared:
            found.add(Act.PARAPHRASE, "read back " + ", ".join(sorted(shared)), rule="measured: numbers read back")
    if interrupted:
        found.add(Act.INTERRUPT, "talked over the persona", rule="measured: voice")
    if (earlier := _repeated(norm, previous_trainee_lines or [], lang)) is not None:
        found.add(Act.REPEAT, f"same as: {earlier[:60]}", rule="measured: near repeat")
    _capture_slots(found, text, lex)
    if learned:
        _apply_model(found, text, lang, norm)
    return found


def _apply_model(found: TurnActs, text: str, lang: Lang, norm: str) -> None:
    """The learned head adds the acts it finds that the lists missed, where dev said it should, unless
    one of the act's ``not`` entries (the lists' known false friends) rules it out."""
    compiled = _compiled(lang.family)
    for name, p in load_head().adds(text, lang).items():
        act = Act(name)
        if act in compiled and _vetoed(compiled[act], norm):
            continue
        found.add(act, text.strip()[:60], rule=f"model {p:.2f}")


def _repeated(norm: str, earlier: list[str], lang: Lang) -> str | None:
    """An earlier line (of the last three) this one nearly repeats, if it is long enough to matter."""
    return near_repeat_of(norm, earlier) if len(tokens(norm, lang)) >= 4 else None


def _measure_questions(found: TurnActs, norm: str, lex: Lexicon, lang: Lang) -> None:
    # One clause per sentence, so a question word in an earlier statement cannot make a later
    # yes/no question "open" ("He told me what happened. Is that your number?").
    questions = [q for q in re.split(r"(?<=[?？.!。！])\s*", norm) if q.strip().endswith(("?", "？"))]
    if lang.is_chinese:
        # Chinese questions often end with 吗/呢 without a question mark in STT output.
        questions += [s for s in re.split(r"[。！!，,]", norm) if s.strip().endswith(("吗", "呢", "么"))]
    opener = _phrase_re(lex.question_words, lang.is_chinese, False)
    for q in questions:
        clause = q.strip()
        if opener is not None and opener.search(clause):
            found.add(Act.OPEN_QUESTION, clause[-60:], rule="question with a question word")
        else:
            found.add(Act.CLOSED_QUESTION, clause[-60:], rule="question without a question word")


_CLAUSE_END = re.compile(r"(?<=[,，、;；.。!！?？])\s*")


def future_clauses(norm: str, lex: Lexicon) -> str:
    """The normalised turn with the clauses that tell what already happened (``past_words``) blanked
    out, so that what is left keeps its offsets."""
    out, begin = [], 0
    for end in [m.start() for m in _CLAUSE_END.finditer(norm)] + [len(norm)]:
        clause = norm[begin:end]
        out.append(" " * len(clause) if any(re.search(p, clause) for p in lex.past_words) else clause)
        begin = end
    return "".join(out)


def _measure_time(found: TurnActs, norm: str, lex: Lexicon) -> None:
    ahead = future_clauses(norm, lex)
    times = [m.group(0) for p in lex.time_expressions if (m := re.search(p, ahead))]
    if not times:
        return
    meeting = any(re.search(p, norm) for p in lex.meeting_words)
    if meeting or Act.ASK_TIME in found.acts or Act.OFFER_SOLUTION in found.acts:
        found.add(Act.PROPOSE_TIME, times[0], rule="time expression with a meeting word")


def _capture_slots(found: TurnActs, text: str, lex: Lexicon) -> None:
    for slot, patterns in (("trainee_name", lex.trainee_name), ("trainee_company", lex.trainee_company)):
        for p in patterns:
            if m := re.search(p, text):
                value = next((g for g in m.groups() if g), "").strip(" ,.，。")
                if value:
                    found.slots[slot] = value
                    break
