"""Code detectors, one labelling rule at a time (shared/eval/README.md), in en, id and zh."""

from __future__ import annotations

import pytest

from scoring.rubric import load_rubric
from scoring.scorer import assess
from tests.support.calls import make_call


def verdicts(script: str, **kwargs: object) -> dict[str, str]:
    a = assess(make_call(script, **kwargs), load_rubric())
    return {cid: f.verdict.value for cid, f in a.findings.items()}


@pytest.mark.parametrize(("opening", "expected", "lang"), [
    ("喂,您好,我姓王,是云账通的销售。", "met", "zh-CN"),            # 喂,您好 is met
    ("Hello, is that Dana?", "not_met", "en"),                      # a bare "Hello, is that…?" is not
    ("Hey Helen, it's Mark from Ergonest.", "not_met", "en"),
    ("BrightLine, Jake speaking.", "not_met", "en"),                # company-only opening
    ("Halo, saya Dimas dari Dapur Sehat.", "not_met", "id"),        # bare "Halo"
    ("Selamat pagi, saya Dimas dari Dapur Sehat.", "met", "id"),
])
def test_greeting_must_open_the_first_turn(opening: str, expected: str, lang: str) -> None:
    assert verdicts(f"P: ...\nT: {opening}", lang=lang)["greeting"] == expected


def test_self_introduction_needs_name_and_organisation() -> None:
    assert verdicts("P: 您好。\nT: 您好,敝姓吴,是华讯宽带的客服。", lang="zh-CN")["self_introduction"] == "met"
    assert verdicts("P: Hello?\nT: Good morning, this is Mark.", lang="en")["self_introduction"] == "not_met"
    # inbound: "<greeting>, <organisation>, <name> speaking"
    inbound = "T: Good morning, Harper & Lane Solicitors, Chloe speaking, how may I help?\nP: I need Mr Brandt."
    assert verdicts(inbound, direction="inbound")["self_introduction"] == "met"


def test_asking_for_someone_is_not_verifying_the_party() -> None:
    assert verdicts("P: 您好。\nT: 您好,麻烦找一下刘总。", lang="zh-CN")["verify_party"] == "not_met"
    assert verdicts("P: Hello?\nT: Good morning, am I speaking with Dana Whitfield?")["verify_party"] == "met"
    check = "P: Halo.\nT: Selamat pagi, apakah saya berbicara dengan Ibu Maya?"
    assert verdicts(check, lang="id")["verify_party"] == "met"


def test_outbound_only_criteria_are_na_inbound() -> None:
    v = verdicts("T: Good morning, BrightLine, Priya speaking. How can I help?\nP: My internet is down.",
                 direction="inbound")
    assert v["verify_party"] == v["ask_convenience"] == "n/a"


def test_narrow_and_stock_questions_are_not_open() -> None:
    script = """
    T: Good morning, BrightLine, Priya speaking. How can I help you today?
    P: I want to change my plan.
    T: Which email is on the account? Could you tell me whether you have a router?
    P: Yes.
    T: Is there anything else I can help with?
    """
    assert verdicts(script, direction="inbound")["open_question"] == "not_met"
    open_one = "P: Hi.\nT: Good morning. How are you handling desk ergonomics at the moment?"
    assert verdicts(open_one)["open_question"] == "met"
    assert verdicts("P: 您好。\nT: 您好,贵公司现在月底对账一般是怎么做的?", lang="zh-CN")["open_question"] == "met"


def test_wrong_read_back_fails_even_if_confirmed() -> None:
    script = """
    T: 您好,宏泰物流,我是张雅婷。
    P: 我的电话是 02-2758-3316。
    T: 好,我重复一次:02-2785-3316。
    P: 对。
    """
    assert verdicts(script, lang="zh-TW", direction="inbound")["confirm_details"] == "not_met"
    ok = script.replace("02-2785-3316", "02-2758-3316")
    assert verdicts(ok, lang="zh-TW", direction="inbound")["confirm_details"] == "met"


def test_spelled_out_email_is_a_read_back() -> None:
    script = """
    P: It's d dot whitfield at calloway dot com. d.whitfield@calloway.com.
    T: d dot whitfield at calloway dot com, got it.
    """
    assert verdicts(script)["confirm_details"] == "met"


def test_persona_reading_back_the_trainees_number_is_no_specific() -> None:
    script = """
    T: Good afternoon, this is Tom from ClearPath.
    P: What's your number?
    T: It's 0161 555 0192.
    P: Okay, 0161 555 0192.
    """
    assert verdicts(script)["confirm_details"] == "n/a"


def test_empathy_is_na_for_a_calm_secretary_but_needed_under_pressure() -> None:
    calm = "P: Selamat pagi.\nT: Selamat pagi, Bu.\nP: Pak Hendra sibuk sekali, Pak. Kirim saja proposal."
    assert verdicts(calm, lang="id")["empathy"] == "n/a"
    hurried = "P: I've got a meeting in ten minutes.\nT: Great, so our programme covers seating."
    assert verdicts(hurried)["empathy"] == "not_met"
    heard = "P: I've got a meeting in ten minutes.\nT: I know you're pressed for time, so I'll be quick."
    assert verdicts(heard)["empathy"] == "met"


def test_ownership_needs_apology_responsibility_and_a_timed_action() -> None:
    base = """
    T: Good morning, BrightLine, Priya speaking. How can I help?
    P: Nobody showed up yesterday and nobody called. This is ridiculous!
    T: I'm really sorry, that's our failure. {action}
    """
    timed = base.format(action="I've booked a technician for tomorrow between eight and ten.")
    vague = base.format(action="I'll get someone to look into it soon.")
    assert verdicts(timed, direction="inbound", persona="angry_complainer")["ownership"] == "met"
    assert verdicts(vague, direction="inbound", persona="angry_complainer")["ownership"] == "not_met"


def test_curt_hold_fails_hold_etiquette_and_polite_language() -> None:
    script = """
    T: Good morning, BrightLine, Jake speaking.
    P: My internet is down.
    T: Hang on.
    ! hold 40
    T: Right. The job got closed.
    """
    v = verdicts(script, direction="inbound")
    assert v["hold_etiquette"] == "not_met"
    assert v["polite_language"] == "not_met"


def test_polite_hold_is_met() -> None:
    script = """
    T: Good morning, BrightLine, Priya speaking.
    P: My internet is down.
    T: May I put you on hold for about a minute while I check?
    P: Fine.
    ! hold 40
    T: Thank you for holding.
    """
    assert verdicts(script, direction="inbound")["hold_etiquette"] == "met"


@pytest.mark.parametrize(("line", "expected"), [
    ("Would it be okay to connect sometime next week?", "not_met"),
    ("Would Friday at 2 p.m. work for a fifteen-minute meeting?", "met"),
])
def test_next_step_needs_a_day_and_time(line: str, expected: str) -> None:
    assert verdicts(f"P: Hello?\nT: {line}\nP: Yes, that works.")["next_step"] == expected


def test_a_refused_time_is_no_next_step() -> None:
    script = "P: Halo.\nT: Ibu datang besok jam sembilan pagi.\nP: Besok saya tidak bisa, Pak."
    assert verdicts(script, lang="id")["next_step"] == "not_met"


def test_closing_needs_thanks_goodbye_and_a_check() -> None:
    full = "P: Hi.\nT: Is there anything else you need from me?\nP: No.\nT: Thank you for your time. Goodbye."
    assert verdicts(full)["closing"] == "met"
    hung_up = "P: Hi.\nT: Can he call me back?\nP: I can't promise that. Goodbye.\n! hangup persona"
    assert verdicts(hung_up)["closing"] == "not_met"
    # In Indonesian a closing "Selamat siang" counts as goodbye.
    id_close = "P: Halo.\nT: Apakah ada hal lain, Bu?\nP: Tidak.\nT: Terima kasih banyak, Bu. Selamat siang."
    assert verdicts(id_close, lang="id")["closing"] == "met"


def test_deception_fails_honesty() -> None:
    script = "P: 您好,总经理办公室。\nT: 您好,是私人的事情,我是刘总的朋友,他一直在等我电话呢。"
    assert verdicts(script, lang="zh-CN")["honesty"] == "not_met"


def test_yes_but_is_arguing() -> None:
    assert verdicts("P: I restarted it fifty times!\nT: Yes, but I have to ask.")["no_arguing"] == "not_met"
    assert verdicts("P: Tidak bisa mendadak.\nT: Iya, tapi kandidat lain bisa.", lang="id")["no_arguing"] == "not_met"


def test_jargon_and_hype_fail_clear_language() -> None:
    line = ("We leverage a holistic end-to-end framework to drive productivity uplift; "
            "clients have seen up to forty percent productivity gains.")
    assert verdicts(f"P: Hello?\nT: {line}")["clear_language"] == "not_met"
    assert verdicts("P: Hello?\nT: We sell office chairs that help with back pain.")["clear_language"] == "met"


# The examples the labelling rules themselves give (shared/eval/README.md), each in a minimal call.
README_EXAMPLES = [
 ("P: Hello?\nT: Is Ray about?", {}, "verify_party", "not_met"),
 ("P: Hello?\nT: Good morning. May I speak to Mr Finch?", {}, "verify_party", "not_met"),
 ("P: Hello?\nT: Good morning, is that Ray Finch?", {}, "verify_party", "met"),
 ("P: 您好。\nT: 您好,请问是刘总吗?", {"lang": "zh-CN"}, "verify_party", "met"),
 ("P: Halo.\nT: Selamat pagi, apakah benar ini Pak Hendra?", {"lang": "id"}, "verify_party", "met"),
 ("P: 您好。\nT: 您好,敝姓吳,是雲端通訊的業務。", {"lang": "zh-TW"}, "self_introduction", "met"),
 ("P: Hi.\nT: Good morning. When is he back? Which email should I use?", {}, "open_question", "not_met"),
 ("P: Hi.\nT: Good morning. On a scale of one to ten, how would you rate our service?", {}, "open_question", "not_met"),
 ("T: Good morning, Acme, Jo speaking. How can I help?\nP: My order is late.\nT: What's your order number?", {"direction": "inbound"}, "open_question", "not_met"),
 ("T: 您好,宏泰物流,我是小张,有什么可以帮您?\nP: 我找陈经理。", {"lang": "zh-CN", "direction": "inbound"}, "open_question", "not_met"),
 ("T: Selamat pagi, PT Maju, dengan Sari. Ada yang bisa saya bantu?\nP: Saya cari Pak Hendra.", {"lang": "id", "direction": "inbound"}, "state_purpose", "met"),
 ("P: Hi.\nT: I'll call you sometime next week.\nP: Okay.", {}, "next_step", "not_met"),
 ("P: 您好。\nT: 那我下周再打。\nP: 好。", {"lang": "zh-CN"}, "next_step", "not_met"),
 ("P: Hi.\nT: The next available is Friday, and you'll get a text.\nP: Fine.", {}, "next_step", "not_met"),
 ("P: Halo.\nT: Ibu harus datang besok.", {"lang": "id"}, "polite_language", "not_met"),
 ("P: 您好。\nT: 你电话几号?", {"lang": "zh-CN"}, "polite_language", "not_met"),
 ("P: 您好。\nT: 等一下。", {"lang": "zh-CN"}, "polite_language", "not_met"),
 ("T: 您好,宏泰物流。\nP: 我找陈经理。\nT: 他不在。", {"lang": "zh-CN", "direction": "inbound"}, "polite_language", "not_met"),
 ("T: Selamat pagi.\nP: Pak Hendra ada?\nT: Saya tidak tahu.", {"lang": "id", "direction": "inbound"}, "polite_language", "not_met"),
 ("P: Hi.\nT: Where's the invoice?\nP: I don't know.\nT: I don't know either.", {}, "polite_language", "not_met"),
 ("P: Hi.\nT: Is there anything I should bring? Thanks so much, goodbye.", {}, "closing", "met"),
 ("P: 您好。\nT: 您好,我是云账通的王磊。麻烦您转告刘总,我下周一上午十点再打过来。\nP: 好。\nT: 还有什么需要我准备的吗?谢谢您,再见。", {"lang": "zh-CN"}, "closing", "met"),
 ("P: Halo.\nT: Apakah ada yang bisa saya bantu lagi?\nP: Tidak.\nT: Terima kasih, Bu. Selamat siang.", {"lang": "id"}, "closing", "met"),
 ("P: Hello.\nT: I'll send the brochure.\nP: Bye.\n! hangup persona", {}, "closing", "not_met"),
]


@pytest.mark.parametrize(("script", "kwargs", "criterion", "expected"), README_EXAMPLES)
def test_labelling_rule_examples(script: str, kwargs: dict[str, str], criterion: str, expected: str) -> None:
    assert verdicts(script, **kwargs)[criterion] == expected
