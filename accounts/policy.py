"""Who may see what. Trainees see their own calls; managers their team's; trainers their own and the calls
made on content they author; admins everything. One function per question, used by every route."""

from __future__ import annotations

from collections.abc import Collection

from accounts.roles import Principal, Role


def may_see_call(who: Principal, owner_id: str | None, team_id: str | None, scenario_id: str = "",
                 authored: Collection[str] = ()) -> bool:
    if who.has(Role.ADMIN) or owner_id == who.id:
        return True
    if who.role is Role.MANAGER:
        return who.team_id is not None and team_id == who.team_id
    if who.role is Role.TRAINER:
        return scenario_id in authored
    return False


def may_review_team(who: Principal, team_id: str) -> bool:
    """A team's table, heatmap and calls: admins, and the team's own manager."""
    return who.has(Role.ADMIN) or (who.role is Role.MANAGER and who.team_id == team_id)


def may_add_user(who: Principal, role: Role, team_id: str | None) -> bool:
    """Admins add anyone; a manager adds trainees to their own team."""
    if who.has(Role.ADMIN):
        return True
    return who.role is Role.MANAGER and role is Role.TRAINEE and team_id is not None and team_id == who.team_id

