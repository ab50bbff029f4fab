"""Act detection per language: realistic trainee lines must yield the intended acts and not the
confusable ones. The case tables are data beside this file: ``act_cases.yaml`` (text, acts that must be
found, acts that must not) and ``slot_cases.yaml`` (the name and company a self-introduction gives)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, Field

from core.acts import Act, detect_acts, load_lexicon
from core.languages import Lang
from core.yamlio import read_yaml

CASES_DIR = Path(__file__).parent


class ActCase(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    text: str
    acts: set[Act]
    unwanted: set[Act] = Field(default_factory=set, alias="not")


class SlotCase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lang: Lang
    text: str
    name: str | None
    company: str | None


def _act_cases() -> list[tuple[Lang, ActCase]]:
    data = read_yaml(CASES_DIR / "act_cases.yaml")
    return [(Lang(lang), ActCase.model_validate(case)) for lang, cases in data.items() for case in cases]


def _slot_cases() -> list[SlotCase]:
    return [SlotCase.model_validate(case) for case in read_yaml(CASES_DIR / "slot_cases.yaml")["slots"]]


ACT_CASES = _act_cases()
SLOT_CASES = _slot_cases()


def test_every_language_has_cases() -> None:
    assert {lang for lang, _ in ACT_CASES} == set(Lang)


@pytest.mark.parametrize(("lang", "case"), ACT_CASES, ids=[f"{lang}-{case.text[:40]}" for lang, case in ACT_CASES])
def test_acts(lang: Lang, case: ActCase) -> None:
    got = detect_acts(case.text, lang).acts
    missing = case.acts - got
    extra = case.unwanted & got
    assert not missing and not extra, (
        f"{case.text!r}: missing {sorted(missing)}, unwanted {sorted(extra)}; got {sorted(got)}"
    )


@pytest.mark.parametrize("case", SLOT_CASES, ids=[c.text[:40] for c in SLOT_CASES])
def test_slots(case: SlotCase) -> None:
    slots = detect_acts(case.text, case.lang).slots
    assert slots.get("trainee_name") == case.name
    assert slots.get("trainee_company") == case.company


# ----------------------------------------------------------------------------------------------------
# Coverage and measured acts
# ----------------------------------------------------------------------------------------------------
MEASURED = {Act.RAMBLING, Act.INTERRUPT, Act.PROPOSE_TIME, Act.REPEAT}


@pytest.mark.parametrize("family", ["en", "id", "zh"])
def test_every_lexical_act_has_cues(family: str) -> None:
    lex = load_lexicon(family)
    missing = {a for a in Act if a not in MEASURED and a not in lex.acts}
    assert not missing, f"{family}: no entry for {sorted(missing)}"
    empty = [a for a, e in lex.acts.items() if not (e.any or e.start or e.patterns)]
    assert not empty, f"{family}: empty entries {empty}"
    assert lex.time_expressions and lex.meeting_words and lex.question_words


def test_paraphrase_by_numbers_from_previous_line() -> None:
    acts = detect_acts("That's account 4471 0392.", Lang.EN, previous_persona_line="Account 4471 0392.").acts
    assert Act.PARAPHRASE in acts


def test_rambling_and_interrupt() -> None:
    long_turn = " ".join(["we really think this is a great product for you"] * 10)
    assert Act.RAMBLING in detect_acts(long_turn, Lang.EN).acts
    assert Act.INTERRUPT in detect_acts("Sorry, can I just say", Lang.EN, interrupted=True).acts


def test_scripts_agree() -> None:
    """The same line in Simplified and Traditional script yields the same acts."""
    pairs = [
        ("请问您现在方便讲电话吗?我是华讯宽带的小陈。", "請問您現在方便講電話嗎?我是華訊寬頻的小陳。"),
        ("真的很抱歉,让您久等了,我马上帮您处理。", "真的很抱歉,讓您久等了,我馬上幫您處理。"),
    ]
    for simp, trad in pairs:
        assert detect_acts(simp, Lang.ZH_CN).acts == detect_acts(trad, Lang.ZH_TW).acts


def test_question_word_in_an_earlier_sentence_does_not_make_a_closed_question_open() -> None:
    found = detect_acts("I know what you mean. Is that your number?", Lang.EN)
    assert Act.CLOSED_QUESTION in found.acts
    assert Act.OPEN_QUESTION not in found.acts


def test_curly_apostrophes_match_like_straight_ones() -> None:
    assert detect_acts("I’m so sorry about that.", Lang.EN).acts == detect_acts("I'm so sorry about that.", Lang.EN).acts


def test_read_back_of_full_width_digits() -> None:
    found = detect_acts("好的，您的账号是2758 3301，对吗？", Lang.ZH_CN, previous_persona_line="账号是２７５８ ３３０１。")
    assert Act.PARAPHRASE in found.acts
