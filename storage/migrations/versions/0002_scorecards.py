"""Scorecards and their verdicts; indexes for the per-person, per-team and per-criterion dashboards.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "scorecards",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("call_id", sa.String(64), sa.ForeignKey("calls.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("latest", sa.Boolean(), nullable=False),
        sa.Column("rubric", sa.String(64), nullable=False),
        sa.Column("prompt_version", sa.String(64), nullable=True),
        sa.Column("judge", sa.String(64), nullable=False),
        sa.Column("overall", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("body", JSON, nullable=False),
    )
    op.create_index("ix_scorecards_call_latest", "scorecards", ["call_id", "latest"])
    op.create_table(
        "verdicts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("scorecard_id", sa.Integer(), sa.ForeignKey("scorecards.id", ondelete="CASCADE"), nullable=False),
        sa.Column("call_id", sa.String(64), sa.ForeignKey("calls.id", ondelete="CASCADE"), nullable=False),
        sa.Column("criterion", sa.String(64), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
    )
    op.create_index("ix_verdicts_scorecard", "verdicts", ["scorecard_id"])
    op.create_index("ix_verdicts_call_criterion", "verdicts", ["call_id", "criterion"])
    op.create_index("ix_calls_user_started", "calls", ["user_id", "started_at"])
    op.create_index("ix_calls_team_started", "calls", ["team_id", "started_at"])
    op.create_index("ix_calls_started", "calls", ["started_at"])
    op.create_index("ix_calls_scenario", "calls", ["scenario_id", "language"])


def downgrade() -> None:
    for index in ("ix_calls_scenario", "ix_calls_started", "ix_calls_team_started", "ix_calls_user_started"):
        op.drop_index(index, table_name="calls")
    op.drop_table("verdicts")
    op.drop_table("scorecards")
