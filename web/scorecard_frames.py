"""Tables behind the feedback view's plots: talk share, pace over the call, metrics against targets.

Plain pandas DataFrames in long format, so Gradio's native ``gr.BarPlot`` / ``gr.LinePlot`` can draw
them directly (``color=`` picks the series) and tests can check the numbers without a browser.
"""

from __future__ import annotations

import pandas as pd

from core import locale
from core.errors import AppError
from core.languages import Lang, speech_units
from core.locale import as_lang
from core.record import CallRecord, Speaker
from scoring.detectors.base import Verdict
from scoring.rubric import Criterion, Rubric, load_rubric
from scoring.scorecard import Scorecard

MIN_PACE_TURN_S = 1.0  # shorter turns ("Yes.") give meaningless per-minute rates
TALK_COLUMNS = ["speaker", "seconds", "share"]
PACE_COLUMNS = ["turn", "time_s", "rate", "series", "unit"]
METRIC_COLUMNS = ["criterion", "name", "metric", "value", "unit", "target", "target_min", "target_max", "met",
                  "counted"]


def rubric_for(tag: str) -> Rubric | None:
    """The rubric a scorecard or record names (``default@1`` or ``default``), or None if it is gone."""
    try:
        return load_rubric(tag.split("@", 1)[0] or "default")
    except AppError:
        return None


def rate_unit(call_lang: Lang, ui_lang: Lang | str | None = None) -> str:
    """Speech rate is counted in characters for Chinese, words for en/id (as in ``scoring.metrics``)."""
    ui = as_lang(ui_lang, call_lang)
    return locale.text("scorecard.chars_min" if call_lang.is_chinese else "scorecard.words_min", ui)


def _unit(metric: str, call_lang: Lang, ui_lang: Lang) -> str:
    if metric == "speech_rate":
        return rate_unit(call_lang, ui_lang)
    if metric.endswith("_s"):
        return locale.text("scorecard.seconds", ui_lang)
    return "×" if metric == "length_vs_target" else ""


def talk_share_frame(source: Scorecard | CallRecord, lang: Lang | str | None = None) -> pd.DataFrame:
    """Seconds each side spoke and their share in percent (one row for the trainee, one for the persona)."""
    if isinstance(source, Scorecard):
        trainee = source.metrics.get("trainee_talk_s", 0.0)
        persona = source.metrics.get("persona_talk_s", 0.0)
    else:
        trainee = sum(t.end - t.start for t in source.turns if t.speaker is Speaker.TRAINEE)
        persona = sum(t.end - t.start for t in source.turns if t.speaker is Speaker.PERSONA)
    ui = as_lang(lang, as_lang(source.language))
    total = trainee + persona
    rows = [
        {"speaker": locale.text(key, ui), "seconds": round(secs, 1),
         "share": round(100.0 * secs / total, 1) if total else 0.0}
        for key, secs in (("scorecard.you", trainee), ("scorecard.persona", persona))
    ]
    return pd.DataFrame(rows, columns=TALK_COLUMNS)


def _speech_rate_criterion(rubric: Rubric | None) -> Criterion | None:
    if rubric is None:
        return None
    return next((c for c in rubric.criteria if c.detector == "metric" and c.metric == "speech_rate"), None)


def pace_frame(record: CallRecord, lang: Lang | str | None = None, rubric: Rubric | None = None) -> pd.DataFrame:
    """Speech rate of each trainee turn over the call, plus the rubric's target range as flat lines.

    Rates are chars/min for Chinese calls, words/min for en/id (the unit follows the *call's*
    language; ``lang`` only localises the series names). Turns under ``MIN_PACE_TURN_S`` are skipped.
    A text call has no pace: its times are estimated from the words, so the frame is empty.
    """
    if record.channel == "text":
        return pd.DataFrame([], columns=PACE_COLUMNS)
    call_lang = as_lang(record.language)
    ui_lang = as_lang(lang, call_lang)
    unit = rate_unit(call_lang, ui_lang)
    crit = _speech_rate_criterion(rubric or rubric_for(record.rubric or "default"))
    target = crit.target_for(call_lang) if crit else None
    bounds = [(target.min, "scorecard.target_min"), (target.max, "scorecard.target_max")] if target else []
    rows: list[dict[str, object]] = []
    for i, turn in enumerate(sorted(record.turns, key=lambda t: t.start)):
        seconds = turn.end - turn.start
        units = speech_units(turn.text, call_lang)
        if turn.speaker is not Speaker.TRAINEE or seconds < MIN_PACE_TURN_S or not units:
            continue
        rate = round(units / (seconds / 60.0), 1)
        rows.append({"turn": i, "time_s": round(turn.start, 2), "rate": rate,
                     "series": locale.text("scorecard.pace", ui_lang), "unit": unit})
        for bound, key in bounds:
            if bound is not None:
                rows.append({"turn": i, "time_s": round(turn.start, 2), "rate": float(bound),
                             "series": locale.text(key, ui_lang), "unit": unit})
    return pd.DataFrame(rows, columns=PACE_COLUMNS)


def metrics_frame(card: Scorecard, lang: Lang | str | None = None, rubric: Rubric | None = None) -> pd.DataFrame:
    """Each metric criterion of the rubric whose figure the call has: value, target, met, and whether
    the criterion counted in the score (a text chat measures talk share but does not score it)."""
    rubric = rubric or rubric_for(card.rubric)
    if rubric is None:
        return pd.DataFrame([], columns=METRIC_COLUMNS)
    call_lang = as_lang(card.language)
    ui_lang = as_lang(lang, call_lang)
    rows = []
    for crit in rubric.criteria:
        target = crit.target_for(call_lang)
        if crit.detector != "metric" or crit.metric not in card.metrics or target is None:
            continue
        value = card.metrics[crit.metric]
        result = card.criteria.get(crit.id)
        rows.append({
            "criterion": crit.id, "name": result.name if result else crit.text("name", ui_lang),
            "metric": crit.metric, "value": value, "unit": _unit(crit.metric, call_lang, ui_lang),
            "target": target.describe(), "target_min": target.min, "target_max": target.max,
            "met": target.contains(value), "counted": result is not None and result.verdict is not Verdict.NA,
        })
    return pd.DataFrame(rows, columns=METRIC_COLUMNS)
