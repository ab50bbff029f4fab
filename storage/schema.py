"""The tables. A call row holds the columns that are queried (who, what, when, how it ended) and the whole
record as JSON; turns, events and the persona's state trace are rows of their own, written as the call
goes, each with a digest so a save rewrites only what changed.

``user_id`` and ``team_id`` are plain indexed columns until the accounts issue adds their tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

Json = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: Json}


class CallRow(Base):
    __tablename__ = "calls"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str | None] = mapped_column(String(64))
    team_id: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    persona: Mapped[str] = mapped_column(String(64))
    persona_version: Mapped[int] = mapped_column(Integer)
    scenario_id: Mapped[str] = mapped_column(String(64))
    scenario_version: Mapped[int] = mapped_column(Integer)
    rubric: Mapped[str] = mapped_column(String(64))
    prompt_version: Mapped[str] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(16))
    difficulty: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str] = mapped_column(String(16))
    backend: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_by: Mapped[str | None] = mapped_column(String(16))
    objective_reached: Mapped[bool] = mapped_column(Boolean, default=False)
    duration: Mapped[float] = mapped_column(Float, default=0.0)
    turn_count: Mapped[int] = mapped_column(Integer, default=0)
    recording: Mapped[str | None] = mapped_column(String(255), doc="path under DATA_DIR")
    record: Mapped[dict[str, Any]] = mapped_column(doc="the record without turns, events and state trace")

    __table_args__ = (
        Index("ix_calls_user_started", "user_id", "started_at"),
        Index("ix_calls_team_started", "team_id", "started_at"),
        Index("ix_calls_started", "started_at"),
        Index("ix_calls_scenario", "scenario_id", "language"),
    )


class CallPart:
    """What a turn, an event and a state snapshot share: their call, their place in it, the full item as
    JSON (what a read gives back) and its digest (what a save compares)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    call_id: Mapped[str] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    idx: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]]
    digest: Mapped[str] = mapped_column(String(40))


class TurnRow(CallPart, Base):
    __tablename__ = "turns"

    speaker: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[float] = mapped_column(Float)
    end: Mapped[float] = mapped_column(Float)
    interrupted: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (UniqueConstraint("call_id", "idx", name="uq_turns_call_idx"),)


class EventRow(CallPart, Base):
    __tablename__ = "events"

    type: Mapped[str] = mapped_column(String(32))
    by: Mapped[str] = mapped_column(String(16))
    at: Mapped[float] = mapped_column(Float)

    __table_args__ = (UniqueConstraint("call_id", "idx", name="uq_events_call_idx"),)


class StateRow(CallPart, Base):
    """One snapshot of the persona's hidden state, after one of her turns."""

    __tablename__ = "state_trace"

    turn: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("call_id", "idx", name="uq_state_trace_call_idx"),)


class ScorecardRow(Base):
    """A scorecard as it was shown; a call scored again keeps the older ones (``latest`` marks the last)."""

    __tablename__ = "scorecards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    call_id: Mapped[str] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    latest: Mapped[bool] = mapped_column(Boolean, default=True)
    rubric: Mapped[str] = mapped_column(String(64), doc="rubric id@version")
    prompt_version: Mapped[str | None] = mapped_column(String(64), doc="judge prompt version, when a judge ran")
    judge: Mapped[str] = mapped_column(String(64))
    overall: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    body: Mapped[dict[str, Any]]

    __table_args__ = (Index("ix_scorecards_call_latest", "call_id", "latest"),)


class CardPart:
    """What a verdict and a category score share: their scorecard and (for queries) its call."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    call_id: Mapped[str] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))


class VerdictRow(CardPart, Base):
    __tablename__ = "verdicts"

    criterion: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))

    __table_args__ = (
        Index("ix_verdicts_scorecard", "scorecard_id"),
        Index("ix_verdicts_call_criterion", "call_id", "criterion"),
    )


class MetaRow(Base):
    """Small facts about this database (``json_import``: when the older JSON records were imported)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class TeamRow(Base):
    __tablename__ = "teams"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserRow(Base):
    """A person who signs in. ``calls.user_id`` / ``calls.team_id`` hold these ids."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[str | None] = mapped_column(ForeignKey("teams.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_users_team", "team_id"),)


class SessionRow(Base):
    """A sign-in: the browser's cookie or an API bearer token. Only the token's SHA-256 is stored."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), doc="cookie or bearer")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_sessions_user", "user_id"),)


class AuditRow(Base):
    """Who opened whose recording (and other acts an admin may need to check), when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(128))
    detail: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_audit_at", "at"),)


class CategoryScoreRow(CardPart, Base):
    """A scorecard's score per category (tone, structure, etiquette), for progress over time."""

    __tablename__ = "category_scores"

    category: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_category_scores_card", "scorecard_id"),)


class CommentRow(Base):
    """A reviewer's comment pinned to a moment of a call; ``seen`` once the call's trainee has read it."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    call_id: Mapped[str] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    author_id: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(64), doc="the author's username when it was written")
    at_seconds: Mapped[float] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seen: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_comments_call", "call_id"),)
