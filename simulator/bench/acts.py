"""How well are the trainee's acts recognised? ``python -m simulator bench acts [--split test] [--json]``.

Runs the call's recogniser (:func:`core.memory.recognise`, the persona's previous line as context) over a
split of the labelled corpus (``core/acts_corpus``) and prints precision / recall / F1 per act, per
language and overall (micro-averaged), separately for the meaning acts, the share of lines whose
labelled acts are found exactly, and the time per turn (p50 / p95). Measured acts (rambling, interrupt,
repeat) are not labelled and not counted. Figures, not a test.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from core.acts import Act
from core.corpus import LABELLED, MEANING_ACTS, Split, Utterance, load_split
from core.memory import recognise
from simulator.bench import pct


class _Tally:
    def __init__(self) -> None:
        self.tp: Counter[Act] = Counter()
        self.fp: Counter[Act] = Counter()
        self.fn: Counter[Act] = Counter()
        self.lines = 0
        self.exact = 0

    def add(self, gold: set[Act], found: set[Act]) -> None:
        self.lines += 1
        self.exact += gold == found
        for act in gold & found:
            self.tp[act] += 1
        for act in found - gold:
            self.fp[act] += 1
        for act in gold - found:
            self.fn[act] += 1

    def scores(self, acts: tuple[Act, ...]) -> dict[str, Any]:
        tp, fp, fn = (sum(c[a] for a in acts) for c in (self.tp, self.fp, self.fn))
        return _prf(tp, fp, fn)


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "support": tp + fn}


def measure(lines: list[Utterance]) -> dict[str, Any]:
    overall = _Tally()
    per_lang: dict[str, _Tally] = {}
    times: list[float] = []
    misses: list[dict[str, Any]] = []
    for lang in {u.lang for u in lines}:
        recognise("hello", lang)  # load and compile the lexicons before the first measured turn
    for u in lines:
        began = time.perf_counter()
        found, _ = recognise(u.text, u.lang, context=u.context)
        times.append((time.perf_counter() - began) * 1000)
        gold, got = set(u.acts), found.acts & set(LABELLED)
        overall.add(gold, got)
        per_lang.setdefault(u.lang.value, _Tally()).add(gold, got)
        if gold != got:
            misses.append({"id": u.id, "text": u.text, "missed": sorted(gold - got), "extra": sorted(got - gold)})
    return {
        "lines": overall.lines,
        "all_acts": overall.scores(LABELLED),
        "meaning_acts": overall.scores(MEANING_ACTS),
        "exact_match": round(overall.exact / overall.lines, 3) if overall.lines else 0.0,
        "per_language": {
            lang: {"lines": t.lines, "all_acts": t.scores(LABELLED), "meaning_acts": t.scores(MEANING_ACTS),
                   "exact_match": round(t.exact / t.lines, 3)}
            for lang, t in sorted(per_lang.items())
        },
        "per_act": {a.value: _prf(overall.tp[a], overall.fp[a], overall.fn[a]) for a in LABELLED
                    if overall.tp[a] + overall.fp[a] + overall.fn[a]},
        "ms_per_turn": {"p50": pct(times, 0.5, 3), "p95": pct(times, 0.95, 3)},
        "misses": misses,
    }


def run(split: Split) -> dict[str, Any]:
    return {"split": split.value, **measure(load_split(split, allow_test=True))}


def render(figures: dict[str, Any]) -> str:
    def row(name: str, s: dict[str, Any]) -> str:
        return f"{name:<18} P {s['precision']:.2f}  R {s['recall']:.2f}  F1 {s['f1']:.2f}  (n={s['support']})"

    out = [f"split {figures['split']}: {figures['lines']} lines, exact match {figures['exact_match']:.2f}, "
           f"{figures['ms_per_turn']['p50']} ms p50 / {figures['ms_per_turn']['p95']} ms p95 per turn",
           row("all acts", figures["all_acts"]), row("meaning acts", figures["meaning_acts"])]
    for lang, t in figures["per_language"].items():
        out.append(row(f"  {lang} meaning", t["meaning_acts"]) + f"  exact {t['exact_match']:.2f}")
    out.append("per act:")
    out += [row(f"  {act}", s) for act, s in sorted(figures["per_act"].items(), key=lambda kv: kv[1]["f1"])]
    return "\n".join(out)
