"""The Team tab (managers and admins): pick a team, see its members and the heatmap, open any of its
calls — scorecard, transcript, recording and the persona's hidden state. Opening someone else's call is
written to the audit log."""

from __future__ import annotations

import asyncio
from html import escape
from typing import Any

import gradio as gr

from accounts.policy import may_review_team, may_see_call
from accounts.roles import Principal, Role
from core import locale
from core.locale import as_lang
from scoring.team import team_report
from simulator.live_calls import CallRegistry
from storage.accounts import AccountStore, Team
from storage.comments import add_comment, comments
from web.history import selected
from web.progress_view import calls_table
from web.team_view import comments_html, heatmap_html, members_table, state_frame
from web.voice_calls import Owner, caller


def reviews(who: Principal | None) -> bool:
    """Who gets the Team tab: managers and admins (the local user of single-user mode too)."""
    return who is not None and (who.has(Role.ADMIN) or who.role is Role.MANAGER)


class TeamReview:
    def __init__(self, registry: CallRegistry, accounts: AccountStore, owner: Owner | None = None) -> None:
        self.registry = registry
        self.accounts = accounts
        self.owner = owner

    def _teams(self, who: Principal | None) -> list[Team]:
        if who is None or not reviews(who):
            return []
        return [t for t in self.accounts.teams() if may_review_team(who, t.id)]

    def choices(self, lang: str, request: gr.Request = None) -> tuple[Any, ...]:  # type: ignore[assignment]
        """The tab's team menu (and whether the tab shows at all)."""
        who = caller(self.owner, request)
        teams = self._teams(who)
        note = "" if teams else escape(locale.text("team.no_team", as_lang(lang)))
        return (gr.update(visible=reviews(who)),
                gr.update(choices=[(t.name, t.id) for t in teams], value=teams[0].id if teams else None,
                          label=locale.text("team.tab", as_lang(lang))),
                f'<p class="pc-empty">{note}</p>' if note else "")

    async def show(self, team_id: str | None, lang: str,
                   request: gr.Request = None) -> tuple[Any, ...]:  # type: ignore[assignment]
        ui = as_lang(lang)
        team = next((t for t in self._teams(caller(self.owner, request)) if t.id == team_id), None)
        if team is None:
            return gr.update(visible=False), "", gr.update(visible=False), []
        report = await asyncio.to_thread(team_report, self.registry.store, self.accounts, team)
        rows = await asyncio.to_thread(self.registry.store.list_calls, team_id=team.id, limit=200)
        table = calls_table(rows, self.registry.catalog, ui)
        names = {m.user_id: m.username for m in report.members}
        table.insert(0, locale.text("team.trainee", ui), [names.get(r.user_id or "", "") for r in rows])
        return (gr.update(value=members_table(report, ui), visible=bool(report.members)), heatmap_html(report, ui),
                gr.update(value=table, visible=bool(rows), label=locale.text("team.calls_title", ui)),
                [r.id for r in rows])

    def post(self, call_id: str, at: float | None, text: str, lang: str,
             request: gr.Request = None) -> tuple[Any, ...]:  # type: ignore[assignment]
        """Pin a comment to a moment of the open call, for its trainee."""
        who = caller(self.owner, request)
        summary = self.registry.store.summary(call_id) if call_id else None
        ui = as_lang(lang)
        allowed = who is not None and summary is not None and may_see_call(who, summary.user_id, summary.team_id)
        if not allowed or summary is None or who is None or not text.strip():
            return gr.update(), gr.update()
        moment = min(max(0.0, float(at or 0.0)), summary.duration)
        add_comment(self.registry.store.engine, call_id, who.id, who.username, moment, text.strip()[:2000])
        posted = escape(locale.text("team.posted", ui, at=f"{moment:.0f}"))
        notes = comments_html(comments(self.registry.store.engine, call_id), ui)
        return gr.update(value=""), f'<p class="pc-posted" role="status">{posted}</p>{notes}'

    def open(self, ids: list[str], evt: gr.SelectData,
             request: gr.Request = None) -> tuple[Any, ...]:  # type: ignore[assignment]
        """A call of the team clicked: its export starts the panel; the state plot; an audit entry."""
        picked = selected(ids, evt)
        who = caller(self.owner, request)
        summary = self.registry.store.summary(picked) if picked else None
        if who is None or summary is None or not may_see_call(who, summary.user_id, summary.team_id):
            return "", gr.update(visible=False), "", ""
        if summary.user_id != who.id:
            self.accounts.audit(who.id, "open_call", summary.id,
                                f"{who.username} ({who.role}) reviewed the call of {summary.user_id}")
        record = self.registry.store.load(summary.id)
        frame = state_frame(record)
        notes = comments_html(comments(self.registry.store.engine, summary.id), as_lang(summary.language))
        return (str(self.registry.store.export_json(summary.id)), gr.update(value=frame, visible=not frame.empty),
                summary.id, notes)
