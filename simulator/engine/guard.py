"""Checks every LLM-written persona reply before it is spoken; on any failure the engine falls back
to the authored line. Thresholds follow persona-engine-patterns §2.6; the fixtures in the tests are
real bad outputs of the embedded model (echoes, role switches, "I am an AI", leaked rules).
The phrase lists it matches are data: ``guard.*`` in the locale catalogue (``core/locales``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from core.languages import (
    Lang,
    char_bigrams,
    compact,
    has_cjk,
    near_repeat_of,
    normalise,
    strip_punct,
    to_simplified,
    to_traditional_tw,
    tokens,
)
from core.locale import phrases

_STRUCTURAL_LABEL = r"\w{1,12}\s*\(.*?\)"  # "Karen (angrily):"
_STAGE_RE = re.compile(r"\*[^*]{2,}\*|\([^)]{3,}\)|（[^）]{2,}）|\[[^\]]{3,}\]|【[^】]{2,}】")
_MARKDOWN_RE = re.compile(r"(^|\n)\s*([#>\-*]|\d+\.)\s|\*\*|__|`")
_EMOJI_RE = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
_SENTENCE_END = re.compile(r"[.!?。！？]+")


@cache
def _phrases(key: str) -> tuple[str, ...]:
    """A guard phrase list of the locale catalogue (``guard.<key>``), every language together and in matching
    form: a reply in the wrong language is caught too, and zh-TW matches on the Simplified copy."""
    return tuple(dict.fromkeys(normalise(p) for lang in Lang for p in phrases(f"guard.{key}", lang)))


@cache
def _label_re() -> re.Pattern[str]:
    """Speaker labels at the start of a reply mean the model is writing a script, not speaking."""
    words = "|".join(re.escape(w) for w in _phrases("speaker_labels"))
    return re.compile(rf"^\s*({words}|{_STRUCTURAL_LABEL})\s*[:：]", re.IGNORECASE)


@cache
def _state_leak_re() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in _phrases("state_words"))
    return re.compile(
        rf"({words})\s*[:：=]?\s*[+\-]?\d+"
        r"|[+\-]\d+\s*(mood|patience|trust)|\d+\s*/\s*100|\bstage\s*[:：]|\bband\b|directed mode|line bank",
        re.IGNORECASE,
    )


def _intro_re(pattern: str, company: str) -> re.Pattern[str]:
    """A ``company_intro`` pattern as a regex: ``{company}`` the trainee's company, ``*`` a name."""
    parts = [re.escape(piece) for piece in pattern.split("*")]
    body = r"\s*[\w\u3400-\u9fff]+(?:\s+\w+)?\s*".join(parts)
    return re.compile(body.replace(re.escape("{company}"), re.escape(normalise(company))))


@dataclass
class GuardContext:
    lang: Lang
    trainee_line: str
    recent_persona_lines: list[str]
    allowed_texts: list[str] = field(default_factory=list)  # bank lines, facts, slot values: may be echoed
    prompt_text: str = ""  # the instructions she was given: must not leak
    canary: str = ""
    trainee_names: list[str] = field(default_factory=list)
    # Which end of the line she is on. The one who answers (the trainee called her) may offer help and speak
    # for her business; the one who called in (the trainee is the agent) must not sound like the agent,
    # and the one who answers must not sound like the caller (pitching, "I'm calling from …").
    answers_the_call: bool = False
    trainee_companies: list[str] = field(default_factory=list)
    max_units: int = 60  # words, or Chinese characters × 0.5


@dataclass
class GuardResult:
    text: str
    failures: list[str]

    @property
    def ok(self) -> bool:
        return not self.failures


def _bigrams(items: list[str]) -> set[tuple[str, str]]:
    return set(pairwise(items))


def _longest_common_run(a: list[str], b: list[str]) -> int:
    """Length of the longest run of tokens (characters in Chinese) shared by both lines."""
    if not a or not b:
        return 0
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def is_echo(reply: str, trainee: str, lang: Lang) -> bool:
    r_tok, t_tok = tokens(reply, lang), tokens(trainee, lang)
    if len(r_tok) <= 5 and reply.strip().endswith(("?", "？")):
        return False  # a short clarifying echo ("Tomorrow at ten?") is natural
    if len(r_tok) < (6 if lang.is_chinese else 4):
        return False
    rb = _bigrams(r_tok)
    if rb and len(rb & _bigrams(t_tok)) / len(rb) >= 0.6:
        return True
    lcs = _longest_common_run(r_tok, t_tok)
    return lcs >= (10 if lang.is_chinese else 5) and lcs >= len(t_tok) / 2


def _is_self_repeat(reply: str, recent: list[str]) -> bool:
    if len(char_bigrams(reply)) < 4:
        return False
    if near_repeat_of(reply, recent) is not None:
        return True
    sentences = [s.strip() for s in re.split(r"[.!?。！？]+", normalise(reply)) if len(s.strip()) > 3]
    return len(sentences) != len(set(sentences))


@cache
def _lang_identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(["en", "id", "zh", "ms"])
    return ident


def wrong_language(reply: str, lang: Lang) -> str | None:
    """A reason if the reply is not in ``lang`` (Chinese script included), else None."""
    if lang.is_chinese:
        if not has_cjk(reply):
            return "not Chinese"
        import hanzidentifier

        script = hanzidentifier.identify(reply)
        if lang is Lang.ZH_CN and script in (hanzidentifier.TRADITIONAL, hanzidentifier.MIXED):
            return "traditional script in a zh-CN call"
        if lang is Lang.ZH_TW and script in (hanzidentifier.SIMPLIFIED, hanzidentifier.MIXED):
            return "simplified script in a zh-TW call"
        return None
    if has_cjk(reply):
        return "Chinese in a non-Chinese call"
    words = strip_punct(reply).split()
    if len(words) < 4:
        return None  # too short to tell
    code, _ = _lang_identifier().classify(reply)
    code = "id" if code == "ms" else code
    return None if code == lang.value else f"looks like {code}"


def repair_script(reply: str, lang: Lang) -> str:
    """Convert a Chinese reply to the call's script (a character fix, not a rewrite)."""
    if lang is Lang.ZH_CN:
        return to_simplified(reply)
    if lang is Lang.ZH_TW:
        return to_traditional_tw(to_simplified(reply))
    return reply


def _leaks(reply: str, ctx: GuardContext) -> bool:
    if ctx.canary and ctx.canary.lower() in reply.lower():
        return True
    if _state_leak_re().search(reply):
        return True
    if not ctx.prompt_text:
        return False
    norm_reply = compact(reply)
    allowed = "".join(compact(t) for t in ctx.allowed_texts)
    prompt = compact(ctx.prompt_text)
    window = 16 if ctx.lang.is_chinese else 30
    for i in range(0, max(0, len(norm_reply) - window) + 1, 4):
        piece = norm_reply[i:i + window]
        if len(piece) == window and piece in prompt and piece not in allowed:
            return True
    return False


_NUMBER_RE = re.compile(r"\d[\d\s\-.,:]*\d|\d")


def _numbers(text: str) -> set[str]:
    return {re.sub(r"\D", "", m) for m in _NUMBER_RE.findall(normalise(text))} - {""}


def _invented_numbers(reply: str, ctx: GuardContext) -> bool:
    """A number she could not know: not in her lines, facts, slots or what was said in the call."""
    mine = {n for n in _numbers(reply) if len(n) >= 3}  # account, phone and order numbers
    if not mine:
        return False
    known = set().union(*(_numbers(t) for t in [*ctx.allowed_texts, ctx.trainee_line, *ctx.recent_persona_lines]))
    known_digits = "|".join(known)
    return any(n not in known_digits for n in mine)


def _role_switch(reply: str, ctx: GuardContext) -> bool:
    if _label_re().search(reply):
        return True
    norm = normalise(reply)
    if ctx.answers_the_call:
        if any(p in norm for p in _phrases("calling_side")):
            return True
        intros = [_intro_re(p, c) for p in _phrases("company_intro") for c in ctx.trainee_companies if c.strip()]
        if any(rx.search(norm) for rx in intros):
            return True
    elif any(p in norm for p in _phrases("offer_help") + _phrases("answering_side")):
        return True
    for name in ctx.trainee_names:
        n = normalise(name)
        intro = "|".join(re.escape(w) for w in _phrases("name_intro"))
        if n and re.search(rf"({intro})\s*{re.escape(n)}", norm):
            return True
    return False


def _narration(text: str) -> bool:
    """A sentence that is nothing but a stage direction ("Sighs." "叹了口气。")."""
    directions = set(_phrases("stage_directions"))
    return any(strip_punct(normalise(s)) in directions for s in _SENTENCE_END.split(text) if s.strip())


def check_reply(reply: str, ctx: GuardContext) -> GuardResult:
    """Run every check. A wrong Chinese script is repaired; anything else is a failure."""
    text = re.sub(r"\s+", " ", reply).strip().strip('"“”「」')
    failures: list[str] = []
    if not text:
        return GuardResult(text, ["empty"])
    if (reason := wrong_language(text, ctx.lang)) is not None:
        if "script" in reason:
            text = repair_script(text, ctx.lang)
        else:
            failures.append("language")
    if is_echo(text, ctx.trainee_line, ctx.lang):
        failures.append("echo")
    if _is_self_repeat(text, ctx.recent_persona_lines):
        failures.append("repetition")
    if _role_switch(text, ctx):
        failures.append("role_switch")
    if any(p in normalise(text) for p in _phrases("ai_admission")):
        failures.append("ai_admission")
    if _leaks(text, ctx):
        failures.append("leak")
    if _invented_numbers(text, ctx):
        failures.append("invented_fact")
    if _STAGE_RE.search(text) or _MARKDOWN_RE.search(text) or _EMOJI_RE.search(text) or _narration(text):
        failures.append("format")
    units = len(tokens(text, ctx.lang)) / (2 if ctx.lang.is_chinese else 1)
    if units > ctx.max_units:
        failures.append("too_long")
    return GuardResult(text, failures)
