"""The call memory hears what a turn gives, in every language, beyond the acts the lexicon found."""

from __future__ import annotations

import pytest

from core.acts import Act, detect_acts
from core.languages import Lang
from core.memory import CallMemory, Info, company_key, find_time, read_turn


@pytest.mark.parametrize(("lang", "text", "said"), [
    (Lang.ID, "Oke Pak, besok jam sepuluh teknisinya datang.", "besok jam sepuluh"),
    (Lang.ZH_CN, "明天上午十点我再打给您。", "明天上午十点"),
    (Lang.ZH_TW, "那就星期四下午三點，我再打過來。", "星期四下午三點"),
    (Lang.EN, "Could we say Wednesday, half past ten?", "Wednesday, half past ten"),
])
def test_a_time_said_in_words_is_found_as_it_was_said(lang: Lang, text: str, said: str) -> None:
    assert find_time(text, lang) == said


@pytest.mark.parametrize(("lang", "text", "said"), [
    (Lang.EN, "So the engineer was booked for Tuesday and never turned up, is that right?", ""),
    (Lang.EN, "The engineer never came on Monday, so how about Thursday at ten?", "Thursday at ten"),
    (Lang.ID, "Jadi teknisinya dijadwalkan Selasa tapi nggak datang sama sekali, begitu Pak?", ""),
    (Lang.ID, "Kemarin Senin nggak ada yang datang, jadi besok jam sembilan saya kirim teknisi.", "besok jam sembilan"),
    (Lang.ZH_CN, "原本约的周二上门，师傅也没来。", ""),
    (Lang.ZH_TW, "所以原本約禮拜二到府，結果師傅完全沒來，是嗎？", ""),
    (Lang.ZH_TW, "上次禮拜二沒人來，這次改約禮拜四早上十點。", "禮拜四早上十點"),
])
def test_a_day_told_as_what_already_happened_is_not_a_proposal(lang: Lang, text: str, said: str) -> None:
    assert find_time(text, lang) == said
    if not said:
        assert Act.PROPOSE_TIME not in detect_acts(text, lang, learned=False).acts


def test_no_time_in_a_turn_without_one() -> None:
    assert find_time("I completely understand how frustrating that is.", Lang.EN) == ""


@pytest.mark.parametrize(("company", "lang", "key"), [
    ("PT Kemasindo Jaya", Lang.ID, "kemasindo"),
    ("恒泰包装材料公司", Lang.ZH_CN, "恒泰"),
    ("恆泰包裝材料", Lang.ZH_TW, "恒泰"),
    ("NovaPack Packaging", Lang.EN, "novapack"),
])
def test_the_company_is_known_by_the_name_people_say(company: str, lang: Lang, key: str) -> None:
    assert company_key(company, lang) == key


def _read(text: str, lang: Lang, **cues: list[str]) -> dict[Info, str]:
    found = detect_acts(text, lang)
    return read_turn(text, lang, found.acts, found.slots, listen_for={Info(k): v for k, v in cues.items()},
                     company={Lang.EN: "StaffBridge Recruitment", Lang.ID: "PT Talenta Mitra Karya",
                              Lang.ZH_CN: "才通人力资源公司", Lang.ZH_TW: "才通人力顧問公司"}[lang])


@pytest.mark.parametrize(("lang", "text"), [
    (Lang.EN, "We find warehouse people for firms like yours. Hiring for a new site is hard, so I thought we could help."),
    (Lang.ID, "Kami bantu cari tenaga kerja gudang, siapa tahu bisa bantu untuk gudang baru Ibu."),
    (Lang.ZH_CN, "我们一直做仓储物流这块的招聘，看看能不能帮上忙。"),
    (Lang.ZH_TW, "我們專門做倉儲物流的人才招募，想看看能不能幫上忙。"),
])
def test_a_purpose_in_the_scenarios_own_words_is_heard(lang: Lang, text: str) -> None:
    words = {Lang.EN: ["hiring", "warehouse people"], Lang.ID: ["tenaga kerja"], Lang.ZH_CN: ["招聘"],
             Lang.ZH_TW: ["招募"]}[lang]
    assert Info.PURPOSE in _read(text, lang, purpose=words)


def test_the_own_company_name_is_not_a_purpose() -> None:
    heard = _read("Hello, this is Alex from StaffBridge Recruitment.", Lang.EN, purpose=["recruitment"])
    assert Info.PURPOSE not in heard
    assert heard[Info.COMPANY] == "StaffBridge Recruitment"


def test_a_remedy_needs_its_time() -> None:
    remedy = {"remedy": ["technician"]}
    assert Info.REMEDY not in _read("I'll get a technician out to you.", Lang.EN, **remedy)
    assert _read("A technician will be with you tomorrow at nine.", Lang.EN, **remedy)[Info.REMEDY] == "tomorrow at nine"


def test_contact_details_are_heard() -> None:
    assert _read("You can reach me on 0812 3456 7890.", Lang.ID)[Info.CONTACT] == "0812 3456 7890"
    assert _read("My email is alex@staffbridge.co.uk", Lang.EN)[Info.CONTACT] == "alex@staffbridge.co.uk"


def test_memory_keeps_the_first_value_and_fills_an_empty_one() -> None:
    memory = CallMemory()
    assert memory.learn({Info.NAME: "", Info.PURPOSE: "hiring"}, turn=0) == [Info.NAME, Info.PURPOSE]
    assert memory.learn({Info.NAME: "Alex", Info.PURPOSE: "staff"}, turn=2) == []
    assert memory.value(Info.NAME) == "Alex"
    assert memory.value(Info.PURPOSE) == "hiring"
    assert memory.slots() == {"heard_name": "Alex", "heard_purpose": "hiring"}
