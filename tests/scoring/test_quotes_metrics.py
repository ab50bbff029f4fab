"""Quote verification (tolerant of form, strict on words) and metrics from the timed record."""

from __future__ import annotations

import pytest

from core.languages import Lang
from core.record import Event
from scoring.metrics import METRIC_NAMES, call_metrics
from scoring.quotes import locate
from tests.support.calls import make_call

TURNS = {
    1: "Thank you, Mr. Holt. That's account 4471 0392. And no, I won't ask you to restart anything.",
    3: "謝謝您稍候。陳經理十一點半拜訪完客戶,中午前有空檔。",
}


@pytest.mark.parametrize("quote", [
    "thank you mr holt",                            # case and punctuation
    "That's account 44710392",                      # digit grouping
    "and no,   I won't ask you to restart anything",  # spacing
    "Thank you, Mr. Holt ... restart anything",     # elision, pieces in order
])
def test_quotes_tolerate_form(quote: str) -> None:
    span = locate(quote, TURNS, Lang.EN)
    assert span is not None and span.turn == 1
    assert span.text == TURNS[1][span.start: span.end]


@pytest.mark.parametrize("quote", [
    "Thank you, Mr. Holt. That's account 4471 0393.",  # one digit off
    "I will not ask you to restart anything",          # paraphrase
    "restart anything ... Thank you",                  # pieces out of order
    "Please hold",                                     # never said
])
def test_quotes_are_strict_on_words(quote: str) -> None:
    assert locate(quote, TURNS, Lang.EN) is None


def test_chinese_quotes_match_across_scripts_and_punctuation() -> None:
    span = locate("谢谢您稍候 陈经理十一点半拜访完客户", TURNS, Lang.ZH_TW)
    assert span is not None and span.text == "謝謝您稍候。陳經理十一點半拜訪完客戶"
    assert locate("谢谢您稍等", TURNS, Lang.ZH_TW) is None


def test_metrics_from_the_timed_record() -> None:
    call = make_call("""
    P: Hello, Dana speaking.
    T: Good morning Dana, this is Mark from Ergonest, we make office chairs that help with back pain.
    T: I would like to book fifteen minutes with you next week.
    P: Fine.
    T: Um, thanks. Hang on.
    ! hold 50
    T: Thank you for waiting.
    ! hangup persona
    """)
    m = call_metrics(call)
    assert m["holds"] == 1 and m["longest_hold_s"] == pytest.approx(50, abs=0.5)
    assert m["trainee_hung_up_first"] == 0
    assert 0 < m["talk_ratio"] < 1
    assert m["longest_monologue_s"] > 8  # the two back-to-back trainee turns count as one
    assert m["fillers"] == 1 and m["filler_rate"] > 0
    assert m["interruptions"] == 0
    assert m["length_vs_target"] == pytest.approx(m["duration_s"] / 180, abs=0.01)


def test_interruptions_rings_and_who_hung_up() -> None:
    record_call = make_call("P: Hi there, is that the clinic?\nT: Hello.", direction="inbound", channel="voice")
    rec = record_call.record
    rec.turns[1].start = rec.turns[0].end - 1.0  # the trainee talks over the persona
    rec.events = [Event(type="ring", at=0.0), Event(type="ring", at=0.1), Event(type="hangup", by="trainee", at=9.0)]
    m = call_metrics(record_call)
    assert m["interruptions"] == 1
    assert m["rings_before_answer"] == 2
    assert m["trainee_hung_up_first"] == 1


def test_every_metric_produced_is_known_to_rubrics() -> None:
    call = make_call("P: Hi there, is that the clinic?\nT: Hello. Um, one moment.\n! hold 20\nT: Thanks.\n! hangup persona")
    call.record.events.append(Event(type="ring", at=0.0))
    assert set(call_metrics(call)) <= METRIC_NAMES
