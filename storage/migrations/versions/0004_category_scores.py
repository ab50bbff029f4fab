"""Category scores per scorecard (progress over time); existing scorecards are filled in from their JSON.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "category_scores",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("scorecard_id", sa.Integer(), sa.ForeignKey("scorecards.id", ondelete="CASCADE"), nullable=False),
        sa.Column("call_id", sa.String(64), sa.ForeignKey("calls.id", ondelete="CASCADE"), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
    )
    op.create_index("ix_category_scores_card", "category_scores", ["scorecard_id"])
    cards = sa.table("scorecards", sa.column("id", sa.Integer()), sa.column("call_id", sa.String()),
                     sa.column("body", sa.JSON()))
    rows = []
    for card_id, call_id, body in op.get_bind().execute(sa.select(cards.c.id, cards.c.call_id, cards.c.body)):
        data = json.loads(body) if isinstance(body, str) else body
        rows += [{"scorecard_id": card_id, "call_id": call_id, "category": cat, "score": float(score)}
                 for cat, score in (data.get("categories") or {}).items() if score is not None]
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_index("ix_category_scores_card", table_name="category_scores")
    op.drop_table("category_scores")
