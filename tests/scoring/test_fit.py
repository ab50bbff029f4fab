"""Criteria and their words fit the call: the side that answers is not asked to state a purpose, a
caller is not coached like a support agent, and a text chat closed with the End button has no
hang-up order to judge."""

from __future__ import annotations

import pytest

from scoring.detectors.base import Verdict
from scoring.scorer import score_call
from tests.support.calls import make_call

INBOUND = """
T: Good morning, BrightLine Broadband, Priya speaking. How can I help you?
P: My internet has been down for five days.
T: I'm so sorry. I'll book a technician for tomorrow at nine.
P: Fine.
T: Thank you for calling. Goodbye.
! hangup persona
"""

OUTBOUND = """
P: Harbor Freight Logistics, Linda speaking.
T: Good morning, this is Alex Chen from NovaPack Packaging.
P: What is it about?
T: We supply packaging. Could I speak with him on Thursday at three?
P: Thursday at three is fine.
T: Thanks, bye.
! hangup persona
"""


@pytest.mark.parametrize(("lang", "name"), [("en", "Finds out what the caller needs"), ("zh", "弄清来电需求"),
                                            ("zh-TW", "弄清來電需求"), ("id", "Menggali kebutuhan penelepon")])
def test_the_side_that_answers_is_judged_on_finding_the_need(lang: str, name: str) -> None:
    card = score_call(make_call(INBOUND, direction="inbound", persona="angry_complainer", lang=lang))
    assert card.criteria["state_purpose"].name == name


def test_a_caller_is_not_coached_to_offer_help_like_an_agent() -> None:
    card = score_call(make_call(OUTBOUND, persona="gatekeeping_secretary"))
    closing = card.criteria["closing"]
    assert closing.verdict is Verdict.NOT_MET
    assert "help with" not in closing.better and "anything you'd like me to send" in closing.better
    inbound = score_call(make_call(INBOUND.replace("Thank you for calling. Goodbye.", "Okay bye."),
                                   direction="inbound", persona="angry_complainer"))
    assert "anything else I can help with" in inbound.criteria["closing"].better


def test_a_text_chat_ended_with_the_button_has_no_hang_up_order() -> None:
    script = OUTBOUND.replace("! hangup persona", "! hangup trainee")
    assert score_call(make_call(script, channel="text")).criteria["hangup_order"].verdict is Verdict.NA
    voice = score_call(make_call(script, channel="voice")).criteria["hangup_order"]
    assert voice.verdict is Verdict.NOT_MET
    persona_first = score_call(make_call(OUTBOUND, channel="text")).criteria["hangup_order"]
    assert persona_first.verdict is Verdict.MET
