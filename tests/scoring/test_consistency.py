"""A scorecard never contradicts itself: property checks over every labelled dev call and every
scripted call the engine plays, plus the rules one by one."""

from __future__ import annotations

import asyncio
import json
from functools import cache

import pytest

from core.acts import Act, detect_acts
from core.languages import Lang
from core.record import CallRecord, Speaker
from scoring.callio import LoadedCall, from_data, load_call
from scoring.consistency import PLACEHOLDER, fill_better, recheck
from scoring.context import CallContext
from scoring.detectors import DETECTORS
from scoring.detectors.base import Finding, Verdict
from scoring.quotes import Span
from scoring.rubric import load_rubric
from scoring.scorecard import Scorecard
from scoring.scorer import score_call
from simulator.catalog import REPO_SCRIPTS, load_catalog
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.scripted import play_script
from simulator.settings import Settings
from tests.support.calls import DEV_DIR, make_call
from web.call_summary import render_feedback
from web.scorecard_frames import pace_frame


def _played(scenario_id: str, lang: str, kind: str) -> LoadedCall:
    lines = [ln for ln in (REPO_SCRIPTS / scenario_id / f"{lang}-{kind}.txt").read_text("utf-8").splitlines() if ln]
    call = open_call(CallConfig(scenario_id, lang, seed=1), Settings(_env_file=None))  # type: ignore[arg-type, call-arg]
    asyncio.run(play_script(call, lines))
    return from_data(json.loads(call.record.to_json()))


@cache
def _scored() -> list[tuple[str, LoadedCall, Scorecard]]:
    calls = [(p.stem, load_call(p)) for p in sorted(DEV_DIR.glob("*.json")) if not p.name.endswith(".labels.json")]
    calls += [(f"{s.id}/{lang}-{kind}", _played(s.id, str(lang), kind))
              for s in load_catalog().scenarios.values() for lang in s.languages for kind in ("good", "poor")]
    return [(name, call, score_call(call)) for name, call in calls]


def test_there_are_calls_to_check() -> None:
    names = [name for name, _, _ in _scored()]
    assert len([n for n in names if "/" not in n]) >= 12 and len([n for n in names if "/" in n]) >= 60


def test_no_miss_quotes_a_line_that_meets_it() -> None:
    rubric = load_rubric()
    bad = []
    for name, call, card in _scored():
        for crit in rubric.criteria:
            result = card.criteria[crit.id]
            if result.verdict is not Verdict.NOT_MET or not crit.met_by:
                continue
            wanted = {Act(a) for a in crit.met_by}
            bad += [(name, crit.id, q) for q in result.evidence if detect_acts(q, call.lang).acts & wanted]
    assert not bad


def test_no_better_line_has_a_hole() -> None:
    holes = [(name, r.id, r.better) for name, _, card in _scored() for r in card.criteria.values()
             if PLACEHOLDER.search(r.better)]
    assert not holes


def test_criteria_apply_only_to_their_direction() -> None:
    rubric = load_rubric()
    inbound_name = rubric.criterion("state_purpose").for_direction["inbound"].name
    for name, call, card in _scored():
        other = "inbound" if call.outbound else "outbound"
        for crit in rubric.criteria:
            if other in crit.applies:
                assert card.criteria[crit.id].verdict is Verdict.NA, (name, crit.id)
        if not call.outbound:
            assert card.criteria["state_purpose"].name in inbound_name.values(), name


def test_the_card_and_the_timeline_agree() -> None:
    for name, call, card in _scored():
        rec: CallRecord = call.record
        assert card.metrics["duration_s"] == round(rec.duration, 1), name
        barge = sum(1 for e in rec.events if e.type == "interruption" and e.by == "trainee")
        assert card.metrics["interruptions"] >= barge, name
        if card.metrics["interruptions"] > 0:
            assert card.criteria["no_interrupting"].verdict is not Verdict.MET, name
        hangups = sorted((e for e in rec.events if e.type == "hangup"), key=lambda e: e.at)
        if "trainee_hung_up_first" in card.metrics:
            assert card.metrics["trainee_hung_up_first"] == (hangups[0].by == "trainee"), name
        if hangups and rec.outcome.ended_by:
            side = {"trainee": "you", "persona": "the other side", "system": "the line"}[hangups[0].by]
            assert f"Hung up by {side}" in render_feedback(rec, Lang.EN), name
        if rec.channel == "text":
            assert pace_frame(rec, "en").empty, name


def test_a_miss_whose_quote_meets_it_clause_by_clause_is_flipped() -> None:
    call = make_call("""
T: 您好，华讯宽带客服，我是小周，请问有什么可以帮您？
P: 我家宽带断了五天了！
T: 真抱歉让您久等了。能具体说说是从哪天开始断的、现在是什么情况吗？
P: 周六就断了，师傅也没来。
T: 明白了，我明天上午九点安排师傅上门。还有其他需要吗？谢谢您，再见。
! hangup persona
""", lang="zh", direction="inbound", persona="angry_complainer")
    result = score_call(call).criteria["open_question"]
    assert result.verdict is Verdict.MET
    assert result.evidence == ["能具体说说是从哪天开始断的、现在是什么情况吗？"]
    assert "re-checked" in result.note


def test_no_commission_miss_quotes_a_line_that_breaks_nothing_on_its_own() -> None:
    """Each quote of a missed commission criterion (arguing, impoliteness, jargon, deception), put in a
    call of its own after the persona's line before it, breaks that criterion there too."""
    rubric = load_rubric()
    for name, call, card in _scored():
        rec = call.record
        for crit in (c for c in rubric.criteria if c.kind == "commission"):
            result = card.criteria[crit.id]
            if result.verdict is not Verdict.NOT_MET:
                continue
            for quote in result.evidence:
                turn = next(i for i, t in enumerate(rec.turns) if t.speaker is Speaker.TRAINEE and quote in t.text)
                before = next((t.text for t in reversed(rec.turns[:turn]) if t.speaker is Speaker.PERSONA), "")
                alone = make_call((f"P: {before}\n" if before else "") + f"T: {quote}", lang=rec.language,
                                  direction=rec.direction, persona=rec.persona)
                assert DETECTORS[crit.detector](CallContext(alone), crit).verdict is Verdict.NOT_MET, (
                    name, crit.id, quote)


def test_a_commission_miss_keeps_only_the_quotes_that_break_it() -> None:
    call = make_call("""
P: Good morning, Greenfield Club, how can I help?
T: Hi, I'm calling about the membership.
P: Oh, I don't know, my cousin says the other plan is cheaper.
T: Whatever, that's your problem, not mine.
""", persona="chatty_undecided_client", direction="inbound")
    ctx, crit = CallContext(call), load_rubric().criterion("polite_language")
    innocent, rude = (Span(i, 0, len(t.text), t.text) for i, t in enumerate(call.record.turns) if i in (1, 3))
    kept = recheck(ctx, crit, Finding(Verdict.NOT_MET, [innocent, rude], note="curt or rude wording"))
    assert kept.verdict is Verdict.NOT_MET and kept.evidence == [rude]
    assert "breaks nothing on its own" in kept.note and "curt or rude wording" in kept.note
    flipped = recheck(ctx, crit, Finding(Verdict.NOT_MET, [innocent]))
    assert flipped.verdict is Verdict.MET and not flipped.evidence and "re-checked" in flipped.note


def test_a_question_about_another_time_is_not_asking_if_now_is_convenient() -> None:
    card = score_call(make_call("""
P: 鼎丰贸易采购部，我姓刘。
T: 您好，我是恒泰的小王，想跟采购经理介绍一下包装材料。
P: 经理很忙。
T: 那您看经理周四下午三点方便吗？
P: 我看看。
""", lang="zh", persona="gatekeeping_secretary"))
    assert card.criteria["ask_convenience"].verdict is Verdict.NOT_MET


@pytest.mark.parametrize(("values", "line"), [
    ({"trainee_name": "Ana", "company": "Cakra"}, "Good morning, this is Ana from Cakra."),
    ({"company": "Cakra"}, "Good morning, this is Cakra."),
    ({}, ""),
])
def test_better_lines_take_the_first_variant_the_call_can_fill(values: dict[str, str], line: str) -> None:
    variants = load_rubric().criterion("greeting").better_lines(Lang.EN)
    assert fill_better(variants, values) == line


def test_a_miss_is_shown_a_better_line_in_the_callers_own_words() -> None:
    call = make_call("""
P: Harbor Freight Logistics, Linda speaking.
T: Hi, Dave here from NovaPack. We do packaging. Put me through to your buyer.
P: What is it about?
T: Packaging. Bye.
""", persona="gatekeeping_secretary", scenario_id="gatekeeper_reach_decision_maker")
    card = score_call(call)
    assert card.criteria["greeting"].better == "Good morning, this is Dave from NovaPack Packaging."
