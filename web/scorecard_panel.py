"""The feedback panel in Gradio: the code part's scorecard at once, the judge's when it answers.

``feedback_views`` is the logic (an async generator of :class:`FeedbackView`, testable without
Gradio); ``feedback_blocks`` builds the components inside a ``gr.Blocks`` and its ``show_feedback``
turns each view into updates for ``FeedbackBlocks.outputs``::

    with gr.Blocks() as demo:
        record_path = gr.State("")
        fb = feedback_blocks(judge=judge)            # judge: scoring.judge.Judge | None
    hangup_event.then(fb.show_feedback, inputs=record_path, outputs=fb.outputs)

The judge runs after hang-up on its own backend session, never on the persona's model instance.
Any failure of the judge (server down, bad JSON, timeout) leaves the code part's verdicts on screen
with a visible notice; an unreadable record gives a notice and empty panels.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd
from loguru import logger

from core import locale
from core.errors import AppError, NotFoundError
from core.languages import Lang
from core.locale import as_lang
from core.record import CallRecord
from scoring.callio import LoadedCall, from_data, load_call
from scoring.judge import Judge
from scoring.rubric import Rubric, load_rubric
from scoring.scorecard import Scorecard
from scoring.scorer import Assessment, assess, finish, scenario_target
from web.scorecard_frames import PACE_COLUMNS, TALK_COLUMNS, pace_frame, rate_unit, talk_share_frame
from web.scorecard_view import (
    FEEDBACK_CSS,
    criteria_html,
    metrics_html,
    seek_js,
    status_html,
    summary_html,
    transcript_html,
)

RecordInput = LoadedCall | CallRecord | dict[str, Any] | str | Path
JUDGE_TIMEOUT_S = 120.0


@dataclass
class FeedbackView:
    """Everything the panel shows for one state of the scorecard."""

    message: str
    summary: str = ""
    criteria: str = ""
    metrics: str = ""
    transcript: str = ""
    talk: pd.DataFrame | None = None
    pace: pd.DataFrame | None = None
    audio: str | None = None
    card: Scorecard | None = None
    final: bool = True
    lang: Lang = Lang.EN
    text_call: bool = False


def open_record(record: RecordInput) -> LoadedCall:
    """A call to score from whatever the app holds: a record file path (its stereo recording is found
    beside it), a record, its JSON data, or an already loaded call."""
    if isinstance(record, LoadedCall):
        return record
    if isinstance(record, CallRecord):
        return from_data(json.loads(record.to_json()))
    if isinstance(record, dict):
        return from_data(record)
    if not str(record).strip():
        raise AppError("no call to score yet")
    return load_call(Path(record))


def _code_part(call: LoadedCall, rubric: Rubric | None) -> Assessment:
    return assess(call, rubric or load_rubric(call.record.rubric or "default"), scenario_target(call))


def render(call: LoadedCall, card: Scorecard, lang: Lang, message: str, final: bool) -> FeedbackView:
    record = call.record
    return FeedbackView(
        message=message, summary=summary_html(card, lang), criteria=criteria_html(card, lang),
        metrics=metrics_html(card, lang), transcript=transcript_html(record, card, lang),
        talk=talk_share_frame(card, lang), pace=pace_frame(record, lang),
        audio=str(call.audio) if call.audio is not None else None, card=card, final=final, lang=lang,
        text_call=record.channel == "text",
    )


Keep = Callable[[Scorecard], object]
Stored = Callable[[str], dict[str, Any] | None]  # a call id → its latest stored scorecard, if any


def _kept(keep: Keep | None, card: Scorecard) -> None:
    """Store the card as shown; a storage fault is logged, the trainee still sees the card."""
    if keep is None:
        return
    try:
        keep(card)
    except AppError as exc:
        logger.warning(f"scorecard for {card.call_id} not stored: {exc.describe()}")


def _stored_card(stored: Stored, call_id: str) -> dict[str, Any] | None:
    try:
        return stored(call_id)
    except NotFoundError:  # a call not in the database (an uploaded file, say): score it now
        return None


async def feedback_views(record: RecordInput, judge: Judge | None = None, lang: Lang | str | None = None, *,
                         rubric: Rubric | None = None, judge_timeout_s: float = JUDGE_TIMEOUT_S,
                         keep: Keep | None = None, stored: Stored | None = None) -> AsyncIterator[FeedbackView]:
    """Yield the code part's scorecard at once, then (with a judge) the combined one when it answers;
    ``keep`` stores the final card (the call's latest scorecard). ``stored``: a past call shows the card it
    was given (the judge's verdicts included), not a new scoring."""
    try:
        call = await asyncio.to_thread(open_record, record)
        if stored is not None and (kept := await asyncio.to_thread(_stored_card, stored, call.record.id)):
            card = Scorecard.model_validate(kept)
            ui = as_lang(lang, call.display_lang)
            yield render(call, card, ui, status_html("judged" if card.prompt_version else "code_done", ui), True)
            return
        a = await asyncio.to_thread(_code_part, call, rubric)
        card = await asyncio.to_thread(finish, a)  # audio metrics are decoded here: keep it off the loop
    except (AppError, OSError, ValueError) as exc:
        ui = as_lang(lang)
        yield FeedbackView(message=status_html("unreadable", ui, str(exc)), lang=ui)
        return
    ui = as_lang(lang, call.display_lang)
    if judge is None:
        await asyncio.to_thread(_kept, keep, card)
        yield render(call, card, ui, status_html("code_done", ui), final=True)
        return
    yield render(call, card, ui, status_html("pending", ui), final=False)
    try:
        answer = await asyncio.wait_for(judge.ask(call, a.for_judge()), judge_timeout_s)
        judged = finish(a, answer, judge.name)
    except TimeoutError:
        judged = card.model_copy(update={"judge_error": f"no answer within {judge_timeout_s:g} s"})
    except Exception as exc:  # whatever else the judge does, the code part's verdicts stand
        judged = card.model_copy(update={"judge_error": f"{type(exc).__name__}: {exc}"})
    await asyncio.to_thread(_kept, keep, judged)
    if judged.judge_error:
        error = judged.judge_error.removeprefix("judge unavailable: ")
        yield render(call, judged, ui, status_html("judge_failed", ui, error), final=True)
    else:
        yield render(call, judged, ui, status_html("judged", ui), final=True)


def view_updates(view: FeedbackView) -> tuple[Any, ...]:
    """One view as updates, in the order of ``FeedbackBlocks.outputs``."""
    ui = view.lang
    call_lang = as_lang(view.card.language) if view.card else view.lang
    talk = view.talk if view.talk is not None else pd.DataFrame([], columns=TALK_COLUMNS)
    pace = view.pace if view.pace is not None else pd.DataFrame([], columns=PACE_COLUMNS)
    return (
        view.message, view.summary, view.criteria, view.metrics,
        gr.update(value=talk, visible=not talk.empty, title=locale.text("scorecard.talk_share", ui),
                  y_title=locale.text("scorecard.seconds", ui),
                  y_lim=[0, max(1.0, float(talk["seconds"].max() if not talk.empty else 0) * 1.1)]),  # bars from 0
        gr.update(value=pace, visible=not pace.empty, title=locale.text("scorecard.pace_title", ui),
                  x_title=locale.text("scorecard.seconds", ui), y_title=rate_unit(call_lang, ui),
                  caption=locale.text("scorecard.estimated", ui) if view.text_call else None),
        gr.update(value=view.audio, visible=view.audio is not None, label=locale.text("scorecard.recording", ui)),
        view.transcript,
    )


async def show_feedback(record: RecordInput, judge: Judge | None = None, lang: Lang | str | None = None,
                        keep: Keep | None = None, stored: Stored | None = None) -> AsyncIterator[tuple[Any, ...]]:
    """Gradio handler body: yields updates for ``FeedbackBlocks.outputs`` (code part, then judged)."""
    async for view in feedback_views(record, judge, lang, keep=keep, stored=stored):
        yield view_updates(view)


@dataclass
class FeedbackBlocks:
    message: gr.HTML
    summary: gr.HTML
    criteria: gr.HTML
    metrics: gr.HTML
    talk: gr.BarPlot
    pace: gr.LinePlot
    recording: gr.Audio
    transcript: gr.HTML
    judge: Judge | None = None
    keep: Keep | None = None
    stored: Stored | None = None

    @property
    def outputs(self) -> list[Any]:
        return [self.message, self.summary, self.criteria, self.metrics, self.talk, self.pace, self.recording,
                self.transcript]

    async def show_feedback(self, record: RecordInput,
                            lang: Lang | str | None = None) -> AsyncIterator[tuple[Any, ...]]:
        """The event handler: ``inputs`` = the record (path, record or data), optionally a language."""
        async for updates in show_feedback(record, self.judge, lang, self.keep, self.stored):
            yield updates


def feedback_blocks(judge: Judge | None = None, lang: Lang | str = Lang.EN, keep: Keep | None = None,
                    prefix: str = "pc-fb", stored: Stored | None = None) -> FeedbackBlocks:
    """Build the panel's components; call inside a ``gr.Blocks`` (or a Column/Group within one). ``prefix``
    names its elements (``pc-fb-summary``…), so two panels can share a page."""
    ui = as_lang(lang)
    seek = seek_js(f"{prefix}-audio")

    def html(elem: str, js: str | None = None) -> gr.HTML:
        return gr.HTML("", css_template=FEEDBACK_CSS, js_on_load=js, elem_id=elem)

    message = html(f"{prefix}-message")
    summary = html(f"{prefix}-summary")
    with gr.Row(equal_height=False):
        talk = gr.BarPlot(None, x="speaker", y="seconds", color="speaker",
                          title=locale.text("scorecard.talk_share", ui), y_title=locale.text("scorecard.seconds", ui),
                          visible=False, elem_id=f"{prefix}-talk")
        pace = gr.LinePlot(None, x="time_s", y="rate", color="series",
                           title=locale.text("scorecard.pace_title", ui), x_title=locale.text("scorecard.seconds", ui),
                           visible=False, elem_id=f"{prefix}-pace")
    recording = gr.Audio(None, label=locale.text("scorecard.recording", ui), interactive=False, visible=False,
                         type="filepath",
                         elem_id=f"{prefix}-audio",
                         # the plain <audio> player, so a click on a piece of evidence can seek it
                         waveform_options=gr.WaveformOptions(show_recording_waveform=False))
    criteria = html(f"{prefix}-criteria", seek)
    metrics = html(f"{prefix}-metrics")
    transcript = html(f"{prefix}-transcript", seek)
    return FeedbackBlocks(message, summary, criteria, metrics, talk, pace, recording, transcript, judge, keep,
                          stored)
