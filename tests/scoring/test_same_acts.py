"""The call and its scorecard read a trainee line alike: the scorer's acts for a turn — the learned
model's additions included — are exactly the acts the engine found in it and recorded in the state
trace, and those the scorer finds in a line itself are among them."""

from __future__ import annotations

import asyncio

import pytest

from core.acts import Act
from core.record import Speaker
from scoring.callio import from_data
from scoring.context import CallContext
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.scripted import play_script
from simulator.settings import Settings

# Each call holds a line whose act no lexicon lists (the model adds it), in ASR style where marked.
CALLS = {
    "en": ["Good morning, BrightLine Broadband, this is Alex speaking. How can I help?",
           "oh man five days offline with kids at home, i'd be going mad too",
           "May I have your account number, please?"],
    "id": ["Selamat pagi, layanan pelanggan PT Jaringan Cepat, dengan Rina. Ada yang bisa saya bantu?",
           "lima hari tanpa internet pasti bikin stres ya pak apalagi kerja dari rumah",
           "Boleh saya minta nomor pelanggan Bapak?"],
    "zh-CN": ["您好，华讯宽带客服中心，我是小陈，请问有什么可以帮您？",
              "一个礼拜没网确实太折腾了换我也着急",
              "麻烦您告诉我一下宽带账号。"],
    "zh-TW": ["您好，華訊寬頻客服中心，敝姓陳，請問有什麼可以為您服務的？",
              "一個禮拜沒網路在家上班一定很頭痛吧",
              "麻煩您告訴我一下寬頻帳號。"],
}


@pytest.mark.parametrize("lang", list(CALLS))
def test_the_scorer_finds_what_the_engine_found(lang: str) -> None:
    call = open_call(CallConfig("complaint_broadband_outage", lang, seed=1), Settings())  # type: ignore[arg-type]
    asyncio.run(play_script(call, CALLS[lang]))
    record = call.record
    engine: dict[int, set[str]] = {}
    for snap in record.state_trace:
        trainee = max(i for i, t in enumerate(record.turns[: snap.turn]) if t.speaker is Speaker.TRAINEE)
        engine[trainee] = set(snap.acts)
    ctx = CallContext(from_data(record.model_dump(mode="json")))
    learned = 0
    for view in ctx.trainee:
        scorer = {a.value for a in view.acts.acts}
        assert scorer == engine[view.index], (view.text, sorted(scorer ^ engine[view.index]))
        own = {h.act.value for h in view.acts.hits if h.rule != "the call"}
        assert own - {Act.REPEAT.value} <= engine[view.index]  # what it reads itself, the call read too
        learned += sum(h.rule.startswith("model ") for h in view.acts.hits)
    assert learned >= 1  # the model's additions took part
