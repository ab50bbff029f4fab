"""What the Team tab shows (testable without Gradio): the members' table, the heatmap of criteria met, the
team's calls, and the persona's hidden state over one call."""

from __future__ import annotations

from html import escape

import pandas as pd

from core import locale
from core.languages import Lang
from core.record import CallRecord
from scoring.rubric import load_rubric
from scoring.team import TeamReport
from storage.comments import Comment
from web.progress_view import criterion_name

STATE_COLUMNS = ["turn", "value", "series"]


def members_table(report: TeamReport, lang: Lang) -> pd.DataFrame:
    keys = ("trainee", "calls", "pass_rate", "average", "latest", "last_call")
    heads = [locale.text(f"team.{k}", lang) for k in keys]
    rows = []
    for m in report.members:
        values = (m.username, m.calls, "" if m.pass_rate is None else f"{round(100 * m.pass_rate)}%",
                  "" if m.mean_overall is None else m.mean_overall, "" if m.latest is None else m.latest,
                  f"{m.last_call:%Y-%m-%d}" if m.last_call else "")
        rows.append(dict(zip(heads, values, strict=True)))
    return pd.DataFrame(rows, columns=heads)


def _shade(rate: float | None) -> str:
    """Red for rarely met, green for usually met; grey where the criterion never applied."""
    if rate is None:
        return "background:#eee;color:#888"
    hue = round(120 * rate)  # 0 red → 120 green
    return f"background:hsl({hue},70%,80%)"


def heatmap_html(report: TeamReport, lang: Lang) -> str:
    scored = [m for m in report.members if m.scored]
    if not scored:
        return f'<p class="pc-empty" data-empty="team">{escape(locale.text("team.empty", lang))}</p>'
    rubric = load_rubric("default")
    order = {c.id: i for i, c in enumerate(rubric.criteria)}
    criteria = sorted(report.criteria, key=lambda c: order.get(c, 99))
    head = "".join(f'<th data-criterion="{escape(c)}">{escape(criterion_name(rubric, c, lang))}</th>' for c in criteria)
    body = ""
    for m in scored:
        cells = "".join(
            f'<td data-criterion="{escape(c)}" style="{_shade(m.criteria.get(c))}">'
            f'{"" if m.criteria.get(c) is None else round(100 * (m.criteria.get(c) or 0))}</td>' for c in criteria)
        body += f'<tr data-user="{escape(m.user_id)}"><th>{escape(m.username)}</th>{cells}</tr>'
    title = escape(locale.text("team.heat_title", lang))
    return (f'<div class="pc-heatmap"><h3>{title}</h3><div style="overflow-x:auto"><table>'
            f'<thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table></div></div>')


def comments_html(notes: list[Comment], lang: Lang, *, new_only_badge: bool = False) -> str:
    """The comments pinned to a call, in call order (a badge on the ones its trainee has not read)."""
    if not notes:
        return ""
    badge = escape(locale.text("progress.new_comments", lang))
    items = "".join(
        f'<li data-at="{c.at_seconds:.1f}"><strong>{int(c.at_seconds // 60)}:{int(c.at_seconds % 60):02d}</strong> '
        f'{escape(c.author)}: {escape(c.text)}'
        f'{f" <span class=pc-badge>{badge}</span>" if new_only_badge and not c.seen else ""}</li>' for c in notes)
    return f'<div class="pc-comments"><h4>{escape(locale.text("progress.comments", lang))}</h4><ul>{items}</ul></div>'


def state_frame(record: CallRecord) -> pd.DataFrame:
    """The persona's hidden state (mood, patience, trust…) after each of her turns."""
    rows = [{"turn": n, "value": float(value), "series": name}
            for n, snap in enumerate(record.state_trace, start=1) for name, value in snap.state.items()]
    return pd.DataFrame(rows, columns=STATE_COLUMNS)
