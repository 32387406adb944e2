"""deploys from CI: webhook deliveries, deploy runs, outside deploys announced

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhook_deliveries",
        sa.Column("delivery_id", sa.String(80), primary_key=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event", sa.String(64), nullable=False),
        sa.Column("repo", sa.String(255)),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("runs", sa.JSON),
    )
    op.create_table(
        "deploy_runs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("repo", sa.String(255)),
        sa.Column("app", sa.String(255), nullable=False),
        sa.Column("namespace", sa.String(255), nullable=False),
        sa.Column("container", sa.String(255)),
        sa.Column("image", sa.Text, nullable=False),
        sa.Column("channel", sa.String(96)),
        sa.Column("message_ts", sa.String(32)),
        sa.Column("commit", sa.String(64)),
        sa.Column("author", sa.String(255)),
        sa.Column("author_slack", sa.String(32)),
        sa.Column("url", sa.Text),
        sa.Column("message", sa.Text),
        sa.Column("approval", sa.String(16), nullable=False),
        sa.Column("two_person", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("expires_at", sa.DateTime(timezone=True)),
        sa.Column("decided_by", sa.String(32)),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("plan", sa.JSON),
        sa.Column("history_id", sa.Integer),
        sa.Column("revision_before", sa.Integer),
        sa.Column("revision_after", sa.Integer),
        sa.Column("detail", sa.Text),
    )
    op.create_index("ix_deploy_runs_created_at", "deploy_runs", ["created_at"])
    op.create_index("ix_deploy_runs_state", "deploy_runs", ["state"])
    op.create_index("ix_deploy_runs_app", "deploy_runs", ["app"])
    op.create_table(
        "deploy_announcements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("namespace", sa.String(255), nullable=False),
        sa.Column("app", sa.String(255), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("image", sa.Text),
        sa.Column("manager", sa.String(128)),
        sa.Column("channel", sa.String(96)),
        sa.Column("message_ts", sa.String(32)),
        sa.Column("by", sa.String(64), nullable=False),
        sa.UniqueConstraint("namespace", "app", "revision", name="uq_deploy_announcements_revision"),
    )


def downgrade() -> None:
    op.drop_table("deploy_announcements")
    op.drop_index("ix_deploy_runs_app", table_name="deploy_runs")
    op.drop_index("ix_deploy_runs_state", table_name="deploy_runs")
    op.drop_index("ix_deploy_runs_created_at", table_name="deploy_runs")
    op.drop_table("deploy_runs")
    op.drop_table("webhook_deliveries")
