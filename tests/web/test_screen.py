"""The screen's parts without a browser: cards, brief, feedback view, text chat and the voice-call poll."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import pytest

from core.languages import Lang
from core.record import CallRecord, Event, Outcome, Speaker, Turn
from simulator.bench.fakes import InstantSpeech
from simulator.catalog import load_catalog
from simulator.live_calls import CallRegistry, CallRequest
from simulator.settings import Settings
from simulator.store import open_store
from simulator.voice.config import VoiceSettings
from simulator.voice.line import Phase
from storage.database import default_url, make_engine, upgrade
from storage.repository import CallRepository
from web.call_summary import render_feedback
from web.cards import brief_html, cards_html, language_choices
from web.chat import TextChats
from web.phone import phone_html
from web.voice_calls import VoiceCalls


@pytest.fixture
def registry() -> CallRegistry:
    return CallRegistry(Settings(), VoiceSettings(), InstantSpeech())


def _record() -> CallRecord:
    return CallRecord(
        id="r1", language="en", persona="busy_hr_manager", direction="outbound", channel="voice",
        turns=[Turn(speaker=Speaker.PERSONA, text="Karen speaking.", start=4.0, end=5.5, interrupted=True),
               Turn(speaker=Speaker.TRAINEE, text="Hi <b>Karen</b>", start=5.2, end=7.0),
               Turn(speaker=Speaker.PERSONA, text="Who is this?", start=62.0, end=63.0)],
        events=[Event(type="ring", at=1.0), Event(type="ring", at=4.0), Event(type="interruption", by="trainee", at=5.2),
                Event(type="hangup", by="persona", at=63.5)],
        outcome=Outcome(objective_reached=True, ended_by="persona", reason="objective reached"),
    )


def test_feedback_shows_outcome_transcript_and_line_events() -> None:
    html = render_feedback(_record())
    assert "Objective reached" in html and "Hung up by the other side: the objective was reached" in html
    assert "Karen speaking." in html and "(cut off)" in html and "1:02" in html
    assert "Hi &lt;b&gt;Karen&lt;/b&gt;" in html, "the trainee's words are escaped"
    assert "2 rings before the call was answered" in html and "interruption (trainee)" in html


@pytest.mark.parametrize(("lang", "words"), [
    (Lang.EN, "Hung up by the other side: you said goodbye"),
    (Lang.ZH_CN, "挂断方：对方（你道别了）"),
    (Lang.ZH_TW, "掛斷方：對方（你道別了）"),
    (Lang.ID, "Ditutup oleh lawan bicara: Anda berpamitan"),
])
def test_the_header_says_who_hung_up_as_the_timeline_has_it(lang: Lang, words: str) -> None:
    """The trainee said goodbye (the end was their doing) and the persona put the phone down."""
    record = _record()
    record.outcome = Outcome(objective_reached=True, ended_by="trainee", reason="trainee closed the call")
    html = render_feedback(record, lang)
    assert words in html
    assert "trainee closed the call" not in html


def test_feedback_of_a_silent_call() -> None:
    record = _record()
    record.turns = []
    assert "Nothing was said" in render_feedback(record)


def test_cards_offer_every_scenario_and_the_brief_follows_the_language() -> None:
    catalog = load_catalog()
    cards = cards_html(catalog, Lang.EN)
    assert all(f'data-id="{sid}"' in cards for sid in catalog.scenarios)
    scenario = catalog.scenario("hr_meeting_booking")
    assert scenario.title[Lang.ZH_CN] in brief_html(catalog, "hr_meeting_booking", Lang.ZH_CN)
    assert "Pick a call" in brief_html(catalog, None, Lang.EN)
    assert ("English", "en") in language_choices(catalog, "hr_meeting_booking")


def _last(gen: Any) -> list[Any]:
    async def run() -> list[Any]:
        return [item async for item in gen]

    return asyncio.run(run())


def test_text_chat_uses_the_same_engine_and_ends_in_feedback(registry: CallRegistry) -> None:
    chats = TextChats(registry)
    updates = _last(chats.start("hr_meeting_booking", "en", "default"))
    chat_id, history = updates[-1][0], updates[-1][5]
    assert history[0]["role"] == "assistant" and history[0]["content"], "outbound: she picks up first"
    updates = _last(chats.send("Hi Karen, this is Alex from StaffBridge Recruitment.", history, chat_id))
    history = updates[-1][0]
    assert [m["role"] for m in history] == ["assistant", "user", "assistant"] and history[-1]["content"]
    ended = asyncio.run(chats.end(history, chat_id))
    store = open_store(Settings())
    assert "How the call went" in ended[3]["value"] and ended[5]["visible"] is True
    assert ended[4] == str(store.export_path(chat_id)), "the finished record's export starts the scorecard"
    record = store.load(chat_id)
    assert CallRecord.load(store.export_path(chat_id)) == record
    assert record.channel == "text" and len(record.turns) == 3 and record.outcome.ended_by == "trainee"


def test_voice_poll_shows_the_call_then_the_feedback(registry: CallRegistry) -> None:
    voice = VoiceCalls(registry)

    async def go() -> tuple[Any, Any]:
        session = await registry.start_voice(CallRequest(scenario_id="complaint_broadband_outage", lang="en"))
        session.on_connected()
        session.line.phase = Phase.LIVE
        during = await voice.poll(session.id, False, True)
        async for _ in session.call.trainee_turn("Good morning, this is Sam."):
            pass
        await session.hangup()
        return during, await voice.poll(session.id, False, True)

    during, after = asyncio.run(go())
    assert 'data-phase="live"' in during[0] and during[1]["visible"] is True
    assert 'data-phase="ended"' in after[0]
    assert "Good morning, this is Sam." in after[2]["value"] and after[4]["visible"] is True
    assert after[3].endswith(".json"), "the finished record's path starts the scorecard"
    assert after[5].active is False


def test_phone_panel_carries_the_state_phone_js_follows(registry: CallRegistry) -> None:
    session = asyncio.run(registry.start_voice(CallRequest(scenario_id="complaint_broadband_outage", lang="en")))
    session.line.phase, session.line.rings = Phase.RINGING, 2
    html = phone_html(session.view(), muted=True)
    assert f'data-session="{session.id}"' in html and 'data-muted="1"' in html
    assert "Incoming call — ring 2. Press Answer." in html


def test_judge_choice_follows_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from app import build_judge

    assert build_judge(Settings()) is None  # offline default: code decides alone
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    judge = build_judge(Settings())
    assert judge is not None and judge.name == "openai"
    monkeypatch.setenv("PHONECOACH_JUDGE", "none")
    assert build_judge(Settings()) is None


def test_a_chat_that_cannot_be_stored_says_so_and_is_written_when_the_database_returns() -> None:
    settings = Settings()
    engine = make_engine(default_url(settings.data_dir), wait_seconds=0.2)
    upgrade(engine)
    registry = CallRegistry(settings, VoiceSettings(), InstantSpeech(), store=CallRepository(engine, settings.data_dir))
    chats = TextChats(registry)
    chat_id, history = _last(chats.start("complaint_broadband_outage", "zh-CN", "default"))[-1][0], []
    history = _last(chats.send("您好，华讯宽带客服，我是小陈。", history, chat_id))[-1][0]
    lock = sqlite3.connect(settings.data_dir / "phonecoach.db", isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    history = _last(chats.send("王先生，真的非常抱歉，让您着急了。", history, chat_id))[-1][0]
    ended = asyncio.run(chats.end(history, chat_id))
    assert "这通电话还没有保存" in ended[3]["value"] and "locked" in ended[3]["value"]
    lock.execute("ROLLBACK")
    lock.close()
    assert registry.unsaved(chat_id) == ""
    stored = open_store(Settings()).load(chat_id)
    assert len(stored.turns) == 4 and stored.outcome.ended_by == "trainee"


@pytest.mark.parametrize(("lang", "words"), [("en", "type how you answer"), ("zh-TW", "問候語"), ("id", "salam pembuka")])
def test_an_inbound_text_chat_asks_the_trainee_to_type_the_greeting(registry: CallRegistry, lang: str,
                                                                      words: str) -> None:
    chats = TextChats(registry)
    inbound = _last(chats.start("complaint_broadband_outage", lang, "default"))[-1]
    assert inbound[5] == [] and words in inbound[6]["placeholder"], "she rings: the trainee speaks first"
    outbound = _last(chats.start("hr_meeting_booking", lang, "default"))
    assert words not in str(outbound[0][6].get("placeholder", ""))


def test_the_brief_speaks_to_the_trainee_not_about_them() -> None:
    catalog = load_catalog()
    for scenario in catalog.scenarios.values():
        for lang in catalog.languages(scenario):
            html = brief_html(catalog, scenario.id, lang)
            assert not any(word in html for word in ("The trainee", "the trainee", "学员", "學員", "Peserta")), (
                scenario.id, lang)
