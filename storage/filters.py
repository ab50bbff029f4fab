"""Which calls a list or an aggregation covers: one person, one team, a date range (half-open)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import sqlalchemy as sa

from storage.schema import CallRow


def utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def call_filters(*, user_id: str | None = None, team_id: str | None = None, since: datetime | None = None,
                 until: datetime | None = None,
                 visible_to: tuple[str, str | None] | None = None,
                 scenario_id: str | None = None) -> Iterator[sa.ColumnElement[bool]]:
    """``visible_to`` (a person's id, their team's id or None): their own calls, and their team's."""
    calls = CallRow.__table__
    if visible_to is not None:
        own, team = visible_to
        yield sa.or_(calls.c.user_id == own, calls.c.team_id == team) if team else calls.c.user_id == own
    if user_id is not None:
        yield calls.c.user_id == user_id
    if scenario_id is not None:
        yield calls.c.scenario_id == scenario_id
    if team_id is not None:
        yield calls.c.team_id == team_id
    if since is not None:
        yield calls.c.started_at >= utc(since)
    if until is not None:
        yield calls.c.started_at < utc(until)
