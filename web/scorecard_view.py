"""The scorecard as HTML: summary, each criterion with its evidence, figures, and the transcript with
every evidence quote highlighted.

Pure functions of a :class:`Scorecard` (and the :class:`CallRecord` for the transcript), so they are
tested without a browser. Everything the trainee or the persona said is HTML-escaped: the page renders
these strings with ``innerHTML``. Each piece of evidence carries ``data-start`` (seconds into the call);
``seek_js`` makes a click on it play the call recording from that moment (voice calls).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from itertools import pairwise
from pathlib import Path

from core import locale
from core.languages import Lang
from core.locale import as_lang
from core.record import CallRecord, Speaker, Turn
from scoring.detectors.base import Verdict
from scoring.quotes import locate
from scoring.scorecard import CriterionResult, Moment, Scorecard
from web.scorecard_frames import metrics_frame

_SEEK_JS = """
const seek = (el) => {
  const audio = document.querySelector('#AUDIO_ID audio');
  if (!audio) return;
  audio.currentTime = parseFloat(el.dataset.start) || 0;
  audio.play().catch(() => {});
};
element.addEventListener('click', (ev) => {
  const el = ev.target.closest('[data-start]');
  if (el) seek(el);
});
element.addEventListener('keydown', (ev) => {
  const el = ev.target.closest('[data-start]');
  if (el && (ev.key === 'Enter' || ev.key === ' ')) { ev.preventDefault(); seek(el); }
});
"""


def seek_js(audio_id: str) -> str:
    """The click-to-seek script for a panel whose recording player has the element id ``audio_id``."""
    return _SEEK_JS.replace("AUDIO_ID", audio_id)
FEEDBACK_CSS = Path(__file__).with_name("scorecard.css").read_text(encoding="utf-8")
_VERDICT_CLASS = {Verdict.MET: "met", Verdict.NOT_MET: "not_met", Verdict.NA: "na"}
_VERDICT_LABEL = {Verdict.MET: "scorecard.met", Verdict.NOT_MET: "scorecard.not_met", Verdict.NA: "scorecard.na"}
_STATUS = {"pending": "scorecard.pending", "code_done": "scorecard.code_done", "judged": "scorecard.judged",
           "judge_failed": "scorecard.judge_failed", "unreadable": "scorecard.unreadable"}


def clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def _seek(start: float, lang: Lang) -> str:
    title = escape(locale.text("scorecard.play", lang))
    return (f'<span class="pc-sc-seek" role="button" tabindex="0" data-start="{start:.2f}" '
            f'title="{title}">▶ {clock(start)}</span>')


def status_html(kind: str, lang: Lang | str | None = None, error: str = "") -> str:
    """A one-line notice: ``pending``, ``code_done``, ``judged``, ``judge_failed`` or ``unreadable``."""
    ui = as_lang(lang)
    text = locale.text(_STATUS[kind], ui, error=error)
    return f'<div class="pc-sc-status pc-sc-status-{escape(kind)}" role="status">{escape(text)}</div>'


def category_name(category: str, lang: Lang) -> str:
    """A rubric category as the trainee reads it (a category the catalogue does not know: its id)."""
    key = f"scorecard.{category}"
    return locale.text(key, lang) if locale.has(key) else category.capitalize()


def _point(text: str, cls: str) -> str:
    """One Keep / Start / Stop line: the scorer writes ``Label: point``; the label is set in bold."""
    label, sep, rest = text.partition(": ")
    if not sep:
        return f'<li class="{cls}">{escape(text)}</li>'
    return f'<li class="{cls}"><strong>{escape(label)}</strong> {escape(rest)}</li>'


def summary_html(card: Scorecard, lang: Lang | str | None = None) -> str:
    """Total, pass/fail against the pass mark, category scores, blockers, versions, Keep / Start / Stop."""
    ui = as_lang(lang, as_lang(card.language))
    verdict = "pass" if card.passed else "fail"
    cats = []
    for cat, score in card.categories.items():
        shown = "—" if score is None else f"{score:.0f}"
        width = 0.0 if score is None else max(0.0, min(100.0, score))
        cats.append(f'<li data-category="{escape(cat)}"><span>{escape(category_name(cat, ui))}</span>'
                    f'<span class="pc-sc-bar"><span style="width:{width:.0f}%"></span></span>'
                    f"<strong>{shown}</strong></li>")
    blocked = ""
    if card.blocked_by:
        names = ", ".join(card.criteria[c].name if c in card.criteria else c for c in card.blocked_by)
        blocked = f'<p class="pc-sc-blocked">{escape(locale.text("scorecard.blocked", ui, names=names))}</p>'
    prompt = card.prompt_version or locale.text("scorecard.code_only", ui)
    judge = f" ({card.judge})" if card.prompt_version and card.judge != "none" else ""
    fb = card.feedback
    title, total = locale.text("scorecard.title", ui), locale.text("scorecard.total", ui)
    badge = locale.text("scorecard.passed" if card.passed else "scorecard.failed", ui)
    mark = locale.text("scorecard.pass_mark", ui, mark=f"{card.pass_mark:g}")
    coaching = locale.text("scorecard.coaching", ui)
    rubric, prompt_label = locale.text("scorecard.rubric", ui), locale.text("scorecard.prompt", ui)
    return (
        f'<div class="pc-sc-summary pc-sc-{verdict}" data-overall="{card.overall}" '
        f'data-passed="{str(card.passed).lower()}"><h3>{escape(title)}</h3>'
        f'<div class="pc-sc-total"><span>{escape(total)}</span>'
        f'<span class="pc-sc-score">{card.overall}</span><span>/ 100</span>'
        f'<span class="pc-sc-badge">{escape(badge)}</span><span class="pc-sc-mark">{escape(mark)}</span></div>'
        f'<ul class="pc-sc-cats">{"".join(cats)}</ul>{blocked}'
        f'<h4>{escape(coaching)}</h4><ul class="pc-sc-kss">'
        f'{_point(fb.keep, "pc-sc-keep")}{_point(fb.start, "pc-sc-start")}{_point(fb.stop, "pc-sc-stop")}</ul>'
        f'<p class="pc-sc-versions">{escape(rubric)}: {escape(card.rubric)} · '
        f"{escape(prompt_label)}: {escape(prompt + judge)}</p></div>"
    )


def _criterion(r: CriterionResult, ui: Lang) -> str:
    kind = _VERDICT_CLASS[r.verdict]
    evidence = []
    for i, quote in enumerate(r.evidence):
        moment = r.moments[i] if i < len(r.moments) else None
        seek = _seek(moment.start, ui) if moment is not None else ""
        evidence.append(f"<li>{seek}“{escape(quote)}”</li>")
    you_said = locale.text("scorecard.you_said", ui)
    said = f'<div class="pc-sc-evidence">{escape(you_said)}:<ul>{"".join(evidence)}</ul></div>' if evidence else ""
    better = (f'<p class="pc-sc-better">{escape(locale.text("scorecard.better", ui))}: “{escape(r.better)}”</p>'
              if r.verdict is Verdict.NOT_MET and r.better else "")
    source = locale.text("scorecard.by_judge" if r.source == "judge" else "scorecard.by_code", ui)
    return (
        f'<li class="pc-sc-crit pc-sc-{kind}" data-criterion="{escape(r.id)}" data-verdict="{r.verdict.value}" '
        f'data-source="{r.source}" title="{escape(r.note)}">'
        f'<span class="pc-sc-verdict pc-sc-v-{kind}">{escape(locale.text(_VERDICT_LABEL[r.verdict], ui))}</span> '
        f'<span class="pc-sc-name">{escape(r.name)}</span> <span class="pc-sc-source">{escape(source)}</span>'
        f"{said}{better}</li>"
    )


def criteria_html(card: Scorecard, lang: Lang | str | None = None) -> str:
    """Each criterion by category: verdict badge, the trainee's quoted words (with a play link), the
    better line for a miss, and whether code or the judge decided. Criteria that do not apply to the
    call are folded away at the end."""
    ui = as_lang(lang, as_lang(card.language))
    applicable = [r for r in card.criteria.values() if r.verdict is not Verdict.NA]
    parts = [f'<div class="pc-sc-criteria"><h4>{escape(locale.text("scorecard.criteria", ui))}</h4>']
    for cat in card.categories:
        items = [_criterion(r, ui) for r in applicable if r.category == cat]
        if items:
            parts.append(f'<h5>{escape(category_name(cat, ui))}</h5><ul class="pc-sc-crits">'
                         f'{"".join(items)}</ul>')
    na = [_criterion(r, ui) for r in card.criteria.values() if r.verdict is Verdict.NA]
    if na:
        folded = locale.text("scorecard.not_applicable", ui)
        parts.append(f'<details class="pc-sc-na"><summary>{escape(folded)} ({len(na)})</summary>'
                     f'<ul class="pc-sc-crits">{"".join(na)}</ul></details>')
    parts.append("</div>")
    return "".join(parts)


def metrics_html(card: Scorecard, lang: Lang | str | None = None) -> str:
    """The rubric's measured figures against their targets; ones that did not count are greyed out."""
    ui = as_lang(lang, as_lang(card.language))
    frame = metrics_frame(card, ui)
    if frame.empty:
        return ""
    rows = []
    for row in frame.itertuples(index=False):
        mark = "✓" if row.met else "✗"
        cls = "" if row.counted else ' class="pc-sc-off"'
        note = locale.text("scorecard.counted" if row.counted else "scorecard.not_counted", ui)
        value = f"{row.value:g} {row.unit}".strip()
        rows.append(f'<tr{cls} data-metric="{escape(row.metric)}" title="{escape(note)}"><td>{escape(row.name)}</td>'
                    f"<td>{escape(value)}</td><td>{escape(row.target)}</td><td>{mark}</td></tr>")
    head = "".join(f"<th>{escape(locale.text(key, ui))}</th>"
                   for key in ("scorecard.measure", "scorecard.yours", "scorecard.target"))
    return (f'<div class="pc-sc-figures"><h4>{escape(locale.text("scorecard.figures", ui))}</h4>'
            f'<table class="pc-sc-transcript"><tr>{head}<th></th></tr>{"".join(rows)}</table></div>')


@dataclass(frozen=True)
class Highlight:
    turn: int  # index into the call's turns sorted by start (as the scorer numbers them)
    start: int  # character offsets into that turn's text
    end: int
    criterion: str
    name: str
    at: float  # seconds into the call where the quote begins


def _moment_at(turn: Turn, start: int) -> float:
    """Where a quote begins, estimated from its place in the turn (for scorecards without moments)."""
    return round(turn.start + (turn.end - turn.start) * start / max(len(turn.text), 1), 2)


def find_highlights(turns: list[Turn], card: Scorecard, call_lang: Lang) -> list[Highlight]:
    """Where each evidence quote lies in the trainee's turns: in the turn its moment names first (an
    exact match, then the scorer's punctuation-tolerant one), then in any trainee turn."""
    trainee = {i: t.text for i, t in enumerate(turns) if t.speaker is Speaker.TRAINEE}
    found: list[Highlight] = []
    for r in card.criteria.values():
        for k, quote in enumerate(r.evidence):
            moment: Moment | None = r.moments[k] if k < len(r.moments) else None
            span = None
            if moment is not None and moment.turn in trainee:
                text = trainee[moment.turn]
                at = text.find(quote) if quote else -1
                span = (moment.turn, at, at + len(quote)) if at >= 0 else None
                if span is None and (loc := locate(quote, {moment.turn: text}, call_lang)) is not None:
                    span = (loc.turn, loc.start, loc.end)
            if span is None and (loc := locate(quote, trainee, call_lang)) is not None:
                span = (loc.turn, loc.start, loc.end)
            if span is None:
                continue
            idx, s, e = span
            at_s = moment.start if moment is not None and moment.turn == idx else _moment_at(turns[idx], s)
            found.append(Highlight(idx, s, e, r.id, r.name, at_s))
    return found


def _marked(text: str, marks: list[Highlight]) -> str:
    """The turn's text with each highlighted stretch in a ``<mark>``; overlapping quotes are split at
    every edge so each piece names all the criteria it is evidence for."""
    edges = sorted({0, len(text), *(h.start for h in marks), *(h.end for h in marks)})
    out = []
    for a, b in pairwise(edges):
        piece = escape(text[a:b])
        cover = [h for h in marks if h.start <= a and h.end >= b]
        if not cover:
            out.append(piece)
            continue
        ids = list(dict.fromkeys(h.criterion for h in cover))
        names = "; ".join(dict.fromkeys(h.name for h in cover))
        out.append(f'<mark class="pc-sc-ev" data-start="{min(h.at for h in cover):.2f}" '
                   f'data-criteria="{escape(" ".join(ids))}" title="{escape(names)}">{piece}</mark>')
    return "".join(out)


def transcript_html(record: CallRecord, card: Scorecard | None = None, lang: Lang | str | None = None) -> str:
    """The call, turn by turn, with the scorecard's evidence highlighted in the trainee's lines."""
    call_lang = as_lang(record.language)
    ui = as_lang(lang, call_lang)
    turns = sorted(record.turns, key=lambda t: t.start)  # the scorer's turn numbering
    if not turns:
        return f'<p class="pc-empty">{escape(locale.text("scorecard.nothing_said", ui))}</p>'
    marks = find_highlights(turns, card, call_lang) if card is not None else []
    rows = []
    for i, turn in enumerate(turns):
        mine = [h for h in marks if h.turn == i]
        who = locale.text("scorecard.you" if turn.speaker is Speaker.TRAINEE else "scorecard.persona", ui)
        text = _marked(turn.text, mine) if mine else escape(turn.text)
        rows.append(f'<tr class="pc-sc-{turn.speaker.value}" data-turn="{i}"><td>{_seek(turn.start, ui)}</td>'
                    f'<td class="pc-sc-who">{escape(who)}</td><td>{text}</td></tr>')
    return (f'<div class="pc-sc-transcript-box"><h4>{escape(locale.text("scorecard.transcript", ui))}</h4>'
            f'<table class="pc-sc-transcript">{"".join(rows)}</table></div>')
