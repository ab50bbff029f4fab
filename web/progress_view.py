"""What the My calls and Progress tabs show, as tables, plot frames and HTML (testable without Gradio)."""

from __future__ import annotations

from html import escape

import pandas as pd

from core import locale
from core.languages import Lang
from scoring.progress import Progress, Suggestion
from scoring.rubric import Rubric, load_rubric
from simulator.catalog import Catalog
from storage.repository import CallSummary
from web.cards import difficulty_label, language_name
from web.scorecard_view import category_name

OVER_TIME_COLUMNS = ["call", "score", "series"]


def _title(catalog: Catalog, scenario_id: str, lang: Lang) -> str:
    scenario = catalog.scenarios.get(scenario_id)
    if scenario is None:
        return scenario_id
    return scenario.title.get(lang) or scenario.title.get(Lang.EN) or scenario_id


def scenario_choices(catalog: Catalog, lang: Lang) -> list[tuple[str, str]]:
    return [(locale.text("progress.all", lang), ""),
            *((_title(catalog, sid, lang), sid) for sid in catalog.scenarios)]


def calls_table(rows: list[CallSummary], catalog: Catalog, lang: Lang) -> pd.DataFrame:
    """My calls, newest first: date, scenario, language, difficulty, length, total, result."""
    words = {k: locale.text(f"progress.{k}", lang) for k in
             ("date", "scenario", "language", "difficulty", "duration", "total", "result")}
    data = []
    for r in rows:
        minutes, seconds = divmod(round(r.duration), 60)
        result = ("passed" if r.passed else "failed") if r.passed is not None else "unscored"
        values = (f"{r.started_at:%Y-%m-%d %H:%M}", _title(catalog, r.scenario_id, lang),
                  language_name(Lang(r.language)) if r.language in set(Lang) else r.language,
                  difficulty_label(r.difficulty, lang), f"{minutes}:{seconds:02d}",
                  "" if r.overall is None else str(r.overall), locale.text(f"progress.{result}", lang))
        data.append(dict(zip(words.values(), values, strict=True)))
    return pd.DataFrame(data, columns=list(words.values()))


def over_time_frame(report: Progress, lang: Lang) -> pd.DataFrame:
    """One line for the total and one per category, call by call (x: the call's number)."""
    total = locale.text("progress.total", lang)
    rows = []
    for n, point in enumerate(report.calls, start=1):
        rows.append({"call": n, "score": float(point.overall), "series": total})
        rows += [{"call": n, "score": score, "series": category_name(cat, lang)}
                 for cat, score in point.categories.items()]
    return pd.DataFrame(rows, columns=OVER_TIME_COLUMNS)


def scenarios_table(report: Progress, catalog: Catalog, lang: Lang) -> pd.DataFrame:
    keys = ("scenario", "calls", "first", "best", "latest", "passed")
    words = {k: locale.text(f"progress.{k}", lang) for k in keys}
    return pd.DataFrame([{words["scenario"]: _title(catalog, s.scenario_id, lang), words["calls"]: s.calls,
                          words["first"]: s.first, words["best"]: s.best, words["latest"]: s.latest,
                          words["passed"]: s.passed} for s in report.scenarios], columns=list(words.values()))


def criterion_name(rubric: Rubric, criterion: str, lang: Lang) -> str:
    crit = next((c for c in rubric.criteria if c.id == criterion), None)
    return crit.text("name", lang) if crit is not None else criterion


def criteria_table(report: Progress, lang: Lang, rubric: Rubric | None = None) -> pd.DataFrame:
    """Per criterion that applied at least once (rubric order): share met over all calls and over the last
    ones, and which way it is going."""
    rubric = rubric or load_rubric("default")
    order = {c.id: i for i, c in enumerate(rubric.criteria)}
    recent = {m.criterion: m for m in report.recent if m.applied}
    last = max((m.applied for m in recent.values()), default=0)
    heads = [locale.text("progress.criterion", lang), locale.text("progress.met_all", lang),
             locale.text("progress.met_recent", lang, n=last), locale.text("progress.trend", lang)]
    rows = []
    for r in sorted((r for r in report.criteria if r.rate is not None), key=lambda r: order.get(r.criterion, 99)):
        overall = round(100 * (r.rate or 0))
        now = recent.get(r.criterion)
        lately = round(100 * (now.applied - now.missed) / now.applied) if now else None
        trend = "" if lately is None else "↑" if lately > overall + 5 else "↓" if lately < overall - 5 else "→"
        rows.append(dict(zip(heads, (criterion_name(rubric, r.criterion, lang), overall,
                                     "" if lately is None else lately, trend), strict=True)))
    return pd.DataFrame(rows, columns=heads)


def summary_html(report: Progress, lang: Lang) -> str:
    if not report.calls:
        return f'<p class="pc-empty" data-empty="progress">{escape(locale.text("progress.empty_progress", lang))}</p>'
    passed = sum(p.passed for p in report.calls)
    rate = round(100 * (report.pass_rate or 0))
    text = locale.text("progress.pass_rate", lang, passed=passed, calls=len(report.calls), rate=rate)
    return f'<p class="pc-pass-rate" data-rate="{rate}">{escape(text)}</p>'


def suggestion_text(s: Suggestion, catalog: Catalog, lang: Lang, rubric: Rubric | None = None) -> str:
    return locale.text("progress.next_line", lang, criterion=criterion_name(rubric or load_rubric("default"),
                                                                            s.criterion, lang),
                       missed=s.missed, recent=s.recent, scenario=_title(catalog, s.scenario_id, lang),
                       difficulty=difficulty_label(s.difficulty.value, lang))


def next_html(report: Progress, catalog: Catalog, lang: Lang) -> str:
    title = escape(locale.text("progress.next_title", lang))
    if not report.calls:
        return ""
    if not report.next:
        return f'<div class="pc-next"><h3>{title}</h3><p>{escape(locale.text("progress.nothing_next", lang))}</p></div>'
    items = "".join(f'<li data-criterion="{escape(s.criterion)}" data-scenario="{escape(s.scenario_id)}" '
                    f'data-difficulty="{s.difficulty.value}">{escape(suggestion_text(s, catalog, lang))}</li>'
                    for s in report.next)
    return f'<div class="pc-next"><h3>{title}</h3><ol>{items}</ol></div>'
