"""Comments pinned to a moment of a call, and which of them the call's trainee has not read yet."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from pydantic import BaseModel, field_validator
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from storage.database import explain, rows
from storage.filters import utc
from storage.schema import CallRow, CommentRow


class Comment(BaseModel):
    id: int
    call_id: str
    author_id: str
    author: str
    at_seconds: float
    text: str
    created_at: datetime
    seen: bool

    _utc = field_validator("created_at")(utc)


def add_comment(engine: Engine, call_id: str, author_id: str, author: str, at_seconds: float, text: str) -> Comment:
    table = CommentRow.__table__
    try:
        with engine.begin() as connection:
            new_id = connection.execute(sa.insert(table).values(
                call_id=call_id, author_id=author_id, author=author, at_seconds=at_seconds, text=text,
                created_at=datetime.now(UTC), seen=False).returning(table.c.id)).scalar_one()
    except SQLAlchemyError as exc:
        raise explain(exc, engine.url) from None
    return next(c for c in comments(engine, call_id) if c.id == new_id)


def comments(engine: Engine, call_id: str) -> list[Comment]:
    """The call's comments, in the order of the moments they are pinned to."""
    table = CommentRow.__table__
    query = sa.select(table).where(table.c.call_id == call_id).order_by(table.c.at_seconds, table.c.id)
    return [Comment.model_validate(dict(row)) for row in rows(engine, query)]


def mark_seen(engine: Engine, call_id: str) -> None:
    table = CommentRow.__table__
    try:
        with engine.begin() as connection:
            connection.execute(sa.update(table).where(table.c.call_id == call_id).values(seen=True))
    except SQLAlchemyError as exc:
        raise explain(exc, engine.url) from None


def unseen_counts(engine: Engine, user_id: str) -> dict[str, int]:
    """Per call of this trainee: how many comments they have not read (the badge)."""
    table, calls = CommentRow.__table__, CallRow.__table__
    query = (sa.select(table.c.call_id, sa.func.count().label("n")).join(calls, calls.c.id == table.c.call_id)
             .where(calls.c.user_id == user_id, table.c.seen.is_(False), table.c.author_id != user_id)
             .group_by(table.c.call_id))
    return {row["call_id"]: int(row["n"]) for row in rows(engine, query)}
