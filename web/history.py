"""The My calls and Progress tabs: the signed-in trainee's own calls (open one: its scorecard, transcript
and recording) and their progress with what to practise next (one click starts that call)."""

from __future__ import annotations

import asyncio
from html import escape
from typing import Any

import gradio as gr

from core import locale
from core.locale import as_lang
from personas.models import Difficulty
from scoring.progress import progress
from simulator.live_calls import CallRegistry
from storage.comments import comments, mark_seen, unseen_counts
from web.progress_view import (
    calls_table,
    criteria_table,
    next_html,
    over_time_frame,
    scenario_choices,
    scenarios_table,
    summary_html,
)
from web.team_view import comments_html
from web.voice_calls import Owner, caller

SUGGESTIONS = 3  # buttons under "what to practise next"


def selected(ids: list[str], evt: gr.SelectData) -> str:
    """The call id behind the table row a click selected ("" outside the rows)."""
    row = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
    return ids[row] if isinstance(row, int) and 0 <= row < len(ids) else ""


class History:
    def __init__(self, registry: CallRegistry, owner: Owner | None = None) -> None:
        self.registry = registry
        self.owner = owner

    def _who(self, request: gr.Request | None) -> str | None:
        who = caller(self.owner, request)
        return who.id if who is not None else None

    async def calls(self, scenario: str, lang: str,
                    request: gr.Request = None) -> tuple[Any, ...]:  # type: ignore[assignment]
        """The table, the ids behind its rows, the filter's choices and the note (empty state or hint)."""
        ui = as_lang(lang)
        user = self._who(request)
        rows = await asyncio.to_thread(self.registry.store.list_calls, user_id=user, scenario_id=scenario or None,
                                       limit=200) if user else []
        note = escape(locale.text("progress.open_hint" if rows else "progress.empty_calls", ui))
        catalog = self.registry.catalog
        table = calls_table(rows, catalog, ui)
        unseen = unseen_counts(self.registry.store.engine, user) if user else {}
        table[locale.text("progress.new_comments", ui)] = [unseen.get(r.id) or "" for r in rows]
        return (gr.update(value=table, visible=bool(rows)), [r.id for r in rows],
                gr.update(choices=scenario_choices(catalog, ui), label=locale.text("progress.scenario", ui)),
                f'<p class="pc-empty" data-empty="{str(not rows).lower()}">{note}</p>')

    def open(self, ids: list[str], lang: str, evt: gr.SelectData) -> tuple[str, str]:
        """A row clicked: the call's export (record + recording) starts the scorecard panel; its comments
        are shown (new ones marked) and count as read."""
        call_id = selected(ids, evt)
        if not call_id:
            return "", ""
        engine = self.registry.store.engine
        notes = comments_html(comments(engine, call_id), as_lang(lang), new_only_badge=True)
        mark_seen(engine, call_id)
        return str(self.registry.store.export_json(call_id)), notes

    async def progress(self, lang: str, request: gr.Request = None) -> tuple[Any, ...]:  # type: ignore[assignment]
        ui = as_lang(lang)
        user = self._who(request) or ""
        catalog = self.registry.catalog
        report = await asyncio.to_thread(progress, self.registry.store, catalog, user)
        over, criteria = over_time_frame(report, ui), criteria_table(report, ui)
        scen = scenarios_table(report, catalog, ui)
        buttons = [gr.update(visible=i < len(report.next), value=f'{i + 1}. {locale.text("progress.start", ui)}')
                   for i in range(SUGGESTIONS)]  # numbered as the list above
        picks = [(s.scenario_id, s.difficulty.value) for s in report.next]
        return (summary_html(report, ui),
                gr.update(value=over, visible=not over.empty, title=locale.text("progress.over_time", ui),
                          x_title=locale.text("progress.call_no", ui), y_title=locale.text("progress.score", ui)),
                gr.update(value=scen, visible=not scen.empty),
                gr.update(value=criteria, visible=not criteria.empty, label=locale.text("progress.criteria_title", ui)),
                next_html(report, catalog, ui), picks, *buttons)

    @staticmethod
    def choose(picks: list[tuple[str, str]], index: int) -> tuple[Any, ...]:
        """A practise-next button: that scenario and difficulty, on the Practise tab."""
        scenario, difficulty = picks[index]
        return scenario, gr.update(value=Difficulty(difficulty).value), gr.Tabs(selected="practise")
