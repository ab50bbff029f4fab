"""Three coaching points after each call: Keep (a strength, quoted), Start (the most important thing
left out), Stop (the most important thing said that should not have been, quoted)."""

from __future__ import annotations

from core import locale
from core.languages import Lang
from scoring.detectors.base import Verdict
from scoring.rubric import Rubric
from scoring.scorecard import CriterionResult, Feedback


def _quote(r: CriterionResult) -> str:
    return f" — “{r.evidence[0]}”" if r.evidence else ""


def keep_start_stop(rubric: Rubric, results: dict[str, CriterionResult], lang: Lang,
                    direction: str | None = None) -> Feedback:
    """The labels and the "nothing to say" lines come from the locale catalogue, in ``lang``; the points
    from the rubric, already in ``lang``; quotes stay verbatim. Each point reads ``Label: point`` (the
    view sets the label in bold)."""
    keep_w, start_w, stop_w = (locale.text(k, lang) for k in ("coaching.keep", "coaching.start", "coaching.stop"))
    no_keep, no_start, no_stop = (locale.text(k, lang) for k in ("coaching.no_keep", "coaching.no_start",
                                                                  "coaching.no_stop"))
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
        start = f"{start_w}: {rubric.criterion(omissions[0].id).text('tip', lang, direction) or omissions[0].name}"
    else:
        start = f"{start_w}: {no_start}"
    if commissions:
        tip = rubric.criterion(commissions[0].id).text("tip", lang, direction) or commissions[0].name
        stop = f"{stop_w}: {tip}{_quote(commissions[0])}"
    else:
        stop = f"{stop_w}: {no_stop}"
    return Feedback(keep=keep, start=start, stop=stop)
