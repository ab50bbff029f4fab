"""Calls, with their turns, events and the persona's state trace.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def _child(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("call_id", sa.String(64), sa.ForeignKey("calls.id", ondelete="CASCADE"), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        *columns,
        sa.Column("payload", JSON, nullable=False),
        sa.Column("digest", sa.String(40), nullable=False),
        sa.UniqueConstraint("call_id", "idx", name=f"uq_{name}_call_idx"),
    )


def upgrade() -> None:
    op.create_table(
        "calls",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(64), nullable=True),
        sa.Column("team_id", sa.String(64), nullable=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("persona", sa.String(64), nullable=False),
        sa.Column("persona_version", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(64), nullable=False),
        sa.Column("scenario_version", sa.Integer(), nullable=False),
        sa.Column("rubric", sa.String(64), nullable=False),
        sa.Column("prompt_version", sa.String(64), nullable=False),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("difficulty", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("backend", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_by", sa.String(16), nullable=True),
        sa.Column("objective_reached", sa.Boolean(), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("turn_count", sa.Integer(), nullable=False),
        sa.Column("recording", sa.String(255), nullable=True),
        sa.Column("record", JSON, nullable=False),
    )
    _child("turns",
           sa.Column("speaker", sa.String(16), nullable=False),
           sa.Column("text", sa.Text(), nullable=False),
           sa.Column("start", sa.Float(), nullable=False),
           sa.Column("end", sa.Float(), nullable=False),
           sa.Column("interrupted", sa.Boolean(), nullable=False))
    _child("events",
           sa.Column("type", sa.String(32), nullable=False),
           sa.Column("by", sa.String(16), nullable=False),
           sa.Column("at", sa.Float(), nullable=False))
    _child("state_trace",
           sa.Column("turn", sa.Integer(), nullable=False),
           sa.Column("stage", sa.String(32), nullable=False))
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for name in ("meta", "state_trace", "events", "turns", "calls"):
        op.drop_table(name)
