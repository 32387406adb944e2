"""leases for several replicas: outbox and confirmation leases, durable rollout watches, the leader lease

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert_outbox") as table:
        table.add_column(sa.Column("lease_owner", sa.String(64)))
        table.add_column(sa.Column("lease_until", sa.DateTime(timezone=True)))
    with op.batch_alter_table("pending_changes") as table:
        table.add_column(sa.Column("lease_owner", sa.String(64)))
        table.add_column(sa.Column("lease_until", sa.DateTime(timezone=True)))
    op.create_table(
        "rollout_watches",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.Integer, nullable=False),
        sa.Column("pending_id", sa.String(32)),
        sa.Column("app", sa.String(255), nullable=False),
        sa.Column("namespace", sa.String(255), nullable=False),
        sa.Column("generation", sa.Integer),
        sa.Column("applied", sa.JSON, nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("ts", sa.String(32), nullable=False),
        sa.Column("confirmed_by", sa.String(32), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("lease_owner", sa.String(64)),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_rollout_watches_record_id", "rollout_watches", ["record_id"])
    op.create_index("ix_rollout_watches_state", "rollout_watches", ["state"])
    op.create_table(
        "leader_leases",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("holder", sa.String(64), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("renewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("leader_leases")
    op.drop_table("rollout_watches")
    with op.batch_alter_table("pending_changes") as table:
        table.drop_column("lease_until")
        table.drop_column("lease_owner")
    with op.batch_alter_table("alert_outbox") as table:
        table.drop_column("lease_until")
        table.drop_column("lease_owner")
