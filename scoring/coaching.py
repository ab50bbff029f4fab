"""Three coaching points after each call: Keep (a strength, quoted), Start (the most important thing
left out), Stop (the most important thing said that should not have been, quoted)."""

from __future__ import annotations

from core.languages import Lang, to_traditional_tw
from scoring.detectors.base import Verdict
from scoring.rubric import Rubric
from scoring.scorecard import CriterionResult, Feedback

_WORDS = {
    "en": ("Keep", "Start", "Stop", "Nothing yet - every applicable point was missed.",
           "Nothing missing - every applicable step was there.",
           "Nothing to stop - no arguing, curt or misleading lines."),
    "id": ("Pertahankan", "Mulai", "Hentikan", "Belum ada - semua poin yang berlaku terlewat.",
           "Tidak ada yang terlewat - semua langkah sudah dilakukan.",
           "Tidak ada yang perlu dihentikan - tidak ada bantahan, kata ketus, atau klaim menyesatkan."),
    "zh": ("保持", "开始", "停止", "暂无——适用的要点都没有做到。", "没有遗漏——该做的步骤都做到了。",
           "没有需要停止的——没有争辩、生硬或误导的话。"),
}


def _quote(r: CriterionResult) -> str:
    return f" — “{r.evidence[0]}”" if r.evidence else ""


def keep_start_stop(rubric: Rubric, results: dict[str, CriterionResult], lang: Lang) -> Feedback:
    words = _WORDS.get(lang.family, _WORDS["en"])
    if lang is Lang.ZH_TW:  # names and tips arrive converted already; quotes stay verbatim
        words = tuple(to_traditional_tw(w) for w in words)
    keep_w, start_w, stop_w, no_keep, no_start, no_stop = words
    order = {c.id: i for i, c in enumerate(rubric.criteria)}
    kinds = {c.id: c.kind for c in rubric.criteria}

    def ranked(verdict: Verdict, kind: str | None = None) -> list[CriterionResult]:
        found = [r for r in results.values() if r.verdict is verdict and (kind is None or kinds[r.id] == kind)]
        return sorted(found, key=lambda r: (not r.evidence, -r.weight, order[r.id]))

    met = ranked(Verdict.MET)
    omissions = ranked(Verdict.NOT_MET, "omission")
    commissions = ranked(Verdict.NOT_MET, "commission")
    keep = f"{keep_w}: {met[0].name}{_quote(met[0])}" if met else f"{keep_w}: {no_keep}"
    if omissions:
        start = f"{start_w}: {rubric.criterion(omissions[0].id).text('tip', lang) or omissions[0].name}"
    else:
        start = f"{start_w}: {no_start}"
    if commissions:
        tip = rubric.criterion(commissions[0].id).text("tip", lang) or commissions[0].name
        stop = f"{stop_w}: {tip}{_quote(commissions[0])}"
    else:
        stop = f"{stop_w}: {no_stop}"
    return Feedback(keep=keep, start=start, stop=stop)
