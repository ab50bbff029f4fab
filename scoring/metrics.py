"""Figures measured from the timed call record: talk share, pace, gaps, holds, rings, who hung up.

All times are seconds from the start of the call. Consecutive trainee turns less than
``MERGE_GAP_S`` apart count as one monologue; a hold always splits them.
"""

from __future__ import annotations

from itertools import pairwise
from statistics import median

from core.acts import Act
from core.languages import Lang, normalise, speech_units
from core.record import Event, Speaker, Turn
from scoring.callio import LoadedCall
from scoring.cues import lexicon_patterns

MERGE_GAP_S = 2.0
OVERLAP_S = 0.3  # a trainee turn starting this much before the persona finished is an interruption
EVENT_MATCH_S = 1.0  # an overlap this close to an interruption event is that event
DEFAULT_TARGET_S = 180.0

Metrics = dict[str, float]
METRIC_NAMES = frozenset({
    "duration_s", "target_s", "length_vs_target", "talk_ratio", "trainee_talk_s", "persona_talk_s", "speech_rate",
    "longest_monologue_s", "interruptions", "median_response_gap_s", "max_response_gap_s", "holds",
    "longest_hold_s", "total_hold_s", "rings_before_answer", "trainee_hung_up_first", "fillers", "filler_rate",
    # from the recording (scoring.audio)
    "loudness_lufs", "loudness_spread_lu", "pitch_median_hz", "pitch_variation_st",
})


def _holds(events: list[Event], by: str = "trainee") -> list[tuple[float, float]]:
    spans: list[tuple[float, float]] = []
    start: float | None = None
    for ev in sorted(events, key=lambda e: e.at):
        if ev.type == "hold_start" and ev.by == by:
            start = ev.at
        elif ev.type == "hold_end" and ev.by == by and start is not None:
            spans.append((start, ev.at))
            start = None
    return spans


def _monologues(turns: list[Turn], holds: list[tuple[float, float]]) -> list[float]:
    runs: list[list[float]] = []  # [start, end] of each run of trainee speech
    in_run = False
    for t in turns:
        if t.speaker is not Speaker.TRAINEE:
            in_run = False
            continue
        if in_run:
            last = runs[-1]
            held = any(last[1] <= h0 and t.start >= h1 for h0, h1 in holds)
            if not held and t.start - last[1] <= MERGE_GAP_S:
                last[1] = t.end
                continue
        runs.append([t.start, t.end])
        in_run = True
    return [e - s for s, e in runs]


def filler_count(text: str, lang: Lang) -> int:
    norm = normalise(text, lang)
    return sum(len(rx.findall(norm)) for rx in lexicon_patterns(lang.family, Act.FILLER))


def _gaps(turns: list[Turn], holds: list[tuple[float, float]], events: list[Event]) -> tuple[list[float], int]:
    """Persona-end → trainee-start gaps (holds excluded) and the number of trainee interruptions: the
    call's timeline of interruption events (the voice pipeline's barge-ins), plus overlaps of turns that
    no event marks (an upload has no events), so the card and the timeline count the same."""
    gaps: list[float] = []
    marked = [e.at for e in events if e.type == "interruption" and e.by == "trainee"]
    interruptions = len(marked)
    for prev, cur in pairwise(turns):
        if prev.speaker is not Speaker.PERSONA or cur.speaker is not Speaker.TRAINEE:
            continue
        if cur.start < prev.end - OVERLAP_S:
            interruptions += not any(abs(at - cur.start) <= EVENT_MATCH_S for at in marked)
        elif not any(prev.end <= h0 and cur.start >= h1 for h0, h1 in holds):
            gaps.append(max(0.0, cur.start - prev.end))
    return gaps, interruptions


def call_metrics(call: LoadedCall, target_seconds: float | None = None) -> Metrics:
    """Every figure the record allows; absent data gives absent keys, never a made-up zero."""
    rec, lang = call.record, call.lang
    turns = sorted(rec.turns, key=lambda t: t.start)
    trainee = [t for t in turns if t.speaker is Speaker.TRAINEE]
    persona = [t for t in turns if t.speaker is Speaker.PERSONA]
    holds = _holds(rec.events)
    out: Metrics = {}
    hangups = [e for e in rec.events if e.type == "hangup"]
    end = rec.duration
    out["duration_s"] = round(end, 1)
    target = target_seconds or float((rec.model_extra or {}).get("target_seconds") or DEFAULT_TARGET_S)
    out["target_s"] = target
    out["length_vs_target"] = round(end / target, 2) if target else 0.0
    t_talk = sum(t.end - t.start for t in trainee)
    p_talk = sum(t.end - t.start for t in persona)
    if t_talk + p_talk > 0:
        out["talk_ratio"] = round(t_talk / (t_talk + p_talk), 2)
    out["trainee_talk_s"] = round(t_talk, 1)
    out["persona_talk_s"] = round(p_talk, 1)
    units = sum(speech_units(t.text, lang) for t in trainee)
    if t_talk > 0:
        out["speech_rate"] = round(units / (t_talk / 60.0), 1)  # chars/min (zh) or words/min (en, id)
    if mono := _monologues(turns, holds):
        out["longest_monologue_s"] = round(max(mono), 1)
    gaps, interruptions = _gaps(turns, holds, rec.events)
    out["interruptions"] = float(interruptions)
    if gaps:
        out["median_response_gap_s"] = round(median(gaps), 2)
        out["max_response_gap_s"] = round(max(gaps), 2)
    out["holds"] = float(len(holds))
    if holds:
        out["longest_hold_s"] = round(max(h1 - h0 for h0, h1 in holds), 1)
        out["total_hold_s"] = round(sum(h1 - h0 for h0, h1 in holds), 1)
    first_answer = trainee[0].start if trainee else end
    rings = [e for e in rec.events if e.type == "ring" and e.at <= first_answer]
    if rings:
        out["rings_before_answer"] = float(len(rings))
    if hangups:
        first = min(hangups, key=lambda e: e.at)
        # A text chat the trainee closes with the End button has no "who puts the phone down first".
        if not (rec.channel == "text" and first.by == "trainee"):
            out["trainee_hung_up_first"] = 1.0 if first.by == "trainee" else 0.0
    fillers = sum(filler_count(t.text, lang) for t in trainee)
    out["fillers"] = float(fillers)
    if units:
        out["filler_rate"] = round(100.0 * fillers / units, 2)  # per 100 words (en, id) or characters (zh)
    return out


def trainee_holds(call: LoadedCall) -> list[tuple[float, float]]:
    return _holds(call.record.events)
