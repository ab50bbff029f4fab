"""The feedback panel: the code part's scorecard comes first, the judge's second; a failing judge or an
unreadable record leaves a visible message (and the code part's verdicts where there are any).

The judge talks to a fake OpenAI-compatible server on 127.0.0.1 (see tests/scoring/test_judge.py).
"""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path
from typing import Any

import gradio as gr
import numpy as np
import pytest
import soundfile as sf

from scoring.detectors.base import Verdict
from scoring.judge import PROMPT_VERSION, Judge
from scoring.scorecard import Scorecard
from scoring.scorer import score_call
from simulator.backends.openai_compat import OpenAICompatBackend
from simulator.settings import Settings
from simulator.store import open_store
from storage.database import StorageError
from tests.support.calls import UNSURE_PURPOSE, make_call, make_record
from tests.support.openai_server import FakeOpenAIServer
from web.scorecard_panel import FeedbackView, feedback_blocks, feedback_views, view_updates

JUDGED = json.dumps({"state_purpose": {"verdict": "met", "evidence": ["Let me look at your line straight away"],
                                       "better": ""}})


def judge_at(base_url: str) -> Judge:
    return Judge(OpenAICompatBackend(base_url, "test-key", "fake-model", retries=0, timeout=5))


async def collect(record: Any, judge: Judge | None, server: FakeOpenAIServer | None = None,
                  **kwargs: Any) -> tuple[list[FeedbackView], int]:
    """All views, and how many judge requests the server had seen when the first view came out."""
    views = feedback_views(record, judge, "en", **kwargs)
    first = await anext(views)
    seen = len(server.requests) if server else 0
    return [first, *[v async for v in views]], seen


def test_code_part_comes_first_and_the_judged_card_second() -> None:
    call = make_call(UNSURE_PURPOSE, direction="inbound")
    with FakeOpenAIServer(JUDGED) as server:
        views, seen = asyncio.run(collect(call, judge_at(server.base_url), server))
        asked = len(server.requests)
    assert seen == 0 and asked == 1, "the code part must be on screen before the judge is asked"
    code, judged = views
    assert code.card is not None and judged.card is not None and [code.final, judged.final] == [False, True]
    assert "pc-sc-status-pending" in code.message and "pc-sc-status-judged" in judged.message
    assert code.card.prompt_version is None and code.card.criteria["state_purpose"].source == "code"
    assert judged.card.prompt_version == PROMPT_VERSION
    assert judged.card.criteria["state_purpose"].source == "judge"
    assert 'data-criterion="state_purpose" data-verdict="met" data-source="judge"' in judged.criteria
    assert "decided by the AI judge" in judged.criteria and PROMPT_VERSION in judged.summary


def test_without_a_judge_one_final_view() -> None:
    views, _ = asyncio.run(collect(make_call(UNSURE_PURPOSE, direction="inbound"), None))
    assert len(views) == 1 and views[0].final and "pc-sc-status-code_done" in views[0].message


@pytest.mark.parametrize("failure", ["dead", "500", "bad_json", "timeout"])
def test_a_failing_judge_leaves_the_code_part_and_a_message(failure: str) -> None:
    call = make_call(UNSURE_PURPOSE, direction="inbound")
    code_card = score_call(call)
    kwargs: dict[str, Any] = {}
    if failure == "dead":
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        views, _ = asyncio.run(collect(call, judge_at(f"http://127.0.0.1:{port}/v1")))
    else:
        with FakeOpenAIServer("not JSON at all" if failure == "bad_json" else JUDGED) as server:
            server.fail_status = 500 if failure == "500" else None
            if failure == "timeout":
                server.delay, kwargs = 1.0, {"judge_timeout_s": 0.2}
            views, _ = asyncio.run(collect(call, judge_at(server.base_url), **kwargs))
    first, last = views
    assert last.final and last.card is not None and "pc-sc-status-judge_failed" in last.message
    assert "could not finish" in last.message and last.card.judge_error
    assert {c: r.verdict for c, r in last.card.criteria.items()} == {
        c: r.verdict for c, r in code_card.criteria.items()}
    assert last.card.overall == code_card.overall and last.summary and last.transcript == first.transcript


def test_an_unreadable_record_gives_a_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    for record in (tmp_path / "missing.json", broken, {"id": "x"}, ""):
        views, _ = asyncio.run(collect(record, None))
        assert len(views) == 1 and views[0].card is None and "pc-sc-status-unreadable" in views[0].message
        assert len(view_updates(views[0])) == 8


def test_voice_call_offers_its_recording_and_gradio_wiring(tmp_path: Path) -> None:
    data = make_record(UNSURE_PURPOSE, direction="inbound", channel="voice", call_id="v1")
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    t = np.arange(16000 * 12) / 16000
    sf.write(tmp_path / "v1.wav", np.stack([0.2 * np.sin(2 * np.pi * 180 * t), 0.1 * np.sin(2 * np.pi * 220 * t)],
                                           axis=1), 16000)
    views, _ = asyncio.run(collect(str(path), None))
    view = views[0]
    assert view.audio == str(tmp_path / "v1.wav") and not view.text_call
    assert view.card is not None and view.card.criteria["speech_rate"].verdict is not Verdict.NA
    updates = view_updates(view)
    assert updates[6]["visible"] and updates[6]["value"] == view.audio
    assert updates[4]["visible"] and updates[5]["visible"]
    with gr.Blocks() as demo:
        state = gr.State(str(path))
        fb = feedback_blocks()
        button = gr.Button("Show")
        button.click(fb.show_feedback, state, fb.outputs)
    assert len(fb.outputs) == len(updates) and demo.fns

    async def handler_updates() -> list[tuple[Any, ...]]:
        return [u async for u in fb.show_feedback(str(path))]

    (only,) = asyncio.run(handler_updates())
    assert len(only) == len(fb.outputs) and only[1] == view.summary


def test_the_final_card_is_stored_as_the_calls_latest_scorecard() -> None:
    repo = open_store(Settings())
    call = make_call(UNSURE_PURPOSE, direction="inbound")
    repo.save(call.record)

    def keep(card: Scorecard) -> None:
        repo.save_scorecard(card.model_dump(mode="json"))

    with FakeOpenAIServer(JUDGED) as server:
        views, _ = asyncio.run(collect(call, judge_at(server.base_url), server, keep=keep))
    stored = repo.scorecard(call.record.id)
    assert views[-1].card is not None and stored == views[-1].card.model_dump(mode="json")
    assert stored["criteria"]["state_purpose"]["source"] == "judge", "the judged card, not the code part's"
    assert repo.list_calls()[0].overall == views[-1].card.overall


def test_a_card_that_cannot_be_stored_is_still_shown() -> None:
    def keep(card: Scorecard) -> None:
        raise StorageError("the disk holding the database is full")

    views, _ = asyncio.run(collect(make_call(UNSURE_PURPOSE, direction="inbound"), None, keep=keep))
    assert len(views) == 1 and views[0].card is not None and "pc-sc-status-code_done" in views[0].message


def test_a_past_call_shows_the_card_it_was_given_not_a_new_scoring() -> None:
    repo = open_store(Settings())
    call = make_call(UNSURE_PURPOSE, direction="inbound")
    repo.save(call.record)
    judged = score_call(call).model_copy(update={"overall": 97, "prompt_version": PROMPT_VERSION, "judge": "fake"})
    repo.save_scorecard(judged.model_dump(mode="json"))
    views, _ = asyncio.run(collect(call, None, stored=repo.scorecard))
    assert len(views) == 1 and views[0].card is not None and views[0].card.overall == 97
    assert "pc-sc-status-judged" in views[0].message
    fresh, _ = asyncio.run(collect(make_call(UNSURE_PURPOSE, direction="inbound", call_id="never"), None,
                                   stored=repo.scorecard))
    assert fresh[0].card is not None and fresh[0].card.overall != 97, "never stored: scored now"
