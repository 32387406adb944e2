"""audit_log and command_history

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("team_id", sa.String(32)),
        sa.Column("user_id", sa.String(32)),
        sa.Column("channel_id", sa.String(32)),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.String(255)),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("detail", sa.JSON),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_user_id", "audit_log", ["user_id"])
    op.create_table(
        "command_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("team_id", sa.String(32)),
        sa.Column("user_id", sa.String(32)),
        sa.Column("channel_id", sa.String(32)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("command", sa.JSON, nullable=False),
        sa.Column("intent", sa.String(32), nullable=False),
        sa.Column("provider", sa.String(32), nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
    )
    op.create_index("ix_command_history_at", "command_history", ["at"])
    op.create_index("ix_command_history_user_id", "command_history", ["user_id"])
    op.create_index("ix_command_history_intent", "command_history", ["intent"])


def downgrade() -> None:
    op.drop_table("command_history")
    op.drop_table("audit_log")
