"""pending_changes and deployment_history

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_changes",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("team_id", sa.String(32)),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(32)),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("intent", sa.String(32), nullable=False),
        sa.Column("app", sa.String(255), nullable=False),
        sa.Column("namespace", sa.String(255), nullable=False),
        sa.Column("command", sa.JSON, nullable=False),
        sa.Column("plan", sa.JSON, nullable=False),
        sa.Column("message_channel", sa.String(32)),
        sa.Column("message_ts", sa.String(32)),
        sa.Column("decided_by", sa.String(32)),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_pending_changes_expires_at", "pending_changes", ["expires_at"])
    op.create_index("ix_pending_changes_state", "pending_changes", ["state"])
    op.create_table(
        "deployment_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("pending_id", sa.String(32)),
        sa.Column("intent", sa.String(32), nullable=False),
        sa.Column("app", sa.String(255), nullable=False),
        sa.Column("namespace", sa.String(255), nullable=False),
        sa.Column("revision_before", sa.Integer),
        sa.Column("revision_after", sa.Integer),
        sa.Column("image_before", sa.Text),
        sa.Column("image_after", sa.Text),
        sa.Column("replicas_before", sa.Integer),
        sa.Column("replicas_after", sa.Integer),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text),
    )
    op.create_index("ix_deployment_history_at", "deployment_history", ["at"])
    op.create_index("ix_deployment_history_app", "deployment_history", ["app"])


def downgrade() -> None:
    op.drop_table("deployment_history")
    op.drop_table("pending_changes")
