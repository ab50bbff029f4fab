"""Specifics exchanged in a call and whether the trainee read them back correctly.

Specifics are what the other side gives that the trainee must act on: numbers of four digits or more
(accounts, phones, references), e-mail addresses, days and clock times, and a time the trainee
proposed that the other side accepted. A read-back is a later trainee turn that repeats one; for
numbers and e-mails a near miss (one or two digits off, transposed) is a *wrong* read-back.
Spelled-out addresses ("d dot whitfield", "sari titik lestari", "chen 点 li 艾特 …") are compared
on their letters and digits only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz.distance import Levenshtein

from core.acts import Act
from core.record import Speaker
from scoring.context import CallContext, Sentence, TurnView
from scoring.cues import Cue

_NUMBER = re.compile(r"\d(?:[ \-–.]?\d)+")
_EMAIL = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CN_DIGITS = str.maketrans("零〇一二三四五六七八九幺", "001234567891")
_CN_RUN = re.compile(r"[零〇一二三四五六七八九幺]{4,}")
_SPELL_WORDS = re.compile(
    r"(?<![a-z])(?:dot|titik|period|point|at|dash|hyphen|minus|underscore|strip|garis bawah|tanda hubung)(?![a-z])"
    r"|点|點|艾特|横杠|橫槓|下划线|下劃線|杠|槓"
)
NEAR_MISS = 0.6  # normalised similarity above which a different number counts as a wrong read-back


class Kind(StrEnum):
    NUMBER = "number"
    EMAIL = "email"
    TIME = "time"


@dataclass(frozen=True)
class Item:
    kind: Kind
    key: str  # comparison form: digits, letters+digits, or a normalised day/time phrase
    turn: int  # the turn it was given (or accepted) in
    shown: str


@dataclass(frozen=True)
class Readback:
    item: Item
    sentence: Sentence
    correct: bool


def _numbers(norm: str, min_digits: int) -> list[str]:
    text = _CN_RUN.sub(lambda m: m.group(0).translate(_CN_DIGITS), norm)
    found = [re.sub(r"\D", "", m.group(0)) for m in _NUMBER.finditer(text)]
    return [n for n in found if len(n) >= min_digits and not _YEAR.match(n)]


def _letters_digits(norm: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _SPELL_WORDS.sub(" ", norm))


def _times(ctx: CallContext, view: TurnView) -> list[str]:
    return [m.strip() for m in ctx.cues.findall(Cue.DAY, view.norm) + ctx.cues.findall(Cue.CLOCK_TIME, view.norm)]


def _said_before(ctx: CallContext, index: int) -> tuple[str, str]:
    """Letters+digits and digits of everything the trainee said before turn ``index``."""
    text = " ".join(t.norm for t in ctx.trainee if t.index < index)
    return _letters_digits(text), re.sub(r"\D", "", text)


def items(ctx: CallContext) -> list[Item]:
    out: list[Item] = []
    for view in ctx.persona:
        # The persona repeating what the trainee gave (her own number) is not a specific for the trainee.
        letters, digits = _said_before(ctx, view.index)
        for email in _EMAIL.findall(view.norm):
            if (key := _letters_digits(email)) not in letters:
                out.append(Item(Kind.EMAIL, key, view.index, email))
        without_emails = _EMAIL.sub(" ", view.norm)
        out += [Item(Kind.NUMBER, n, view.index, n) for n in _numbers(without_emails, 4) if n not in digits]
        out += [Item(Kind.TIME, t, view.index, t) for t in _times(ctx, view)]
    for view in ctx.trainee:  # a time the trainee proposed and the other side accepted
        reply = ctx.after(view.index, Speaker.PERSONA)
        if reply is None or ctx.cues.has(Cue.REFUSAL, reply.norm) or not ctx.cues.has(Cue.ACCEPTANCE, reply.norm):
            continue
        out += [Item(Kind.TIME, t, reply.index, t) for t in _times(ctx, view)]
    return out


def details_exchanged(ctx: CallContext) -> bool:
    return bool(items(ctx))


def _confirming(ctx: CallContext, sentence: Sentence) -> bool:
    """Said as a confirmation ("So that's…", "Baik, saya catat:", 好的…, "…, right?"), not in passing or arguing."""
    acts = ctx.sentence_acts(sentence)
    if acts & {Act.YES_BUT, Act.BLAME, Act.CURT}:
        return False
    if acts & {Act.PARAPHRASE, Act.LISTENING} or ctx.cues.has(Cue.RECAP, sentence.norm):
        return True
    return ctx.cues.has(Cue.ACK, sentence.norm) or sentence.text.rstrip().endswith(("?", "？", "吗", "吗？"))


def _check(ctx: CallContext, item: Item, sentence: Sentence) -> bool | None:
    """True: read back correctly; False: a wrong read-back; None: not a read-back of this item."""
    if item.kind is Kind.TIME:
        return True if item.key in sentence.norm and _confirming(ctx, sentence) else None
    if item.kind is Kind.EMAIL:
        skeleton = _letters_digits(sentence.norm)
        if item.key in skeleton:
            return True
        said = [_letters_digits(e) for e in _EMAIL.findall(sentence.norm)]
        return False if any(Levenshtein.normalized_similarity(item.key, s) >= NEAR_MISS for s in said) else None
    digits = re.sub(r"\D", "", _CN_RUN.sub(lambda m: m.group(0).translate(_CN_DIGITS), sentence.norm))
    if item.key in digits:
        return True
    for said in _numbers(sentence.norm, 3):
        close = abs(len(said) - len(item.key)) <= 1
        if close and Levenshtein.normalized_similarity(item.key, said) >= NEAR_MISS:
            return False
    return None


def readbacks(ctx: CallContext) -> tuple[list[Item], list[Readback]]:
    """All specifics and, per specific, its first read-back (correct or wrong) by the trainee."""
    found: list[Readback] = []
    all_items = items(ctx)
    for item in all_items:
        later = [s for t in ctx.trainee if t.index > item.turn for s in t.sentences]
        for sentence in later:
            verdict = _check(ctx, item, sentence)
            if verdict is not None:
                found.append(Readback(item, sentence, verdict))
                break
    return all_items, found
