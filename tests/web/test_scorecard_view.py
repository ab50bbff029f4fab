"""The feedback view's pure parts: scorecard HTML, evidence highlighting, escaping, plot frames, localisation.

Offline and fast: eval dev transcripts (skipped when absent) and records the engine writes from the
scripted trainees. The Gradio panel and its judge are tested in test_ui_scorecard_panel.py.
"""

from __future__ import annotations

import asyncio
import json
from functools import cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from core.languages import Lang, speech_units
from core.locale import as_lang, catalogue
from core.record import CallRecord, Speaker
from scoring.callio import LoadedCall, from_data, load_call
from scoring.detectors.base import Verdict
from scoring.rubric import load_rubric
from scoring.scorecard import Scorecard
from scoring.scorer import score_call
from simulator.catalog import REPO_SCRIPTS
from simulator.engine.call import CallConfig
from simulator.factory import open_call
from simulator.scripted import play_script
from simulator.settings import Settings
from tests.support.calls import DEV_DIR, UNSURE_PURPOSE, make_record
from web.scorecard_frames import (
    METRIC_COLUMNS,
    PACE_COLUMNS,
    TALK_COLUMNS,
    metrics_frame,
    pace_frame,
    talk_share_frame,
)
from web.scorecard_view import criteria_html, metrics_html, summary_html, transcript_html

DEV_FILES = sorted(p for p in DEV_DIR.glob("*.json") if not p.name.endswith(".labels.json")) if DEV_DIR.is_dir() else []
needs_dev = pytest.mark.skipif(not DEV_FILES, reason="shared/eval/dev is not available")
ENGINE_CASES = [("complaint_broadband_outage", lang) for lang in ("en", "zh-CN", "zh-TW", "id")]
SCRIPT_LANG = {Lang.EN: "en", Lang.ZH_CN: "zh-CN", Lang.ZH_TW: "zh-TW", Lang.ID: "id"}


@cache
def engine_record(scenario_id: str, lang: str, kind: str = "good") -> str:
    """The record JSON the engine writes for a scripted trainee (cached: the engine is deterministic)."""
    lines = [ln for ln in (REPO_SCRIPTS / scenario_id / f"{lang}-{kind}.txt").read_text("utf-8").splitlines() if ln]
    call = open_call(CallConfig(scenario_id, lang, seed=1), Settings())  # type: ignore[arg-type]
    asyncio.run(play_script(call, lines))
    return call.record.to_json()


def scored(data: dict[str, Any] | Path) -> tuple[LoadedCall, Scorecard]:
    call = load_call(data) if isinstance(data, Path) else from_data(data)
    return call, score_call(call)


class Marks(HTMLParser):
    """Per transcript row: the text pieces and the criteria each highlighted piece is evidence for."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, list[tuple[str, set[str], str | None]]] = {}
        self._row: int | None = None
        self._mark: tuple[set[str], str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and a.get("data-turn") is not None:
            self._row = int(a["data-turn"] or 0)
            self.rows[self._row] = []
        elif tag == "mark":
            self._mark = (set((a.get("data-criteria") or "").split()), a.get("data-start"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._mark = None

    def handle_data(self, data: str) -> None:
        if self._row is not None and self._mark is not None:
            self.rows[self._row].append((data, *self._mark))
        elif self._row is not None:
            self.rows[self._row].append((data, set(), None))

    def runs(self, turn: int, criterion: str) -> list[str]:
        """Stretches of consecutive pieces in a row highlighted for ``criterion``."""
        out, current = [], ""
        for text, ids, _ in self.rows.get(turn, []):
            if criterion in ids:
                current += text
            elif current:
                out.append(current)
                current = ""
        return [*out, current] if current else out


def assert_all_evidence_highlighted(record: CallRecord, card: Scorecard) -> None:
    page = transcript_html(record, card)
    marks = Marks()
    marks.feed(page)
    quoted = 0
    for r in card.criteria.values():
        for quote, moment in zip(r.evidence, r.moments, strict=True):
            runs = marks.runs(moment.turn, r.id)
            assert any(quote in run for run in runs), (r.id, quote, runs)
            starts = [float(s) for _, ids, s in marks.rows[moment.turn] if r.id in ids and s is not None]
            assert min(starts) <= moment.start + 0.01, (r.id, starts, moment.start)
            quoted += 1
    assert quoted, "the call should have some evidence to highlight"


# --- summary and criteria ----------------------------------------------------------------------------------
@needs_dev
@pytest.mark.parametrize("path", DEV_FILES, ids=lambda p: p.stem)
def test_dev_transcripts_show_total_pass_fail_and_every_quote(path: Path) -> None:
    call, card = scored(path)
    words = labels(call.display_lang)
    page = summary_html(card, call.display_lang)
    assert f'data-overall="{card.overall}"' in page and f">{card.overall}<" in page
    assert words["passed" if card.passed else "failed"] in page
    assert words["pass_mark"].format(mark="80") in page and "default@1" in page
    for point in (card.feedback.keep, card.feedback.start, card.feedback.stop):
        assert unescape(page).count(point.partition(": ")[2]) >= 1
    for cat in ("tone", "structure", "etiquette"):
        assert words[cat] in page
    crits = criteria_html(card, call.display_lang)
    assert crits.count('class="pc-sc-crit ') == len(card.criteria)
    for r in card.criteria.values():
        assert f'data-criterion="{r.id}" data-verdict="{r.verdict.value}"' in crits
        if r.verdict is Verdict.NOT_MET and r.better:
            assert unescape(crits).count(r.better) >= 1
    assert_all_evidence_highlighted(call.record, card)


@needs_dev
def test_a_poor_call_is_shown_as_not_passed() -> None:
    _, card = scored(DEV_DIR / "en-complaint-poor.json")
    assert not card.passed
    page = summary_html(card, "en")
    assert 'class="pc-sc-summary pc-sc-fail"' in page and "Not passed" in page and 'data-passed="false"' in page


def test_blocker_note_names_the_failed_must_have() -> None:
    _, card = scored(make_record(UNSURE_PURPOSE, direction="inbound"))
    honesty = card.criteria["honesty"].model_copy(update={"verdict": Verdict.NOT_MET})
    blocked = card.model_copy(update={"blocked_by": ["honesty"], "passed": False,
                                      "criteria": {**card.criteria, "honesty": honesty}})
    page = summary_html(blocked, "en")
    assert 'class="pc-sc-blocked"' in page and honesty.name in page
    assert "pc-sc-blocked" not in summary_html(card, "en")


@pytest.mark.parametrize(("scenario_id", "lang"), ENGINE_CASES)
def test_engine_records_highlight_every_quote(scenario_id: str, lang: str) -> None:
    call, card = scored(json.loads(engine_record(scenario_id, lang)))
    assert card.passed, card.overall
    assert_all_evidence_highlighted(call.record, card)
    assert labels(lang)["passed"] in summary_html(card, lang)


def test_quotes_are_found_despite_punctuation_and_without_moments() -> None:
    call, card = scored(make_record(UNSURE_PURPOSE, direction="inbound"))
    loose = card.criteria["greeting"].model_copy(update={"evidence": ["good morning brightline priya speaking"],
                                                         "moments": []})
    page = transcript_html(call.record, card.model_copy(update={"criteria": {"greeting": loose}}))
    marks = Marks()
    marks.feed(page)
    assert marks.runs(0, "greeting") == ["Good morning, BrightLine, Priya speaking"]
    assert 'data-start="0.60"' in page  # estimated from where the quote begins in its turn


def test_trainee_and_persona_text_is_escaped() -> None:
    script = """
    P: Northgate Foods, <b>Karen</b> speaking.
    T: Good morning <script>alert("x")</script>, this is Sam from StaffBridge Recruitment.
    P: What is it about?
    T: I'm calling about the <img src=x onerror=alert(1)> interview, is now a good time?
    """
    call, card = scored(make_record(script))
    better = card.criteria["verify_party"].model_copy(update={"verdict": Verdict.NOT_MET, "better": "<i>Say</i>"})
    card = card.model_copy(update={"criteria": {**card.criteria, "verify_party": better}})
    pages = [summary_html(card), criteria_html(card), metrics_html(card), transcript_html(call.record, card)]
    for page in pages:
        assert "<script" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    transcript = pages[3]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in transcript
    assert "&lt;b&gt;Karen&lt;/b&gt;" in transcript and "&lt;i&gt;Say&lt;/i&gt;" in pages[1]


# --- frames ------------------------------------------------------------------------------------------------
def test_talk_share_frame_from_card_and_record_agree() -> None:
    call, card = scored(json.loads(engine_record("complaint_broadband_outage", "en")))
    from_card, from_record = talk_share_frame(card, "en"), talk_share_frame(call.record, "en")
    assert list(from_card.columns) == TALK_COLUMNS and list(from_card["speaker"]) == ["You", "Other side"]
    assert list(from_card["seconds"]) == [card.metrics["trainee_talk_s"], card.metrics["persona_talk_s"]]
    assert from_card["seconds"].tolist() == pytest.approx(from_record["seconds"].tolist(), abs=0.1)
    assert from_card["share"].sum() == pytest.approx(100.0, abs=0.2)
    assert list(talk_share_frame(card, "zh-TW")["speaker"]) == ["你", "對方"]


@pytest.mark.parametrize(("lang", "unit", "low", "high"),
                         [("en", "words/min", 120, 160), ("id", "words/min", 110, 150),
                          ("zh-CN", "chars/min", 120, 140), ("zh-TW", "chars/min", 120, 140)])
def test_pace_frame_rates_and_target_range(lang: str, unit: str, low: float, high: float) -> None:
    record = CallRecord.model_validate_json(engine_record("complaint_broadband_outage", lang))
    assert pace_frame(record, "en").empty, "a text call's times are estimated: no pace chart"
    record.channel = "voice"
    frame = pace_frame(record, "en")
    assert list(frame.columns) == PACE_COLUMNS and set(frame["unit"]) == {unit}
    pace = frame[frame["series"] == "Your pace"]
    turns = sorted(record.turns, key=lambda t: t.start)
    trainee = [i for i, t in enumerate(turns) if t.speaker is Speaker.TRAINEE and t.end - t.start >= 1.0]
    assert list(pace["turn"]) == trainee
    first = turns[trainee[0]]
    expected = speech_units(first.text, as_lang(lang)) / ((first.end - first.start) / 60)
    assert pace["rate"].iloc[0] == pytest.approx(expected, abs=0.1)
    assert set(frame[frame["series"] == "target (lowest)"]["rate"]) == {low}
    assert set(frame[frame["series"] == "target (highest)"]["rate"]) == {high}


def test_metrics_frame_against_targets() -> None:
    _, card = scored(json.loads(engine_record("complaint_broadband_outage", "en")))
    frame = metrics_frame(card, "en")
    assert list(frame.columns) == METRIC_COLUMNS and not frame.empty
    rubric = load_rubric()
    for row in frame.itertuples(index=False):
        crit = rubric.criterion(row.criterion)
        target = crit.target_for(Lang.EN)
        assert crit.detector == "metric" and row.metric == crit.metric and target is not None
        assert row.value == card.metrics[crit.metric] and row.target == target.describe()
        assert row.met == target.contains(row.value)
        assert row.counted == (card.criteria[row.criterion].verdict is not Verdict.NA)
    rate = frame[frame["metric"] == "speech_rate"].iloc[0]
    assert rate["unit"] == "words/min" and not rate["counted"]  # a text chat does not score its pace
    assert 'data-metric="speech_rate"' in metrics_html(card, "en")


# --- localisation ------------------------------------------------------------------------------------------
def labels(lang: Lang) -> dict[str, str]:
    return catalogue().section("scorecard", lang)


def test_interface_language_and_traditional_labels() -> None:
    assert as_lang("zh") is Lang.ZH_CN and as_lang("zh-Hant") is Lang.ZH_TW and as_lang("xx") is Lang.EN
    assert labels(Lang.ZH_CN)["transcript"] != labels(Lang.ZH_TW)["transcript"]


@pytest.mark.parametrize("lang", list(Lang))
def test_every_view_is_localised(lang: Lang) -> None:
    call, card = scored(json.loads(engine_record("complaint_broadband_outage", SCRIPT_LANG[lang], "poor")))
    words = labels(lang)
    summary = summary_html(card, lang)
    assert all(words[k] in summary for k in ("title", "total", "failed", "tone", "structure", "etiquette",
                                             "coaching", "rubric", "prompt", "code_only"))
    crits = criteria_html(card, lang)
    assert words["not_met"] in crits and words["better"] in crits and words["by_code"] in crits
    assert words["na"] in crits and words["not_applicable"] in crits
    transcript = transcript_html(call.record, card, lang)
    assert words["you"] in transcript and words["persona"] in transcript and words["play"] in transcript
    assert words["figures"] in metrics_html(card, lang)
    others = [labels(o)["total"] for o in Lang if labels(o)["total"] != words["total"]]
    assert not any(f"<span>{o}</span>" in summary for o in others)
